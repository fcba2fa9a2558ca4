"""Invites: random tokens that link a Telegram user to a customer or a vendor's team."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from domain.enums import InviteKind, Role
from domain.errors import InviteInvalid
from store.conn import Row
from store.models import Invite
from store.repos.base import Repo, iso, now_iso

TOKEN_BYTES = 12  # 16 url-safe characters; deep-link payloads allow up to 64


def _model(row: Row) -> Invite:
    return Invite(**dict(row))


class InviteRepo(Repo):
    async def create(
        self,
        *,
        vendor_id: int,
        kind: InviteKind,
        customer_id: int | None = None,
        role: Role | None = None,
        ttl: timedelta = timedelta(days=30),
        max_uses: int | None = None,
        created_by: int | None = None,
        now: datetime | None = None,
    ) -> Invite:
        """``now``: the creating service's clock (the one ``consume`` is checked against)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        created = now or datetime.now(UTC)
        expires = created + ttl
        invite_id = await self._insert(
            "INSERT INTO invites (vendor_id, token, kind, customer_id, role, max_uses, expires_at, "
            "created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                vendor_id,
                token,
                str(kind),
                customer_id,
                str(role) if role else None,
                max_uses,
                iso(expires),
                created_by,
                iso(created),
            ),
        )
        row = await self._one("SELECT * FROM invites WHERE id = ?", (invite_id,))
        assert row is not None
        return _model(row)

    async def by_token(self, token: str) -> Invite | None:
        row = await self._one("SELECT * FROM invites WHERE token = ?", (token,))
        return _model(row) if row else None

    async def consume(self, token: str, now: datetime | None = None) -> Invite:
        """Count one use of a valid invite; InviteInvalid (with ``reason``) otherwise."""
        invite = await self.by_token(token)
        when = now or datetime.now(UTC)
        if invite is None:
            raise InviteInvalid("unknown invite", reason="unknown")
        if invite.revoked_at is not None:
            raise InviteInvalid("revoked invite", reason="revoked")
        speaker = await self._one(
            "SELECT COALESCE(v.bot, 0) AS bot, b.username FROM vendors v "
            "LEFT JOIN bots b ON b.telegram_id = v.bot WHERE v.id = ?",
            (invite.vendor_id,),
        )
        if speaker is not None and speaker["bot"] != self.bot:
            # opened in another bot than the vendor's: say which one it is for
            raise InviteInvalid(
                "invite of another bot", reason="other_bot", bot=speaker["username"] or ""
            )
        if invite.expires_at <= when:
            raise InviteInvalid("expired invite", reason="expired")
        if invite.max_uses is not None and invite.uses >= invite.max_uses:
            raise InviteInvalid("invite already used", reason="used")
        await self._exec("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite.id,))
        return invite

    async def revoke(self, invite_id: int) -> None:
        await self._exec(
            "UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            (now_iso(), invite_id),
        )
