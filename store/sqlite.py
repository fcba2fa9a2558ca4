"""SQLite through aiosqlite: each statement is one trip to the connection's thread (the
statement and its rows come back together)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import cast

import aiosqlite

from store.conn import Conn, Params, Result, Row
from store.errors import Conflict, IntegrityError


def _translated(exc: sqlite3.Error) -> Exception:
    if isinstance(exc, sqlite3.IntegrityError):
        return IntegrityError(str(exc), str(exc))
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return Conflict(str(exc))
    return exc


class SqliteConn(Conn):
    dialect = "sqlite"
    like = "LIKE"  # case-insensitive for ASCII letters

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.raw = conn

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            rows = await self.raw.execute_fetchall(sql, params)
            return cast(list[Row], list(rows))  # sqlite3.Row maps column names to values
        except sqlite3.Error as exc:
            raise _translated(exc) from exc

    async def execute(self, sql: str, params: Params = ()) -> Result:
        try:
            # a finished statement holds nothing: its cursor needs no closing trip
            cursor = await self.raw.execute(sql, params)
        except sqlite3.Error as exc:
            raise _translated(exc) from exc
        return Result(cursor.rowcount)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        before = self.raw.total_changes
        try:
            await self.raw.executemany(sql, list(rows))
        except sqlite3.Error as exc:
            raise _translated(exc) from exc
        return int(self.raw.total_changes - before)

    def nocase(self, expression: str) -> str:
        return f"{expression} COLLATE NOCASE"
