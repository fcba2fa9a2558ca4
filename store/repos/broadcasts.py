"""Broadcasts and their deliveries: one row per recipient, written before the first send."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from store.conn import Row
from store.models import Broadcast, Delivery
from store.repos.base import VENDOR_BOT, Repo, dumps, iso, now_iso, placeholders


def _broadcast(row: Row) -> Broadcast:
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
        await self._many(
            "INSERT INTO broadcast_deliveries (broadcast_id, contact_id, "
            "telegram_user_id, language, next_attempt_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT DO NOTHING",
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

    async def hold_sending(self, owner: str, now: datetime, lease_until: datetime) -> bool:
        """Take or renew this bot's sender lease: True while ``owner`` is the one process
        sending the bot's broadcasts (the lease of a holder that stopped renewing runs out)."""
        row = await self._one(
            "INSERT INTO sender_leases (bot, owner, lease_until) VALUES (?, ?, ?) "
            "ON CONFLICT (bot) DO UPDATE SET owner = excluded.owner, "
            "lease_until = excluded.lease_until WHERE sender_leases.owner = excluded.owner "
            "OR sender_leases.lease_until < ? RETURNING owner",
            (self.bot, owner, iso(lease_until), iso(now)),
        )
        return row is not None

    async def active(self) -> list[Broadcast]:
        """The broadcasts being sent by this bot (its vendors')."""
        rows = await self._all(
            "SELECT b.* FROM broadcasts b JOIN vendors v ON v.id = b.vendor_id "
            f"WHERE b.status = 'sending' AND {VENDOR_BOT} = ? ORDER BY b.id",
            (self.bot,),
        )
        return [_broadcast(r) for r in rows]

    async def claim(
        self,
        owner: str,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        skip_chats: Sequence[int] = (),
    ) -> list[Delivery]:
        """Lease due deliveries nobody holds (or whose holder's lease ran out)."""
        skip = f"AND d.telegram_user_id NOT IN ({placeholders(skip_chats)}) " if skip_chats else ""
        rows = await self._all(
            "UPDATE broadcast_deliveries SET lease_owner = ?, lease_until = ? "
            "WHERE (lease_until IS NULL OR lease_until < ?) AND (broadcast_id, contact_id) IN ("
            " SELECT d.broadcast_id, d.contact_id FROM broadcast_deliveries d"
            " JOIN broadcasts b ON b.id = d.broadcast_id JOIN vendors v ON v.id = b.vendor_id"
            f" WHERE b.status = 'sending' AND {VENDOR_BOT} = ?"
            " AND d.status IN ('pending', 'sending')"
            " AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?) "
            f" {skip}ORDER BY d.broadcast_id, d.contact_id LIMIT ?"
            f"{self._conn.skip_locked('d')}) RETURNING *",
            (owner, iso(lease_until), iso(now), self.bot, iso(now), iso(now), *skip_chats, limit),
        )
        return sorted(
            (Delivery(**dict(r)) for r in rows), key=lambda d: (d.broadcast_id, d.contact_id)
        )

    async def release(self, broadcast_id: int, contact_id: int, owner: str) -> None:
        await self._exec(
            "UPDATE broadcast_deliveries SET lease_owner = NULL, lease_until = NULL "
            "WHERE broadcast_id = ? AND contact_id = ? AND lease_owner = ?",
            (broadcast_id, contact_id, owner),
        )

    async def release_owners(self, owners: Sequence[str]) -> int:
        """Free the leases of processes known to be gone (or stopping): their deliveries,
        and the sending of any bot's broadcasts, which another process takes at once."""
        if owners:
            await self._exec(
                f"DELETE FROM sender_leases WHERE owner IN ({placeholders(owners)})",
                tuple(owners),
            )
        return await self._release_owners_in("broadcast_deliveries", owners)

    async def lease_owners(self) -> list[str]:
        return await self._lease_owners_in("broadcast_deliveries", "'pending', 'sending'")

    async def retry_later(
        self,
        broadcast_id: int,
        contact_id: int,
        *,
        error: str,
        retry_at: datetime,
        count: bool = True,
    ) -> bool:
        """Keep a delivery pending for another try at ``retry_at``; a counted try brings it
        closer to ``failed`` (a 429 is Telegram pacing us, not the message failing)."""
        cur = await self._exec(
            "UPDATE broadcast_deliveries SET attempts = attempts + ?, error = ?, "
            "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
            "WHERE broadcast_id = ? AND contact_id = ? AND status IN ('pending', 'sending')",
            (1 if count else 0, error[:300], iso(retry_at), broadcast_id, contact_id),
        )
        return cur.rowcount == 1

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
        sets = [
            "status = ?",
            "attempts = attempts + 1",
            "error = ?",
            "lease_owner = NULL",
            "lease_until = NULL",
        ]
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

    async def deliveries(self, broadcast_id: int) -> list[Delivery]:
        rows = await self._all(
            "SELECT * FROM broadcast_deliveries WHERE broadcast_id = ? ORDER BY contact_id",
            (broadcast_id,),
        )
        return [Delivery(**dict(r)) for r in rows]

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
