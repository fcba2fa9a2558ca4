"""``comanda copy-db SRC DST``: every row of one database into another, empty one (a SQLite
file into PostgreSQL, typically). The target is migrated first; the copy is one transaction,
so it lands whole or not at all; the search index is rebuilt in the target's own form."""

from __future__ import annotations

from domain.errors import ComandaError
from store.db import Store, open_store
from store.migrate import latest_version

# Every table, each after the tables it refers to (the order the migrations create them).
TABLES = (
    "bots",
    "vendors",
    "closure_dates",
    "team_members",
    "catalogs",
    "products",
    "catalog_products",
    "customers",
    "rep_assignments",
    "contacts",
    "customer_contacts",
    "labels",
    "customer_labels",
    "orders",
    "order_lines",
    "invites",
    "outbox",
    "audit_log",
    "user_state",
    "carts",
    "cart_lines",
    "order_cards",
    "customer_topics",
    "relayed_messages",
    "broadcasts",
    "broadcast_deliveries",
    "processed_updates",
    "inbox",
    "catalog_imports",
    "phrase_memory",
    "update_effects",
    "sender_leases",
    "cutoff_reminders",
    "sent_pick_lists",
    "standing_orders",
    "standing_order_lines",
    "standing_occurrences",
)
BATCH = 2_000


class CopyRefused(ComandaError):
    """The copy cannot start (nothing was written)."""


async def copy_database(source: str, target: str) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``; rows per table."""
    if source == target:
        raise CopyRefused("source and target are the same database")
    src = await open_store(source, migrate_schema=False)
    try:
        dst = await open_store(target)
        try:
            return await _copy(src, dst)
        finally:
            await dst.close()
    finally:
        await src.close()


async def _copy(src: Store, dst: Store) -> dict[str, int]:
    if await src.schema_version() != latest_version():
        raise CopyRefused("the source's schema is not current: run `comanda migrate` on it")
    counts: dict[str, int] = {}
    async with src.read() as reading, dst.tx() as writing:
        for table in TABLES:
            if await writing.copying.count(table):
                raise CopyRefused(
                    f"the target already holds data ({table}): copy into an empty one"
                )
        for table in TABLES:
            counts[table] = 0
            async for rows in reading.copying.rows(table, BATCH):
                counts[table] += await writing.copying.insert(table, rows)
        await writing.copying.restart_ids(TABLES)
        await writing.orders.index_all()
        await writing.copying.analyze()
    return counts
