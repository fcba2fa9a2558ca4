"""Which delivery dates a customer may request.

Everything is computed on the vendor's wall clock: "now" is converted to the vendor's
timezone (or taken as vendor-local when it carries no offset), and dates are calendar dates
there, so daylight-saving changes shift nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.enums import CutoffKind
from domain.errors import CutoffPassed, DeliveryDateNotAllowed, InvalidInput

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("monday",),
            ("tuesday",),
            ("wednesday",),
            ("thursday",),
            ("friday",),
            ("saturday",),
            ("sunday",),
        ]
    )
    for name in names
}
HORIZON_DAYS = 366


@dataclass(frozen=True)
class Cutoff:
    time: time
    kind: CutoffKind


@dataclass(frozen=True)
class DeliveryOption:
    date: date
    warning: bool

    def as_json(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "warning": self.warning}


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; InvalidInput when there is none (a name too long for
    the file system makes ZoneInfo raise OSError: that is an unknown zone too)."""
    shown = name if len(name) <= 60 else name[:57] + "..."
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InvalidInput(f"unknown timezone: {shown!r}", value=shown, reason="timezone") from exc


def parse_weekdays(text: str) -> frozenset[int]:
    """``"mon,tue,fri"`` -> {0, 1, 4}. Accepts short or long English names."""
    days: set[int] = set()
    for raw in text.split(","):
        word = raw.strip().lower()
        if not word:
            continue
        if word in WEEKDAY_NAMES:
            days.add(WEEKDAY_NAMES.index(word))
        elif word in _LONG_NAMES:
            days.add(_LONG_NAMES[word])
        else:
            raise InvalidInput(f"unknown weekday: {raw.strip()!r}", value=raw.strip())
    return frozenset(days)


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(set(days)))


def parse_cutoff_time(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise InvalidInput(
            f"bad cutoff time {text!r}: use HH:MM", value=text[:20], reason="time"
        ) from exc


def effective_cutoff(vendor_default: Cutoff, customer_override: Cutoff | None) -> Cutoff:
    """The customer's own cutoff when enabled (not None), else the vendor default."""
    return customer_override if customer_override is not None else vendor_default


def effective_delivery_days(
    vendor_default: frozenset[int], customer_override: frozenset[int] | None
) -> frozenset[int]:
    return customer_override if customer_override is not None else vendor_default


def vendor_local(now: datetime, tz: ZoneInfo) -> datetime:
    """``now`` on the vendor's wall clock, without tzinfo."""
    if now.tzinfo is None:
        return now
    return now.astimezone(tz).replace(tzinfo=None)


def cutoff_passed(local_now: datetime, cutoff_time: time) -> bool:
    """The cutoff has passed when the vendor's local time is at or after it."""
    return local_now.time() >= cutoff_time


def delivery_options(
    *,
    now: datetime,
    tz: ZoneInfo,
    delivery_days: frozenset[int],
    cutoff: Cutoff,
    closures: Iterable[date] = (),
    count: int = 5,
) -> list[DeliveryOption]:
    """The next ``count`` selectable delivery dates, earliest first.

    Earliest delivery is the next calendar day.  The cutoff concerns next-day delivery only:
    once passed, strict drops tomorrow and flexible keeps it with ``warning=True``.
    """
    if count < 1:
        return []
    local = vendor_local(now, tz)
    today = local.date()
    passed = cutoff_passed(local, cutoff.time)
    closed = set(closures)
    options: list[DeliveryOption] = []
    for offset in range(1, HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in delivery_days or day in closed:
            continue
        warning = False
        if offset == 1 and passed:
            if cutoff.kind is CutoffKind.STRICT:
                continue
            warning = True
        options.append(DeliveryOption(day, warning))
        if len(options) >= count:
            break
    return options


def check_delivery_date(
    chosen: date,
    *,
    now: datetime,
    tz: ZoneInfo,
    delivery_days: frozenset[int],
    cutoff: Cutoff,
    closures: Iterable[date] = (),
) -> DeliveryOption:
    """The option for ``chosen`` if it may still be requested now; raises otherwise.

    Used at placing time, so a date picked before the cutoff and placed after it is
    re-checked rather than trusted.
    """
    local = vendor_local(now, tz)
    horizon = max(1, (chosen - local.date()).days)
    options = delivery_options(
        now=now,
        tz=tz,
        delivery_days=delivery_days,
        cutoff=cutoff,
        closures=closures,
        count=horizon,
    )
    for option in options:
        if option.date == chosen:
            return option
    tomorrow = local.date() + timedelta(days=1)
    if (
        chosen == tomorrow
        and chosen.weekday() in delivery_days
        and chosen not in set(closures)
        and cutoff.kind is CutoffKind.STRICT
    ):
        raise CutoffPassed(f"cutoff {cutoff.time:%H:%M} has passed", cutoff=cutoff.time)
    raise DeliveryDateNotAllowed(f"{chosen.isoformat()} cannot be requested", date=chosen)
