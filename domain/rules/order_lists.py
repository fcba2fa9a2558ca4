"""The shape of a list in a free-text order: the number of a list item ("1. romaine 2
cases", "3) ..."), a line's header ("milk: 12 whole, 6 semi", "onions - 1 sack white, 5kg
red") and a section that names no goods ("pescado:"), read before an item's own words
(domain/rules/free_text.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.rules.order_grammar import has_goods
from domain.rules.order_text import TOKEN_RE
from domain.rules.order_words import SECTIONS, STOPWORDS

# "1. romaine 2 cases", "2) ...", "#3 ...", "n°4 ...": the number of a list item
_LIST_NUMBER_RE = re.compile(
    r"^\s*(?:#\d{1,2}\s*[.):-]?|(?:n[°o]\.?\s*)?\d{1,2}\s*[.)\]:-])\s+(?=\S)"
)


def _digit_before(text: str, mark: str) -> bool:
    """Whether ``mark`` follows a digit somewhere in ``text`` (found with str.find: quicker
    than an expression that starts with a class of characters)."""
    at = text.find(mark, 1)
    while at != -1:
        if text[at - 1].isdigit():
            return True
        at = text.find(mark, at + 1)
    return False


# "2) cherry tomatoes 1kg 3) vine tomatoes 2kg": a list number inside a line
_INLINE_NUMBER_RE = re.compile(r"(?<=\s)\d{1,2}\)\s+(?=[a-z])")


def split_inline_numbers(text: str) -> str:
    """A list number written inside a line ("... 3) vine tomatoes") starts an item; it is not
    a quantity."""
    if not _digit_before(text, ")"):
        return text  # most messages: no "3)" to look for

    def cut(match: re.Match[str]) -> str:
        before = text[: match.start()]
        inside = before.count("(") > before.count(")")  # "(case of 24) x 2": no list here
        return match.group(0) if inside else "; "

    return _INLINE_NUMBER_RE.sub(cut, text)


def strip_list_number(item: str) -> str:
    """ "1. romaine 2 cases", "1. romaine - 2 cases" (a whole line or one item): the list's
    numbering goes when a quantity follows it (else "2. carrots" keeps its 2, which may well
    be the quantity)."""
    match = _LIST_NUMBER_RE.match(item)
    if not match:
        return item
    rest = item[match.end() :]
    return rest if re.search(r"\d", rest) else item


_LINE_DASH_RE = re.compile(r"\s[-\u2013\u2014]\s")


def dash_header(line: str) -> list[str]:
    """ "onions - 1 sack white, 5kg red": goods with no number, then a dash, then a list of
    quantities, head the line as before a colon (the tokens of those goods; empty: none)."""
    if " -" not in line and " \u2013" not in line and " \u2014" not in line:
        return []  # most lines: no dash after a space
    match = _LINE_DASH_RE.search(line)
    if match is None:
        return []
    head, rest = line[: match.start()], line[match.end() :]
    if any(c.isdigit() for c in head) or ":" in head:
        return []
    if not rest.lstrip()[:1].isdigit() or "," not in rest:
        return []  # one item after the dash ("Hi team - 2 cases romaine") is read as it is
    words = TOKEN_RE.findall(head)
    return words if has_goods(words) else []


def names_a_section(raw: str) -> bool:
    """ "poisson : cabillaud 5 kg": whether the words before the colon only name a section of
    the list ("fish order", "carne"), never goods."""
    if ":" not in raw:
        return False
    named = [t for t in TOKEN_RE.findall(raw.split(":", 1)[0]) if t not in STOPWORDS]
    return bool(named) and all(t in SECTIONS for t in named)


def header_of(raw: str, tokens: Sequence[str]) -> list[str]:
    """ "milk: 12 whole, 6 semi, 4 skimmed": goods named before a colon, with no quantity,
    are the goods of the items after it on the same line (empty: no such header)."""
    if ":" not in raw:
        return []
    before = TOKEN_RE.findall(raw.split(":", 1)[0])
    if not before or any(c.isdigit() for t in before for c in t) or not has_goods(before):
        return []
    return [t for t in before if t in tokens]
