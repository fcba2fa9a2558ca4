"""Two vendors with their own bots broadcast to N contacts each at the same time, through one
deployment (the shared bot's Application and one per vendor's bot, as `comanda run` runs
them) against the sandbox with Telegram's limits on, per bot. Prints each bot's sustained
messages per second, 429 answers, duplicates and missing messages, measured together.

Usage: python -m bench.many_bots [--contacts 3000] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.context import services_of
from bot.runtime import serving_all
from domain.enums import Role
from sandbox import Limits, SandboxServer
from sandbox.world import World
from store import open_store

BOTS = (710000001, 710000002)
MARKER = "Announcement of"


async def seed_vendor(db: str, world: World, bot_id: int, token: str, contacts: int) -> int:
    """A vendor speaking through its own bot, with `contacts` cooks who opened it; returns
    the admin's Telegram id."""
    admin = world.create_user(f"Admin {bot_id}")
    users = [world.create_user(f"Cook {bot_id}-{i}") for i in range(contacts)]
    store = await open_store(db)
    try:
        async with store.tx() as tx:
            vendor = await tx.vendors.create(name=f"Vendor {bot_id}", timezone="Europe/Paris")
            await tx.bots.save(bot_id, token, f"vendor_{bot_id}_bot", f"Vendor {bot_id}")
            await tx.bots.set_vendor_bot(vendor.id, bot_id)
            customer = await tx.customers.create(
                vendor_id=vendor.id, name="Everyone", customer_number="ALL"
            )
            await tx.team.add(vendor.id, admin.id, "Admin", Role.ADMIN)
            for user in users:
                contact = await tx.contacts.upsert(user.id, user.first_name, "en")
                await tx.contacts.link(customer.id, contact.id)
    finally:
        await store.close()
    return admin.id


def figures(world: World, contacts: int) -> dict[str, float | int]:
    cooks = {u for u, chat in world.chats.items() if chat.type == "private" and u in world.users}
    per_user = collections.Counter(
        chat_id
        for chat_id in cooks
        for m in world.bot_messages(chat_id)
        if MARKER in m.get("text", "")
    )
    sends = sorted(
        c.at
        for c in world.calls
        if c.method == "sendMessage" and c.status == 200 and MARKER in str(c.params.get("text"))
    )
    sustained = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
    return {
        "delivered": sum(per_user.values()),
        "sustained msg/s": round(sustained, 1),
        "429 answers": sum(1 for c in world.calls if c.status == 429),
        "duplicates": sum(n - 1 for n in per_user.values() if n > 1),
        "missing": contacts - len(per_user),
    }


async def main(contacts: int, database: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="comanda-bench-"))
    db = database or str(folder / "bench.db")
    async with SandboxServer(limits=Limits()) as sandbox:
        worlds = {bot_id: sandbox.add_bot(bot_id) for bot_id in BOTS}
        admins = {
            bot_id: await seed_vendor(db, world, bot_id, sandbox.token(bot_id), contacts)
            for bot_id, world in worlds.items()
        }
        settings = Settings(bot_token=sandbox.token(), api_url=sandbox.url, database=db)
        shared = build_application(settings, clock=lambda: datetime.now(UTC))
        async with serving_all(shared):
            store = services_of(shared).store
            started = time.monotonic()
            for bot_id, admin in admins.items():  # both at once, each through its own bot
                async with store.for_bot(bot_id).tx() as tx:
                    vendor = (await tx.team.memberships(admin))[0].vendor_id
                from bot.services.broadcasts import BroadcastService

                await BroadcastService(store.for_bot(bot_id)).create(
                    admin, admin, {"mode": "everyone"}, f"{MARKER} vendor {vendor}", None
                )
            while time.monotonic() - started < contacts / 10 + 60:
                await asyncio.sleep(1)
                if all(figures(w, contacts)["delivered"] >= contacts for w in worlds.values()):
                    break
            elapsed = time.monotonic() - started
        result = {
            "contacts per bot": contacts,
            "wall s (both, incl. start-up)": round(elapsed, 1),
            **{f"bot {bot_id}": figures(world, contacts) for bot_id, world in worlds.items()},
            "shared bot 429 answers": sum(1 for c in sandbox.world.calls if c.status == 429),
        }
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database) instead")
    args = parser.parse_args()
    asyncio.run(main(args.contacts, args.postgres))
