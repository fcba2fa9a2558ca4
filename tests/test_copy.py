"""`comanda copy-db`: a wholesaler's SQLite database, used for real, moves into another
database (PostgreSQL, or another SQLite file) with nothing lost, and the bot carries on
there: the cart, the orders, their search, what the phrases taught."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox import SandboxServer
from store import open_store
from store.copy import TABLES, CopyRefused, copy_database
from tests.databases import database_at, rows
from tests.harness import Harness, comanda, running, sandbox_limits
from tests.processes import to_review


async def table_rows(database: str, table: str) -> list[tuple[object, ...]]:
    return sorted(await rows(database, f"SELECT * FROM {table}"), key=repr)


async def test_a_used_database_moves_with_nothing_lost(
    sandbox: SandboxServer, tmp_path: Path, database: str
) -> None:
    (tmp_path / "source").mkdir()
    async with comanda(sandbox, tmp_path / "source") as h:
        source = database_at(tmp_path / "source")
        ana = await h.join()
        review, place = await to_review(h, ana)
        await h.press_data(ana, review, place)
        placed = await h.expect(ana.id, "placed")
        await h.say(ana, "6 milk")
        ask = await h.expect(ana.id, "Which product did you mean")
        await h.press(ana, ask, "Oat milk")  # a phrase the vendor's bot learns
        await h.expect(ana.id, "Added: 6 × Oat milk")
        await h.say(ana, "3 carrots")  # left in the cart
        await h.expect(ana.id, "Added to your cart")
        admin = h.seed.admin
        await h.say(admin, "/orders")
        await h.expect(admin.id, "Orders")

    counts = await copy_database(source, database)
    assert set(counts) == set(TABLES)
    for table in TABLES:
        assert await table_rows(database, table) == await table_rows(source, table), table
    assert counts["orders"] == 1 and counts["phrase_memory"] == 1 and counts["cart_lines"] == 2

    # the bot carries on in the copy
    target = await open_store(database)
    try:
        async with target.read() as tx:
            (order,) = await tx.orders.of_customers([h.seed.customer_id], limit=10)
            found, total = await tx.orders.search(h.seed.vendor_id, text="romaine")
            assert total == 1 and found[0].id == order.id  # the search index came along
            assert order.order_number in placed["text"]
        moved = Harness(sandbox, target, h.clock, h.seed)
        async with running(sandbox, database, h.clock):
            await moved.say(ana, "/cart")
            cart = await moved.expect(ana.id, "Your cart")
            assert "6 × Oat milk" in cart["text"] and "3 × Carrots" in cart["text"]
            await moved.say(ana, "2 milk")  # matched at once: the phrase came along
            added = await moved.expect(ana.id, "Added to your cart")
            assert "Oat milk" in added["text"]
            review, place = await to_review(moved, ana, "1 romaine")
            await moved.press_data(ana, review, place)
            await moved.expect(ana.id, "placed")
        async with target.read() as tx:
            orders = await tx.orders.of_customers([h.seed.customer_id], limit=10)
        assert len(orders) == 2 and max(o.id for o in orders) > order.id  # ids go on after
    finally:
        await target.close()


async def test_a_copy_never_mixes_into_data(
    sandbox: SandboxServer, tmp_path: Path, database: str
) -> None:
    (tmp_path / "source").mkdir()
    async with comanda(sandbox, tmp_path / "source"):
        pass
    source = database_at(tmp_path / "source")
    await copy_database(source, database)
    with pytest.raises(CopyRefused, match="already holds data"):
        await copy_database(source, database)  # the target is not empty any more
    with pytest.raises(CopyRefused, match="same database"):
        await copy_database(source, source)
    before = await table_rows(database, "vendors")
    assert len(before) == 1  # nothing was added by the refused copy


__all__ = ["sandbox_limits"]
