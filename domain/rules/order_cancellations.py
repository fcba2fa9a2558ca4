"""Goods cancelled later in a free-text order ("basil x3, coriander x2 - actually forget the
basil", "finalement pas de cuisses", "mejor quita la albahaca"), in English, French and
Spanish: the words that cancel and the goods they name (domain/rules/free_text.py applies
them; the Reader takes back the line those goods name)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.rules.order_grammar import has_goods, quantity_groups

# a verb that takes goods out of the order
CANCELLING = set(
    "forget scrap cancel drop remove skip ditch scratch "
    "oubliez oublie oublier annulez annule annuler enlevez enleve enlever retirez retire "
    "retirer supprimez supprime supprimer "
    "quita quitad quitar quitame quitalo quitala olvida olvidad olvidate anula anulad anular "
    "cancela cancelad borra borrad elimina eliminad".split()
)
# goods said as not wanted after all ("pas de cuisses", "sin muslos", "no thighs"); a
# catalogue name may hold the same words ("sin gas", "sin sal"), which the Reader checks
NEGATING = (("pas", "de"), ("pas", "d"), ("plus", "de"), ("nada", "de"), ("sin",), ("no",))
# what may come before the cancelling words: a correction cue, a joining word, politeness
LEADING = set(
    "actually sorry oh oops wait and but also then so ok okay please pls en fait finalement "
    "mais et puis non bon au final tout compte mejor al final pero y vale bueno perdon "
    "you can could just".split()
)

_STARTS = CANCELLING | {cue[0] for cue in NEGATING}


def cancelled(tokens: Sequence[str]) -> tuple[list[str], tuple[str, ...]] | None:
    """The goods an item cancels, and the negation that cancels them (empty when a verb
    does: "forget the basil"); None when the item cancels nothing. It has no quantity:
    "no basil 3" is no cancellation."""
    start = 0
    while start < len(tokens) and tokens[start] in LEADING:
        start += 1
    if start == len(tokens) or tokens[start] not in _STARTS:
        return None  # most items: a quick look at the first word
    cue = next((c for c in NEGATING if tuple(tokens[start : start + len(c)]) == c), ())
    end = start + len(cue)
    if end < len(tokens) and tokens[end] in CANCELLING:  # "no, forget the basil"
        cue, end = (), end + 1
    if end == start or end == len(tokens):
        return None
    goods = list(tokens[end:])
    return (goods, cue) if has_goods(goods) and not quantity_groups(tokens) else None
