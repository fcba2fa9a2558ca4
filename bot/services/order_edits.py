"""The team edits an unconfirmed order before confirming it: a line's quantity, or the
product itself (the customer meant another one). The customer is told once editing is done.

A replaced line teaches the vendor's phrase memory: the words the customer typed for it
mean the product the team put in its place, for every customer of the vendor."""

from __future__ import annotations

from decimal import Decimal

from bot.services import notify
from bot.services.vendor_orders import actor
from domain.errors import (
    InvalidTransition,
    NoProductMatches,
    NotAllowed,
    ProductNotFound,
    ProductUnavailable,
    StaleAction,
)
from domain.rules.free_text import parse
from domain.rules.order_status import editable
from domain.rules.permissions import can_manage_customer
from domain.rules.quantity import check_quantity
from store import Store
from store.models import Order, OrderLine, Product
from store.repos import Tx

EDITS = ("order.edit_line", "order.replace_line")  # what "Done editing" tells the customer
MAX_CANDIDATES = 8


def line_at(order: Order, position: int) -> OrderLine:
    line = next((ln for ln in order.lines if ln.position == position), None)
    if line is None:
        raise StaleAction("no such line")
    return line


async def _record(tx: Tx, order: Order, user_id: int, action: str, **details: object) -> None:
    """An edit in the audit log ("Done editing" tells the customer of those it finds)."""
    await tx.audit.record(
        vendor_id=order.vendor_id,
        actor=user_id,
        action=action,
        entity="order",
        entity_id=order.id,
        details=details,
    )


class OrderEditService:
    def __init__(self, store: Store, render: notify.Render) -> None:
        self.store = store
        self.render = render

    async def _editable(self, tx: Tx, user_id: int, order_id: int) -> Order:
        order = await tx.orders.find(order_id)
        who = await actor(tx, user_id)
        if order is None or not can_manage_customer(who, order.vendor_id, order.customer_id):
            raise NotAllowed("not allowed on this order")
        if not editable(order.status):
            raise InvalidTransition(
                "only unconfirmed orders can be edited", current=order.status, target=order.status
            )
        return order

    async def editable_order(self, user_id: int, order_id: int) -> Order:
        async with self.store.read() as tx:
            return await self._editable(tx, user_id, order_id)

    async def edit_line(
        self, user_id: int, order_id: int, position: int, quantity: Decimal
    ) -> Order:
        async with self.store.tx() as tx:
            order = await self._editable(tx, user_id, order_id)
            line = line_at(order, position)
            if quantity != 0:
                check_quantity(quantity, line.unit)
            await tx.orders.set_line_quantity(order.id, position, quantity)
            await _record(
                tx,
                order,
                user_id,
                "order.edit_line",
                position=position,
                product_id=line.product_id,
                ordered=str(line.quantity_ordered),
                before=str(line.quantity),
                after=str(quantity),
            )
            return await tx.orders.get(order.id)

    async def replacements(
        self, user_id: int, order_id: int, position: int, text: str
    ) -> list[Product]:
        """The available products of the customer's catalogue that `text` names: by name or
        product ID, else as the free-text reader understands it (typos, synonyms)."""
        async with self.store.read() as tx:
            order = await self._editable(tx, user_id, order_id)
            line = line_at(order, position)
            customer = await tx.customers.get(order.customer_id, include_deleted=True)
            found = await tx.catalogs.products_for(customer, text=text.strip()[:40])
            catalogue = await tx.catalogs.products_for(customer) if not found else []
        found = [p for p in found if p.available]
        if not found:
            available = {p.product_id: p for p in catalogue if p.available}
            read = parse(
                f"1 {text}",
                [(p.product_id, p.name) for p in available.values()],
                units={p.product_id: p.unit for p in available.values()},
            )
            ids = [ln.product_id for ln in read.lines] + [
                c.product_id for unsure in read.unsure for c in unsure.candidates
            ]
            found = [available[i] for i in dict.fromkeys(ids)]
        found = [p for p in found if p.product_id != line.product_id]
        if not found:
            raise NoProductMatches("nothing matches", text=text[:40])
        return found[:MAX_CANDIDATES]

    async def replace_line(self, user_id: int, order_id: int, position: int, row_id: int) -> Order:
        """Put the product (a row id of the customer's catalogue) in place of a line; the
        quantity stays. The customer's words for the line now mean that product."""
        async with self.store.tx() as tx:
            order = await self._editable(tx, user_id, order_id)
            line = line_at(order, position)
            customer = await tx.customers.get(order.customer_id, include_deleted=True)
            product = await tx.catalogs.product_in_catalog(customer, row_id)
            if product is None:
                raise ProductNotFound("not in this customer's catalogue", product=row_id)
            if product.product_id == line.product_id:
                return order  # pressed twice (or handled again): already in place
            if not product.available:
                raise ProductUnavailable("unavailable", name=product.name)
            await tx.orders.replace_line(order, position, product)
            if line.phrase:
                await tx.phrases.remember(order.vendor_id, line.phrase, product.product_id)
            await _record(
                tx,
                order,
                user_id,
                "order.replace_line",
                position=position,
                before=line.product_id,
                after=product.product_id,
                phrase=line.phrase or "",
            )
            return await tx.orders.get(order.id)

    async def finish_editing(self, user_id: int, order_id: int) -> Order:
        async with self.store.tx() as tx:
            order = await self._editable(tx, user_id, order_id)
            edits = [e for e in await tx.audit.for_entity("order", order.id) if e.action in EDITS]
            if edits:
                await notify.quantities_edited(tx, self.render, order, len(edits))
            return order
