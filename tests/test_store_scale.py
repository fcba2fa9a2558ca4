"""What keeps a year of orders fast, checked for what it returns: the search index, the
product count the store keeps, the capped count, and readers that never wait for the
writer (speed itself is measured by bench/scale.py)."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from domain.enums import OrderStatus
from domain.rules.catalog_import import parse_csv
from store import Store
from store.models import NewOrderLine
from store.repos.orders import search_expression
from tests.test_store import make_vendor

CATALOG = (
    "product_id,name,unit,price\nVEG-001,Romaine lettuce,case,14.50\n"
    "VEG-003,Carrots,kg,1.10\nDAI-001,Crème fraîche,pot,3.00\n"
)


async def orders_for(store: Store) -> tuple[int, list[int]]:
    vendor_id = await make_vendor(store)
    ids = []
    async with store.tx() as tx:
        await tx.catalogs.apply_import(vendor_id, parse_csv(CATALOG))
        vendor = await tx.vendors.get(vendor_id)
        products = {p.product_id: p for p in await tx.catalogs.all_products(vendor_id)}
        for name, number, lines in (
            ("Bistro Lumière", "C-042", [("VEG-001", "2"), ("VEG-003", "1")]),
            ("Épicerie Martin", "C-404", [("DAI-001", "1")]),
            ("Hotel Riviera", "H-7", [("VEG-003", "4"), ("DAI-001", "2"), ("VEG-001", "1")]),
        ):
            customer = await tx.customers.create(
                vendor_id=vendor_id, name=name, customer_number=number
            )
            order, _ = await tx.orders.create(
                vendor=vendor,
                customer=customer,
                contact=None,
                lines=[
                    NewOrderLine(
                        product_id=pid,
                        product_name=products[pid].name,
                        unit=products[pid].unit,
                        unit_price=products[pid].price,
                        quantity=Decimal(q),
                    )
                    for pid, q in lines
                ],
                delivery_date=date(2026, 11, 25),
                local_date=date(2026, 11, 23),
            )
            ids.append(order.id)
    return vendor_id, ids


async def test_search_by_name_number_order_product_and_word_starts(store: Store) -> None:
    vendor_id, (bistro, epicerie, hotel) = await orders_for(store)

    async def found(text: str) -> set[int]:
        async with store.read() as tx:
            orders, total = await tx.orders.search(vendor_id, text=text, limit=50)
        assert total == len(orders)
        return {o.id for o in orders}

    async with store.read() as tx:
        number = (await tx.orders.get(hotel)).order_number
    assert await found("lumiere") == {bistro}  # accents do not matter
    assert await found("Epic") == {epicerie}  # the start of a word
    assert await found("C-042") == {bistro} and await found("042") == {bistro}
    assert await found(number) == {hotel}
    # the start of an order number finds it, and only orders whose number starts so
    # (order numbers end in random letters: two may share the first ones)
    async with store.read() as tx:
        starting = {
            o.id
            for o in await tx.orders.of_customers(list(range(1, 10)), limit=50)
            if o.order_number.startswith(number[:8])
        }
    assert hotel in starting and await found(number[:8]) == starting
    assert await found("carrots") == {bistro, hotel}
    assert await found("VEG-001") == {bistro, hotel}
    assert await found("creme") == {epicerie, hotel}
    assert await found("carrots hotel") == {hotel}  # every word must match
    assert await found("zzyzx") == set()
    for hostile in ('"', '" OR 1', "NEAR(", "*", "-", "a:b", "'; DROP TABLE orders; --"):
        await found(hostile)  # never an FTS syntax error, never SQL
    assert search_expression('say "hi" now') == '"say"* "hi" "now"*'


async def test_product_count_kept_and_sorted_and_counts_capped(store: Store) -> None:
    vendor_id, (bistro, epicerie, hotel) = await orders_for(store)
    async with store.read() as tx:
        most, _ = await tx.orders.search(vendor_id, sort="pdesc", limit=3)
    assert [o.id for o in most] == [hotel, bistro, epicerie]
    async with store.tx() as tx:  # the team removes two of the hotel's three lines
        await tx.orders.set_line_quantity(hotel, 1, Decimal(0))
        await tx.orders.set_line_quantity(hotel, 2, Decimal(0))
    async with store.read() as tx:
        fewest, _ = await tx.orders.search(vendor_id, sort="pasc", limit=3)
        _page, capped = await tx.orders.search(vendor_id, limit=1, count_cap=2)
        _page, exact = await tx.orders.search(vendor_id, limit=1)
        _page, unconfirmed = await tx.orders.search(
            vendor_id, status=OrderStatus.UNCONFIRMED, limit=1
        )
    assert [o.id for o in fewest][:2] in ([epicerie, hotel], [hotel, epicerie])
    assert capped == 3 and exact == 3 and unconfirmed == 3  # above the cap: cap + 1


async def test_reads_never_wait_for_the_writer(store: Store) -> None:
    vendor_id, ids = await orders_for(store)
    read_done = asyncio.Event()

    async def read() -> int:
        async with store.read() as tx:
            orders, _ = await tx.orders.search(vendor_id, limit=10)
        read_done.set()
        return len(orders)

    async with store.tx() as tx:  # the writer is busy...
        await tx.orders.set_status(ids[0], OrderStatus.CONFIRMED)
        reader = asyncio.create_task(read())
        await asyncio.wait_for(read_done.wait(), 10)  # ...and a read completes meanwhile
        assert await reader == 3
    async with store.read() as tx:  # and sees the write once committed
        assert (await tx.orders.get(ids[0])).status is OrderStatus.CONFIRMED
