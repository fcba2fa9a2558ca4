"""Broadcasts: choose an audience by labels, store every delivery before the first send,
then a background sender works through them at Telegram's pace, resumes after a restart and
reports progress in place."""

from __future__ import annotations

import logging
from typing import Any

from bot.services.team import Seat, seat_of
from domain.enums import Role
from domain.errors import InvalidInput, NotAllowed, NotLinked
from domain.rules.audience import MODES, matches
from domain.rules.telegram_html import check
from store import Store
from store.models import Broadcast
from store.repos import Tx

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
PER_CHAT = 1.0  # seconds between two messages to one chat


class BroadcastService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def _seat(self, tx: Tx, user_id: int) -> Seat:
        return await seat_of(tx, user_id)

    async def seat(self, user_id: int) -> Seat:
        async with self.store.read() as tx:
            return await self._seat(tx, user_id)

    async def _recipients(
        self, tx: Tx, seat: Seat, audience: dict[str, Any]
    ) -> tuple[int, list[tuple[int, int, str | None]]]:
        mode = str(audience.get("mode", "everyone"))
        if mode not in MODES:
            raise InvalidInput("bad audience", value=mode)
        labels = [str(x) for x in audience.get("labels", [])]
        customers = [
            c
            for c in await tx.customers.search(
                seat.vendor.id, only_ids=seat.customer_scope, limit=1_000_000
            )
            if matches(c.labels, labels, mode)
        ]
        seen: set[int] = set()
        recipients: list[tuple[int, int, str | None]] = []
        for customer in customers:
            for contact in await tx.contacts.of_customer(customer):
                if contact.muted or contact.id in seen:
                    continue
                seen.add(contact.id)
                state = await tx.state.get(contact.telegram_user_id)
                recipients.append(
                    (contact.id, contact.telegram_user_id, state.language or contact.language)
                )
        return len(customers), recipients

    async def reach(self, user_id: int, audience: dict[str, Any]) -> tuple[int, int]:
        """How many customers and contacts the audience reaches."""
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            customers, recipients = await self._recipients(tx, seat, audience)
            return customers, len(recipients)

    async def create(
        self,
        user_id: int,
        chat_id: int,
        audience: dict[str, Any],
        text: str,
        photo_file_id: str | None,
    ) -> Broadcast:
        check(text, caption=photo_file_id is not None)
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            _customers, recipients = await self._recipients(tx, seat, audience)
            broadcast = await tx.broadcasts.create(
                vendor_id=seat.vendor.id,
                created_by=user_id,
                chat_id=chat_id,
                audience=audience,
                text=text,
                photo_file_id=photo_file_id,
                recipients=recipients,
            )
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="broadcast.create",
                entity="broadcast",
                entity_id=broadcast.id,
                details={"recipients": len(recipients), "audience": audience},
            )
            return broadcast

    async def cancel(self, user_id: int, broadcast_id: int) -> bool:
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            broadcast = await tx.broadcasts.get(broadcast_id)
            if broadcast.vendor_id != seat.vendor.id or (
                seat.member.role is not Role.ADMIN and broadcast.created_by != user_id
            ):
                raise NotAllowed("not this member's broadcast")
            done = await tx.broadcasts.finish(broadcast_id, "cancelled")
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="broadcast.cancel",
                entity="broadcast",
                entity_id=broadcast_id,
            )
            return done

    async def history(self, user_id: int) -> list[tuple[Broadcast, dict[str, int]]]:
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            out = []
            for broadcast in await tx.broadcasts.of_vendor(seat.vendor.id):
                if seat.member.role is Role.ADMIN or broadcast.created_by == user_id:
                    out.append((broadcast, await tx.broadcasts.counts(broadcast.id)))
            return out

    async def set_muted(self, user_id: int, muted: bool, *, reminders: bool = False) -> None:
        """Announcements, or (``reminders``) cutoff reminders, off or on again."""
        async with self.store.tx() as tx:
            contact = await tx.contacts.by_user(user_id)
            if contact is None:
                raise NotLinked("not a contact")
            if reminders:
                await tx.contacts.set_reminders_muted(contact.id, muted)
            else:
                await tx.contacts.set_muted(contact.id, muted)
