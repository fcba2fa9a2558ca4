"""Codes in a free-text order: the supplier's own product codes as a customer copies them from
the price list ("VEG-014 x 5", "veg 014"), and a code of the catalogue's names ("T65") that
one product alone holds. Each names its product whatever else the item says."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from domain.rules.order_text import normalize

if TYPE_CHECKING:
    from domain.rules.order_catalogue import Index

SUPPLIER_CODE = 1.0  # how sure a line named by the supplier's own code is
_CODE_RE = re.compile(r"[a-z]+\d+")


def product_code(product_id: str) -> str | None:
    """The supplier's code as a message reads it ("VEG-014": "veg014"), when it is letters
    then digits; a code of digits alone ("1043") would be read as a number, so none."""
    code = re.sub(r"[^a-z0-9]", "", normalize(product_id))
    return code if _CODE_RE.fullmatch(code) else None


def with_product_codes(index: Index, tokens: list[str]) -> list[str]:
    """ "VEG-014", "veg 014" (two tokens as read): the product code as one token."""
    if not index.code_letters.intersection(tokens):
        return tokens  # most items: no code's letters in them
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if tokens[i] in index.code_letters and pair in index.by_product_code:
            out.append(pair)
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def coded_product(
    index: Index, codes: AbstractSet[str], words: list[str], alone: float
) -> tuple[str, float] | None:
    """The product the item's codes name, and how sure that is: the supplier's own code
    ("VEG-014 x 5"), else, with no other words, a code one product alone holds ("T65 x1",
    ``alone`` sure); None when they name none."""
    for code in codes:
        supplied = index.by_product_code.get(code)
        if supplied is not None:
            return supplied, SUPPLIER_CODE
    if codes and not words:
        holders = {index.products[i].product_id for c in codes for i in index.by_code.get(c, ())}
        if len(holders) == 1:
            return holders.pop(), alone
    return None
