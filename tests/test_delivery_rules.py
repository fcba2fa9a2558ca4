"""The delivery-date rule, exhaustively and by property."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.enums import CutoffKind
from domain.errors import CutoffPassed, DeliveryDateNotAllowed, InvalidInput
from domain.rules.delivery import (
    Cutoff,
    check_delivery_date,
    delivery_options,
    effective_cutoff,
    effective_delivery_days,
    parse_weekdays,
)

ZONES = ("Europe/Paris", "America/New_York")
VENDOR_DAYS = frozenset({0, 1, 2, 3, 4})  # mon-fri
CUSTOMER_DAYS = frozenset({1, 3, 5})  # tue, thu, sat
VENDOR_CUTOFF = time(14, 0)
CUSTOMER_CUTOFF = time(9, 30)
# A week whose days are Monday 2026-11-23 .. Sunday 2026-11-29.
WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]


def expected(
    today: date,
    days: frozenset[int],
    closures: set[date],
    passed: bool,
    kind: CutoffKind,
    count: int,
) -> list[tuple[date, bool]]:
    """The rule as the product describes it, spelled out independently."""
    result: list[tuple[date, bool]] = []
    day = today
    while len(result) < count:
        day += timedelta(days=1)
        if day.weekday() not in days or day in closures:
            continue
        is_tomorrow = day == today + timedelta(days=1)
        if is_tomorrow and passed and kind is CutoffKind.STRICT:
            continue
        result.append((day, is_tomorrow and passed))
    return result


CASES = list(
    itertools.product(
        ZONES,
        WEEK,
        list(CutoffKind),
        ("before", "at", "after"),
        (False, True),  # cutoff override
        (False, True),  # delivery-days override
        ("none", "tomorrow", "day_after"),  # closures
    )
)


@pytest.mark.parametrize(
    ("tz_name", "today", "kind", "moment", "cut_ovr", "days_ovr", "closed"), CASES
)
def test_every_combination(
    tz_name: str,
    today: date,
    kind: CutoffKind,
    moment: str,
    cut_ovr: bool,
    days_ovr: bool,
    closed: str,
) -> None:
    tz = ZoneInfo(tz_name)
    vendor = Cutoff(
        VENDOR_CUTOFF, CutoffKind.STRICT if kind is CutoffKind.FLEXIBLE else CutoffKind.FLEXIBLE
    )
    customer = Cutoff(CUSTOMER_CUTOFF, kind)
    # Without the cutoff override, the vendor default carries the kind under test.
    cutoff = effective_cutoff(Cutoff(VENDOR_CUTOFF, kind), customer if cut_ovr else None)
    if cut_ovr:
        assert cutoff == customer and cutoff != vendor
    days = effective_delivery_days(VENDOR_DAYS, CUSTOMER_DAYS if days_ovr else None)
    wall = datetime.combine(today, cutoff.time)
    wall += {"before": timedelta(minutes=-1), "at": timedelta(0), "after": timedelta(hours=1)}[
        moment
    ]
    closures: set[date] = set()
    if closed == "tomorrow":
        closures.add(today + timedelta(days=1))
    elif closed == "day_after":
        closures.add(today + timedelta(days=2))
    now_utc = wall.replace(tzinfo=tz).astimezone(UTC)  # the same instant, as a server sees it
    got = delivery_options(
        now=now_utc, tz=tz, delivery_days=days, cutoff=cutoff, closures=closures, count=5
    )
    want = expected(today, days, closures, moment != "before", kind, 5)
    assert [(o.date, o.warning) for o in got] == want
    # A naive "now" is vendor-local wall time and gives the same answer.
    assert (
        delivery_options(
            now=wall, tz=tz, delivery_days=days, cutoff=cutoff, closures=closures, count=5
        )
        == got
    )


def test_cli_example() -> None:
    got = delivery_options(
        now=datetime(2026, 11, 23, 15, 0),
        tz=ZoneInfo("Europe/Paris"),
        delivery_days=parse_weekdays("mon,tue,wed,thu,fri"),
        cutoff=Cutoff(time(14, 0), CutoffKind.STRICT),
    )
    assert [o.date.isoformat() for o in got] == [
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-30",
        "2026-12-01",
    ]
    assert not any(o.warning for o in got)


# 2026 DST changes: Paris 29 March and 25 October, New York 8 March and 1 November.
DST_DAYS = [
    ("Europe/Paris", date(2026, 3, 28)),
    ("Europe/Paris", date(2026, 3, 29)),
    ("Europe/Paris", date(2026, 3, 30)),
    ("Europe/Paris", date(2026, 10, 24)),
    ("Europe/Paris", date(2026, 10, 25)),
    ("Europe/Paris", date(2026, 10, 26)),
    ("America/New_York", date(2026, 3, 7)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 3, 9)),
    ("America/New_York", date(2026, 10, 31)),
    ("America/New_York", date(2026, 11, 1)),
    ("America/New_York", date(2026, 11, 2)),
]


@pytest.mark.parametrize(("tz_name", "today"), DST_DAYS)
@pytest.mark.parametrize("kind", list(CutoffKind))
def test_dst_changes_shift_nothing(tz_name: str, today: date, kind: CutoffKind) -> None:
    tz = ZoneInfo(tz_name)
    every_day = frozenset(range(7))
    cutoff = Cutoff(time(14, 0), kind)
    for minutes, passed in ((-1, False), (0, True), (1, True)):
        wall = datetime.combine(today, time(14, 0)) + timedelta(minutes=minutes)
        instant = wall.replace(tzinfo=tz).astimezone(UTC)
        got = delivery_options(now=instant, tz=tz, delivery_days=every_day, cutoff=cutoff, count=3)
        first = today + timedelta(days=1)
        if passed and kind is CutoffKind.STRICT:
            first += timedelta(days=1)
        assert [o.date for o in got] == [first + timedelta(days=i) for i in range(3)]
        assert got[0].warning is (passed and kind is CutoffKind.FLEXIBLE)


def test_utc_instant_is_converted_across_dst() -> None:
    """12:30Z is 13:30 in Paris in winter but 14:30 in summer."""
    tz = ZoneInfo("Europe/Paris")
    cutoff = Cutoff(time(14, 0), CutoffKind.STRICT)
    days = frozenset(range(7))
    winter = delivery_options(
        now=datetime(2026, 3, 27, 12, 30, tzinfo=UTC),
        tz=tz,
        delivery_days=days,
        cutoff=cutoff,
        count=1,
    )
    summer = delivery_options(
        now=datetime(2026, 3, 30, 12, 30, tzinfo=UTC),
        tz=tz,
        delivery_days=days,
        cutoff=cutoff,
        count=1,
    )
    assert winter[0].date == date(2026, 3, 28)  # before cutoff: tomorrow
    assert summer[0].date == date(2026, 4, 1)  # after cutoff: day after tomorrow


def test_check_delivery_date() -> None:
    tz = ZoneInfo("Europe/Paris")
    kwargs = dict(now=datetime(2026, 11, 23, 15, 0), tz=tz, delivery_days=VENDOR_DAYS)
    strict = Cutoff(time(14, 0), CutoffKind.STRICT)
    flexible = Cutoff(time(14, 0), CutoffKind.FLEXIBLE)
    with pytest.raises(CutoffPassed):
        check_delivery_date(date(2026, 11, 24), cutoff=strict, **kwargs)  # type: ignore[arg-type]
    option = check_delivery_date(date(2026, 11, 24), cutoff=flexible, **kwargs)  # type: ignore[arg-type]
    assert option.warning
    with pytest.raises(DeliveryDateNotAllowed):
        check_delivery_date(date(2026, 11, 28), cutoff=flexible, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(DeliveryDateNotAllowed):
        check_delivery_date(date(2026, 11, 23), cutoff=flexible, **kwargs)  # type: ignore[arg-type]
    assert not check_delivery_date(date(2026, 12, 4), cutoff=strict, **kwargs).warning  # type: ignore[arg-type]


def test_parse_weekdays() -> None:
    assert parse_weekdays("mon, Wednesday,sun") == frozenset({0, 2, 6})
    with pytest.raises(InvalidInput):
        parse_weekdays("mon,funday")


def test_no_delivery_days_means_no_dates() -> None:
    assert (
        delivery_options(
            now=datetime(2026, 1, 1),
            tz=ZoneInfo("UTC"),
            delivery_days=frozenset(),
            cutoff=Cutoff(time(14), CutoffKind.STRICT),
        )
        == []
    )


ZONE_NAMES = st.sampled_from(
    [
        "Europe/Paris",
        "America/New_York",
        "Asia/Tokyo",
        "UTC",
        "Australia/Sydney",
        "America/Sao_Paulo",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    tz_name=ZONE_NAMES,
    now=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    ),
    days=st.frozensets(st.integers(0, 6)),
    closures=st.frozensets(st.dates(date(2025, 1, 1), date(2029, 6, 30)), max_size=30),
    cutoff_time=st.times(),
    count=st.integers(1, 12),
)
def test_properties(
    tz_name: str,
    now: datetime,
    days: frozenset[int],
    closures: frozenset[date],
    cutoff_time: time,
    count: int,
) -> None:
    tz = ZoneInfo(tz_name)
    today = now.astimezone(tz).date()
    strict = delivery_options(
        now=now,
        tz=tz,
        delivery_days=days,
        closures=closures,
        cutoff=Cutoff(cutoff_time, CutoffKind.STRICT),
        count=count,
    )
    flexible = delivery_options(
        now=now,
        tz=tz,
        delivery_days=days,
        closures=closures,
        cutoff=Cutoff(cutoff_time, CutoffKind.FLEXIBLE),
        count=count,
    )
    for options in (strict, flexible):
        assert len(options) <= count
        assert all(o.date > today for o in options)  # never before tomorrow
        assert all(o.date.weekday() in days for o in options)
        assert all(o.date not in closures for o in options)
        assert [o.date for o in options] == sorted({o.date for o in options})
        assert all(not o.warning or o.date == today + timedelta(days=1) for o in options)
    assert not any(o.warning for o in strict)
    # strict never offers what flexible does not
    flexible_dates = {
        o.date
        for o in delivery_options(
            now=now,
            tz=tz,
            delivery_days=days,
            closures=closures,
            cutoff=Cutoff(cutoff_time, CutoffKind.FLEXIBLE),
            count=count + 1,
        )
    }
    assert {o.date for o in strict} <= flexible_dates
