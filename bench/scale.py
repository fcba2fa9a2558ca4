"""A year of orders at 20 wholesalers: builds the database reproducibly (comanda's migrations,
the store API for vendors and catalogues, bulk SQL for 10,000 customers and the orders with
their lines and search rows, then ANALYZE as `comanda migrate` leaves it), and measures what
the bot runs through the store (p50 / p99 in ms).

Usage: python -m bench.scale [--orders 10000 100000 1000000] [--customers 10000]
           [--rounds 200] [--keep DIR] [--rss]
Prints one JSON object per size; docs/benchmarks.md has the table."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import string
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.throughput import percentile
from bot.services.export_runner import ExportRunner, build_file
from domain.enums import OrderStatus
from domain.rules.catalog_import import parse_csv
from store import Store, open_store
from store.copy import copy_database
from store.db import migrate
from store.models import NewOrderLine, OrderQuery
from tests.databases import rows
from tests.postgres import server

VENDORS = 20
PRODUCTS = 70
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WORDS = (
    "Bistro Café Chez Le La Maison Petit Grand Comptoir Table Cantine Brasserie Auberge "
    "Atelier Marché Jardin Soleil Lune Étoile Rivage Colline Olive Basilic Safran Sel Poivre"
).split()
FOODS = (
    "Romaine lettuce|Plum tomatoes|Cherry tomatoes|Carrots|Red onions|Shallots|Mushrooms|"
    "Courgettes|Aubergines|Leeks|Lemons|Limes|Apples|Strawberries|Oranges|Parsley|Chives|Basil|"
    "Mint|Whole milk|Double cream|Butter|Eggs|Comté|Parmesan|Yoghurt|Chicken breast|Beef steak|"
    "Salmon fillet|Sea bass|Olive oil|Sunflower oil|Flour|Sugar|Arborio rice|Sea salt|"
    "Sparkling water|Orange juice|Potatoes|Garlic"
).split("|")


def catalog_csv(vendor: int) -> str:
    rows = ["product_id,name,unit,price,category,available"]
    for i in range(PRODUCTS):
        food = FOODS[(i + vendor) % len(FOODS)]
        rows.append(f"P{i:03d},{food} {i},kg,{1 + (i * 37 % 400) / 10:.2f},Cat {i % 7},yes")
    return "\n".join(rows) + "\n"


async def build(path: Path, orders: int, customers: int, seed: int = 1) -> dict[str, Any]:
    began = time.monotonic()
    await migrate(path)
    store = await open_store(path)
    try:
        for v in range(VENDORS):
            async with store.tx() as tx:
                vendor = await tx.vendors.create(
                    name=f"Wholesaler {v:02d}", timezone="Europe/Paris"
                )
                await tx.catalogs.apply_import(vendor.id, parse_csv(catalog_csv(v)))
    finally:
        await store.close()
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    vendors = [r[0] for r in db.execute("SELECT id FROM vendors ORDER BY id")]
    products = {
        vid: db.execute(
            "SELECT product_id, name, unit, price FROM products WHERE vendor_id = ?", (vid,)
        ).fetchall()
        for vid in vendors
    }
    stamp = NOW.isoformat(timespec="microseconds")
    people = []
    for c in range(customers):
        vid = vendors[c % VENDORS]
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {c}"
        people.append((vid, name, f"{c % 97} Rue {rng.choice(WORDS)}", f"C-{c:05d}", stamp))
    with db:
        db.executemany(
            "INSERT INTO customers (vendor_id, name, address, customer_number, created_at) "
            "VALUES (?,?,?,?,?)",
            people,
        )
    by_vendor: dict[int, list[tuple[int, str, str, str]]] = {}
    for row in db.execute("SELECT id, vendor_id, name, customer_number, address FROM customers"):
        by_vendor.setdefault(row[1], []).append((row[0], row[2], row[3], row[4]))
    letters = string.ascii_uppercase
    order_rows: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    search_rows: list[tuple[Any, ...]] = []
    next_id = 1

    def flush() -> None:
        with db:
            db.executemany(
                "INSERT INTO orders (id, vendor_id, customer_id, order_number, status, "
                "placed_by_name, customer_number, customer_name, delivery_address, "
                "delivery_date, currency, created_at, product_count, payment_method) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'on_delivery')",
                order_rows,
            )
            db.executemany(
                "INSERT INTO order_lines (order_id, position, product_id, product_name, unit, "
                "unit_price, quantity_ordered, quantity) VALUES (?,?,?,?,?,?,?,?)",
                line_rows,
            )
            db.executemany(
                "INSERT INTO order_search (rowid, vendor, customer_name, customer_number, "
                "order_number, products) VALUES (?,?,?,?,?,?)",
                search_rows,
            )
        order_rows.clear()
        line_rows.clear()
        search_rows.clear()

    per_vendor = orders // VENDORS
    for vid in vendors:
        for k in range(per_vendor):
            age = (per_vendor - k) * 365 / per_vendor  # oldest first, over a year
            created = NOW - timedelta(days=age, minutes=rng.randrange(600))
            cid, cname, cnumber, address = rng.choice(by_vendor[vid])
            recent = age < 7
            status = (
                rng.choice(("unconfirmed", "confirmed"))
                if recent
                else rng.choices(("delivered", "confirmed", "cancelled"), (85, 10, 5))[0]
            )
            number = (
                "O"
                + created.strftime("%y%m%d")
                + "".join(letters[(next_id // 26**i) % 26] for i in range(6))
            )
            picks = rng.sample(products[vid], rng.randint(1, 9))
            order_rows.append(
                (
                    next_id,
                    vid,
                    cid,
                    number,
                    status,
                    "Chef",
                    cnumber,
                    cname,
                    address,
                    (created + timedelta(days=1)).date().isoformat(),
                    "EUR",
                    created.isoformat(timespec="microseconds"),
                    len(picks),
                )
            )
            for pos, (pid, pname, unit, price) in enumerate(picks, start=1):
                qty = str(rng.randint(1, 10))
                line_rows.append((next_id, pos, pid, pname, unit, price, qty, qty))
            search_rows.append(
                (
                    next_id,
                    f"v{vid}",
                    cname,
                    cnumber,
                    number,
                    " ".join(f"{p[1]} {p[0]}" for p in picks),
                )
            )
            next_id += 1
            if len(order_rows) >= 50_000:
                flush()
    flush()
    db.execute("ANALYZE")
    db.close()
    return {
        "orders": next_id - 1,
        "customers": customers,
        "build s": round(time.monotonic() - began, 1),
    }


async def timed(rounds: int, work: Callable[[int], Awaitable[Any]]) -> dict[str, float]:
    times: list[float] = []
    for i in range(rounds):
        began = time.perf_counter()
        await work(i)
        times.append((time.perf_counter() - began) * 1000)
    return {"p50": round(statistics.median(times), 1), "p99": round(percentile(times, 0.99), 1)}


async def measure(path: Path | str, rounds: int) -> dict[str, Any]:
    store = await open_store(path)
    random.Random(7)
    out: dict[str, Any] = {}
    try:
        async with store.read() as tx:
            vendors = [v.id for v in await tx.vendors.all()]
        samples = {
            vid: await rows(
                str(path),
                "SELECT customer_name, customer_number, order_number, customer_id FROM orders "
                "WHERE vendor_id = ? ORDER BY random() LIMIT 50",
                vid,
            )
            for vid in vendors
        }

        def vendor(i: int) -> int:
            return vendors[i % len(vendors)]

        async def page(i: int, **filters: Any) -> None:
            async with store.read() as tx:
                await tx.orders.search(vendor(i), limit=8, **filters)

        week = (NOW - timedelta(days=7)).isoformat(timespec="microseconds")
        cases: dict[str, Callable[[int], dict[str, Any]]] = {
            "default list page": lambda i: {},
            "status filter (unconfirmed)": lambda i: {"status": OrderStatus.UNCONFIRMED},
            "status filter (delivered)": lambda i: {"status": OrderStatus.DELIVERED},
            "last 7 days": lambda i: {"created_from": week},
            "oldest first": lambda i: {"sort": "old"},
            "sort by customer name": lambda i: {"sort": "az"},
            "sort by delivery date": lambda i: {"sort": "dnew"},
            "sort by product count": lambda i: {"sort": "pdesc"},
            "status + name sort": lambda i: {"status": OrderStatus.CONFIRMED, "sort": "az"},
            "search customer name": lambda i: {"text": samples[vendor(i)][i % 50][0].split()[0]},
            "search customer number": lambda i: {"text": samples[vendor(i)][i % 50][1]},
            "search order number": lambda i: {"text": samples[vendor(i)][i % 50][2][:10]},
            "search product name": lambda i: {"text": FOODS[i % len(FOODS)].split()[0]},
            "search product ID": lambda i: {"text": f"P{i % PRODUCTS:03d}"},
            "search two words (customer name)": lambda i: {
                "text": " ".join(samples[vendor(i)][i % 50][0].split()[:2])
            },
            "search two words (product, customer)": lambda i: {
                "text": f"{FOODS[i % 9].split()[0]} {samples[vendor(i)][i % 50][0].split()[0]}"
            },
            "search, no match": lambda i: {"text": "zzyzx"},
        }
        team: dict[str, Any] = {}
        for name, filters in cases.items():

            async def one(i: int, f: Callable[[int], dict[str, Any]] = filters) -> None:
                await page(i, **f(i))

            team[name] = await timed(rounds, one)
        out["team list (page of 8 + count)"] = team

        async def my_orders(i: int) -> None:
            customer_id = samples[vendor(i)][i % 50][3]
            async with store.read() as tx:
                await tx.orders.of_customers([customer_id], limit=11)

        out["customer /orders"] = await timed(rounds, my_orders)

        async with store.read() as tx:
            vendor_row = await tx.vendors.get(vendors[0])
            customer_row = await tx.customers.get(samples[vendors[0]][0][3])
            goods = (await tx.catalogs.all_products(vendors[0]))[:5]

        async def place(i: int) -> None:
            async with store.tx() as tx:
                await tx.orders.create(
                    vendor=vendor_row,
                    customer=customer_row,
                    contact=None,
                    lines=[
                        NewOrderLine(
                            product_id=p.product_id,
                            product_name=p.name,
                            unit=p.unit,
                            unit_price=p.price,
                            quantity=Decimal(2),
                        )
                        for p in goods
                    ],
                    delivery_date=date(2026, 11, 25),
                    local_date=date(2026, 11, 23),
                )

        out["placing an order (WAL checkpoints included)"] = await timed(max(rounds, 1000), place)
        out["export a month"] = await export_month(store, vendors[0])
    finally:
        await store.close()
    return out


async def export_month(store: Store, vendor_id: int) -> dict[str, Any]:
    """A month of one vendor's orders as the bot exports it (worker processes load and build
    the CSV and the XLSX side by side), while a customer keeps asking for their orders: the
    customer's worst wait is reported. The CSV alone and the XLSX alone are timed too, each
    loaded and built in one worker."""
    query = OrderQuery(
        vendor_id=vendor_id,
        created_from=(NOW - timedelta(days=30)).isoformat(timespec="microseconds"),
        sort="old",
    )
    async with store.read() as tx:
        count = await tx.orders.count(query, cap=1_000_000)
    waits: list[float] = []
    done = asyncio.Event()

    async def customer() -> None:
        while not done.is_set():
            began = time.perf_counter()
            async with store.read() as tx:
                await tx.orders.of_customers([1], limit=11)
            waits.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.01)

    runner = ExportRunner()
    timings: dict[str, float] = {}
    try:
        await runner.build(store.url, query.model_copy(update={"only_ids": []}), "Europe/Paris")
        loop = asyncio.get_running_loop()
        data = query.model_dump(mode="json")
        for kind in ("csv", "xlsx"):  # each alone, as the goals are stated
            began = time.perf_counter()
            await loop.run_in_executor(None, build_file, kind, store.url, data, "Europe/Paris")
            timings[kind] = time.perf_counter() - began
        watcher = asyncio.create_task(customer())
        began = time.perf_counter()
        csv_data, xlsx_data = await runner.build(store.url, query, "Europe/Paris")
        both = time.perf_counter() - began
        done.set()
        await watcher
    finally:
        runner.close()
    return {
        "orders": count,
        "CSV s (load + build)": round(timings["csv"], 2),
        "XLSX s (load + build)": round(timings["xlsx"], 2),
        "both, side by side, as the bot does (s)": round(both, 2),
        "CSV KiB": len(csv_data) // 1024,
        "XLSX KiB": len(xlsx_data) // 1024,
        "customer reads meanwhile": len(waits),
        "customer worst wait ms": round(max(waits), 1) if waits else None,
    }


async def idle_rss(path: Path) -> float:
    """The resident memory of `comanda run` on this database, started and idle (MiB)."""
    from sandbox import Limits, SandboxServer
    from tests.processes import BotProcess

    async with SandboxServer(limits=Limits(enabled=False)) as sandbox:
        bot = BotProcess(sandbox, path, path.with_suffix(".log"))
        bot.start()
        try:
            await asyncio.sleep(8)  # started, migrated, polling
            assert bot.proc is not None
            status = await asyncio.to_thread(Path(f"/proc/{bot.proc.pid}/status").read_text)
            kib = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
            )
        finally:
            bot.stop()
    return round(kib / 1024, 1)


def rss_curve(folder: Path) -> dict[str, Any]:
    """Idle RSS with 1,000 and 10,000 customers (10 orders each), and the growth between."""
    found: dict[str, Any] = {}
    for customers in (1_000, 10_000):
        path = folder / f"rss-{customers}.db"
        remove(path)
        asyncio.run(build(path, customers * 10, customers))
        found[f"idle RSS MiB, {customers} customers"] = asyncio.run(idle_rss(path))
        remove(path)
    low, high = found.values()
    found["growth MiB per 1,000 customers"] = round((high - low) / 9, 2)
    return found


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", help="build the databases in this folder and keep them")
    parser.add_argument("--rss", action="store_true", help="only the idle RSS of `comanda run`")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also copy each database into PostgreSQL (comanda copy-db) and measure it there",
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="comanda-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.rss:
        print(json.dumps(rss_curve(folder), indent=1))
        return
    for size in args.orders:
        path = folder / f"scale-{size}.db"
        remove(path)
        built = asyncio.run(build(path, size, args.customers))
        built["MiB"] = round(path.stat().st_size / 2**20)
        result = {"database": built, **asyncio.run(measure(path, args.rounds))}
        print(json.dumps(result, indent=1), flush=True)
        if args.postgres:
            with server() as postgres:
                url = asyncio.run(postgres.new_database())
                began = time.monotonic()
                asyncio.run(copy_database(str(path), url))
                copied = {"copied from SQLite (s)": round(time.monotonic() - began, 1)}
                measured = asyncio.run(measure(url, args.rounds))
                print(json.dumps({"postgresql": copied, **measured}, indent=1), flush=True)
        if not args.keep:
            remove(path)


if __name__ == "__main__":
    main()
