"""Cutoff reminders (issue 18): who is reminded to order for tomorrow, and when. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

USUAL_ORDERS = 2  # a customer "usually orders" for a weekday after this many orders for it


def usual_weekdays(delivery_dates: Iterable[date], *, at_least: int = USUAL_ORDERS) -> set[int]:
    """The weekdays (0 = Monday) the customer had at least ``at_least`` orders delivered on,
    among ``delivery_dates`` (their recent, not cancelled orders)."""
    counts = Counter(day.weekday() for day in delivery_dates)
    return {weekday for weekday, count in counts.items() if count >= at_least}


def deadline(delivery: date, cutoff: time) -> datetime:
    """The last moment to order for ``delivery``, on the vendor's wall clock: the cutoff on
    the day before (the cutoff concerns next-day delivery)."""
    return datetime.combine(delivery - timedelta(days=1), cutoff)


def reminder_due(local_now: datetime, delivery: date, cutoff: time, hours: int) -> bool:
    """Whether a reminder for ``delivery`` is due at ``local_now`` (vendor wall clock, naive):
    from ``hours`` before the deadline until the deadline. 0 hours: never."""
    if hours <= 0:
        return False
    end = deadline(delivery, cutoff)
    return end - timedelta(hours=hours) <= local_now < end
