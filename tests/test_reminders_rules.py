"""The cutoff reminder rules: usual weekdays and when a reminder is due (DST included)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.rules.delivery import vendor_local
from domain.rules.reminders import deadline, reminder_due, usual_weekdays

PARIS = ZoneInfo("Europe/Paris")


def test_usual_weekdays_need_two_orders_for_that_day() -> None:
    tuesdays = [date(2026, 11, 10), date(2026, 11, 17)]
    assert usual_weekdays([*tuesdays, date(2026, 11, 20)]) == {1}  # one Friday is no habit
    assert usual_weekdays([]) == set()


def test_due_from_the_lead_until_the_cutoff_of_the_day_before() -> None:
    tuesday, cutoff = date(2026, 11, 24), time(14, 0)
    assert deadline(tuesday, cutoff) == datetime(2026, 11, 23, 14, 0)
    assert not reminder_due(datetime(2026, 11, 23, 11, 59), tuesday, cutoff, 2)
    assert reminder_due(datetime(2026, 11, 23, 12, 0), tuesday, cutoff, 2)
    assert reminder_due(datetime(2026, 11, 23, 13, 59), tuesday, cutoff, 2)
    assert not reminder_due(datetime(2026, 11, 23, 14, 0), tuesday, cutoff, 2)  # too late
    assert not reminder_due(datetime(2026, 11, 23, 13, 0), tuesday, cutoff, 0)  # turned off


def test_dst_changes_keep_the_wall_clock() -> None:
    """On the night clocks go back (25 October 2026 in Paris) and forward (29 March 2026),
    the reminder is due by the vendor's wall clock, not a UTC offset."""
    for night in (date(2026, 10, 25), date(2026, 3, 29)):
        delivery = date(night.year, night.month, night.day + 1)
        at_noon = datetime(night.year, night.month, night.day, 12, 30, tzinfo=PARIS)
        local = vendor_local(at_noon.astimezone(ZoneInfo("UTC")), PARIS)
        assert local.hour == 12 and reminder_due(local, delivery, time(14, 0), 2)
