"""Standing orders (issue 18), end to end through the sandbox with a moving clock: set up from
the cart or a past order on chosen delivery days; announced some hours before the cutoff
with skip / edit / place now; placed before the cutoff as a normal unconfirmed order marked
standing; closures, standing blocks, the minimum and unavailable products as for a typed
order; pause, resume, end and undo; and across the DST change."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from domain.enums import CutoffKind, Standing
from sandbox import SandboxServer
from sandbox.world import User
from store.repos.standing_orders import StandingLine, StandingOrder
from tests.databases import database_at, rows
from tests.harness import Harness, comanda, make_order, sandbox_limits

__all__ = ["sandbox_limits"]
TUESDAY = "Your standing order for Tuesday 24 November 2026"
FRIDAY = "Your standing order for Friday 27 November 2026"


async def standing_rows(h: Harness, tmp_path: Path) -> list[tuple[object, ...]]:
    return await rows(
        database_at(tmp_path),
        "SELECT order_number, delivery_date, standing_order_id FROM orders "
        "WHERE standing_order_id IS NOT NULL ORDER BY delivery_date",
    )


async def set_up(h: Harness, user: User, days: tuple[str, ...], source: str = "cart") -> None:
    if source == "cart":
        await h.say(user, "/cart")
        start = await h.expect(user.id, "Your cart")
    else:
        await h.say(user, "/orders")
        listing = await h.expect(user.id, "Your orders")
        await h.press(user, listing, source)
        start = await h.expect(user.id, f"Order {source}")
    await h.press(user, start, "Repeat every week")
    picker = await h.expect(user.id, "On which delivery days")
    assert h.buttons(picker, user.id) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    for name in days:
        await h.press(user, picker, name)
        picker = await h.expect(user.id, "Chosen:")
    await h.press(user, picker, "Save")


async def direct(
    h: Harness, lines: list[tuple[str, str]], days: frozenset[int], customer_id: int = 0
) -> StandingOrder:
    """A standing order written straight to the store (for the rule tests)."""
    async with h.store.tx() as tx:
        products = {p.product_id: p for p in await tx.catalogs.all_products(h.seed.vendor_id)}
        return await tx.standing_orders.create(
            vendor_id=h.seed.vendor_id,
            customer_id=customer_id or h.seed.customer_id,
            contact_id=None,
            weekdays=days,
            lines=[
                StandingLine(product_id=pid, product_name=products[pid].name, quantity=Decimal(qty))
                for pid, qty in lines
            ],
            created_by=h.seed.admin.id,
            at=h.clock(),
        )


async def test_set_from_the_cart_announced_placed_once_and_skipped(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana, vera = await h.join(), h.seed.admin
        await h.say(ana, "2 romaine")
        await h.expect(ana.id, "Added to your cart")
        await set_up(h, ana, ("Tuesday", "Friday"))
        done = await h.expect(ana.id, "Standing order set for Bistro 42: every Tuesday, Friday.")
        assert "The first one is for Tuesday 24 November 2026: placed at 13:30" in done["text"]
        # Monday 10:00 is 4 hours before the 14:00 cutoff for Tuesday: announced at once
        notice = await h.expect(ana.id, TUESDAY)
        assert "2 × Romaine lettuce" in notice["text"] and "placed at 13:30" in notice["text"]
        assert h.buttons(notice, ana.id) == ["⏭ Skip this one", "✏️ Edit this one", "✅ Place now"]
        await asyncio.sleep(1.0)  # the next looks announce nothing twice, and place nothing
        texts = [m.get("text", "") for m in h.world.bot_messages(ana.id)]
        assert sum(TUESDAY in t for t in texts) == 1
        assert await standing_rows(h, tmp_path) == []

        h.mark(vera.id)
        h.clock.set_local(2026, 11, 23, 13, 30)  # 30 minutes before the cutoff
        placed = await h.expect(
            ana.id, "Your standing order for Tuesday 24 November 2026 is placed"
        )
        card = await h.expect(vera.id, "🔁 Standing order")
        assert "Bistro 42" in card["text"] and "Unconfirmed" in card["text"]
        ((number, delivery, _sid),) = await standing_rows(h, tmp_path)
        assert number in placed["text"] and number in card["text"]
        assert str(delivery) == "2026-11-24"
        await asyncio.sleep(1.0)
        assert len(await standing_rows(h, tmp_path)) == 1  # placed once
        await h.press(ana, notice, "Skip this one")  # too late to skip: it is placed
        await h.expect(ana.id, f"is placed: order {number}")

        h.clock.set_local(2026, 11, 26, 10, 0)  # Thursday: Friday's is announced
        friday = await h.expect(ana.id, FRIDAY)
        await h.press(ana, friday, "Skip this one")
        await h.expect(ana.id, "Skipped: no standing order for Friday 27 November 2026.")
        h.clock.set_local(2026, 11, 26, 13, 45)
        await asyncio.sleep(1.0)
        assert len(await standing_rows(h, tmp_path)) == 1  # Friday's was skipped

        h.mark(ana.id)
        h.clock.set_local(2026, 11, 30, 10, 0)  # the next Tuesday: the order goes on
        await h.expect(ana.id, "Your standing order for Tuesday 1 December 2026")


async def test_closures_blocks_minimum_and_unavailable_products(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana, vera = await h.join(), h.seed.admin
        async with h.store.tx() as tx:
            await tx.vendors.set_closures(h.seed.vendor_id, frozenset({date(2026, 11, 24)}))
        await direct(h, [("VEG-001", "2"), ("VEG-004", "3")], frozenset({1, 2, 3}))
        closed = await h.expect(ana.id, "No standing order for Tuesday 24 November 2026")
        assert "Fresh Foods is closed that day" in closed["text"]

        h.clock.set_local(2026, 11, 24, 10, 0)  # Wednesday's: asparagus is not available
        await h.expect(ana.id, "Your standing order for Wednesday 25 November 2026")
        h.clock.set_local(2026, 11, 24, 13, 30)
        placed = await h.expect(ana.id, "Wednesday 25 November 2026 is placed")
        assert "Not available, so left out: White asparagus." in placed["text"]
        ((number, _d, _s),) = await standing_rows(h, tmp_path)
        lines = await rows(
            database_at(tmp_path),
            "SELECT l.product_id, l.quantity FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE o.order_number = ?",
            number,
        )
        assert [(pid, Decimal(str(q))) for pid, q in lines] == [("VEG-001", Decimal(2))]

        async with h.store.tx() as tx:  # Thursday's: below a minimum set since its notice
            await tx.vendors.update(h.seed.vendor_id, minimum_order_value=Decimal(100))
        h.clock.set_local(2026, 11, 25, 10, 0)
        await h.expect(ana.id, "Your standing order for Thursday 26 November 2026")
        h.clock.set_local(2026, 11, 25, 13, 31)
        await h.expect(ana.id, "below the minimum order")

        async with h.store.tx() as tx:  # the next Tuesday: the customer may not order
            await tx.vendors.update(h.seed.vendor_id, minimum_order_value=None)
            await tx.customers.update(h.seed.customer_id, standing=Standing.DO_NOT_SELL)
        h.mark(vera.id)
        h.clock.set_local(2026, 11, 30, 11, 0)
        await h.expect(ana.id, "has paused ordering for your account")
        await h.expect(vera.id, "Bistro 42's standing order for Tue 1 Dec was not placed")
        await asyncio.sleep(0.6)
        assert len(await standing_rows(h, tmp_path)) == 1


async def test_pause_resume_end_undo_and_forged_buttons(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana = await h.join()
        await h.say(ana, "/standing")
        await h.expect(ana.id, "You have no standing order.")
        first = await make_order(h, h.seed.customer_id, [("VEG-002", "3")], status="delivered")
        async with h.store.read() as tx:
            number = (await tx.orders.get(first)).order_number
        await set_up(h, ana, ("Wednesday",), source=number)  # from a past order
        await h.expect(ana.id, "Standing order set for Bistro 42: every Wednesday.")
        await h.say(ana, "/standing")
        listing = await h.expect(ana.id, "Standing orders")
        assert "every Wednesday — ▶️ active" in listing["text"]
        assert "3 × Plum tomatoes" in listing["text"]
        await h.press(ana, listing, "Pause 1")
        paused = await h.expect(ana.id, "paused. Nothing is placed until you resume it.")
        h.clock.set_local(2026, 11, 24, 10, 0)  # Wednesday's notice would be due: paused
        await asyncio.sleep(1.0)
        assert not any(
            "Your standing order for Wednesday" in m.get("text", "")
            for m in h.world.bot_messages(ana.id)
        )
        await h.press(ana, paused, "Resume")
        await h.expect(ana.id, "active again.")
        notice = await h.expect(ana.id, "Your standing order for Wednesday 25 November 2026")

        # someone else's taps, forged days and a forged id change nothing
        bob = h.world.create_user("Bob Stranger")
        (sid,) = [r[0] for r in await rows(database_at(tmp_path), "SELECT id FROM standing_orders")]
        await h.say(bob, "/start")
        await h.world.wait_for(lambda: h.world.bot_messages(bob.id), 8)
        hello = h.world.bot_messages(bob.id)[-1]
        await h.press_data(bob, hello, f"so:en:{sid}")
        await h.press_data(bob, hello, f"so:pn:{sid}:20261125")
        await h.press_data(ana, notice, "so:pk:0:999")
        await h.press_data(ana, notice, f"so:en:{sid + 99}")
        await h.press_data(ana, notice, f"so:sk:{sid}:2026-11-25")
        assert await rows(database_at(tmp_path), "SELECT status FROM standing_orders") == [
            ("active",)
        ]
        assert await standing_rows(h, tmp_path) == []

        await h.press(ana, notice, "Place now")  # placed at once, before its time
        await h.expect(ana.id, "Wednesday 25 November 2026 is placed")
        assert len(await standing_rows(h, tmp_path)) == 1
        h.clock.set_local(2026, 11, 24, 13, 30)
        await asyncio.sleep(0.8)
        assert len(await standing_rows(h, tmp_path)) == 1  # not a second time

        await h.say(ana, "/standing")
        listing = await h.expect(ana.id, "Standing orders")
        await h.press(ana, listing, "End 1")
        ended = await h.expect(ana.id, "ended. Nothing more is placed.")
        await h.press(ana, ended, "Undo")
        await h.expect(ana.id, "active again.")
        await h.say(ana, "/standing")
        listing = await h.expect(ana.id, "Standing orders")
        await h.press(ana, listing, "End 1")
        await h.expect(ana.id, "ended. Nothing more is placed.")
        await h.say(ana, "/standing")
        await h.expect(ana.id, "You have no standing order.")
        h.clock.set_local(2026, 12, 1, 10, 0)
        await asyncio.sleep(0.8)
        assert not any(
            "Wednesday 2 December" in m.get("text", "") for m in h.world.bot_messages(ana.id)
        )


async def test_edit_this_one_fills_the_cart_for_its_day(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana = await h.join()
        await direct(h, [("VEG-001", "2"), ("DAI-001", "6")], frozenset({1}))
        notice = await h.expect(ana.id, TUESDAY)
        await h.press(ana, notice, "Edit this one")
        await h.expect(ana.id, "is in your cart. Change it and place it as usual")
        cart = await h.expect(ana.id, "Your cart")
        assert "Romaine" in cart["text"]
        days = await rows(database_at(tmp_path), "SELECT delivery_date FROM carts")
        assert [str(d) for (d,) in days] == ["2026-11-24"]
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(2), "DAI-001": Decimal(6)}
        (sid,) = [r[0] for r in await rows(database_at(tmp_path), "SELECT id FROM standing_orders")]
        await h.press_data(ana, notice, f"so:ed:{sid}:20261124")  # again: nothing added twice
        await asyncio.sleep(0.3)
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(2), "DAI-001": Decimal(6)}
        h.clock.set_local(2026, 11, 23, 13, 35)
        await asyncio.sleep(0.8)
        assert await standing_rows(h, tmp_path) == []  # the customer places this one


async def test_a_rep_sets_one_up_from_an_order_and_the_customer_is_told(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana, vera = await h.join(), h.seed.admin
        h.mark(vera.id)
        await h.say(ana, "2 romaine")
        await h.expect(ana.id, "Added to your cart")
        from tests.test_e2e_customer import checkout

        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        await h.press(ana, review, "Place order")
        card = await h.expect(vera.id, "Bistro 42")
        await h.press(vera, card, "Details")
        details = await h.expect(vera.id, "Requested delivery")
        await h.press(vera, details, "Repeat every week")
        picker = await h.expect(vera.id, "On which delivery days")
        await h.press(vera, picker, "Thursday")
        picker = await h.expect(vera.id, "Chosen: Thursday")
        await h.press(vera, picker, "Save")
        await h.expect(vera.id, "Standing order set for Bistro 42: every Thursday.")
        told = await h.expect(ana.id, "Fresh Foods set up a standing order for you.")
        assert "every Thursday" in told["text"]
        await h.say(vera, "/standing")
        team = await h.expect(vera.id, "Standing orders")
        assert "Bistro 42: every Thursday — ▶️ active" in team["text"]


async def test_announced_and_placed_on_the_wall_clock_across_the_dst_change(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Paris leaves summer time at 03:00 on Sunday 25 October 2026: Monday's order is still
    announced at 10:00 and placed at 13:30 on Sunday, Paris time."""
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        ana = await h.join()
        h.clock.set_local(2026, 10, 25, 9, 59)
        await direct(h, [("VEG-001", "1")], frozenset({0}))
        await asyncio.sleep(0.8)
        assert not any(
            "Monday 26 October" in m.get("text", "") for m in h.world.bot_messages(ana.id)
        )
        h.clock.set_local(2026, 10, 25, 10, 0)
        notice = await h.expect(ana.id, "Your standing order for Monday 26 October 2026")
        assert "placed at 13:30" in notice["text"]
        h.clock.set_local(2026, 10, 25, 13, 29)
        await asyncio.sleep(0.8)
        assert await standing_rows(h, tmp_path) == []
        h.clock.set_local(2026, 10, 25, 13, 30)
        await h.expect(ana.id, "Monday 26 October 2026 is placed")
        assert len(await standing_rows(h, tmp_path)) == 1


