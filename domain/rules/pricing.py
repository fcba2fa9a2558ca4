"""Money: Decimal only, rounded to the currency's minor unit (ROUND_HALF_UP)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import get_currency_precision

from domain.errors import InvalidInput

HUNDRED = Decimal(100)


def currency_exponent(currency: str) -> int:
    return int(get_currency_precision(currency.upper()))


def round_money(amount: Decimal, currency: str) -> Decimal:
    quantum = Decimal(1).scaleb(-currency_exponent(currency))
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def parse_money(text: str) -> Decimal:
    """A non-negative amount such as ``"14.50"`` or ``"14,50"``."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise InvalidInput(f"bad amount {text!r}", value=text[:20], reason="amount") from exc
    if not value.is_finite() or value < 0 or "e" in cleaned.lower():
        raise InvalidInput(f"bad amount {text!r}", value=text[:20], reason="amount")
    return value


def parse_discount(text: str) -> Decimal:
    try:
        value = parse_money(text.rstrip("% "))
    except InvalidInput as exc:
        raise InvalidInput(f"bad discount {text!r}", value=text[:20], reason="discount") from exc
    if value > HUNDRED:
        raise InvalidInput(
            f"discount must be 0-100 %, got {text!r}", value=text[:20], reason="discount"
        )
    return value


def discounted_unit_price(price: Decimal, discount_percent: Decimal, currency: str) -> Decimal:
    return round_money(price * (HUNDRED - discount_percent) / HUNDRED, currency)


def line_total(
    price: Decimal, quantity: Decimal, discount_percent: Decimal, currency: str
) -> Decimal:
    """The discounted unit price (rounded, as the customer sees it) times the quantity, so a
    line always adds up: net unit price x quantity = line total."""
    return round_money(
        discounted_unit_price(price, discount_percent, currency) * quantity, currency
    )


def order_total(line_totals: Iterable[Decimal], currency: str) -> Decimal:
    return round_money(sum(line_totals, Decimal(0)), currency)
