"""The vendor team's use cases on orders: details, confirm (with a comment), cancel.

Every call re-authorizes: the caller must be an admin of the order's vendor or a sales rep
the customer is assigned to.  A refusal is logged and written to the audit log."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.services import notify
from domain.enums import OrderStatus
from domain.errors import NotAllowed
from domain.rules.permissions import Actor, Membership, can_manage_customer
from store import Store
from store.models import Order, Vendor
from store.repos import Tx

log = logging.getLogger(__name__)
T = TypeVar("T")


async def actor(tx: Tx, telegram_user_id: int) -> Actor:
    members = await tx.team.memberships(telegram_user_id)
    return Actor(
        telegram_user_id,
        tuple(Membership(m.vendor_id, m.role, m.assigned_customer_ids) for m in members),
    )


class VendorOrderService:
    def __init__(self, store: Store, render: notify.Render) -> None:
        self.store = store
        self.render = render

    async def _authorized(self, tx: Tx, user_id: int, order_id: int) -> tuple[Order, Vendor]:
        order = await tx.orders.find(order_id)
        who = await actor(tx, user_id)
        if order is None or not can_manage_customer(who, order.vendor_id, order.customer_id):
            raise NotAllowed("not allowed on this order", order_id=order_id)
        return order, await tx.vendors.get(order.vendor_id)

    async def _guard(self, user_id: int, order_id: int, work: Callable[[], Awaitable[T]]) -> T:
        try:
            return await work()
        except NotAllowed:
            log.warning("user %s refused on order %s", user_id, order_id)
            async with self.store.tx() as tx:
                order = await tx.orders.find(order_id)
                await tx.audit.record(
                    vendor_id=order.vendor_id if order else None,
                    actor=user_id,
                    action="order.refused",
                    entity="order",
                    entity_id=order_id,
                )
            raise

    async def adopt_card(self, user_id: int, order_id: int, chat_id: int, message_id: int) -> bool:
        """A card was pressed. A card never recorded (the bot was killed between Telegram
        accepting it and the commit) is adopted, and drawn as the order is now. True when
        the pressed card is an unrecorded twin of the recorded one in that chat: the caller
        deletes it, so no chat keeps a stale copy."""

        async def work() -> bool:
            # almost every press is on the recorded card: only a read for those
            async with self.store.read() as tx:
                order, _vendor = await self._authorized(tx, user_id, order_id)
                recorded = {c.chat_id: c.message_id for c in await tx.orders.cards(order.id)}
            if chat_id in recorded:
                return recorded[chat_id] != message_id
            async with self.store.tx() as tx:
                order, vendor = await self._authorized(tx, user_id, order_id)
                cards = {c.chat_id: c.message_id for c in await tx.orders.cards(order.id)}
                if chat_id in cards:  # recorded meanwhile, by the outbox or a second press
                    return cards[chat_id] != message_id
                await tx.orders.record_card(order.id, chat_id, message_id)
                await notify.refresh_cards(tx, self.render, order, vendor, only_chat=chat_id)
                return False

        return await self._guard(user_id, order_id, work)

    async def details(self, user_id: int, order_id: int) -> Order:
        async def work() -> Order:
            async with self.store.read() as tx:
                order, _vendor = await self._authorized(tx, user_id, order_id)
                return order

        return await self._guard(user_id, order_id, work)

    async def _move(
        self, user_id: int, order_id: int, target: OrderStatus, comment: str | None
    ) -> Order:
        async def work() -> Order:
            async with self.store.tx() as tx:
                order, vendor = await self._authorized(tx, user_id, order_id)
                order = await tx.orders.set_status(
                    order.id, target, actor=user_id, vendor_comment=comment
                )
                await tx.audit.record(
                    vendor_id=vendor.id,
                    actor=user_id,
                    action=f"order.{target}",
                    entity="order",
                    entity_id=order.id,
                    details={"comment": comment or ""},
                )
                await notify.status_changed(tx, self.render, order, by_customer=False)
                return order

        return await self._guard(user_id, order_id, work)

    async def confirm(self, user_id: int, order_id: int, comment: str | None = None) -> Order:
        return await self._move(user_id, order_id, OrderStatus.CONFIRMED, comment)

    async def cancel(self, user_id: int, order_id: int, comment: str | None = None) -> Order:
        return await self._move(user_id, order_id, OrderStatus.CANCELLED, comment)
