"""Cutoff reminders (issue 18): a customer who usually orders for tomorrow and has not yet is
reminded once, some hours before the cutoff, with their usual one tap away; /mute reminders
stops them; the team sees who was reminded and who ordered after."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

from sandbox import SandboxServer
from tests.harness import comanda, make_order, sandbox_limits
from tests.test_e2e_customer import place_order

__all__ = ["sandbox_limits"]
REMINDER = "Your order for Tue 24 Nov?"


async def test_reminded_once_before_the_cutoff_and_the_team_sees_it(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        now, bistro = h.clock(), h.seed.customer_id  # Monday 23 November, 10:00 in Paris
        for tuesday in (date(2026, 11, 10), date(2026, 11, 17)):  # Bistro 42 orders Tuesdays
            await make_order(
                h,
                bistro,
                [("VEG-001", "2")],
                delivery=tuesday,
                created=now - timedelta(days=(now.date() - tuesday).days + 1),
                status="delivered",
            )
        async with h.store.tx() as tx:
            fridays = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Hotel Friday", customer_number="C-005"
            )
        for friday in (date(2026, 11, 13), date(2026, 11, 20)):  # a Friday habit only
            await make_order(h, fridays.id, [("VEG-001", "1")], delivery=friday, status="delivered")
        ana = await h.join()
        chloe = await h.join("Chloe")  # Bistro 42's other cook: she wants no reminders
        await h.say(chloe, "/mute reminders")
        await h.expect(chloe.id, "no more reminders to order before the cutoff")

        await asyncio.sleep(1.0)  # 10:00: four hours before the 14:00 cutoff, too early
        assert not any(REMINDER in m.get("text", "") for m in h.world.bot_messages(ana.id))
        h.mark(ana.id)
        h.clock.set_local(2026, 11, 23, 12, 30)  # within the 2 hours before the cutoff
        reminder = await h.expect(ana.id, REMINDER)
        assert "until 14:00 today" in reminder["text"] and "Bistro 42" in reminder["text"]
        assert h.buttons(reminder, ana.id) == ["⭐ Add my usual", "🛒 Order"]
        await asyncio.sleep(1.0)  # the next looks remind nobody twice
        texts = [m.get("text", "") for m in h.world.bot_messages(ana.id)]
        assert sum(REMINDER in t for t in texts) == 1
        assert not any(REMINDER in m.get("text", "") for m in h.world.bot_messages(chloe.id))

        vera = h.seed.admin
        await h.say(vera, "/reminders")
        seen = await h.expect(vera.id, "Reminders for Tue 24 Nov")
        assert "Bistro 42 — 12:30: no order yet" in seen["text"]
        assert "Hotel Friday" not in seen["text"]

        await h.press(ana, reminder, "Add my usual")
        await h.expect(ana.id, "Your usual is in: 1 product(s)")
        h.clock.set_local(2026, 11, 23, 12, 45)
        await place_order(h, ana, "1 carrots")
        h.mark(vera.id)
        await h.say(vera, "/reminders")
        seen = await h.expect(vera.id, "Reminders for Tue 24 Nov")
        assert "Bistro 42 — 12:30: ✅ ordered after" in seen["text"]
        await h.say(vera, "/reminders 25/11")
        await h.expect(vera.id, "Nobody was reminded for that day.")


async def test_no_reminder_when_turned_off_or_already_ordered(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        now, bistro = h.clock(), h.seed.customer_id
        for tuesday in (date(2026, 11, 10), date(2026, 11, 17)):
            await make_order(
                h, bistro, [("VEG-001", "2")], delivery=tuesday, created=now - timedelta(days=8)
            )
        vera, ana = h.seed.admin, await h.join()
        await h.say(vera, "/settings")
        settings = await h.expect(vera.id, "Cutoff reminders: 2 h before the cutoff")
        await h.press(vera, settings, "Cutoff reminders")
        await h.say(vera, "lots")
        await h.expect(vera.id, "“lots” is not a number of hours from 0 to 24.")
        await h.say(vera, "0")
        await h.expect(vera.id, "Cutoff reminders: off")
        h.clock.set_local(2026, 11, 23, 12, 30)
        await asyncio.sleep(1.0)
        assert not any(REMINDER in m.get("text", "") for m in h.world.bot_messages(ana.id))

        # she orders for Tuesday before reminders are on again (else the ticker could remind
        # her in between)
        await make_order(h, bistro, [("VEG-003", "1")], delivery=date(2026, 11, 24))
        await h.say(vera, "/settings")
        settings = await h.expect(vera.id, "Cutoff reminders: off")
        await h.press(vera, settings, "Cutoff reminders")
        await h.say(vera, "3")
        await h.expect(vera.id, "Cutoff reminders: 3 h before the cutoff")
        await asyncio.sleep(1.0)  # she has ordered for Tuesday already: nothing to remind
        assert not any(REMINDER in m.get("text", "") for m in h.world.bot_messages(ana.id))
