"""Free-text orders -> proposed lines against a catalogue (a simple matcher).

Splits a message into items, reads a quantity from each, and scores catalogue products by
the words they share with the item.  Confident matches become lines; close calls are
returned with their top candidates; the rest is reported as not understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

CONFIDENT = 0.6
POSSIBLE = 0.3
_SPLIT_RE = re.compile(r"[\n;,]+|\s+(?:and|et|y|&|\+)\s+", re.I)
_NUMBER = r"\d+(?:[.,]\d+)?"
_LEAD_RE = re.compile(rf"^\s*(?:x\s*)?({_NUMBER})\s*(?:x\b|×)?\s*(.*)$", re.I)
_TRAIL_RE = re.compile(rf"^(.*?)\s*(?:x|×)?\s*({_NUMBER})\s*(?:x)?\s*$", re.I)
_UNITS = {
    "kg",
    "kgs",
    "kilo",
    "kilos",
    "g",
    "gr",
    "l",
    "lt",
    "ml",
    "cs",
    "case",
    "cases",
    "caisse",
    "caisses",
    "caja",
    "cajas",
    "box",
    "boxes",
    "ctn",
    "bt",
    "btl",
    "bottle",
    "bottles",
    "bag",
    "bags",
    "bunch",
    "bunches",
    "pc",
    "pcs",
    "piece",
    "pieces",
    "x",
    "of",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "el",
    "los",
    "las",
}


@dataclass(frozen=True)
class Candidate:
    product_id: str
    name: str
    score: float


@dataclass(frozen=True)
class ProposedLine:
    product_id: str
    quantity: Decimal
    confidence: float
    span: str


@dataclass(frozen=True)
class Unsure:
    span: str
    quantity: Decimal
    candidates: tuple[Candidate, ...]


@dataclass
class ParsedOrder:
    lines: list[ProposedLine] = field(default_factory=list)
    unsure: list[Unsure] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z]+", normalize(text)):
        if word in _UNITS or len(word) < 2:
            continue
        out.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return out


def _quantity(item: str) -> tuple[Decimal, str] | None:
    lead = _LEAD_RE.match(item)
    if lead and lead.group(2).strip():
        return Decimal(lead.group(1).replace(",", ".")), lead.group(2)
    trail = _TRAIL_RE.match(item)
    if trail and trail.group(1).strip():
        return Decimal(trail.group(2).replace(",", ".")), trail.group(1)
    return None


def score(item_words: set[str], product_name: str) -> float:
    name_words = words(product_name)
    if not item_words or not name_words:
        return 0.0
    shared = item_words & name_words
    return len(shared) / max(len(item_words), 1) * (0.5 + 0.5 * len(shared) / len(name_words))


def parse(text: str, catalogue: Sequence[tuple[str, str]],
          units: dict[str, str] | None = None) -> ParsedOrder:
    """``catalogue``: (product_id, name) pairs."""
    result = ParsedOrder()
    for raw in _SPLIT_RE.split(text[:4000]):
        item = raw.strip(" .!?-:")
        if not item:
            continue
        found = _quantity(item)
        if found is None:
            continue
        quantity, rest = found
        item_words = words(rest)
        if not item_words or quantity <= 0:
            continue
        ranked = sorted(
            (Candidate(pid, name, score(item_words, name)) for pid, name in catalogue),
            key=lambda c: -c.score,
        )
        best = ranked[0] if ranked else None
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if best is not None and best.score >= CONFIDENT and best.score > second:
            result.lines.append(ProposedLine(best.product_id, quantity, best.score, item))
        elif best is not None and best.score >= POSSIBLE:
            result.unsure.append(
                Unsure(item, quantity, tuple(c for c in ranked[:3] if c.score >= POSSIBLE))
            )
        else:
            result.unmatched.append(item)
    return result
