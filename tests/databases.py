"""Which database a test uses, found from its folder (see conftest.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg

from store.postgres import to_postgres

BACKENDS = ["sqlite", "postgresql"]
MARKER = ".database"  # in a PostgreSQL test's folder: the URL of its database
# modules whose tests never open a store: they run once
DB_FREE = {
    "test_delivery_rules",
    "test_demo",  # the demo keeps its own SQLite file
    "test_free_text",
    "test_free_text_corrections",
    "test_free_text_matching",
    "test_free_text_quantities",
    "test_free_text_reading",
    "test_http",
    "test_i18n",
    "test_lint",
    "test_order_grammar",
    "test_packaging",
    "test_picking",
    "test_ratelimit",
    "test_reminders_rules",
    "test_rules",
    "test_sandbox_methods",
    "test_sandbox_readme",
    "test_sandbox_roundtrip",
    "test_sandbox_validation",
    "test_standing_rules",
    "test_usual",
}


def database_at(folder: Path) -> str:
    """The test's database: the PostgreSQL URL its fixture wrote, else the SQLite file."""
    marker = folder / MARKER
    return marker.read_text().strip() if marker.exists() else str(folder / "comanda.db")


async def rows(database: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """A test's look straight into its database (SQLite or PostgreSQL), behind the bot's
    back: ``?`` placeholders on both."""
    if "://" not in database:  # in a thread: the bot may be writing in this same loop

        def read() -> list[tuple[Any, ...]]:
            with sqlite3.connect(database, timeout=30) as conn:
                return list(conn.execute(sql, params).fetchall())

        return await asyncio.to_thread(read)
    conn = await asyncpg.connect(database)
    try:
        return [tuple(map(_as_sqlite, r)) for r in await conn.fetch(to_postgres(sql), *params)]
    finally:
        await conn.close()


def _as_sqlite(value: Any) -> Any:
    """A PostgreSQL value as SQLite holds it: times and days as ISO text, numbers as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def execute(database: str, sql: str, *params: Any) -> None:
    """Change the database behind the bot's back (damage it, repair it)."""
    if "://" not in database:

        def write() -> None:
            with sqlite3.connect(database, timeout=30) as conn:
                conn.executescript(sql) if not params else conn.execute(sql, params)

        await asyncio.to_thread(write)
        return
    conn = await asyncpg.connect(database)
    try:
        await conn.execute(to_postgres(sql), *params)
    finally:
        await conn.close()


async def until(check: Callable[[], Awaitable[bool]], timeout: float) -> None:
    """Wait until ``check`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout} s: {check}")
        await asyncio.sleep(0.05)
