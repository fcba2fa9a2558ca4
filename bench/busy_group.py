"""Busy-group drill: with Telegram's limits on, the team group has far more than 20 messages a
minute queued (cards, relays), a 3,000-contact broadcast runs, and five customers keep asking
the bot something. Their replies must not wait behind the group or the broadcast.
Prints the customers' reply latency (p50, p99), the broadcast's sustained rate and 429s.
Usage: python bench/busy_group.py [--contacts 3000] [--group-messages 60]"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time

from bench.throughput import percentile
from bot.services import notify
from bot.services.broadcasts import BroadcastService
from sandbox import Limits
from sandbox.world import User
from tests.harness import add_contacts
from tests.processes import drill_setup

CUSTOMERS = 5


async def drill(contacts: int, group_messages: int, every: float) -> dict[str, object]:
    async with drill_setup("comanda-busy-", Limits()) as d:
        world, store, admin, seeded, h, bot = d.world, d.store, d.admin, d.seed, d.h, d.bot
        folder = d.folder
        group = world.create_group("Fresh Foods team", members=[admin.id])
        cooks = [await h.join(f"Cook {i}", phone=False) for i in range(CUSTOMERS)]
        async with store.tx() as tx:  # the broadcast's readers: other customers' cooks
            others = await tx.customers.create(
                vendor_id=seeded.vendor_id, name="Other kitchens", customer_number="C-999"
            )
        readers = await add_contacts(h, others.id, contacts, prefix="Reader")
        await asyncio.sleep(3)  # the cooks' chats are quiet again (1 message/s each)
        async with store.tx() as tx:  # a busy team group: cards and relays far over 20/min
            for i in range(group_messages):
                await tx.outbox.enqueue(
                    kind="vendor_notice",
                    vendor_id=seeded.vendor_id,
                    chat_id=group.id,
                    payload=notify.message(group.id, f"Card {i}"),
                )
        await BroadcastService(store).create(
            admin.id, admin.id, {"mode": "everyone"}, "Busy drill <b>news</b>", None
        )
        marker = "Busy drill news"
        started = time.monotonic()
        latencies: list[float] = []

        def delivered() -> int:
            return sum(
                1
                for u in readers
                if any(marker in m.get("text", "") for m in world.bot_messages(u.id))
            )

        async def ask(user: User) -> None:
            while time.monotonic() - started < contacts / 28 + 5:
                count = len(world.bot_messages(user.id))
                began = time.monotonic()
                world.send_text(user.id, user.id, "/help")
                await world.wait_for(
                    lambda count=count: len(world.bot_messages(user.id)) > count,  # type: ignore[misc]
                    30,
                )
                latencies.append(time.monotonic() - began)
                await asyncio.sleep(every)  # a person reads, then taps again

        await asyncio.gather(*(ask(c) for c in cooks))
        await world.wait_for(lambda: delivered() >= contacts, 300)
        reader_ids = {str(u.id) for u in readers}
        sends = [
            c.at
            for c in world.calls
            if c.method == "sendMessage"
            and c.status == 200
            and c.params.get("chat_id") in reader_ids
        ]
        group_sends = [
            c.at
            for c in world.calls
            if c.method == "sendMessage"
            and c.status == 200
            and c.params.get("chat_id") == str(group.id)
        ]
        too_many = sum(1 for c in world.calls if c.status == 429)
        bot.stop()
    sustained = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
    return {
        "customers": CUSTOMERS,
        "seconds between a customer's taps": every,
        "replies measured": len(latencies),
        "reply p50 ms": round(1000 * statistics.median(latencies), 1),
        "reply p99 ms": round(1000 * percentile(latencies, 0.99), 1),
        "reply max ms": round(1000 * max(latencies), 1),
        "broadcast contacts": contacts,
        "broadcast sustained msg/s": round(sustained, 1),
        "429 answers": too_many,
        "group messages queued": group_messages,
        "group messages sent during the drill": len(group_sends),
        "log": str(folder / "bot.log"),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--group-messages", type=int, default=60)
    parser.add_argument("--every", type=float, default=1.5, help="seconds between a cook's taps")
    args = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    print(json.dumps(asyncio.run(drill(args.contacts, args.group_messages, args.every)), indent=2))
