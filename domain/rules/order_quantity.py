"""An item's quantity: digits, number words, halves, "x3" and "3x", with an optional unit
(weight, volume, dozen or a packaging word), and the product words, codes and sizes that are
left once it is read (domain/rules/free_text.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from domain.rules.food_words import LEXICON
from domain.rules.order_grammar import EACH, attached_unit
from domain.rules.order_text import SIZE_RE, TIMES_RE, Quantity, is_code, number, sizes_of, stem
from domain.rules.order_words import (
    ARTICLES,
    DOZEN,
    HALF,
    NUMBER_WORDS,
    PACKAGING,
    QUARTER,
    STOPWORDS,
    VOLUME,
    WEIGHT,
)

# "half a kilo", "quarter kilo", "un demi", "cuarto de kilo": a fraction of the unit after it
FRACTIONS = {word: Decimal("0.5") for word in HALF} | {word: Decimal("0.25") for word in QUARTER}
# "the 20% one", "that one": a word that points at a product before "one"
POINTING = {"the", "that", "this", "which"}
# "the barista one", "organic ones": said last after a word, it points, it does not count
PRONOUNS = {"one", "ones"}


Read = tuple[Quantity | None, list[str], set[str], set[tuple[str, Decimal]], frozenset[str]]


def read_quantity(tokens: list[str]) -> Read:
    """The item's quantity, its remaining product words, codes and sizes."""
    explicits: list[tuple[int, Decimal]] = []  # "x 3", "3x", "3 x": counted
    candidates: list[tuple[int, Decimal, int]] = []  # (index, value, tokens used)
    for i, token in enumerate(tokens):
        if token == "x" and i + 1 < len(tokens) and number(tokens[i + 1]) is not None:
            explicits.append((i + 1, number(tokens[i + 1]) or Decimal(0)))
        value = None
        if not token.isalpha():  # most tokens are words: no number to read in them
            match = TIMES_RE.fullmatch(token)
            if match:
                explicits.append((i, number(match.group(1) or match.group(2)) or Decimal(0)))
            value = number(token)
            if value is None and attached_unit(token):  # "romaine 2cs"
                value = number(re.sub(r"[a-z]+$", "", token))
        if value is not None:
            if i + 1 < len(tokens) and tokens[i + 1] == "x":
                explicits.append((i, value))
            candidates.append((i, value, 1))
        elif token in FRACTIONS:
            next_two = tokens[i + 1 : i + 3]
            if any(
                w in WEIGHT or w in VOLUME or w in DOZEN or w in PACKAGING for w in next_two
            ):  # "half a kilo", "un demi kilo", "quarter kilo", not "lait demi"
                candidates.append((i, FRACTIONS[token], 1))
        elif token in NUMBER_WORDS:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token in ARTICLES and following in FRACTIONS:
                continue  # "un demi", "a half", "a quarter": the fraction counts
            if POINTING.intersection(tokens[max(i - 3, 0) : i]) and not (
                following in PACKAGING or following in WEIGHT or following in DOZEN
            ):
                continue  # "the 20% one": which product ("the order is three packs" counts)
            if token in PRONOUNS and i == len(tokens) - 1 and i > 0 and tokens[i - 1].isalpha():
                continue  # "oat milk, barista one": which one, its count comes after
            if token in ARTICLES and i > 0 and tokens[i - 1] in FRACTIONS:
                continue  # "half a kilo"
            if token in ARTICLES and not (
                following in PACKAGING
                or following in WEIGHT
                or (following in VOLUME and following != "l")  # "à l'avoine": the article
                or following in DOZEN
                or i == 0
            ):
                continue
            candidates.append((i, Decimal(NUMBER_WORDS[token]), 1))
    used: set[int] = set()
    quantity: Quantity | None = None
    explicit: tuple[int, Decimal] | None = None
    if explicits:  # "6 x 500ml sparkling (case of 24) x 2": the pack is described, 2 counted
        counted = [e for e in explicits if not pack_size(tokens, e[0])]
        described = {e[0] for e in explicits}
        others = [
            c for c in candidates if c[0] not in described and not SIZE_RE.match(tokens[c[0]])
        ]
        if counted:
            explicit = counted[0]
        elif others:  # "still water 24 x 500ml - 3 cases": the pack described, the cases counted
            candidates = others
        else:
            explicit = explicits[0]
    if explicit is not None:
        index, value = explicit
        used.add(index)
        if index > 0 and tokens[index - 1] == "x":
            used.add(index - 1)
        if index + 1 < len(tokens) and tokens[index + 1] == "x":
            used.add(index + 1)
        quantity = with_unit(tokens, index, value, used)
    else:
        bare = [c for c in candidates if not SIZE_RE.match(tokens[c[0]])]
        if any(number(tokens[c[0]]) is not None for c in candidates) or any(
            SIZE_RE.match(t) for t in tokens
        ):
            bare = [c for c in bare if number(tokens[c[0]]) is not None or counts(tokens, c[0])]
        if bare:
            index, value, _ = bare[0]
            used.add(index)
            quantity = with_unit(tokens, index, value, used)
        else:
            sized = [(i, t) for i, t in enumerate(tokens) if SIZE_RE.match(t)]
            if sized:
                index, token = sized[0] if sized[0][0] == 0 else sized[-1]
                match = SIZE_RE.match(token)
                assert match is not None
                used.add(index)
                quantity = unit_quantity(number(match.group(1)) or Decimal(0), match.group(2))
    rest = [t for i, t in enumerate(tokens) if i not in used]
    sizes = sizes_of(rest)
    codes = {t for t in rest if is_code(t)}
    words = [part for group in written_words(rest) for part in group]
    # packaging named beside the quantity ("dozen eggs x 3": the dozen, not the tray)
    hints = frozenset(PACKAGING.get(t, "dozen") for t in rest if t in PACKAGING or t in DOZEN)
    return quantity, words, codes, sizes, hints


