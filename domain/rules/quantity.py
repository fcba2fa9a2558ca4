"""Quantities typed by people: "2", "2.5", "2,5" — never "abc", 0, -3 or 1e9."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidQuantity

MAX_QUANTITY = Decimal(9999)
_NUMBER_RE = re.compile(r"^\d{1,7}(?:[.,]\d{1,3})?$")
_FRACTIONAL_UNITS = frozenset(
    {
        "kg",
        "kilo",
        "kilos",
        "kilogram",
        "kilograms",
        "g",
        "gram",
        "grams",
        "l",
        "litre",
        "litres",
        "liter",
        "liters",
        "lb",
        "lbs",
        "ml",
    }
)


def unit_allows_fraction(unit: str) -> bool:
    """Weight and volume units may be ordered in decimals ("2.5 kg")."""
    words = re.findall(r"[a-zà-ÿ]+", unit.lower())
    return bool(words) and words[0] in _FRACTIONAL_UNITS


def parse_quantity(text: str, unit: str = "") -> Decimal:
    raw = text.strip()
    if not _NUMBER_RE.fullmatch(raw):
        raise InvalidQuantity(f"not a quantity: {raw[:40]!r}", value=raw[:40])
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regex keeps this out
        raise InvalidQuantity(f"not a quantity: {raw!r}", value=raw) from exc
    check_quantity(value, unit)
    return value


def check_quantity(value: Decimal, unit: str = "") -> Decimal:
    if not value.is_finite() or value <= 0:
        raise InvalidQuantity(f"quantity must be positive: {value}", value=str(value))
    if value > MAX_QUANTITY:
        raise InvalidQuantity(
            f"quantity too large: {value}", value=str(value), maximum=MAX_QUANTITY
        )
    if value != value.to_integral_value() and not unit_allows_fraction(unit):
        raise InvalidQuantity(f"whole units only for {unit!r}", value=str(value), unit=unit)
    return value
