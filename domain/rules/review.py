"""What a customer agreed to on the review screen, and what changed since (pure).

"Place order" places only what the customer saw: when a price, the discount, a product's
availability or the minimum order changed after the review was shown, the order is not
placed and the new review is shown with each difference marked."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class ReviewedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: str
    unit_price: Decimal  # net of the discount, as shown
    available: bool


class ReviewTerms(BaseModel):
    model_config = ConfigDict(frozen=True)

    lines: tuple[ReviewedLine, ...]
    discount_percent: Decimal
    minimum: Decimal | None
    total: Decimal


class ReviewChanges(BaseModel):
    """The differences between the review the customer saw and the terms now; each holds
    the value the customer saw."""

    model_config = ConfigDict(frozen=True)

    prices: dict[str, Decimal] = {}  # product_id -> net unit price seen
    unavailable: frozenset[str] = frozenset()  # available when seen, not now
    discount_percent: Decimal | None = None
    minimum: Decimal | None = None
    minimum_changed: bool = False
    total: Decimal | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.prices
            or self.unavailable
            or self.discount_percent is not None
            or self.minimum_changed
            or self.total is not None
        )


def changes(seen: ReviewTerms, now: ReviewTerms) -> ReviewChanges:
    """What differs between `seen` and `now`, line by line (lines matched by product)."""
    before = {line.product_id: line for line in seen.lines}
    prices: dict[str, Decimal] = {}
    unavailable: set[str] = set()
    for line in now.lines:
        old = before.get(line.product_id)
        if old is None:
            continue
        if old.unit_price != line.unit_price:
            prices[line.product_id] = old.unit_price
        if old.available and not line.available:
            unavailable.add(line.product_id)
    return ReviewChanges(
        prices=prices,
        unavailable=frozenset(unavailable),
        discount_percent=seen.discount_percent
        if seen.discount_percent != now.discount_percent
        else None,
        minimum=seen.minimum,
        minimum_changed=seen.minimum != now.minimum,
        total=seen.total if seen.total != now.total else None,
    )


__all__ = ["ReviewChanges", "ReviewTerms", "ReviewedLine", "changes"]
