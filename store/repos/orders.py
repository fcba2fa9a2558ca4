"""Orders and order lines, with snapshots of customer and product data at order time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import aiosqlite

from domain.enums import OrderStatus, Standing
from domain.errors import AlreadyInStatus, InvalidTransition, OrderNotFound
from domain.rules.order_number import new_order_number
from domain.rules.order_status import check_transition
from store.models import Contact, Customer, NewOrderLine, Order, OrderCard, OrderLine, Vendor
from store.repos.base import Repo, day, now_iso, placeholders

NUMBER_ATTEMPTS = 20
_STATUS_STAMP = {
    OrderStatus.CONFIRMED: "confirmed_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.CANCELLED: "cancelled_at",
}


def _line(row: aiosqlite.Row) -> OrderLine:
    return OrderLine(
        id=row["id"],
        order_id=row["order_id"],
        position=row["position"],
        product_id=row["product_id"],
        product_name=row["product_name"],
        unit=row["unit"],
        unit_price=Decimal(row["unit_price"]),
        quantity_ordered=Decimal(row["quantity_ordered"]),
        quantity=Decimal(row["quantity"]),
    )


class OrderRepo(Repo):
    async def create(
        self,
        *,
        vendor: Vendor,
        customer: Customer,
        contact: Contact | None,
        lines: Sequence[NewOrderLine],
        delivery_date: date,
        local_date: date,
        late_cutoff_accepted: bool = False,
        comment: str = "",
        idempotency_key: str | None = None,
        make_number: Callable[[date], str] = new_order_number,
    ) -> tuple[Order, bool]:
        """Insert an order; returns (order, created).  A repeated ``idempotency_key``
        returns the order it created the first time with ``created=False``."""
        if idempotency_key is not None:
            existing = await self._one(
                "SELECT id FROM orders WHERE idempotency_key = ?", (idempotency_key,)
            )
            if existing is not None:
                return await self.get(existing["id"]), False
        for _ in range(NUMBER_ATTEMPTS):
            number = make_number(local_date)
            try:
                order_id = await self._insert(
                    "INSERT INTO orders (vendor_id, customer_id, order_number, status, "
                    "placed_by_contact_id, placed_by_name, placed_by_phone, customer_number, "
                    "customer_name, delivery_address, delivery_date, late_cutoff_accepted, "
                    "standing, discount_percent, currency, comment, idempotency_key, created_at) "
                    "VALUES (?,?,?,'unconfirmed',?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        vendor.id,
                        customer.id,
                        number,
                        contact.id if contact else None,
                        contact.name if contact else "",
                        contact.phone if contact else None,
                        customer.customer_number,
                        customer.name,
                        customer.address,
                        day(delivery_date),
                        int(late_cutoff_accepted),
                        str(customer.standing),
                        str(customer.discount_percent),
                        vendor.currency,
                        comment,
                        idempotency_key,
                        now_iso(),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                if "order_number" in str(exc):
                    continue
                raise
            break
        else:  # pragma: no cover - 26^6 numbers a day
            raise RuntimeError("could not find a free order number")
        await self._conn.executemany(
            "INSERT INTO order_lines (order_id, position, product_id, product_name, unit, "
            "unit_price, quantity_ordered, quantity) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    order_id,
                    i,
                    ln.product_id,
                    ln.product_name,
                    ln.unit,
                    str(ln.unit_price),
                    str(ln.quantity),
                    str(ln.quantity),
                )
                for i, ln in enumerate(lines, start=1)
            ],
        )
        return await self.get(order_id), True

    async def _model(self, row: aiosqlite.Row) -> Order:
        lines = await self._all(
            "SELECT * FROM order_lines WHERE order_id = ? ORDER BY position", (row["id"],)
        )
        data = dict(row)
        for key in ("idempotency_key", "confirmed_by", "cancelled_by"):
            data.pop(key, None)
        data["late_cutoff_accepted"] = bool(row["late_cutoff_accepted"])
        data["standing"] = Standing(row["standing"])
        data["discount_percent"] = Decimal(row["discount_percent"])
        return Order(**data, lines=tuple(_line(r) for r in lines))

    async def find(self, order_id: int) -> Order | None:
        row = await self._one("SELECT * FROM orders WHERE id = ?", (order_id,))
        return await self._model(row) if row else None

    async def get(self, order_id: int) -> Order:
        order = await self.find(order_id)
        if order is None:
            raise OrderNotFound(f"no order {order_id}", order_id=order_id)
        return order

    async def find_by_key(self, idempotency_key: str) -> Order | None:
        row = await self._one("SELECT * FROM orders WHERE idempotency_key = ?", (idempotency_key,))
        return await self._model(row) if row else None

    async def by_number(self, order_number: str) -> Order:
        row = await self._one("SELECT * FROM orders WHERE order_number = ?", (order_number,))
        if row is None:
            raise OrderNotFound(f"no order {order_number}", order_number=order_number)
        return await self._model(row)

    async def of_customers(
        self, customer_ids: Sequence[int], *, limit: int = 10, offset: int = 0
    ) -> list[Order]:
        ids = list(customer_ids) or [-1]
        rows = await self._all(
            f"SELECT * FROM orders WHERE customer_id IN ({placeholders(ids)}) "
            "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*ids, limit, offset),
        )
        return [await self._model(r) for r in rows]

    async def set_status(
        self,
        order_id: int,
        target: OrderStatus,
        *,
        actor: int | None = None,
        vendor_comment: str | None = None,
    ) -> Order:
        """Move an order to ``target``; exactly one of two racing callers succeeds, the other
        gets AlreadyInStatus (or InvalidTransition)."""
        order = await self.get(order_id)
        check_transition(order.status, target)
        stamp = _STATUS_STAMP[target]
        sets = [f"status = ?, {stamp} = ?"]
        params: list[object] = [str(target), now_iso()]
        if target is OrderStatus.CONFIRMED:
            sets.append("confirmed_by = ?")
            params.append(actor)
        if target is OrderStatus.CANCELLED:
            sets.append("cancelled_by = ?")
            params.append(actor)
        if vendor_comment is not None:
            sets.append("vendor_comment = ?")
            params.append(vendor_comment)
        cur = await self._exec(
            f"UPDATE orders SET {', '.join(sets)} WHERE id = ? AND status = ?",
            (*params, order_id, str(order.status)),
        )
        if cur.rowcount != 1:
            now = await self.get(order_id)
            if now.status is target:
                raise AlreadyInStatus(f"order is already {target}", status=target)
            raise InvalidTransition(f"order is {now.status}", current=now.status, target=target)
        return await self.get(order_id)

    async def set_line_quantity(self, order_id: int, position: int, quantity: Decimal) -> None:
        """Edit a line (0 removes it); the quantity as ordered is kept."""
        await self._exec(
            "UPDATE order_lines SET quantity = ? WHERE order_id = ? AND position = ?",
            (str(quantity), order_id, position),
        )

    async def record_card(self, order_id: int, chat_id: int, message_id: int) -> None:
        await self._exec(
            "INSERT OR REPLACE INTO order_cards (order_id, chat_id, message_id) VALUES (?,?,?)",
            (order_id, chat_id, message_id),
        )

    async def cards(self, order_id: int) -> list[OrderCard]:
        rows = await self._all("SELECT * FROM order_cards WHERE order_id = ?", (order_id,))
        return [OrderCard(**dict(r)) for r in rows]
