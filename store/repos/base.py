"""What every repository shares: its connection and row helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from store.conn import Conn, Params, Result, Row


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


# A vendor's bot as SQL (vendors aliased v): its own bot's Telegram id, or 0 for the shared.
VENDOR_BOT = "COALESCE(v.bot, 0)"


class Repo:
    """``bot``: the bot this transaction serves (0: the shared bot). The repositories whose
    rows belong to one bot (updates, outbox messages, broadcasts) or that say who a person
    is to the bot (their vendors as team member or customer) keep to that bot's vendors."""

    def __init__(self, conn: Conn, bot: int = 0) -> None:
        self._conn = conn
        self.bot = bot

    async def _one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._conn.fetch(sql, params)
        return rows[0] if rows else None

    async def _all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._conn.fetch(sql, params)

    async def _exec(self, sql: str, params: Params = ()) -> Result:
        return await self._conn.execute(sql, params)

    async def _many(self, sql: str, rows: Iterable[Params]) -> int:
        return await self._conn.executemany(sql, rows)

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
        return cur.rowcount

    async def _insert(self, sql: str, params: Params = ()) -> int:
        """An INSERT of one row; the new row's id."""
        row = await self._one(f"{sql} RETURNING id", params)
        assert row is not None
        return int(row["id"])

    async def _insert_new(self, sql: str, params: Params = ()) -> int | None:
        """An INSERT ... ON CONFLICT DO NOTHING of one row: its id, or None when a row with
        its key was already there."""
        row = await self._one(f"{sql} RETURNING id", params)
        return int(row["id"]) if row else None
