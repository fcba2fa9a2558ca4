"""Dates as people type them, in English, French and Spanish (pure).

Accepted: ISO (2026-11-24); day and month with `/`, `.` or `-` and an optional year
(24/11, 24.11.2026, 24-11-26), in the order of the language's short date pattern from
Babel (day first for en_GB, fr_FR and es_ES, the wholesalers' locales); a day and a month
name (24 November, 24 nov., 24 de noviembre, Nov 24); and today / tomorrow / the day after,
in the three languages. A date without a year is the next one on or after today
(`prefer="future"`) or the last one on or before today (`prefer="past"`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import cache
from typing import Literal

from babel.dates import get_date_format, get_month_names

from domain.errors import InvalidInput

Prefer = Literal["future", "past"]
LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
RELATIVE = {
    0: ("today", "aujourd'hui", "aujourdhui", "hoy"),
    1: ("tomorrow", "demain", "manana"),
    2: (
        "day after tomorrow",
        "the day after tomorrow",
        "apres-demain",
        "apres demain",
        "pasado manana",
    ),
    -1: ("yesterday", "hier", "ayer"),
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = re.compile(
    r"^(?:(\d{1,2})(?:er|st|nd|rd|th)?\s+(?:de\s+)?([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(?:de\s+)?(\d{4}))?$"
)  # noqa: E501


def _fold(text: str) -> str:
    """Lower case without accents: "Mañana" -> "manana", "févr." -> "fevr."."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@cache
def _day_first(language: str) -> bool:
    pattern = get_date_format("short", locale=LOCALES.get(language, "en_GB")).pattern.lower()
    return pattern.index("d") < pattern.index("m")


@cache
def _months() -> dict[str, int]:
    """Month names and abbreviations of the three languages, folded."""
    names: dict[str, int] = {}
    for locale in LOCALES.values():
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[_fold(str(name)).rstrip(".")] = number
    return names


def _year(year: str | None, month: int, day: int, today: date, prefer: Prefer) -> date:
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return date(full, month, day)
    candidate = date(today.year, month, day) if (month, day) != (2, 29) else None
    if candidate is None:  # 29 February: the nearest leap year that way
        step = 1 if prefer == "future" else -1
        y = today.year
        while True:
            try:
                candidate = date(y, 2, 29)
            except ValueError:
                y += step
                continue
            if (candidate >= today) if prefer == "future" else (candidate <= today):
                return candidate
            y += step
    if prefer == "future" and candidate < today:
        return date(today.year + 1, month, day)
    if prefer == "past" and candidate > today:
        return date(today.year - 1, month, day)
    return candidate


def parse_day(text: str, today: date, language: str = "en", prefer: Prefer = "future") -> date:
    """One date; InvalidInput (reason "date") when it cannot be read."""
    folded = _fold(text).rstrip(".")
    try:
        for offset, words in RELATIVE.items():
            if folded in words:
                return today + timedelta(days=offset)
        if match := _ISO.match(folded):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _NUMERIC.match(folded):
            first, second = int(match.group(1)), int(match.group(2))
            day, month = (first, second) if _day_first(language) else (second, first)
            if month > 12 >= day:  # unambiguous the other way round
                day, month = month, day
            return _year(match.group(3), month, day, today, prefer)
        if match := _WORDS.match(folded):
            day_text = match.group(1) or match.group(4)
            named = _months().get(match.group(2) or match.group(3) or "")
            if named is not None:
                return _year(match.group(5), named, int(day_text), today, prefer)
    except ValueError:
        pass  # 31/02 and the like
    raise InvalidInput(f"unreadable date {text!r}", value=text.strip()[:40], reason="date")


_RANGE_SPLIT = re.compile(r"\s+(?:to|au|a|al|hasta|-|–|—)\s+|\s*[–—]\s*")


def parse_range(
    text: str, today: date, language: str = "en", prefer: Prefer = "past"
) -> tuple[date, date]:
    """Two dates, first and last ("24/11 - 30/11", "2026-11-01 2026-11-15", "1 nov au 15
    nov"); InvalidInput when either is unreadable or the last is before the first. The
    first follows `prefer`; the last, without a year, is the next one from the first."""
    cleaned = text.strip()
    parts = [p for p in _RANGE_SPLIT.split(cleaned) if p.strip()]
    if len(parts) != 2:
        words = cleaned.split()
        parts = []
        # "2026-11-01 2026-11-15" or "24/11 30/11": two tokens without a separator word
        if len(words) == 2:
            parts = words
        elif len(words) % 2 == 0 and len(words) > 2:
            half = len(words) // 2
            parts = [" ".join(words[:half]), " ".join(words[half:])]
    if len(parts) != 2:
        raise InvalidInput("two dates", value=cleaned[:40], reason="range")
    first = parse_day(parts[0], today, language, prefer)
    # the last day without a year is the next one on or after the first
    last = parse_day(parts[1], first, language, "future")
    if last < first:
        raise InvalidInput("the last date is before the first", value=cleaned[:40], reason="range")
    return first, last


def parse_days(text: str, today: date, language: str = "en") -> list[date]:
    """Several dates separated by commas or semicolons (closures): "24/12, 25/12, 1/1"."""
    parts = [p for p in re.split(r"[;,\n]", text) if p.strip()]
    if len(parts) == 1 and " " in parts[0].strip():
        try:
            return [parse_day(parts[0], today, language)]
        except InvalidInput:
            parts = parts[0].split()
    return [parse_day(p, today, language) for p in parts]


__all__ = ["parse_day", "parse_days", "parse_range"]
