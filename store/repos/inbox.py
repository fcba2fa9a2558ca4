"""The durable inbox: updates stored before they are acknowledged, claimed with leases in
per-chat order, marked done, retried with back-off or parked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from store.conn import Row
from store.models import InboxItem
from store.repos.base import Repo, iso, placeholders


def _item(row: Row) -> InboxItem:
    return InboxItem(**{**dict(row), "payload": json.loads(row["payload"])})


class InboxRepo(Repo):
    async def receive(self, updates: Sequence[tuple[int, int, str]], now: datetime) -> int:
        """Store (update_id, chat_key, JSON) rows; an update already known (a redelivery) is
        left as it is. Returns how many were new."""
        new = await self._many(
            "INSERT INTO inbox (bot, update_id, chat_key, payload, not_before, received_at) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            [(self.bot, uid, chat, payload, iso(now), iso(now)) for uid, chat, payload in updates],
        )
        if new:
            await self._conn.announce("inbox")  # other processes' workers claim at once
        return new

    async def claim(
        self, owner: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[InboxItem]:
        """Lease up to ``limit`` updates: for each chat only its oldest unfinished update, and
        only when nobody else holds a live lease on it (so one chat's updates run in order)."""
        rows = await self._all(
            "UPDATE inbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
            "WHERE bot = ? AND (lease_until IS NULL OR lease_until < ?) AND update_id "
            + self._conn.in_picked(
                "SELECT i.update_id FROM inbox i WHERE i.bot = ? AND i.status = 'pending'"
                " AND i.not_before <= ? AND (i.lease_until IS NULL OR i.lease_until < ?)"
                " AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.bot = i.bot"
                "  AND j.status = 'pending' AND j.chat_key = i.chat_key"
                "  AND j.update_id < i.update_id)"
                f" ORDER BY i.update_id LIMIT ?{self._conn.skip_locked('i')}"
            )
            + " RETURNING *",
            (owner, iso(lease_until), self.bot, iso(now), self.bot, iso(now), iso(now), limit),
        )
        return sorted((_item(r) for r in rows), key=lambda item: item.update_id)

    async def extend(self, owner: str, update_ids: Sequence[int], lease_until: datetime) -> None:
        if not update_ids:
            return
        await self._exec(
            f"UPDATE inbox SET lease_until = ? WHERE lease_owner = ? AND status = 'pending' "
            f"AND bot = ? AND update_id IN ({placeholders(update_ids)})",
            (iso(lease_until), owner, self.bot, *update_ids),
        )

    async def done(self, update_id: int, owner: str, now: datetime) -> bool:
        """Mark handled; False when this owner no longer held it (its lease was taken)."""
        cur = await self._exec(
            "UPDATE inbox SET status = 'done', done_at = ?, lease_owner = NULL, "
            "lease_until = NULL, last_error = NULL WHERE bot = ? AND update_id = ? "
            "AND status = 'pending' AND lease_owner = ?",
            (iso(now), self.bot, update_id, owner),
        )
        return cur.rowcount == 1

    async def done_many(self, update_ids: Sequence[int], owner: str, now: datetime) -> int:
        if not update_ids:
            return 0
        cur = await self._exec(
            f"UPDATE inbox SET status = 'done', done_at = ?, lease_owner = NULL, "
            f"lease_until = NULL, last_error = NULL WHERE status = 'pending' AND lease_owner = ? "
            f"AND bot = ? AND update_id IN ({placeholders(update_ids)})",
            (iso(now), owner, self.bot, *update_ids),
        )
        return int(cur.rowcount)

    async def retry(
        self,
        update_id: int,
        owner: str,
        error: str,
        not_before: datetime,
        *,
        counted: bool = True,
    ) -> None:
        """Free the update for another try after ``not_before``; an uncounted try (Telegram
        was unreachable) does not bring it closer to being parked."""
        await self._exec(
            "UPDATE inbox SET lease_owner = NULL, lease_until = NULL, last_error = ?, "
            "not_before = ?, attempts = attempts - ? WHERE bot = ? AND update_id = ? "
            "AND status = 'pending' AND lease_owner = ?",
            (error[:1000], iso(not_before), 0 if counted else 1, self.bot, update_id, owner),
        )

    async def park(self, update_id: int, error: str) -> None:
        await self._exec(
            "UPDATE inbox SET status = 'parked', lease_owner = NULL, lease_until = NULL, "
            "last_error = ? WHERE bot = ? AND update_id = ? AND status = 'pending'",
            (error[:1000], self.bot, update_id),
        )

    async def release(self, owners: Sequence[str]) -> int:
        """Free the leases of owners known to be gone (a process that was killed)."""
        return await self._release_owners_in("inbox", owners)

    async def lease_owners(self) -> list[str]:
        return await self._lease_owners_in("inbox", "'pending'")

    async def get(self, update_id: int) -> InboxItem | None:
        row = await self._one(
            "SELECT * FROM inbox WHERE bot = ? AND update_id = ?", (self.bot, update_id)
        )
        return _item(row) if row else None

    async def parked(self, limit: int = 50) -> list[InboxItem]:
        rows = await self._all(
            "SELECT * FROM inbox WHERE bot = ? AND status = 'parked' ORDER BY update_id LIMIT ?",
            (self.bot, limit),
        )
        return [_item(r) for r in rows]

    async def requeue(self, update_id: int, now: datetime) -> bool:
        """Give a parked update another chance (an admin decided it)."""
        cur = await self._exec(
            "UPDATE inbox SET status = 'pending', attempts = 0, not_before = ?, "
            "lease_owner = NULL, lease_until = NULL WHERE bot = ? AND update_id = ? "
            "AND status = 'parked'",
            (iso(now), self.bot, update_id),
        )
        return cur.rowcount == 1

    async def counts(self) -> dict[str, int]:
        rows = await self._all(
            "SELECT status, COUNT(*) AS n FROM inbox WHERE bot = ? GROUP BY status", (self.bot,)
        )
        counts = {"pending": 0, "done": 0, "parked": 0}
        counts.update({str(r["status"]): int(r["n"]) for r in rows})
        return counts

    async def next_due(self) -> datetime | None:
        row = await self._one(
            "SELECT MIN(not_before) AS at FROM inbox WHERE bot = ? AND status = 'pending'",
            (self.bot,),
        )
        return datetime.fromisoformat(row["at"]) if row and row["at"] else None

    async def prune(self, before: datetime) -> None:
        """Forget handled updates older than ``before`` (kept that long to ignore redelivery)."""
        await self._exec("DELETE FROM inbox WHERE status = 'done' AND done_at < ?", (iso(before),))
        await self._exec("DELETE FROM update_effects WHERE done_at < ?", (iso(before),))

    async def first_time(self, effect_key: str, now: datetime) -> bool:
        """Record that an update's effect is made (in the transaction that makes it): False
        when an earlier attempt at the same update already made it."""
        row = await self._one(
            "INSERT INTO update_effects (effect_key, done_at) VALUES (?, ?) "
            "ON CONFLICT (effect_key) DO NOTHING RETURNING effect_key",
            (effect_key if not self.bot else f"{self.bot}/{effect_key}", iso(now)),
        )
        return row is not None
