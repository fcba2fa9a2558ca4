"""Opening the SQLite file and running transactions on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from store.migrate import apply_migrations, current_version, latest_version
from store.repos import Tx

BUSY_TIMEOUT_MS = 10_000


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """One connection; every transaction holds the store's lock, so coroutines never
    interleave statements inside each other's transactions."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        """A write transaction (BEGIN IMMEDIATE): commits on exit, rolls back on error."""
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield Tx(self._conn)
            except BaseException:
                await self._abandon()
                raise
            try:
                await self._conn.execute("COMMIT")
            except BaseException:  # cancelled while committing: never leave it open
                await self._abandon()
                raise

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A read transaction: one consistent snapshot."""
        async with self._lock:
            try:
                await self._conn.execute("BEGIN")
                yield Tx(self._conn)
            finally:
                await self._abandon(commit=True)

    async def _abandon(self, *, commit: bool = False) -> None:
        """End whatever transaction is open, even when the task was cancelled midway: a
        cancelled BEGIN may still be queued on the connection's thread, so first let every
        queued statement run, then look, and only then give the lock back."""

        async def settle() -> None:
            await self._conn.execute("SELECT 1")
            if self._conn.in_transaction:
                await self._conn.execute("COMMIT" if commit else "ROLLBACK")

        task = asyncio.ensure_future(settle())
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            await task
            raise

    async def schema_version(self) -> int:
        async with self._lock:
            return await current_version(self._conn)

    async def close(self) -> None:
        await self._conn.close()


async def connect(path: str | Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")
    return conn


async def migrate(path: str | Path) -> list[str]:
    """Apply pending migrations to the database at ``path``; returns what was applied."""
    conn = await connect(path)
    try:
        return await apply_migrations(conn)
    finally:
        await conn.close()


async def open_store(path: str | Path, *, migrate_schema: bool = True) -> Store:
    conn = await connect(path)
    try:
        if migrate_schema:
            await apply_migrations(conn)
        else:
            version = await current_version(conn)
            if version != latest_version():
                raise RuntimeError(
                    f"database schema is at version {version}, expected {latest_version()}: "
                    "run `comanda migrate`"
                )
    except BaseException:
        await conn.close()
        raise
    return Store(conn, str(path))
