"""The warehouse's day as pure rules: the pick list and the delivery sheet."""

from __future__ import annotations

from decimal import Decimal as D

from domain.enums import OrderStatus, PaymentMethod
from domain.rules.picking import DayLine, DayOrder, delivery_sheet, pick_list


def order(number: str, customer: str, labels: tuple[str, ...], *lines: tuple[str, str]) -> DayOrder:
    names = {"VEG-1": "Romaine", "VEG-2": "Carrots", "DAI-1": "Milk", "OLD-9": "Old thing"}
    return DayOrder(
        order_number=number,
        status=OrderStatus.CONFIRMED,
        customer_name=customer,
        customer_number=f"C-{number}",
        address="1 Rue X",
        phone=None,
        payment_method=PaymentMethod.ON_DELIVERY,
        comment="",
        labels=labels,
        lines=tuple(DayLine(pid, names[pid], "kg", D(q)) for pid, q in lines),
    )


ORDERS = [
    order("O1", "bistro 42", ("north",), ("VEG-1", "2"), ("DAI-1", "6")),
    order("O2", "Atelier", ("north", "hotel"), ("VEG-1", "1.5"), ("VEG-2", "0")),
    order("O3", "Zinc", (), ("VEG-1", "3"), ("OLD-9", "1")),
    order("O4", "Café", ("north",), ("DAI-1", "4")),
]
CATEGORIES = {"VEG-1": "Vegetables", "VEG-2": "Vegetables", "DAI-1": "Dairy"}


def test_pick_list_totals_per_product_by_category_with_customers() -> None:
    picked = pick_list(ORDERS, CATEGORIES)
    assert [c.category for c in picked] == ["Dairy", "Vegetables", ""]  # unknown last
    dairy, vegetables, unknown = picked
    assert [(i.product_name, i.total) for i in dairy.items] == [("Milk", D(10))]
    assert [(c.customer_name, c.quantity) for c in dairy.items[0].customers] == [
        ("bistro 42", D(6)),
        ("Café", D(4)),
    ]
    (romaine,) = vegetables.items  # carrots edited to 0 are not picked
    assert romaine.total == D("6.5")
    assert [c.customer_name for c in romaine.customers] == ["Atelier", "bistro 42", "Zinc"]
    assert [i.product_id for i in unknown.items] == ["OLD-9"]


def test_delivery_sheet_groups_each_order_once_by_its_labels() -> None:
    sheet = delivery_sheet(ORDERS)
    assert [(g.labels, [o.order_number for o in g.orders]) for g in sheet] == [
        (("hotel", "north"), ["O2"]),
        (("north",), ["O1", "O4"]),
        ((), ["O3"]),  # no label: last
    ]
    assert pick_list([], {}) == [] and delivery_sheet([]) == []
