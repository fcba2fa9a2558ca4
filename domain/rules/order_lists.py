"""The shape of a list in a free-text order: the number of a list item ("1. romaine 2
cases", "3) ..."), a line's header ("milk: 12 whole, 6 semi", "onions - 1 sack white, 5kg
red"), a section that names no goods ("pescado:"), read before an item's own words, and a
list written without separators ("flat leaf x4 curly x2 basil x3", "three sacks of maris piper
two sacks of white onions"), cut at its counts (domain/rules/free_text.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.rules.order_grammar import (
    OF_GOODS,
    SIZED_RE,
    has_goods,
    is_number,
    quantity_groups,
)
from domain.rules.order_text import TOKEN_RE
from domain.rules.order_words import ARTICLES, NUMBER_WORDS, SECTIONS, STOPWORDS

# "1. romaine 2 cases", "2) ...", "#3 ...", "n°4 ...": the number of a list item
# a list's letters and roman numbers, before a bracket ("b) iceberg 6", "ii) 1 box oranges")
_LETTERED = r"(?:[a-h]|i{1,3}|iv|vi{0,3})\)"
_LIST_NUMBER_RE = re.compile(
    r"^\s*(?:#\d{1,2}\s*[.):-]?|(?:n[°o]\.?\s*)?\d{1,2}\s*[.)\]:-]|" + _LETTERED + r")\s+(?=\S)"
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
_INLINE_LETTER_RE = re.compile(r"(?<=\s)" + _LETTERED + r"\s+(?=[a-z0-9])")


_LETTER_RE = re.compile(r"(?:[a-h]|i{1,3}|iv|vi{0,3})")


def _lettered_before(text: str) -> bool:
    """Whether a list letter ("b)", "ii)") stands before a bracket somewhere in ``text``
    (each bracket found with str.find, its word looked at)."""
    at = text.find(")")
    while at != -1:
        start = at
        while start > 0 and text[start - 1].isalpha() and at - start < 4:
            start -= 1
        if (start == 0 or text[start - 1].isspace()) and _LETTER_RE.fullmatch(text[start:at]):
            return True
        at = text.find(")", at + 1)
    return False


def split_inline_numbers(text: str) -> str:
    """A list number written inside a line ("... 3) vine tomatoes") starts an item; it is not
    a quantity."""
    if ")" not in text:
        return text  # most messages: no "3)" to look for
    if not _digit_before(text, ")"):
        if not _lettered_before(text):
            return text  # "(Roma)": no list letter
        return _INLINE_LETTER_RE.sub("; ", text)  # "a) 2 trays strawberries ii) 1 box"

    def cut(match: re.Match[str]) -> str:
        before = text[: match.start()]
        inside = before.count("(") > before.count(")")  # "(case of 24) x 2": no list here
        return match.group(0) if inside else "; "

    return _INLINE_LETTER_RE.sub("; ", _INLINE_NUMBER_RE.sub(cut, text))


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


_NUMBER_WORD_SET = frozenset(NUMBER_WORDS)


def split_run_on(
    tokens: Sequence[str], groups: list[tuple[int, int]] | None = None
) -> list[list[str]]:
    """ "flat leaf x4 curly x2 basil x3", "basmati x1 arborio 3kg jasmine rice 1 bag",
    "2 romaine 3 carrots": several lines without separators. A list written quantity-last
    ends each line at its quantity; one written quantity-first starts each line with it.
    Split only when every part names goods (else "olive oil 5l x2" is one line)."""
    groups = quantity_groups(tokens) if groups is None else groups
    if not groups or (len(groups) == 1 and _NUMBER_WORD_SET.isdisjoint(tokens)):
        return [list(tokens)]  # most items: one count
    groups = _without_pack_sizes(tokens, groups)
    first = groups[0][0]
    quantity_first = (
        first == 0 or not has_goods(tokens[:first]) or _each_says_of_what(tokens, groups)
    )
    starts = [g[0] for g in groups]
    if quantity_first:  # "we need 24 lemons twelve limes", "4 bunches of basil four of coriander"
        starts = sorted([*starts, *_counted_in_words(tokens, groups)])
    if len(starts) < 2:
        return [list(tokens)]
    parts: list[list[str]] = []
    if quantity_first:  # the words before the first count are how it is asked
        starts[0] = 0
        for a, b in zip(starts, [*starts[1:], len(tokens)], strict=False):
            part = list(tokens[a:b])
            if parts and all(SIZED_RE.fullmatch(t) for t in part):
                parts[-1].extend(part)  # "1x dijon 1x saffron 2g": the saffron's size
            else:
                parts.append(part)
        if len(parts) < 2:
            return [list(tokens)]
    else:  # quantity last
        start = 0
        for _, end in groups:
            parts.append(list(tokens[start:end]))
            start = end
        rest = list(tokens[start:])
        if rest and rest[0] in OF_GOODS and has_goods(rest):
            # "... with 200 so we'll need 5 cases of still water": the last quantity says
            # "of" what, so it starts the last line; the words before it end the line before
            last = parts.pop()
            cut = groups[-1][0] - groups[-2][1]
            if has_goods(last[:cut]):
                parts.append(last[:cut])
            else:
                parts[-1].extend(last[:cut])
            parts.append([*last[cut:], *rest])
        elif rest and has_goods(rest):
            parts.append(rest)
        elif rest:
            parts[-1].extend(rest)
    if all(has_goods(part) for part in parts):
        return parts
    return _quantities_to_the_goods_after(parts) or [list(tokens)]


def _without_pack_sizes(
    tokens: Sequence[str], groups: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """ "3 sacos de 20 kg de cebolla": a size said "of" the count before it is the size of
    its packs, no line of its own."""
    kept = [groups[0]]
    for start, end in groups[1:]:
        if (
            SIZED_RE.fullmatch(tokens[start])
            and start == kept[-1][1] + 1
            and tokens[start - 1] in OF_GOODS
        ):
            continue
        kept.append((start, end))
    return kept


def _each_says_of_what(tokens: Sequence[str], groups: list[tuple[int, int]]) -> bool:
    """ "... three sacks of maris piper two sacks of white onions": every count is followed by
    "of" and goods, so each starts its line."""
    return all(
        end + 1 < len(tokens) and tokens[end] in OF_GOODS and not is_number(tokens[end + 1])
        for _start, end in groups
    )


def _counted_in_words(tokens: Sequence[str], groups: list[tuple[int, int]]) -> list[int]:
    """Where a number word alone starts a line after the first count: before goods ("24
    lemons twelve limes") or before "of" ("four bunches of basil four of coriander", the
    unit left out). An article is no such start ("a bag" counts with its unit)."""
    covered = {i for start, end in groups for i in range(start, end)}
    return [
        i
        for i in range(groups[0][1], len(tokens) - 1)
        if tokens[i] in NUMBER_WORDS
        and tokens[i] not in ARTICLES
        and i not in covered
        and (tokens[i + 1] in OF_GOODS or has_goods(tokens[i + 1 : i + 2]))
    ]


def _quantities_to_the_goods_after(parts: list[list[str]]) -> list[list[str]] | None:
    """ "red peppers 2kg 1kg garlic": a list that turns quantity-first half-way; a part that
    is only a quantity goes with the goods after it (None: some quantity has none)."""
    out: list[list[str]] = []
    pending: list[str] = []
    for part in parts:
        if has_goods(part):
            out.append([*pending, *part])
            pending = []
        else:
            pending.extend(part)
    return out if len(out) > 1 and not pending else None
