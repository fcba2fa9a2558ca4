"""Send one broadcast to N contacts through the sandbox with Telegram's limits on, and print
messages per second, 429 answers and duplicates.  Usage: python bench/broadcast.py [--contacts 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.runtime import serving
from domain.enums import InviteKind, Role
from sandbox import Limits, SandboxServer
from store import open_store


async def main(contacts: int, rate: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="comanda-bench-"))
    db = folder / "bench.db"
    async with SandboxServer(limits=Limits()) as sandbox:
        world = sandbox.world
        admin = world.create_user("Admin")
        store = await open_store(db)
        async with store.tx() as tx:
            vendor = await tx.vendors.create(name="Bench Foods", timezone="Europe/Paris")
            customer = await tx.customers.create(
                vendor_id=vendor.id, name="Everyone", customer_number="ALL"
            )
            await tx.team.add(vendor.id, admin.id, "Admin", Role.ADMIN)
            await tx.invites.create(
                vendor_id=vendor.id, kind=InviteKind.CUSTOMER, customer_id=customer.id
            )
            users = [world.create_user(f"Cook {i}") for i in range(contacts)]
            for user in users:
                contact = await tx.contacts.upsert(user.id, user.first_name, "en")
                await tx.contacts.link(customer.id, contact.id)
        await store.close()
        settings = Settings(
            bot_token=sandbox.token(), api_url=sandbox.url, database=str(db), broadcast_rate=rate
        )
        app = build_application(settings, clock=lambda: datetime.now(UTC))
        async with serving(app):
            services = app.bot_data["comanda.services"]
            started = time.monotonic()
            await services.broadcasts.create(
                admin.id, admin.id, {"mode": "everyone"}, "Benchmark <b>announcement</b>", None
            )
            services.sender.poke()
            marker = "Benchmark announcement"

            def delivered() -> int:
                return sum(
                    1
                    for u in users
                    for m in world.bot_messages(u.id)
                    if marker in m.get("text", "")
                )

            while True:
                await asyncio.sleep(1)
                count = delivered()
                if count >= contacts or time.monotonic() - started > contacts / 10 + 60:
                    break
            elapsed = time.monotonic() - started
        per_user = collections.Counter(
            u.id for u in users for m in world.bot_messages(u.id) if marker in m["text"]
        )
        duplicates = sum(n - 1 for n in per_user.values() if n > 1)
        too_many = sum(1 for c in world.calls if c.status == 429)
        user_ids = {str(u.id) for u in users}
        sends = [
            c.at
            for c in world.calls
            if c.method == "sendMessage" and c.status == 200 and c.params.get("chat_id") in user_ids
        ]
        sustained = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
        print(
            f"contacts {contacts}, delivered {sum(per_user.values())} "
            f"(wall {elapsed:.1f} s incl. start-up): sustained {sustained:.1f} messages/s "
            f"from first to last send, 429 answers {too_many}, duplicates {duplicates}, "
            f"missing {contacts - len(per_user)}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=28.0)
    args = parser.parse_args()
    asyncio.run(main(args.contacts, args.rate))
