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
READERS = 2  # reader connections per store (each has its own thread)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """One writer connection and a few reader connections on the same file (WAL). Every
    write transaction holds the writer's lock, so coroutines never interleave statements
    inside each other's transactions; a read takes a reader of its own, so reads never wait
    behind a writer or a long search, and run side by side in their connections' threads."""

    def __init__(
        self, conn: aiosqlite.Connection, path: str, readers: list[aiosqlite.Connection]
    ) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._all_readers = list(readers)
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._readers.put_nowait(reader)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        """A write transaction (BEGIN IMMEDIATE): commits on exit, rolls back on error."""
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield Tx(self._conn)
            except BaseException:
                await _abandon(self._conn)
                raise
            try:
                await self._conn.execute("COMMIT")
            except BaseException:  # cancelled while committing: never leave it open
                await _abandon(self._conn)
                raise

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A read transaction on a reader connection: one consistent snapshot, which sees
        every write committed before it began."""
        if not self._all_readers:  # a store opened without readers reads on the writer
            async with self._lock:
                try:
                    await self._conn.execute("BEGIN")
                    yield Tx(self._conn)
                finally:
                    await _abandon(self._conn, commit=True)
            return
        reader = await self._readers.get()
        try:
            await reader.execute("BEGIN")
            yield Tx(reader)
        finally:
            try:
                await _abandon(reader, commit=True)
            finally:
                self._readers.put_nowait(reader)

    async def schema_version(self) -> int:
        async with self._lock:
            return await current_version(self._conn)

    async def close(self) -> None:
        for reader in self._all_readers:
            await reader.close()
        await self._conn.close()


async def _abandon(conn: aiosqlite.Connection, *, commit: bool = False) -> None:
    """End whatever transaction is open, even when the task was cancelled midway: a
    cancelled BEGIN may still be queued on the connection's thread, so first let every
    queued statement run, then look, and only then give the connection back."""

    async def settle() -> None:
        await conn.execute("SELECT 1")
        if conn.in_transaction:
            await conn.execute("COMMIT" if commit else "ROLLBACK")

    task = asyncio.ensure_future(settle())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise


async def connect(path: str | Path, *, reader: bool = False) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if reader:
        await conn.execute("PRAGMA query_only = ON")  # a reader never writes
    else:
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    return conn


async def migrate(path: str | Path) -> list[str]:
    """Apply pending migrations to the database at ``path``; returns what was applied."""
    conn = await connect(path)
    try:
        return await apply_migrations(conn)
    finally:
        await conn.close()


async def open_store(
    path: str | Path, *, migrate_schema: bool = True, readers: int = READERS
) -> Store:
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
    opened: list[aiosqlite.Connection] = []
    try:
        for _ in range(readers):
            opened.append(await connect(path, reader=True))
    except BaseException:
        for reader in opened:
            await reader.close()
        await conn.close()
        raise
    return Store(conn, str(path), opened)
