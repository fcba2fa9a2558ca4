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

    async def _lease_owners_in(self, table: str, open_status: str) -> list[str]:
        """Who holds leases on the still-open rows of ``table`` (a table name of ours)."""
        rows = await self._all(
            f"SELECT DISTINCT lease_owner FROM {table} WHERE lease_owner IS NOT NULL "
            f"AND status IN ({open_status})"
        )
        return [str(r["lease_owner"]) for r in rows]

    async def _release_owners_in(self, table: str, owners: Sequence[str]) -> int:
        """Free every lease of ``owners`` (processes known to be gone) in ``table``."""
        if not owners:
            return 0
        cur = await self._exec(
            f"UPDATE {table} SET lease_owner = NULL, lease_until = NULL "
            f"WHERE lease_owner IN ({placeholders(owners)})",
            tuple(owners),
        )
        return int(cur.rowcount)

    async def _insert(self, sql: str, params: Params = ()) -> int:
        cur = await self._exec(sql, params)
        assert cur.lastrowid is not None
        return int(cur.lastrowid)
