"""The vendor team's use cases on orders: details, confirm (with a comment), cancel."""

from __future__ import annotations

from bot.services import notify
from domain.enums import OrderStatus
from domain.errors import NotAllowed
from domain.rules.permissions import Actor, Membership, can_manage_customer
from store import Store
from store.models import Order, Vendor
from store.repos import Tx


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
            await tx.audit.record(
                vendor_id=order.vendor_id if order else None,
                actor=user_id,
                action="order.refused",
                entity="order",
                entity_id=order_id,
            )
            raise NotAllowed("not allowed on this order")
        return order, await tx.vendors.get(order.vendor_id)

    async def details(self, user_id: int, order_id: int) -> Order:
        async with self.store.tx() as tx:
            order, _vendor = await self._authorized(tx, user_id, order_id)
            return order

    async def confirm(self, user_id: int, order_id: int, comment: str | None = None) -> Order:
        async with self.store.tx() as tx:
            order, vendor = await self._authorized(tx, user_id, order_id)
            order = await tx.orders.set_status(
                order.id, OrderStatus.CONFIRMED, actor=user_id, vendor_comment=comment
            )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="order.confirm",
                entity="order",
                entity_id=order.id,
                details={"comment": comment or ""},
            )
            await notify.status_changed(tx, self.render, order, by_customer=False)
            return order

    async def cancel(self, user_id: int, order_id: int, comment: str | None = None) -> Order:
        async with self.store.tx() as tx:
            order, vendor = await self._authorized(tx, user_id, order_id)
            order = await tx.orders.set_status(
                order.id, OrderStatus.CANCELLED, actor=user_id, vendor_comment=comment
            )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="order.cancel",
                entity="order",
                entity_id=order.id,
            )
            await notify.status_changed(tx, self.render, order, by_customer=False)
            return order
