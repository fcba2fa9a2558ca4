"""Standing orders (issue 18): a customer's recurring order on chosen delivery days. When its
notice is due, when it is placed, and what of it can be placed. Pure.

On the vendor's wall clock (naive datetimes): the deadline for a delivery day is the cutoff
on the day before (see :func:`domain.rules.reminders.deadline`), so daylight-saving changes
move nothing. The notice goes out ``notice_hours`` before the deadline; the order is placed
:data:`PLACE_BEFORE` before it, so the team sees it in time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from domain.rules.pricing import line_total, order_total
from domain.rules.reminders import deadline

PLACE_BEFORE = timedelta(minutes=30)
NOTICE_HOURS = range(1, 49)  # the vendor setting's values: at most two days before
MAX_LINES = 40


class Outcome(StrEnum):
    """What became of one occurrence (its reason, when it was not placed)."""

    PLACED = "placed"
    CLOSED = "closed"  # the vendor is closed that day
    BLOCKED = "blocked"  # the customer's standing forbids ordering
    NOTHING_AVAILABLE = "unavailable"  # no line can be ordered
    BELOW_MINIMUM = "minimum"  # what is left is below the minimum order value
    LATE = "late"  # the deadline passed before it could be placed (strict cutoff)


def mask_of(days: Iterable[int]) -> int:
    """Weekdays (0 = Monday) as a bit mask, for a button's data."""
    return sum(1 << d for d in set(days) if 0 <= d <= 6)


def days_of(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask >> d & 1)


def choosable(days: frozenset[int], delivery_days: frozenset[int]) -> frozenset[int]:
    """The chosen weekdays a standing order may keep: the customer's delivery days only."""
    return days & delivery_days


def candidate_days(local_now: datetime) -> tuple[date, date, date]:
    """The delivery days whose notice can be due now: tomorrow and the two days after (the
    notice comes at most 48 hours before a deadline, itself the day before delivery)."""
    today = local_now.date()
    return today + timedelta(days=1), today + timedelta(days=2), today + timedelta(days=3)


def notice_due(local_now: datetime, delivery: date, cutoff: time, notice_hours: int) -> bool:
    """From ``notice_hours`` before the deadline until the deadline."""
    end = deadline(delivery, cutoff)
    return end - timedelta(hours=max(notice_hours, 1)) <= local_now < end


def place_due(local_now: datetime, delivery: date, cutoff: time) -> bool:
    """The order is placed from :data:`PLACE_BEFORE` before the deadline on; after the
    deadline, only while the delivery day has not begun (a late placing, see
    :func:`decide`)."""
    return (
        deadline(delivery, cutoff) - PLACE_BEFORE
        <= local_now
        < datetime.combine(delivery, time(0, 0))
    )


def place_at(delivery: date, cutoff: time) -> datetime:
    """When the order is placed by itself, on the vendor's clock."""
    return deadline(delivery, cutoff) - PLACE_BEFORE


def next_occurrence(
    local_now: datetime, weekdays: frozenset[int], cutoff: time
) -> tuple[date, datetime] | None:
    """The next delivery day (within two weeks) a standing order on ``weekdays`` will be
    placed for, and when (vendor clock); None when there is none."""
    for ahead in range(1, 15):
        delivery = local_now.date() + timedelta(days=ahead)
        if delivery.weekday() in weekdays and local_now < place_at(delivery, cutoff):
            return delivery, place_at(delivery, cutoff)
    return None


def past_deadline(local_now: datetime, delivery: date, cutoff: time) -> bool:
    return local_now >= deadline(delivery, cutoff)


@dataclass(frozen=True)
class Line:
    product_id: str
    quantity: Decimal


@dataclass(frozen=True)
class Offer:
    """What the catalogue says of a product now: its price and whether it can be ordered."""

    price: Decimal
    available: bool


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    kept: tuple[Line, ...] = ()
    dropped: tuple[str, ...] = ()  # product IDs left out: unavailable or gone
    late: bool = False  # placed after a flexible cutoff


def decide(
    lines: Sequence[Line],
    offers: Mapping[str, Offer],
    *,
    closed: bool,
    may_order: bool,
    minimum: Decimal | None,
    discount_percent: Decimal = Decimal(0),
    currency: str = "EUR",
    past_deadline: bool = False,
    flexible: bool = False,
) -> Decision:
    """Whether and what an occurrence places, under the same rules as a typed order:
    closures, the customer's standing, availability (unavailable lines are dropped), the
    minimum order value, and the cutoff (after it, only a flexible one takes it, late)."""
    if closed:
        return Decision(Outcome.CLOSED)
    if not may_order:
        return Decision(Outcome.BLOCKED)
    if past_deadline and not flexible:
        return Decision(Outcome.LATE)
    kept = tuple(ln for ln in lines if ln.product_id in offers and offers[ln.product_id].available)
    dropped = tuple(ln.product_id for ln in lines if ln not in kept)
    if not kept:
        return Decision(Outcome.NOTHING_AVAILABLE, dropped=dropped)
    total = order_total(
        (
            line_total(offers[ln.product_id].price, ln.quantity, discount_percent, currency)
            for ln in kept
        ),
        currency,
    )
    if minimum is not None and total < minimum:
        return Decision(Outcome.BELOW_MINIMUM, kept, dropped)
    return Decision(Outcome.PLACED, kept, dropped, late=past_deadline)
