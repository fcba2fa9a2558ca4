"""PostgreSQL through asyncpg, behind the same store API as SQLite.

The repositories' SQL is the shared subset of both databases with ``?`` placeholders; here
each statement is turned into PostgreSQL's ``$1, $2, ...`` once (cached). Values cross the
boundary as they do with SQLite: times as UTC ISO 8601 text, days as ISO dates, money and
quantities as decimal text (stored exactly, in NUMERIC), so the models read the same rows.

Transactions are READ COMMITTED (PostgreSQL's default). Every read-modify-write in the store
is a compare-and-set (``UPDATE ... WHERE status = ?``), a unique key (``ON CONFLICT``), or a
lease claimed with ``FOR UPDATE SKIP LOCKED``, and one chat's updates never run at once, so
processes sharing the database need no lock of their own. A read is a REPEATABLE READ, READ
ONLY transaction: one consistent snapshot, as a SQLite read is."""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from importlib import resources
from typing import cast

import asyncpg

from store.conn import Conn, Params, Result, Row
from store.db import Store
from store.errors import Conflict, IntegrityError
from store.migrate import Migration, migrations, refuse_newer, require_current
from store.repos import Tx

POOL_SIZE = 24  # more than the inbox's concurrent updates plus the senders' transactions
_MIGRATION_LOCK = 72_177_001  # an advisory lock: one process migrates at a time
_TOKEN = re.compile(r"'(?:[^']|'')*'|\?")


@functools.lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """``?`` placeholders as ``$1, $2, ...`` (a ``?`` inside a quoted literal stays)."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return _TOKEN.sub(number, sql)


def _changed(status: str) -> int:
    """Rows a command changed, from its status ("UPDATE 3", "INSERT 0 1")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _translated(exc: Exception) -> Exception:
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        return IntegrityError(str(exc), getattr(exc, "constraint_name", None) or "")
    if isinstance(exc, asyncpg.SerializationError | asyncpg.DeadlockDetectedError):
        return Conflict(str(exc))
    return exc


# -- values as the store's models read them (the same text SQLite gives back) ----------------


def _time_out(value: object) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return str(value)


def _time_in(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="microseconds")


def _day_out(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


async def _setup(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "timestamptz", schema="pg_catalog", encoder=_time_out, decoder=_time_in, format="text"
    )
    await conn.set_type_codec(
        "date", schema="pg_catalog", encoder=_day_out, decoder=str, format="text"
    )
    await conn.set_type_codec(
        "numeric", schema="pg_catalog", encoder=str, decoder=str, format="text"
    )


class PgConn(Conn):
    dialect = "postgresql"
    like = "ILIKE"

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.raw = conn

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return cast(list[Row], await self.raw.fetch(to_postgres(sql), *params))
        except asyncpg.PostgresError as exc:
            raise _translated(exc) from exc

    async def execute(self, sql: str, params: Params = ()) -> Result:
        try:
            return Result(_changed(await self.raw.execute(to_postgres(sql), *params)))
        except asyncpg.PostgresError as exc:
            raise _translated(exc) from exc

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        statement = to_postgres(sql)
        changed = 0
        try:
            prepared = await self.raw.prepare(statement)
            for row in rows:
                await prepared.fetch(*row)
                changed += _changed(prepared.get_statusmsg())
        except asyncpg.PostgresError as exc:
            raise _translated(exc) from exc
        return changed

    def nocase(self, expression: str) -> str:
        return f"lower({expression})"

    def for_update(self) -> str:
        return " FOR UPDATE"

    def skip_locked(self, alias: str) -> str:
        return f" FOR UPDATE OF {alias} SKIP LOCKED"

    def in_picked(self, subquery: str) -> str:
        return f"= ANY(ARRAY({subquery}))"  # an InitPlan: run once, whatever the join

    async def announce(self, topic: str) -> None:
        await self.execute("SELECT pg_notify(?, '')", (f"comanda_{topic}",))


class PgStore(Store):
    dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url
        self._listener: asyncpg.Connection | None = None

    async def subscribe(self, topic: str, callback: Callable[[], None]) -> None:
        if self._listener is None:
            self._listener = await _connect(self.url)

        def heard(*_args: object) -> None:
            callback()

        await self._listener.add_listener(f"comanda_{topic}", heard)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        async with self.pool.acquire() as conn:
            transaction = conn.transaction()
            await transaction.start()
            try:
                yield Tx(PgConn(conn))
            except BaseException:
                await transaction.rollback()
                raise
            try:
                await transaction.commit()
            except asyncpg.PostgresError as exc:
                raise _translated(exc) from exc

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self.pool.acquire() as conn:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                yield Tx(PgConn(conn))

    async def schema_version(self) -> int:
        async with self.pool.acquire() as conn:
            return await _version(conn)

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()
        await self.pool.close()


# -- migrations -------------------------------------------------------------------------------


def postgres_migrations() -> list[Migration]:
    """The PostgreSQL spelling of each SQLite migration, same names and versions."""
    folder = resources.files("store.migrations").joinpath("postgresql")
    found = []
    for migration in migrations():
        found.append(
            Migration(
                migration.version,
                migration.name,
                folder.joinpath(migration.name).read_text("utf-8"),
            )
        )
    return found


async def _version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('comanda_schema') IS NOT NULL")
    if not exists:
        return 0
    return int(await conn.fetchval("SELECT version FROM comanda_schema") or 0)


async def _apply(conn: asyncpg.Connection) -> list[str]:
    applied: list[str] = []
    known = postgres_migrations()
    async with conn.transaction():
        await conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        await conn.execute("CREATE TABLE IF NOT EXISTS comanda_schema (version INTEGER NOT NULL)")
        if await conn.fetchval("SELECT COUNT(*) FROM comanda_schema") == 0:
            await conn.execute("INSERT INTO comanda_schema (version) VALUES (0)")
    version = await _version(conn)
    refuse_newer(version)
    for migration in known[version:]:
        async with conn.transaction():
            await conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            if await _version(conn) >= migration.version:
                continue  # another process applied it meanwhile
            await conn.execute(migration.sql)
            await conn.execute("UPDATE comanda_schema SET version = $1", migration.version)
        applied.append(migration.name)
    return applied


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url, server_settings={"timezone": "UTC"})


async def migrate_postgres(url: str) -> list[str]:
    conn = await _connect(url)
    try:
        return await _apply(conn)
    finally:
        await conn.close()


async def open_postgres(url: str, *, migrate_schema: bool = True) -> PgStore:
    conn = await _connect(url)
    try:
        if migrate_schema:
            await _apply(conn)
        else:
            require_current(await _version(conn))
    finally:
        await conn.close()
    pool = await asyncpg.create_pool(
        url,
        min_size=1,
        max_size=POOL_SIZE,
        init=_setup,
        server_settings={"timezone": "UTC"},
    )
    assert pool is not None
    return PgStore(pool, url)
