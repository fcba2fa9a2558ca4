"""What every repository shares: its connection and row helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import aiosqlite

Params = Sequence[Any] | dict[str, Any]


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def now_iso() -> str:
    return iso(datetime.now(UTC)) or ""


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def placeholders(values: Iterable[Any]) -> str:
    return ",".join("?" for _ in values)


class Repo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def _all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def _exec(self, sql: str, params: Params = ()) -> aiosqlite.Cursor:
        cur = await self._conn.execute(sql, params)
        await cur.close()
        return cur

    async def _insert(self, sql: str, params: Params = ()) -> int:
        cur = await self._exec(sql, params)
        assert cur.lastrowid is not None
        return int(cur.lastrowid)
