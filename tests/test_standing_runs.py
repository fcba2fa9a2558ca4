"""Timed work made exactly once (issue 18), on both backends: two processes looking at the
same moments, then a restarted one, make each standing-order notice and order, each cutoff
reminder and each day's pick list once."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Renderer
from bot.services.reminders import ReminderService
from bot.services.standing_runs import StandingRuns
from bot.services.ticker import Job
from bot.services.warehouse import WarehouseService
from sandbox.world import User
from store import Store, open_store
from store.models import NewOrderLine
from store.repos.standing_orders import OccurrenceStatus, StandingLine
from tests.databases import rows
from tests.harness import Clock, seed

PARIS = ZoneInfo("Europe/Paris")


async def seeded(store: Store, now: datetime) -> int:
    """The harness's vendor and customer (the cards go to its admin), a contact, and a
    standing order for Tuesdays."""
    base = await seed(store, User(6001, "Vera"))
    async with store.tx() as tx:
        contact = await tx.contacts.upsert(5001, "Chef Ana", "en")
        await tx.contacts.link(base.customer_id, contact.id)
        standing = await tx.standing_orders.create(
            vendor_id=base.vendor_id,
            customer_id=base.customer_id,
            contact_id=contact.id,
            weekdays=frozenset({1}),  # Tuesdays
            lines=[StandingLine(product_id="VEG-001", product_name="Romaine", quantity=Decimal(2))],
            created_by=5001,
            at=now,
        )
    return standing.id


async def counts(database: str) -> dict[str, int]:
    """What the timed jobs made, by kind."""
    found = {}
    for name, where in (
        ("orders", "FROM orders WHERE standing_order_id IS NOT NULL"),
        ("notices", "FROM outbox WHERE dedupe_key LIKE 'standing:notice:%'"),
        ("placed", "FROM outbox WHERE dedupe_key LIKE 'standing:placed:%'"),
        ("cards", "FROM outbox WHERE kind = 'order_card'"),
        ("reminders", "FROM outbox WHERE dedupe_key LIKE 'reminder:%'"),
        ("pick lists", "FROM sent_pick_lists"),
    ):
        ((count,),) = await rows(database, f"SELECT COUNT(*) {where}")
        found[name] = int(count)
    return found


async def with_a_habit(store: Store, vendor_id: int, now: datetime) -> None:
    """Hotel Riviera orders for Tuesdays (and has no standing order): it is reminded."""
    async with store.tx() as tx:
        vendor = await tx.vendors.update(vendor_id, picklist_at_cutoff=True)
        hotel = await tx.customers.create(
            vendor_id=vendor_id, name="Hotel Riviera", customer_number="C-007"
        )
        contact = await tx.contacts.upsert(5002, "Chef Léa", "fr")
        await tx.contacts.link(hotel.id, contact.id)
        romaine = next(
            p for p in await tx.catalogs.all_products(vendor_id) if p.product_id == "VEG-001"
        )
        for weeks in (1, 2):
            await tx.orders.create(
                vendor=vendor,
                customer=hotel,
                contact=contact,
                lines=[
                    NewOrderLine(
                        product_id="VEG-001",
                        product_name=romaine.name,
                        unit=romaine.unit,
                        unit_price=romaine.price,
                        quantity=Decimal(1),
                    )
                ],
                delivery_date=date(2026, 11, 24) - timedelta(weeks=weeks),
                local_date=date(2026, 11, 23) - timedelta(weeks=weeks),
                created_at=now - timedelta(weeks=weeks),
            )


def jobs(store: Store, clock: Clock) -> list[Job]:
    """Every timed job of one process (as bot/app.py builds its Ticker)."""
    renderer = Renderer()
    return [
        StandingRuns(store, renderer, clock).run_once,
        ReminderService(store, renderer, clock).run_once,
        WarehouseService(store, clock, renderer).send_due,
    ]


async def look(*processes: list[Job]) -> None:
    """Every process runs each of its jobs at the same moment."""
    await asyncio.gather(*(job() for process in processes for job in process))


async def test_two_processes_then_a_restart_make_every_timed_thing_once(
    store: Store, db_path: Path | str
) -> None:
    """Standing orders' notices and orders, cutoff reminders and the pick list at the cutoff:
    two processes looking at the same moments, then a restarted one, make each once."""
    database = str(db_path)
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))  # Monday, 4 h before the cutoff
    standing_id = await seeded(store, clock())
    async with store.read() as tx:
        vendor_id = (await tx.standing_orders.get(standing_id)).vendor_id
    await with_a_habit(store, vendor_id, clock())
    second = await open_store(database)
    one, two = jobs(store, clock), jobs(second, clock)
    expected = {"orders": 0, "notices": 1, "placed": 0, "cards": 0, "reminders": 0, "pick lists": 0}
    try:
        for hour, minute, made in (
            (10, 0, "notices"),  # the standing order is announced
            (12, 30, "reminders"),  # Hotel Riviera is reminded; Bistro 42 has its standing order
            (13, 30, "orders"),  # the standing order is placed
            (14, 5, "pick lists"),  # the last cutoff has passed: the day's pick list
        ):
            clock.set_local(2026, 11, 23, hour, minute)
            for _ in range(3):
                await look(one, two)
            expected[made] = 1
            if made == "orders":
                expected.update(placed=1, cards=1)
            assert await counts(database) == expected, (hour, minute)
        await asyncio.gather(
            StandingRuns(store, Renderer(), clock).place(standing_id, date(2026, 11, 24), clock()),
            look(one, two),
        )
        assert await counts(database) == expected
    finally:
        await second.close()

    restarted = await open_store(database)  # a new process on the same database
    try:
        clock.set_local(2026, 11, 23, 14, 30)
        await look(jobs(restarted, clock))
        assert await counts(database) == expected
        async with restarted.read() as tx:
            (occurrence,) = await tx.standing_orders.occurrences(standing_id)
        assert occurrence.status is OccurrenceStatus.PLACED and occurrence.order_id is not None
    finally:
        await restarted.close()
