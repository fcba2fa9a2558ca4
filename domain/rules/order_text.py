"""The words of a free-text order as the parser reads them: normalized text, tokens, stems,
numbers, sizes ("250g", "1l") and the canonical selling units (domain/rules/free_text.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.rules.order_words import DOZEN, PACKAGING, VOLUME, WEIGHT

TOKEN_RE = re.compile(r"[a-z]+\d[a-z\d]*|\d+(?:[.,]\d+)?[a-z]*|[a-z]+")
SIZE_RE = re.compile(r"^(\d+(?:[.,]\d+)?)(kg|g|gr|l|ml|cl)$")
# "x3", "3x", "x1.5": a count written with its "x"
TIMES_RE = re.compile(r"x(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)x")


def is_code(token: str) -> bool:
    """A product code such as "T55" or "24mo": letters and digits, neither a size ("5kg")
    nor a count ("x3"); read the same way in catalogue names and in messages."""
    return (
        not token.isalpha()  # most tokens are words: the cheap test first
        and not token.isdigit()
        and any(c.isalpha() for c in token)
        and any(c.isdigit() for c in token)
        and not SIZE_RE.match(token)
        and not TIMES_RE.fullmatch(token)
    )


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str | None  # "g", "ml", "dozen", a packaging canonical, or None


def normalize(text: str) -> str:
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("×", " x ")
    text = text.replace("’", "'")  # "lait d’avoine" as "lait d'avoine"
    if text.isascii():
        return text
    return _MARKS_RE.sub("", unicodedata.normalize("NFKD", text))


# the combining marks NFKD leaves after a letter ("é" -> "e" + U+0301)
_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_DIMINUTIVE_ENDINGS = ("itos", "itas", "ito", "ita")


def diminutive_bases(word: str) -> tuple[str, ...]:
    """ "tomatito", "cebollita", "limoncito": the Spanish words the fond "-ito" ending may
    have been added to (the catalogue says "tomate", "cebolla", "limón")."""
    if not word.endswith(_DIMINUTIVE_ENDINGS):
        return ()  # most words: no such ending
    for ending in _DIMINUTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: -len(ending)]
            bases = (base + "o", base + "a", base + "e")
            return (*bases, base[:-1]) if base.endswith("c") else bases  # "limoncito"
    return ()


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("es") and not word.endswith("ches"):
        return word[:-1]
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def sizes_of(tokens: Sequence[str]) -> set[tuple[str, Decimal]]:
    out = set()
    for token in tokens:
        match = SIZE_RE.match(token)
        if match:
            amount = number(match.group(1)) or Decimal(0)
            unit = match.group(2)
            if unit in WEIGHT:
                out.add(("g", amount * WEIGHT[unit]))
            else:
                out.add(("ml", amount * VOLUME[unit]))
    return out


def joined_sizes(tokens: Sequence[str]) -> list[str]:
    """Sizes written apart ("botella 1 l", "250 g", "5 litres") or with a long unit ("3kgs",
    "5ltr") as one token each ("1l", "250g", "5l", "3kg"), in catalogue names and messages
    alike."""
    out: list[str] = []
    for token in tokens:
        long_unit = (
            _LONG_UNIT_RE.fullmatch(token) if token[:1].isdigit() and not token.isdigit() else None
        )
        if long_unit and long_unit.group(2) in _SHORT and not SIZE_RE.match(token):
            token = long_unit.group(1) + _SHORT[long_unit.group(2)]
        if out and (token in WEIGHT or token in VOLUME) and number(out[-1]) is not None:
            candidate = out[-1] + _SHORT[token]  # "5 litres" as "5l", "2 kilos" as "2kg"
            if SIZE_RE.match(candidate):
                out[-1] = candidate
                continue
        out.append(token)
    return out


_LONG_UNIT_RE = re.compile(r"(\d+(?:[.,]\d+)?)([a-z]+)")
_SHORT = {
    **{word: {1000: "kg", 1: "g"}[grams] for word, grams in WEIGHT.items()},
    **{word: {1000: "l", 10: "cl", 1: "ml"}[ml] for word, ml in VOLUME.items()},
}


def canonical_unit(unit: str) -> str:
    word = normalize(unit).split()[0] if unit.strip() else ""
    if word in WEIGHT:  # a product sold by the gram (saffron) is not one sold by the kilo
        return "g" if WEIGHT[word] == 1 else "kg"
    if word in VOLUME:
        return "ml" if VOLUME[word] == 1 else "l"
    if word in DOZEN:
        return "dozen"
    return PACKAGING.get(word, word)
