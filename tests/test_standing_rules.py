"""The pure rules of standing orders (issue 18): days, when the notice and the order are due
(on the vendor's wall clock, across both DST changes), and what an occurrence places."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from domain.rules.delivery import vendor_local
from domain.rules.standing_orders import (
    Line,
    Offer,
    Outcome,
    candidate_days,
    choosable,
    days_of,
    decide,
    mask_of,
    notice_due,
    past_deadline,
    place_at,
    place_due,
)

PARIS = ZoneInfo("Europe/Paris")
CUTOFF = time(14, 0)
TUESDAY = date(2026, 11, 24)


def test_days_and_masks() -> None:
    assert mask_of({1, 4}) == 0b10010 and days_of(0b10010) == {1, 4}
    assert days_of(mask_of(range(7))) == set(range(7))
    assert mask_of({7, -1}) == 0  # not weekdays
    assert choosable(frozenset({1, 5}), frozenset({0, 1, 2, 3, 4})) == {1}


@pytest.mark.parametrize(
    ("local", "notice", "place"),
    [
        (datetime(2026, 11, 23, 9, 59), False, False),  # 4 h and a minute before the cutoff
        (datetime(2026, 11, 23, 10, 0), True, False),
        (datetime(2026, 11, 23, 13, 29), True, False),
        (datetime(2026, 11, 23, 13, 30), True, True),  # 30 minutes before: placed
        (datetime(2026, 11, 23, 14, 0), False, True),  # after the cutoff: late, if at all
        (datetime(2026, 11, 24, 0, 0), False, False),  # the delivery day has begun
    ],
)
def test_notice_then_placing(local: datetime, notice: bool, place: bool) -> None:
    assert notice_due(local, TUESDAY, CUTOFF, 4) is notice
    assert place_due(local, TUESDAY, CUTOFF) is place


def test_notice_two_days_ahead_and_the_candidates() -> None:
    saturday_delivery = date(2026, 11, 28)  # its deadline is Friday 14:00
    assert notice_due(datetime(2026, 11, 25, 14, 0), saturday_delivery, CUTOFF, 48)
    assert not notice_due(datetime(2026, 11, 25, 13, 59), saturday_delivery, CUTOFF, 48)
    assert saturday_delivery in candidate_days(datetime(2026, 11, 25, 14, 0))
    assert place_at(TUESDAY, CUTOFF) == datetime(2026, 11, 23, 13, 30)
    assert past_deadline(datetime(2026, 11, 23, 14, 0), TUESDAY, CUTOFF)


@pytest.mark.parametrize(
    ("utc", "delivery", "due"),
    [
        # summer time ends at 03:00 on Sunday 25 October 2026: 10:00 in Paris is 09:00 UTC
        (datetime(2026, 10, 25, 8, 59, tzinfo=UTC), date(2026, 10, 26), False),
        (datetime(2026, 10, 25, 9, 0, tzinfo=UTC), date(2026, 10, 26), True),
        # summer time starts at 02:00 on Sunday 28 March 2027: 10:00 in Paris is 08:00 UTC
        (datetime(2027, 3, 28, 7, 59, tzinfo=UTC), date(2027, 3, 29), False),
        (datetime(2027, 3, 28, 8, 0, tzinfo=UTC), date(2027, 3, 29), True),
    ],
)
def test_the_notice_keeps_to_the_wall_clock_across_dst(
    utc: datetime, delivery: date, due: bool
) -> None:
    assert notice_due(vendor_local(utc, PARIS), delivery, CUTOFF, 4) is due


OFFERS = {
    "VEG-001": Offer(Decimal("14.50"), True),
    "VEG-004": Offer(Decimal("12.00"), False),
}
LINES = [Line("VEG-001", Decimal(2)), Line("VEG-004", Decimal(1)), Line("GONE", Decimal(1))]


def test_what_an_occurrence_places() -> None:
    placed = decide(LINES, OFFERS, closed=False, may_order=True, minimum=None)
    assert placed.outcome is Outcome.PLACED and not placed.late
    assert placed.kept == (LINES[0],) and placed.dropped == ("VEG-004", "GONE")
    closed = decide(LINES, OFFERS, closed=True, may_order=True, minimum=None)
    assert closed.outcome is Outcome.CLOSED
    blocked = decide(LINES, OFFERS, closed=False, may_order=False, minimum=None)
    assert blocked.outcome is Outcome.BLOCKED
    nothing = decide(LINES[1:], OFFERS, closed=False, may_order=True, minimum=None)
    assert nothing.outcome is Outcome.NOTHING_AVAILABLE
    # 2 x 14.50 = 29.00; with 10 % off, 26.10: under a minimum of 27
    low = decide(
        LINES,
        OFFERS,
        closed=False,
        may_order=True,
        minimum=Decimal(27),
        discount_percent=Decimal(10),
    )
    assert low.outcome is Outcome.BELOW_MINIMUM
    enough = decide(LINES, OFFERS, closed=False, may_order=True, minimum=Decimal(29))
    assert enough.outcome is Outcome.PLACED


def test_after_the_cutoff_only_a_flexible_one_takes_it_late() -> None:
    strict = decide(LINES, OFFERS, closed=False, may_order=True, minimum=None, past_deadline=True)
    assert strict.outcome is Outcome.LATE
    flexible = decide(
        LINES, OFFERS, closed=False, may_order=True, minimum=None, past_deadline=True, flexible=True
    )
    assert flexible.outcome is Outcome.PLACED and flexible.late


def test_the_next_occurrence() -> None:
    from domain.rules.standing_orders import next_occurrence

    monday = datetime(2026, 11, 23, 10, 0)
    assert next_occurrence(monday, frozenset({1}), CUTOFF) == (
        TUESDAY,
        datetime(2026, 11, 23, 13, 30),
    )
    late = datetime(2026, 11, 23, 13, 30)  # too late for tomorrow: the week after
    assert next_occurrence(late, frozenset({1}), CUTOFF) == (
        date(2026, 12, 1),
        datetime(2026, 11, 30, 13, 30),
    )
    assert next_occurrence(monday, frozenset({1}), time(16, 0))[1] == datetime(  # type: ignore[index]
        2026, 11, 23, 15, 30
    )
    assert next_occurrence(monday, frozenset(), CUTOFF) is None
