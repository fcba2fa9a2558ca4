"""`kill -9` at a standing order's worst moment (issue 18): its order is committed and
Telegram holds the first message about it, so nobody has been told. A new process tells the
customer and the team; the order is not placed twice, nor announced twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sandbox import SandboxServer
from store.repos.standing_orders import StandingLine
from tests.databases import rows, until
from tests.harness import inbox_settled, sandbox_limits
from tests.processes import hold
from tests.test_crash import ana_and_a_bot

__all__ = ["sandbox_limits"]


def zone_at_noon(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now (the test runs on the wall clock)."""
    offset = max(-12, min(14, 12 - now.hour))
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


async def test_kill_after_a_standing_order_is_placed_before_anyone_is_told(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with ana_and_a_bot(sandbox, tmp_path, COMANDA_REMINDER_INTERVAL="0.2") as (
        db,
        h,
        bot,
        ana,
    ):
        world, store, admin = h.world, h.store, h.seed.admin
        now = datetime.now(UTC)
        tz = zone_at_noon(now)
        local = now.astimezone(ZoneInfo(tz))
        cutoff = (local + timedelta(minutes=20)).time().replace(second=0, microsecond=0)
        tomorrow = (local + timedelta(days=1)).date()
        async with store.tx() as tx:  # tomorrow's cutoff is in 20 minutes: due to be placed
            await tx.vendors.update(
                h.seed.vendor_id,
                timezone=tz,
                cutoff_time=cutoff,
                delivery_days=frozenset(range(7)),
            )
            contact = await tx.contacts.by_user(ana.id)
            assert contact is not None
            await tx.standing_orders.create(
                vendor_id=h.seed.vendor_id,
                customer_id=h.seed.customer_id,
                contact_id=contact.id,
                weekdays=frozenset({tomorrow.weekday()}),
                lines=[
                    StandingLine(product_id="VEG-001", product_name="Romaine", quantity=Decimal(2))
                ],
                created_by=ana.id,
                at=now,
            )
        # Telegram holds the messages to Ana (the notice first): she has been told nothing
        hold(world, "sendMessage", ana.id)

        async def placed() -> bool:
            found = await rows(db, "SELECT id FROM orders WHERE standing_order_id IS NOT NULL")
            return len(found) == 1

        await until(placed, 20)
        await bot.kill_and_heal()
        assert not any("standing order" in m.get("text", "") for m in world.bot_messages(ana.id))
        bot.start()

        def texts(chat: int, part: str) -> list[str]:
            return [
                m.get("text", "") for m in world.bot_messages(chat) if part in m.get("text", "")
            ]

        await world.wait_for(lambda: texts(ana.id, "is placed: order"), 30)
        await world.wait_for(lambda: texts(admin.id, "🔁 Standing order"), 30)
        await until(placed, 5)  # still one order
        assert len(texts(ana.id, "Your standing order for")) == 2  # the notice, then "placed"
        assert len(texts(ana.id, "is placed: order")) == 1
        assert len(texts(admin.id, "🔁 Standing order")) == 1
        counts = await inbox_settled(store)
        assert counts["pending"] == 0 and counts["parked"] == 0
