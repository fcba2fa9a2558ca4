"""The standing orders' minute (issue 18): N customers each with a standing order for
tomorrow; how long one look of the clock job takes when nothing is due, when every notice is
due, and when every order is placed (an order, its card and the customer's notice each).
Every process looks once a minute, so a look must stay far below that.

Usage: python -m bench.standing_orders [--customers 1000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Renderer
from bot.services.standing_runs import StandingRuns
from domain.enums import Role
from domain.rules.catalog_import import parse_csv
from store import Store, open_store
from store.repos.standing_orders import StandingLine

PARIS = ZoneInfo("Europe/Paris")
CATALOG = "product_id,name,unit,price,category\nP1,Romaine,case,14.50,Veg\nP2,Milk,l,1.05,Dairy\n"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)  # Monday, nothing due

    def __call__(self) -> datetime:
        return self.now


async def seed(store: Store, customers: int, now: datetime) -> None:
    async with store.tx() as tx:
        vendor = await tx.vendors.create(name="Bench Foods", timezone="Europe/Paris")
        await tx.catalogs.apply_import(vendor.id, parse_csv(CATALOG))
        await tx.team.add(vendor.id, 1, "Admin", Role.ADMIN)
        lines = [
            StandingLine(product_id="P1", product_name="Romaine", quantity=Decimal(2)),
            StandingLine(product_id="P2", product_name="Milk", quantity=Decimal(6)),
        ]
        for i in range(customers):
            customer = await tx.customers.create(
                vendor_id=vendor.id, name=f"Customer {i}", customer_number=f"C-{i:05d}"
            )
            contact = await tx.contacts.upsert(10_000 + i, f"Cook {i}", "en")
            await tx.contacts.link(customer.id, contact.id)
            await tx.standing_orders.create(
                vendor_id=vendor.id,
                customer_id=customer.id,
                contact_id=contact.id,
                weekdays=frozenset({1}),  # Tuesdays
                lines=lines,
                created_by=contact.telegram_user_id,
                at=now,
            )


async def timed(runs: StandingRuns) -> tuple[float, int]:
    start = time.perf_counter()
    moved = await runs.run_once()
    return time.perf_counter() - start, moved


async def measure(database: str, customers: int) -> dict[str, object]:
    store = await open_store(database)
    clock = Clock()
    try:
        await seed(store, customers, clock())
        runs = StandingRuns(store, Renderer(), clock)
        quiet = [(await timed(runs))[0] for _ in range(5)]
        clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
        notices, announced = await timed(runs)
        clock.now = datetime(2026, 11, 23, 13, 30, tzinfo=PARIS)
        placing, placed = await timed(runs)
        again, twice = await timed(runs)
    finally:
        await store.close()
    return {
        "customers": customers,
        "quiet look ms (median of 5)": round(statistics.median(quiet) * 1000, 1),
        "every notice s": round(notices, 2),
        "announced": announced,
        "every order s": round(placing, 2),
        "placed": placed,
        "orders per s": round(placed / placing, 1) if placing else None,
        "next look s": round(again, 2),
        "moved twice": twice,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database) instead")
    args = parser.parse_args()
    if args.postgres:
        result = asyncio.run(measure(args.postgres, args.customers))
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = asyncio.run(measure(str(Path(folder) / "bench.db"), args.customers))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
