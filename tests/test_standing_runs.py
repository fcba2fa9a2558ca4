"""Standing orders made exactly once (issue 18), on both backends: two processes looking at
the same moment, then a restarted one, announce each occurrence once and place it once."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Renderer
from bot.services.standing_runs import StandingRuns
from domain.enums import CutoffKind, Role
from domain.rules.catalog_import import parse_csv
from store import Store, open_store
from store.repos.standing_orders import OccurrenceStatus, StandingLine
from tests.databases import rows
from tests.harness import CATALOG

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def seeded(store: Store, now: datetime) -> int:
    async with store.tx() as tx:
        vendor = await tx.vendors.create(
            name="Fresh Foods",
            timezone="Europe/Paris",
            cutoff_time=time(14, 0),
            cutoff_kind=CutoffKind.STRICT,
        )
        await tx.catalogs.apply_import(vendor.id, parse_csv(CATALOG))
        await tx.team.add(vendor.id, 6001, "Vera", Role.ADMIN)  # the cards go to her
        customer = await tx.customers.create(
            vendor_id=vendor.id, name="Bistro 42", customer_number="C-042"
        )
        contact = await tx.contacts.upsert(5001, "Chef Ana", "en")
        await tx.contacts.link(customer.id, contact.id)
        standing = await tx.standing_orders.create(
            vendor_id=vendor.id,
            customer_id=customer.id,
            contact_id=contact.id,
            weekdays=frozenset({1}),  # Tuesdays
            lines=[StandingLine(product_id="VEG-001", product_name="Romaine", quantity=Decimal(2))],
            created_by=5001,
            at=now,
        )
    return standing.id


async def counts(database: str) -> tuple[int, int, int]:
    """(orders of standing orders, notices, order cards) in the database."""
    ((orders,),) = await rows(
        database, "SELECT COUNT(*) FROM orders WHERE standing_order_id IS NOT NULL"
    )
    ((notices,),) = await rows(
        database, "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'standing:notice:%'"
    )
    ((cards,),) = await rows(database, "SELECT COUNT(*) FROM outbox WHERE kind = 'order_card'")
    return int(orders), int(notices), int(cards)


async def test_two_processes_then_a_restart_make_each_occurrence_once(
    store: Store, db_path: Path | str
) -> None:
    database = str(db_path)
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))  # Monday, 4 h before the cutoff
    standing_id = await seeded(store, clock())
    second = await open_store(database)
    renderer = Renderer()
    one, two = StandingRuns(store, renderer, clock), StandingRuns(second, renderer, clock)
    try:
        for _ in range(3):  # both processes look at the same moments
            moved = await asyncio.gather(one.run_once(), two.run_once())
            assert sum(moved) <= 1
        assert await counts(database) == (0, 1, 0)  # announced once, nothing placed yet

        clock.now = datetime(2026, 11, 23, 13, 30, tzinfo=PARIS)
        moved = await asyncio.gather(
            one.run_once(), two.run_once(), one.place(standing_id, date(2026, 11, 24), clock())
        )
        assert sum(moved) == 1
        assert await counts(database) == (1, 1, 1)
    finally:
        await second.close()

    restarted = await open_store(database)  # a new process on the same database
    try:
        again = StandingRuns(restarted, renderer, clock)
        clock.now = datetime(2026, 11, 23, 13, 50, tzinfo=PARIS)
        assert await again.run_once() == 0
        assert await counts(database) == (1, 1, 1)
        async with restarted.read() as tx:
            (occurrence,) = await tx.standing_orders.occurrences(standing_id)
        assert occurrence.status is OccurrenceStatus.PLACED and occurrence.order_id is not None
    finally:
        await restarted.close()
