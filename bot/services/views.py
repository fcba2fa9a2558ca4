"""What use cases hand to handlers and templates (plain values, computed totals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from domain.rules.delivery import DeliveryOption
from domain.rules.pricing import discounted_unit_price, line_total, order_total
from domain.rules.review import ReviewedLine, ReviewTerms
from store.models import Cart, Contact, Customer, Order, Product, Vendor


@dataclass(frozen=True)
class Ordering:
    """Who is ordering: the contact, for which customer, from which vendor."""

    contact: Contact
    customer: Customer
    vendor: Vendor
    locations: int = 1  # customers this contact orders for


@dataclass(frozen=True)
class PricedLine:
    product: Product
    quantity: Decimal
    unit_price: Decimal  # after discount
    total: Decimal
    phrase: str | None = None  # the customer's words it was read from

    @property
    def orderable(self) -> bool:
        return self.product.available


@dataclass(frozen=True)
class CartView:
    lines: tuple[PricedLine, ...]
    total: Decimal
    currency: str
    delivery_date: date | None
    late_accepted: bool
    comment: str
    nonce: str

    @property
    def empty(self) -> bool:
        return not self.lines

    @property
    def unavailable(self) -> tuple[PricedLine, ...]:
        return tuple(line for line in self.lines if not line.orderable)


def price_product(product: Product, customer: Customer, currency: str) -> Decimal:
    return discounted_unit_price(product.price, customer.discount_percent, currency)


def cart_view(cart: Cart, customer: Customer, vendor: Vendor) -> CartView:
    lines = tuple(
        PricedLine(
            product=line.product,
            quantity=line.quantity,
            unit_price=price_product(line.product, customer, vendor.currency),
            total=line_total(
                line.product.price, line.quantity, customer.discount_percent, vendor.currency
            ),
            phrase=line.phrase,
        )
        for line in cart.lines
    )
    return CartView(
        lines=lines,
        total=order_total((ln.total for ln in lines if ln.orderable), vendor.currency),
        currency=vendor.currency,
        delivery_date=cart.delivery_date,
        late_accepted=cart.late_accepted,
        comment=cart.comment,
        nonce=cart.nonce,
    )


def review_terms(view: CartView, customer: Customer, vendor: Vendor) -> ReviewTerms:
    """The terms a review screen shows, to be checked again at "Place order"."""
    return ReviewTerms(
        lines=tuple(
            ReviewedLine(
                product_id=ln.product.product_id,
                unit_price=ln.unit_price,
                available=ln.orderable,
            )
            for ln in view.lines
        ),
        discount_percent=customer.discount_percent,
        minimum=vendor.minimum_order_value,
        total=view.total,
    )


def order_totals(order: Order) -> tuple[list[Decimal], Decimal]:
    totals = [
        line_total(ln.unit_price, ln.quantity, order.discount_percent, order.currency)
        for ln in order.lines
    ]
    return totals, order_total(totals, order.currency)


@dataclass(frozen=True)
class DeliveryChoice:
    options: tuple[DeliveryOption, ...]
    strict_cutoff_passed: bool
    cutoff_time: time
    closures_skipped: tuple[date, ...] = field(default_factory=tuple)
