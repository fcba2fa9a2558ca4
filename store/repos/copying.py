"""Rows of any table as they are, for `comanda copy-db` (store/copy.py): read in batches,
written with the same columns, ids kept."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from store.conn import Row
from store.repos.base import Repo


class CopyRepo(Repo):
    """``table`` is always one of store.copy.TABLES, never a user's text."""

    async def count(self, table: str) -> int:
        row = await self._one(f"SELECT COUNT(*) AS n FROM {table}")
        return int(row["n"]) if row else 0

    async def rows(self, table: str, batch: int) -> AsyncIterator[list[Row]]:
        """Every row, ``batch`` at a time, in a stable order (all columns, key included)."""
        first = await self._all(f"SELECT * FROM {table} LIMIT 1")
        if not first:
            return
        order = ", ".join(str(i) for i in range(1, len(first[0].keys()) + 1))
        offset = 0
        while True:
            rows = await self._all(
                f"SELECT * FROM {table} ORDER BY {order} LIMIT ? OFFSET ?", (batch, offset)
            )
            if not rows:
                return
            yield rows
            offset += len(rows)

    async def insert(self, table: str, rows: Sequence[Row]) -> int:
        if not rows:
            return 0
        columns = list(rows[0].keys())
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        return await self._many(sql, [tuple(row[c] for c in columns) for row in rows])

    async def analyze(self) -> None:
        """Fresh statistics for the planner, as after `comanda migrate`."""
        await self._exec("ANALYZE")

    async def restart_ids(self, tables: Sequence[str]) -> None:
        """After rows came with their ids: new rows get ids above them. SQLite does this by
        itself; a PostgreSQL identity column is told."""
        if self._conn.dialect != "postgresql":
            return
        for table in tables:
            row = await self._one(
                "SELECT 1 AS yes FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = ? AND column_name = 'id' AND is_identity = 'YES'",
                (table,),
            )
            if row:
                await self._one(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false) AS at"
                )
