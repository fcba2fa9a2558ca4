"""Which Telegram updates were already handled, so a repeated delivery is ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.repos.base import Repo, iso, now_iso

KEEP = timedelta(days=2)


class UpdateRepo(Repo):
    async def first_time(self, update_id: int) -> bool:
        """Record the update; False when it had been recorded before."""
        cur = await self._exec(
            "INSERT OR IGNORE INTO processed_updates (update_id, handled_at) VALUES (?, ?)",
            (update_id, now_iso()),
        )
        return cur.rowcount == 1

    async def prune(self) -> None:
        await self._exec(
            "DELETE FROM processed_updates WHERE handled_at < ?",
            (iso(datetime.now(UTC) - KEEP),),
        )
