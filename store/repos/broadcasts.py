"""Broadcasts and their deliveries: one row per recipient, written before the first send."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from store.models import Broadcast, Delivery
from store.repos.base import Repo, dumps, iso, now_iso


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(**{**dict(row), "audience": json.loads(row["audience"])})


class BroadcastRepo(Repo):
    async def create(
        self,
        *,
        vendor_id: int,
        created_by: int,
        chat_id: int,
        audience: dict[str, Any],
        text: str,
        photo_file_id: str | None,
        recipients: Sequence[tuple[int, int, str | None]],
    ) -> Broadcast:
        """The broadcast and one pending delivery per (contact, telegram user, language)."""
        now = now_iso()
        broadcast_id = await self._insert(
            "INSERT INTO broadcasts (vendor_id, created_by, chat_id, audience, text, "
            "photo_file_id, created_at) VALUES (?,?,?,?,?,?,?)",
            (vendor_id, created_by, chat_id, dumps(audience), text, photo_file_id, now),
        )
        await self._conn.executemany(
            "INSERT OR IGNORE INTO broadcast_deliveries (broadcast_id, contact_id, "
            "telegram_user_id, language, next_attempt_at) VALUES (?,?,?,?,?)",
            [
                (broadcast_id, contact, user, language, now)
                for contact, user, language in recipients
            ],
        )
        return await self.get(broadcast_id)

    async def get(self, broadcast_id: int) -> Broadcast:
        row = await self._one("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        assert row is not None
        return _broadcast(row)

    async def of_vendor(self, vendor_id: int, limit: int = 10) -> list[Broadcast]:
        rows = await self._all(
            "SELECT * FROM broadcasts WHERE vendor_id = ? ORDER BY id DESC LIMIT ?",
            (vendor_id, limit),
        )
        return [_broadcast(r) for r in rows]

    async def active(self) -> list[Broadcast]:
        rows = await self._all("SELECT * FROM broadcasts WHERE status = 'sending' ORDER BY id")
        return [_broadcast(r) for r in rows]

    async def due(self, *, now: datetime | None = None, limit: int = 50) -> list[Delivery]:
        rows = await self._all(
            "SELECT d.* FROM broadcast_deliveries d JOIN broadcasts b ON b.id = d.broadcast_id "
            "WHERE b.status = 'sending' AND d.status IN ('pending', 'sending') "
            "AND d.next_attempt_at <= ? ORDER BY d.broadcast_id, d.contact_id LIMIT ?",
            (iso(now or datetime.now(UTC)), limit),
        )
        return [Delivery(**dict(r)) for r in rows]

    async def mark(
        self,
        broadcast_id: int,
        contact_id: int,
        status: str,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> bool:
        """Move one delivery on; False when it had already left pending/sending."""
        sets = ["status = ?", "attempts = attempts + 1", "error = ?"]
        params: list[object] = [status, error[:300] if error else None]
        if status == "sent":
            sets.append("sent_at = ?")
            params.append(now_iso())
        if retry_at is not None:
            sets.append("next_attempt_at = ?")
            params.append(iso(retry_at))
        cur = await self._exec(
            f"UPDATE broadcast_deliveries SET {', '.join(sets)} WHERE broadcast_id = ? "
            "AND contact_id = ? AND status IN ('pending', 'sending', ?)",
            # a send already on its way when the broadcast was cancelled still counts as sent
            (*params, broadcast_id, contact_id, "cancelled" if status == "sent" else "pending"),
        )
        return cur.rowcount == 1

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        rows = await self._all(
            "SELECT status, COUNT(*) AS n FROM broadcast_deliveries WHERE broadcast_id = ? "
            "GROUP BY status",
            (broadcast_id,),
        )
        counts = {
            s: 0 for s in ("pending", "sending", "sent", "failed", "unreachable", "cancelled")
        }
        counts.update({r["status"]: int(r["n"]) for r in rows})
        return counts

    async def finish(self, broadcast_id: int, status: str) -> bool:
        cur = await self._exec(
            "UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ? AND status = 'sending'",
            (status, now_iso(), broadcast_id),
        )
        if status == "cancelled":
            await self._exec(
                "UPDATE broadcast_deliveries SET status = 'cancelled' WHERE broadcast_id = ? "
                "AND status IN ('pending', 'sending')",
                (broadcast_id,),
            )
        return cur.rowcount == 1

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        await self._exec(
            "UPDATE broadcasts SET progress_message_id = ? WHERE id = ?", (message_id, broadcast_id)
        )