def written_words(tokens: list[str]) -> list[list[str]]:
    """The product words of the tokens, one group per word as written: "patates" is one
    word read as two ("pommes de terre": pomme, terre)."""
    return [list(parts) for parts in map(_word_parts, tokens) if parts]


_NO_GOODS = frozenset(
    {*STOPWORDS, *PACKAGING, *WEIGHT, *VOLUME, *DOZEN, *ARTICLES, *EACH}
)  # words that never name goods


@lru_cache(maxsize=8192)
def _word_parts(token: str) -> tuple[str, ...]:
    """A token's product words, stemmed (none for a number, a unit or a filler): messages
    share most of their words, so each is read once."""
    if not token.isalpha() or token in _NO_GOODS:
        return ()
    return tuple(stem(p) for p in LEXICON.get(token, token).split() if p not in STOPWORDS)


def pack_size(tokens: list[str], index: int) -> bool:
    """The number at ``index`` says what is in a pack, not how many packs: "6 x 500ml",
    "50cl x 24", "case of 24", "caja de 24"."""
    before = tokens[index - 1] if index > 0 else ""
    if index + 2 < len(tokens) and tokens[index + 1] == "x" and SIZE_RE.match(tokens[index + 2]):
        return True
    if index > 1 and before == "x" and SIZE_RE.match(tokens[index - 2]):
        return True
    if index + 1 < len(tokens) and tokens[index].endswith("x") and SIZE_RE.match(tokens[index + 1]):
        return True
    return index > 1 and before in ("of", "de") and tokens[index - 2] in PACKAGING


def counts(tokens: list[str], index: int) -> bool:
    """The number word at ``index`` counts packages or measures ("dos sacos", "a case", "two
    dozen"); with digits in the same item, one that does not is a word of the name ("dos de
    cabillaud 1,5 kg": cod back, in French)."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    if SIZE_RE.match(following) and index + 2 < len(tokens):  # "a 25kg sack", "dos 5l garrafas"
        following = tokens[index + 2]
    return (
        following in PACKAGING or following in WEIGHT or following in VOLUME or following in DOZEN
    )


def unit_quantity(value: Decimal, unit: str | None) -> Quantity:
    if unit is None:
        return Quantity(value, None)
    if unit in WEIGHT:
        return Quantity(value * WEIGHT[unit], "g")
    if unit in VOLUME:
        return Quantity(value * VOLUME[unit], "ml")
    if unit in DOZEN:
        return Quantity(value, "dozen")
    return Quantity(value, PACKAGING.get(unit))


def with_unit(tokens: list[str], index: int, value: Decimal, used: set[int]) -> Quantity:
    token = tokens[index]
    match = SIZE_RE.match(token)
    if match:
        return unit_quantity(number(match.group(1)) or value, match.group(2))
    attached = re.fullmatch(r"(\d+(?:[.,]\d+)?)([a-z]+)", token)
    if attached and (attached.group(2) in PACKAGING or attached.group(2) in DOZEN):
        return unit_quantity(value, attached.group(2))
    for j in range(index + 1, min(index + 3, len(tokens))):
        word = tokens[j]
        if word in ARTICLES or word == "x":
            used.add(j)
            continue
        if word in WEIGHT or word in VOLUME or word in DOZEN or word in PACKAGING:
            used.add(j)
            if word in DOZEN and j + 1 < len(tokens) and tokens[j + 1] in PACKAGING:
                return Quantity(value, "dozen")
            return unit_quantity(value, word)
        break
    for j in range(index - 1, max(index - 3, -1), -1):  # "dozen x2", "kg 3"
        word = tokens[j]
        if word in DOZEN or word in WEIGHT or word in VOLUME:
            used.add(j)
            return unit_quantity(value, word)
        break
    if index + 1 < len(tokens) and tokens[index + 1] in DOZEN:
        used.add(index + 1)
        return Quantity(value, "dozen")
    return Quantity(value, None)
