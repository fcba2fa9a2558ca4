"""The outbox: messages that must reach a chat, written with their cause."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from domain.enums import OutboxStatus
from store.models import OutboxMessage
from store.repos.base import Repo, dumps, iso, now_iso


def _model(row: aiosqlite.Row) -> OutboxMessage:
    data = dict(row)
    data["payload"] = json.loads(row["payload"])
    data["result"] = json.loads(row["result"]) if row["result"] else None
    return OutboxMessage(**data)


class OutboxRepo(Repo):
    async def enqueue(
        self,
        *,
        kind: str,
        chat_id: int | None,
        payload: dict[str, Any],
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> int | None:
        """Add a message; with a ``dedupe_key`` already present nothing is added (None)."""
        cur = await self._exec(
            "INSERT OR IGNORE INTO outbox (kind, chat_id, payload, dedupe_key, next_attempt_at, "
            "created_at) VALUES (?,?,?,?,?,?)",
            (
                kind,
                chat_id,
                dumps(payload),
                dedupe_key,
                iso(not_before) if not_before else now_iso(),
                now_iso(),
            ),
        )
        return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid else None

    async def get(self, message_id: int) -> OutboxMessage | None:
        row = await self._one("SELECT * FROM outbox WHERE id = ?", (message_id,))
        return _model(row) if row else None

    async def due(self, *, now: datetime | None = None, limit: int = 50) -> list[OutboxMessage]:
        rows = await self._all(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
            "ORDER BY id LIMIT ?",
            (iso(now or datetime.now(UTC)), limit),
        )
        return [_model(r) for r in rows]

    async def mark_sent(self, message_id: int, result: dict[str, Any] | None = None) -> bool:
        """True the first time only, so a message is counted as sent exactly once."""
        cur = await self._exec(
            "UPDATE outbox SET status = 'sent', sent_at = ?, result = ?, attempts = attempts + 1 "
            "WHERE id = ? AND status = 'pending'",
            (now_iso(), dumps(result) if result is not None else None, message_id),
        )
        return cur.rowcount == 1

    async def mark_retry(self, message_id: int, error: str, next_attempt_at: datetime) -> None:
        await self._exec(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
            "WHERE id = ? AND status = 'pending'",
            (error[:500], iso(next_attempt_at), message_id),
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._exec(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? "
            "WHERE id = ? AND status = 'pending'",
            (error[:500], message_id),
        )

    async def count(self, status: OutboxStatus) -> int:
        row = await self._one("SELECT COUNT(*) AS n FROM outbox WHERE status = ?", (str(status),))
        return int(row["n"]) if row else 0
