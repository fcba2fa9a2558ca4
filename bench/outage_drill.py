"""Outage drill: Telegram (the sandbox) answers nothing but 502 for 60 s while customers press
"Place order", the admin confirms cards and a broadcast runs. Counts what was lost or doubled,
the failed calls during the outage, tracebacks in the bot's log, and how long after the
outage everything was delivered.  Usage: python bench/outage_drill.py [--outage 60]"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import logging
import sys
import time

from bot.services.broadcasts import BroadcastService
from sandbox import Limits
from tests.harness import add_contacts
from tests.processes import button_data, drill_setup, to_review

COOKS = 8
CONTACTS = 2000  # the broadcast spans the outage at 28 messages/s


async def drill(outage: float, contacts: int = CONTACTS) -> dict[str, object]:
    async with drill_setup("comanda-outage-", Limits(), COMANDA_PRIVATE_BURST="5") as d:
        world, store, admin, seeded, h, bot = d.world, d.store, d.admin, d.seed, d.h, d.bot
        folder = d.folder
        cooks = [await h.join(f"Cook {i}") for i in range(COOKS)]
        # Cards to confirm during the outage: one order per cook, placed before it.
        for cook in cooks:
            review, place = await to_review(h, cook)
            await h.press_data(cook, review, place)
            await h.expect(cook.id, "placed", 15)
        async with store.read() as tx:
            before = await tx.orders.of_customers([seeded.customer_id], limit=100)
        await world.wait_for(
            lambda: all(
                any(o.order_number in m.get("text", "") for m in world.bot_messages(admin.id))
                for o in before
            ),
            30,
        )
        reviews = [await to_review(h, cook) for cook in cooks]
        async with store.tx() as tx:  # the broadcast's readers: other customers' cooks
            others = await tx.customers.create(
                vendor_id=seeded.vendor_id, name="Other kitchens", customer_number="C-999"
            )
        audience = await add_contacts(h, others.id, contacts, prefix="Reader")
        await BroadcastService(store).create(
            admin.id, admin.id, {"mode": "everyone"}, "Outage drill <b>news</b>", None
        )
        await asyncio.sleep(5)  # the broadcast is under way

        calls_before = len(world.calls)
        world.faults.go_offline(outage)
        started = time.monotonic()
        for cook, (review, place) in zip(cooks, reviews, strict=True):
            world.press(cook.id, review["message_id"], cook.id, callback_data=place)
            await asyncio.sleep(outage / (3 * COOKS))
        for order in before:
            card = next(m for m in world.bot_messages(admin.id) if order.order_number in m["text"])
            world.press(
                admin.id, card["message_id"], admin.id, callback_data=button_data(card, "Confirm")
            )
            await asyncio.sleep(outage / (3 * COOKS))
        await asyncio.sleep(max(0.0, outage - (time.monotonic() - started)))
        during = world.calls[calls_before:]
        failed_during = sum(1 for c in during if c.status >= 500)
        ended = time.monotonic()

        def everything_done() -> bool:
            shown = all(
                "placed" in world.chat(c.id).messages[r["message_id"]].get("text", "")
                for c, (r, _p) in zip(cooks, reviews, strict=True)
            )
            confirmed = all(
                any(
                    o.order_number in m.get("text", "") and "Confirmed" in m.get("text", "")
                    for m in world.bot_messages(admin.id)
                )
                for o in before
            )
            return shown and confirmed

        try:
            await world.wait_for(everything_done, 180)
        except TimeoutError:
            async with store.read() as tx:
                print("inbox", await tx.inbox.counts(), file=sys.stderr)
                for kind in ("order_card", "card_edit", "customer_notice"):
                    rows = await tx.outbox.of_kind(kind)
                    print(
                        kind,
                        [(m.id, str(m.status), m.attempts, m.last_error) for m in rows],
                        file=sys.stderr,
                    )
            for c, (r, _p) in zip(cooks, reviews, strict=True):
                text = world.chat(c.id).messages[r["message_id"]].get("text", "")
                print(c.first_name, text[:40], file=sys.stderr)
            for o in before:
                texts = [
                    m["text"][:80]
                    for m in world.bot_messages(admin.id)
                    if o.order_number in m.get("text", "")
                ]
                print(o.order_number, texts, file=sys.stderr)
            bot.stop()
            raise
        settled = time.monotonic() - ended
        marker = "Outage drill news"

        def readers() -> int:
            return sum(
                1
                for u in audience
                if any(marker in m.get("text", "") for m in world.bot_messages(u.id))
            )

        await world.wait_for(lambda: readers() >= contacts, 300)
        broadcast_done = time.monotonic() - ended
        await asyncio.sleep(3)
        per_reader = collections.Counter(
            u.id for u in audience for m in world.bot_messages(u.id) if marker in m["text"]
        )
        async with store.read() as tx:
            orders = await tx.orders.of_customers([seeded.customer_id], limit=100)
            inbox = await tx.inbox.counts()
        numbers = [o.order_number for o in orders]
        cards = collections.Counter(
            n for m in world.bot_messages(admin.id) for n in numbers if n in m.get("text", "")
        )
        notices = collections.Counter(
            (c.id, o.order_number)
            for c in cooks
            for m in world.bot_messages(c.id)
            for o in before
            if f"Order {o.order_number} confirmed" in m.get("text", "")
        )
        code = bot.stop()
    return {
        "outage seconds": outage,
        "orders placed during the outage": len(orders) - len(before),
        "orders expected": COOKS,
        "doubled orders": len(numbers) - len(set(numbers)),
        "cards missing": sum(1 for n in numbers if cards[n] == 0),
        "cards doubled": sum(1 for n in numbers if cards[n] > 1),
        "confirmed": sum(1 for o in orders if str(o.status) == "confirmed"),
        "notices doubled": sum(1 for n in notices.values() if n > 1),
        "broadcast delivered": len(per_reader),
        "broadcast duplicates": sum(n - 1 for n in per_reader.values() if n > 1),
        "failed Bot API calls during the outage": failed_during,
        "all calls during the outage": len(during),
        "seconds after the outage until orders and confirmations were shown": round(settled, 1),
        "seconds after the outage until the broadcast finished": round(broadcast_done, 1),
        "inbox": inbox,
        "tracebacks in the bot's log": bot.tracebacks(),
        "exit code": code,
        "log": str(folder / "bot.log"),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=60.0)
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    args = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    print(json.dumps(asyncio.run(drill(args.outage, args.contacts)), indent=2))
