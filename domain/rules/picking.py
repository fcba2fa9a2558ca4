"""The warehouse's day (issue 18): for one delivery day, the pick list (how much of each
product to take from the shelves, by category, with whose orders it goes to) and the delivery
sheet (the orders grouped by their customers' labels, e.g. zones, with what the driver
needs). Pure: built from the day's orders, read by the bot, the XLSX and the PDF alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.enums import OrderStatus, PaymentMethod

NO_CATEGORY = ""  # a product no longer in the catalogue
NO_LABEL = ""


@dataclass(frozen=True)
class DayLine:
    product_id: str
    product_name: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class DayOrder:
    """What the warehouse needs of one order of the day (as placed, with the team's edits)."""

    order_number: str
    status: OrderStatus
    customer_name: str
    customer_number: str
    address: str
    phone: str | None
    payment_method: PaymentMethod
    comment: str
    labels: tuple[str, ...]
    lines: tuple[DayLine, ...]


@dataclass(frozen=True)
class PickCustomer:
    customer_name: str
    order_number: str
    quantity: Decimal


@dataclass
class PickItem:
    product_id: str
    product_name: str
    unit: str
    total: Decimal = Decimal(0)
    customers: list[PickCustomer] = field(default_factory=list)


@dataclass(frozen=True)
class PickCategory:
    category: str
    items: tuple[PickItem, ...]


@dataclass(frozen=True)
class DeliveryGroup:
    labels: tuple[str, ...]  # the customers' labels these orders share (empty: none)
    orders: tuple[DayOrder, ...]


def pick_list(orders: Sequence[DayOrder], categories: Mapping[str, str]) -> list[PickCategory]:
    """Total quantity per product (one unit each: a product's lines are added up), grouped by
    category (``categories``: product_id -> category; unknown ones last), products by name;
    each product with the customers it goes to. Lines edited to 0 are not picked."""
    items: dict[tuple[str, str], PickItem] = {}
    for order in orders:
        for line in order.lines:
            if line.quantity <= 0:
                continue
            key = (line.product_id, line.unit)
            item = items.setdefault(key, PickItem(line.product_id, line.product_name, line.unit))
            item.total += line.quantity
            item.customers.append(
                PickCustomer(order.customer_name, order.order_number, line.quantity)
            )
    by_category: dict[str, list[PickItem]] = {}
    for item in items.values():
        item.customers.sort(key=lambda c: (c.customer_name.casefold(), c.order_number))
        category = categories.get(item.product_id, NO_CATEGORY)
        by_category.setdefault(category, []).append(item)
    return [
        PickCategory(
            category,
            tuple(sorted(found, key=lambda i: (i.product_name.casefold(), i.product_id))),
        )
        for category, found in sorted(
            by_category.items(), key=lambda kv: (kv[0] == NO_CATEGORY, kv[0].casefold())
        )
    ]


def delivery_sheet(orders: Sequence[DayOrder]) -> list[DeliveryGroup]:
    """The day's orders grouped by their customers' labels (each order once, under all its
    labels together; orders of customers without labels last), by customer within a group."""
    groups: dict[tuple[str, ...], list[DayOrder]] = {}
    for order in orders:
        key = tuple(sorted(order.labels, key=str.casefold))
        groups.setdefault(key, []).append(order)
    return [
        DeliveryGroup(
            labels,
            tuple(sorted(found, key=lambda o: (o.customer_name.casefold(), o.order_number))),
        )
        for labels, found in sorted(
            groups.items(), key=lambda kv: (not kv[0], [x.casefold() for x in kv[0]])
        )
    ]
