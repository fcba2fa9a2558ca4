"""What the free-text parser proposes for a message: lines it is sure of, close calls with
their candidates, items it did not understand, and what was no item (domain/rules/free_text.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


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
    phrase: str = ""  # the product words as read (what a correction is remembered under)


@dataclass(frozen=True)
class Unsure:
    span: str
    quantity: Decimal
    candidates: tuple[Candidate, ...]
    phrase: str = ""  # what a pick among the candidates is remembered under


@dataclass
class ParsedOrder:
    lines: list[ProposedLine] = field(default_factory=list)
    unsure: list[Unsure] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # parts with no quantity: maybe a note


def phrase_of(words: Sequence[str], codes: set[str] | frozenset[str] = frozenset()) -> str:
    """The key a clarified item is remembered under: its product words, as read."""
    return " ".join([*words, *sorted(codes)])
