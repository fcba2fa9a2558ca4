"""What a customer's free text is: an order, part order and part message, a product that is
not available now, a product search, or a message for the supplier (pure). The one place
that decides; nothing a customer writes is dropped."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from domain.rules.free_text import ParsedOrder

SEARCH_WORDS = 3  # a text this short with catalogue hits is a search
# Courtesy alone is not worth sending on: "2 romaine, thanks" is an order, nothing more.
COURTESY = frozenset(
    "please thanks thank you thx cheers hi hello hey ok okay and also "
    "merci beaucoup bonjour salut svp stp s il vous plait et aussi "
    "gracias muchas hola por favor vale y tambien "
    "skip no non nope later not now phone plus tard luego despues sin telefono".split()
)


class Intent(StrEnum):
    ORDER = "order"  # every part named a product
    PARTIAL = "partial"  # products, and words that named none: offer to send those
    UNAVAILABLE = "unavailable"  # names only products that are not available now
    SEARCH = "search"  # a few words that find products
    NOT_FOUND = "not_found"  # a few words that find nothing: offer to send them on
    MESSAGE = "message"  # names no product: relayed to the supplier


def is_courtesy(text: str) -> bool:
    """Only courtesy or a "no" ("no thanks", "plus tard", "skip"): nothing to act on."""
    return set(re.findall(r"[a-z]+", _fold(text))) <= COURTESY


def leftover(parsed: ParsedOrder) -> list[str]:
    """The parts of an order message that named no product and are more than courtesy:
    what a customer may want to send on to the supplier."""
    parts = parsed.unmatched + [
        part for part in parsed.other if not set(re.findall(r"[a-z]+", _fold(part))) <= COURTESY
    ]
    return [p for p in parts if p.strip()]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def decide(text: str, parsed: ParsedOrder, *, unavailable_hits: int, search_hits: int) -> Intent:
    """`parsed`: the text read against the available products; `unavailable_hits`: lines it
    has against the unavailable ones; `search_hits`: products a catalogue search finds."""
    if parsed.lines or parsed.unsure:
        return Intent.PARTIAL if leftover(parsed) else Intent.ORDER
    if unavailable_hits:
        return Intent.UNAVAILABLE
    words = set(re.findall(r"[a-z]+", _fold(text)))
    if len(text.split()) <= SEARCH_WORDS and "?" not in text and not words <= COURTESY:
        return Intent.SEARCH if search_hits else Intent.NOT_FOUND
    return Intent.MESSAGE


__all__ = ["Intent", "decide", "is_courtesy", "leftover"]