async def test_the_notice_hours_setting_and_no_cutoff_reminder_beside_it(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        now, vera, ana = h.clock(), h.seed.admin, await h.join()
        for tuesday in (date(2026, 11, 10), date(2026, 11, 17)):  # a Tuesday habit
            await make_order(
                h,
                h.seed.customer_id,
                [("VEG-001", "2")],
                delivery=tuesday,
                created=now - timedelta(days=8),
                status="delivered",
            )
        await h.say(vera, "/settings")
        settings = await h.expect(vera.id, "Standing orders announced: 4 h before the cutoff")
        await h.press(vera, settings, "Standing order notice")
        await h.expect(vera.id, "Type 1 to 48")
        await h.say(vera, "0")
        await h.expect(vera.id, "“0” is not a number of hours from 1 to 48.")
        await h.say(vera, "1")
        await h.expect(vera.id, "Standing orders announced: 1 h before the cutoff")
        await direct(h, [("VEG-001", "2")], frozenset({1}))
        await asyncio.sleep(1.0)  # 10:00: four hours before, too early for a 1 h notice
        assert not any(TUESDAY in m.get("text", "") for m in h.world.bot_messages(ana.id))
        h.clock.set_local(2026, 11, 23, 12, 30)  # a cutoff reminder would be due now
        await asyncio.sleep(1.0)
        texts = [m.get("text", "") for m in h.world.bot_messages(ana.id)]
        assert not any("Your order for Tue 24 Nov?" in t for t in texts)  # standing covers it
        h.clock.set_local(2026, 11, 23, 13, 0)
        await h.expect(ana.id, TUESDAY)


async def test_the_teams_list_comes_in_pages(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        vera = h.seed.admin
        for _ in range(12):
            await direct(h, [("VEG-001", "1")], frozenset({3}))
        await h.say(vera, "/standing")
        first = await h.expect(vera.id, "Standing orders")
        assert "10. Bistro 42: every Thursday" in first["text"] and "11." not in first["text"]
        assert h.buttons(first, vera.id)[-1] == "▶️"
        await h.press(vera, first, "▶️")
        second = await h.expect(vera.id, "12. Bistro 42")
        assert "10." not in second["text"] and h.buttons(second, vera.id)[-1] == "◀️"
        await h.press(vera, second, "End 12")
        await h.expect(vera.id, "ended. Nothing more is placed.")


async def test_the_first_one_keeps_to_the_customers_own_cutoff(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:  # Bistro 42 may order until 16:00
            await tx.customers.update(
                h.seed.customer_id,
                cutoff_override=True,
                cutoff_time=time(16, 0),
                cutoff_kind=CutoffKind.STRICT,
            )
        ana = await h.join()
        await h.say(ana, "2 romaine")
        await h.expect(ana.id, "Added to your cart")
        await set_up(h, ana, ("Tuesday",))
        done = await h.expect(ana.id, "Standing order set for Bistro 42: every Tuesday.")
        assert "placed at 15:30" in done["text"], done["text"]
