"""The outbox: messages that must reach a chat, written with their cause."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from domain.enums import OutboxStatus
from store.conn import Row
from store.models import OutboxMessage
from store.repos.base import Repo, dumps, iso, now_iso, placeholders


def _model(row: Row) -> OutboxMessage:
    data = dict(row)
    data["payload"] = json.loads(row["payload"])
    data["result"] = json.loads(row["result"]) if row["result"] else None
    return OutboxMessage(**data)


class OutboxRepo(Repo):
    async def enqueue(
        self,
        *,
        kind: str,
        vendor_id: int,
        chat_id: int | None,
        payload: dict[str, Any],
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> int | None:
        """Add a message of the vendor's (sent by the vendor's bot); with a ``dedupe_key``
        already present nothing is added (None)."""
        return await self._insert_new(
            "INSERT INTO outbox (bot, kind, chat_id, payload, dedupe_key, next_attempt_at, "
            "created_at) VALUES (COALESCE((SELECT bot FROM vendors WHERE id = ?), 0),"
            "?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            (
                vendor_id,
                kind,
                chat_id,
                dumps(payload),
                dedupe_key,
                iso(not_before) if not_before else now_iso(),
                now_iso(),
            ),
        )

    async def get(self, message_id: int) -> OutboxMessage | None:
        row = await self._one("SELECT * FROM outbox WHERE id = ?", (message_id,))
        return _model(row) if row else None

    async def due(self, *, now: datetime | None = None, limit: int = 50) -> list[OutboxMessage]:
        rows = await self._all(
            "SELECT * FROM outbox WHERE bot = ? AND status = 'pending' AND next_attempt_at <= ? "
            "ORDER BY id LIMIT ?",
            (self.bot, iso(now or datetime.now(UTC)), limit),
        )
        return [_model(r) for r in rows]

    async def claim(
        self,
        owner: str,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        busy_chats: Sequence[int] = (),
    ) -> list[OutboxMessage]:
        """Lease the due messages of chats that have nothing earlier still waiting (a chat's
        messages go in order) and that nobody, this process included, is sending to now."""
        busy = f"AND o.chat_id NOT IN ({placeholders(busy_chats)}) " if busy_chats else ""
        rows = await self._all(
            "UPDATE outbox SET lease_owner = ?, lease_until = ? "
            "WHERE (lease_until IS NULL OR lease_until < ?) AND id "
            + self._conn.in_picked(
                "SELECT o.id FROM outbox o WHERE o.bot = ? AND o.status = 'pending'"
                " AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?) "
                f" {busy}"
                " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.bot = o.bot"
                "  AND e.status = 'pending' AND e.chat_id = o.chat_id AND e.id < o.id"
                "  AND (e.next_attempt_at > ? OR (e.lease_until IS NOT NULL"
                "  AND e.lease_until >= ?)))"
                f" ORDER BY o.id LIMIT ?{self._conn.skip_locked('o')}"
            )
            + " RETURNING *",
            (
                owner,
                iso(lease_until),
                iso(now),
                self.bot,
                iso(now),
                iso(now),
                *busy_chats,
                iso(now),
                iso(now),
                limit,
            ),
        )
        return sorted((_model(r) for r in rows), key=lambda m: m.id)

    async def release(self, message_ids: Sequence[int], owner: str) -> None:
        if not message_ids:
            return
        await self._exec(
            f"UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ? "
            f"AND id IN ({placeholders(message_ids)})",
            (owner, *message_ids),
        )

    async def release_owners(self, owners: Sequence[str]) -> int:
        """Free the leases of processes known to be gone."""
        return await self._release_owners_in("outbox", owners)

    async def lease_owners(self) -> list[str]:
        return await self._lease_owners_in("outbox", "'pending'")

    async def mark_sent(self, message_id: int, result: dict[str, Any] | None = None) -> bool:
        """True the first time only, so a message is counted as sent exactly once."""
        cur = await self._exec(
            "UPDATE outbox SET status = 'sent', sent_at = ?, result = ?, attempts = attempts + 1, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND status = 'pending'",
            (now_iso(), dumps(result) if result is not None else None, message_id),
        )
        return cur.rowcount == 1

    async def mark_retry(self, message_id: int, error: str, next_attempt_at: datetime) -> None:
        await self._exec(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND status = 'pending'",
            (error[:500], iso(next_attempt_at), message_id),
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._exec(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND status = 'pending'",
            (error[:500], message_id),
        )

    async def of_kind(self, kind: str, limit: int = 100) -> list[OutboxMessage]:
        rows = await self._all(
            "SELECT * FROM outbox WHERE kind = ? ORDER BY id LIMIT ?", (kind, limit)
        )
        return [_model(r) for r in rows]

    async def count(self, status: OutboxStatus) -> int:
        row = await self._one("SELECT COUNT(*) AS n FROM outbox WHERE status = ?", (str(status),))
        return int(row["n"]) if row else 0
