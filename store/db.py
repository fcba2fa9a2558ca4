"""Opening the store and running transactions on it: SQLite (a file, the embedded default)
or PostgreSQL (``postgresql://...``, :mod:`store.postgres`), behind one interface."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from store.migrate import apply_migrations, current_version, require_current
from store.repos import Tx
from store.sqlite import SqliteConn

BUSY_TIMEOUT_MS = 10_000
READERS = 2  # reader connections per store (each has its own thread)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(ABC):
    """Where Comanda keeps everything. ``tx()`` is a write transaction (commits on exit, rolls
    back on error); ``read()`` a read-only one that sees one consistent snapshot."""

    url: str  # what open_store() opens again (an export worker, a copy)
    dialect: str  # "sqlite" or "postgresql"

    @abstractmethod
    def tx(self) -> AbstractAsyncContextManager[Tx]: ...

    @abstractmethod
    def read(self) -> AbstractAsyncContextManager[Tx]: ...

    @abstractmethod
    async def schema_version(self) -> int: ...

    async def subscribe(self, topic: str, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a transaction that announced ``topic`` commits, in any
        process (PostgreSQL's LISTEN). SQLite serves one process: nothing to hear."""
        return None

    @abstractmethod
    async def close(self) -> None: ...

    def for_bot(self, bot: int) -> Store:
        """This store, its transactions serving one bot (0: the shared bot; see Repo)."""
        return self if bot == 0 else BotStore(self, bot)


class BotStore(Store):
    """A store seen by one bot's Application: the same connections, every transaction
    scoped to that bot. Closing it closes the store."""

    def __init__(self, inner: Store, bot: int) -> None:
        self.inner = inner
        self.bot = bot
        self.url = inner.url
        self.dialect = inner.dialect

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        async with self.inner.tx() as tx:
            yield tx.for_bot(self.bot)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self.inner.read() as tx:
            yield tx.for_bot(self.bot)

    async def schema_version(self) -> int:
        return await self.inner.schema_version()

    async def subscribe(self, topic: str, callback: Callable[[], None]) -> None:
        await self.inner.subscribe(topic, callback)

    def for_bot(self, bot: int) -> Store:
        return self.inner.for_bot(bot)

    async def close(self) -> None:
        await self.inner.close()


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def sqlite_path(target: str | Path) -> str:
    """A path, or ``sqlite:///path``, as the file's path."""
    text = str(target)
    return text[len("sqlite:///") :] if text.startswith("sqlite:///") else text


class SqliteStore(Store):
    """One writer connection and a few reader connections on the same file (WAL). Every
    write transaction holds the writer's lock, so coroutines never interleave statements
    inside each other's transactions; a read takes a reader of its own, so reads never wait
    behind a writer or a long search, and run side by side in their connections' threads."""

    dialect = "sqlite"

    def __init__(
        self, conn: aiosqlite.Connection, path: str, readers: list[aiosqlite.Connection]
    ) -> None:
        self._conn = conn
        self._writer = Tx(SqliteConn(conn))
        self.url = path
        self._lock = asyncio.Lock()
        self._all_readers = list(readers)
        self._readers: asyncio.Queue[tuple[aiosqlite.Connection, Tx]] = asyncio.Queue()
        for reader in readers:
            self._readers.put_nowait((reader, Tx(SqliteConn(reader))))

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        """A write transaction (BEGIN IMMEDIATE): commits on exit, rolls back on error."""
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield self._writer
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
                    yield self._writer
                except BaseException:
                    await _abandon(self._conn, commit=True)
                    raise
                await _end(self._conn)
            return
        reader, tx = await self._readers.get()
        try:
            try:
                await reader.execute("BEGIN")
                yield tx
            except BaseException:
                await _abandon(reader, commit=True)
                raise
            await _end(reader)
        finally:
            self._readers.put_nowait((reader, tx))

    async def schema_version(self) -> int:
        async with self._lock:
            return await current_version(self._conn)

    async def close(self) -> None:
        for reader in self._all_readers:
            await reader.close()
        await self._conn.close()


async def _end(conn: aiosqlite.Connection) -> None:
    """End a read that finished normally: nothing of it is still queued, so one COMMIT does
    (if that is cancelled, the careful path below settles the connection)."""
    try:
        await conn.execute("COMMIT")
    except BaseException:
        await _abandon(conn, commit=True)
        raise


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


async def migrate(target: str | Path) -> list[str]:
    """Apply pending migrations to the database ``target`` names; returns what was applied."""
    if is_postgres(target):
        from store.postgres import migrate_postgres

        return await migrate_postgres(str(target))
    conn = await connect(sqlite_path(target))
    try:
        return await apply_migrations(conn)
    finally:
        await conn.close()


async def open_store(
    target: str | Path, *, migrate_schema: bool = True, readers: int = READERS
) -> Store:
    """The store ``target`` names: ``postgresql://...`` (PostgreSQL), else a SQLite file (a
    path or ``sqlite:///path``)."""
    if is_postgres(target):
        from store.postgres import open_postgres

        return await open_postgres(str(target), migrate_schema=migrate_schema)
    path = sqlite_path(target)
    conn = await connect(path)
    try:
        if migrate_schema:
            await apply_migrations(conn)
        else:
            require_current(await current_version(conn))
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
    return SqliteStore(conn, path, opened)
