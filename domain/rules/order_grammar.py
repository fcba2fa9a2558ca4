"""How cooks write orders, in English, French and Spanish: general rules of quantity grammar
and list structure, each a small named function the free-text parser applies
(domain/rules/free_text.py). None is written from any one message: each states a habit of
the trade (a list number is not a quantity, "each" shares a quantity, "actually make that 4"
corrects the line before). How the whole message is written (halves, percentages, ages,
phrases, slashes) is read before, in order_phrasing.py, and the shape of a list (list
numbers, headers, sections, lists without separators) in order_lists.py; corrections are in
order_corrections.py, the chat around an order ("40 covers") in order_chat.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from domain.rules.order_text import TIMES_RE, is_code
from domain.rules.order_words import (
    ARTICLES,
    DOZEN,
    NUMBER_WORDS,
    PACKAGING,
    STOPWORDS,
    VOLUME,
    WEIGHT,
)

# the words that share one quantity among the items after it ("3 kg each of ...")
EACH = {"each", "chacun", "chacune", "chaque", "cada"}
# "oranges for juice", "pour la sauce", "para zumo": what it is for, not what it is; and
# "instead (of the plum ones)": what it replaces
PURPOSE = {"for", "pour", "para", "instead"}


def is_unit(token: str) -> bool:
    return token in WEIGHT or token in VOLUME or token in DOZEN or token in PACKAGING


_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
SIZED_RE = re.compile(r"\d+(?:[.,]\d+)?(?:kg|g|gr|l|ml|cl)")
_ATTACHED_RE = re.compile(r"\d+(?:[.,]\d+)?([a-z]+)")


def attached_unit(token: str) -> str | None:
    """ "2cs", "3btl", "2doz": a count with its packaging written on (the packaging word)."""
    match = _ATTACHED_RE.fullmatch(token)
    if match and (match.group(1) in PACKAGING or match.group(1) in DOZEN):
        return match.group(1)
    return None


def is_number(token: str) -> bool:
    return _NUMBER_RE.fullmatch(token) is not None


def unit_word(tokens: Sequence[str]) -> str | None:
    """The unit said with the item's first number: "kilos" of "3 kilos de tomate", "kg" of
    "3kg carrots", "garrafa" of "una garrafa de girasol"."""
    for i, token in enumerate(tokens):
        attached = _ATTACHED_RE.fullmatch(token)
        if attached:
            return attached.group(1) if is_unit(attached.group(1)) else None
        if is_number(token) or token in NUMBER_WORDS or token in ARTICLES:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            return following if is_unit(following) else None
    return None


# "2 de tomate pera", "otra de AOVE": the word between a count and its goods
OF = {"de", "d", "of"}


def _elided_at(tokens: Sequence[str]) -> int | None:
    """ "3 kilos de tomate en rama y 2 de tomate pera", "una garrafa de girasol y dos de
    AOVE": where a number alone before "de"/"of", in an item with no other number, leaves
    out the unit of the item before (None: nothing is left out)."""
    at = next(
        (
            i - 1
            for i in range(1, len(tokens) - 1)
            if tokens[i] in OF and (is_number(tokens[i - 1]) or tokens[i - 1] in NUMBER_WORDS)
        ),
        None,
    )
    if at is None:
        return None
    others = (t for i, t in enumerate(tokens) if i != at)
    if any(t[0].isdigit() or t in NUMBER_WORDS for t in others):
        return None
    return at


def with_elided_unit(tokens: Sequence[str], before: Sequence[str]) -> list[str] | None:
    """The tokens with the unit left out said again, the unit of the item ``before`` ("2 de
    tomate pera" after "3 kilos de tomate en rama": "2 kilos de tomate pera"); None when
    nothing is left out or the item before said no unit."""
    at = _elided_at(tokens) if before else None
    unit = unit_word(before) if at is not None else None
    return None if at is None or unit is None else [*tokens[: at + 1], unit, *tokens[at + 1 :]]


# "pork belly x2kg": the times sign written on a size
_TIMES_ON_SIZE_RE = re.compile(r"\bx(?=\d+(?:[.,]\d+)?[a-z])")


_X_DIGIT_RE = re.compile(r"x\d")  # a literal first: a quick look


def split_times_on_sizes(text: str) -> str:
    """ "x2kg" is "x 2kg": two kilos, counted."""
    return _TIMES_ON_SIZE_RE.sub("x ", text) if _X_DIGIT_RE.search(text) else text


def trailing_each(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """ "lemons limes 20 each", "limones limas 2 kg de cada": goods, then one quantity for
    each of them; (the goods, the quantity) or None."""
    if EACH.isdisjoint(tokens):
        return None  # most items: nothing to compute
    groups = quantity_groups(tokens)
    if len(groups) != 1 or EACH.isdisjoint(tokens[groups[0][1] :]):
        return None
    start, end = groups[0]
    if start == 0 or has_goods([t for t in tokens[end:] if t not in EACH]):
        return None
    return list(tokens[:start]), list(tokens[start:end])


def leading_each(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """ "3 each of lemons limes and avocados": a quantity for each, then goods written without
    separators; (the goods, the quantity) or None."""
    if EACH.isdisjoint(tokens):
        return None
    groups = quantity_groups(tokens)
    if len(groups) != 1 or groups[0][0] != 0:
        return None
    end = groups[0][1]
    rest = list(tokens[end:])
    if not rest or rest[0] not in EACH:
        return None
    goods = [t for t in rest[1:] if t not in ("of", "de", "du", "des")]
    return (goods, list(tokens[:end])) if has_goods(goods) else None


def drop_purpose(tokens: Sequence[str]) -> list[str]:
    """ "oranges for juice 1 box": the words after "for" say what the goods are for, up to
    the next number or unit; the goods are the words before it."""
    if not PURPOSE.intersection(tokens):
        return list(tokens)
    out: list[str] = []
    dropping = False
    for token in tokens:
        if token in PURPOSE and any(t.isalpha() and t not in STOPWORDS for t in out):
            dropping = True
            continue
        if dropping and (
            is_number(token)
            or is_unit(token)
            or re.match(r"x?\d", token)
            or (token in NUMBER_WORDS and token not in ARTICLES)  # "put us down for three trays"
        ):
            dropping = False
        if not dropping:
            out.append(token)
    return out


# "make it 3 cases not 2", "mettez 3 colis au lieu de 2" ("au lieu de" reads "instead"): the
# quantity after these is the one replaced
_REPLACED_AFTER = {"not", "instead"}


def without_replaced(tokens: Sequence[str]) -> list[str]:
    """ "3 cases not 2", "3 colis au lieu de 2", "3 cajas en vez de 2": a quantity, then the
    quantity it replaces, which is dropped (the goods may come before or after)."""
    if _REPLACED_AFTER.isdisjoint(tokens):
        return list(tokens)
    groups = quantity_groups(tokens)
    for (_a, end), (start, stop) in pairwise(groups):
        between = tokens[end:start]
        if len(between) == 1 and between[0] in _REPLACED_AFTER:
            return [*tokens[:end], *tokens[stop:]]
    return list(tokens)


# "swap the button mushrooms for chestnut", "remplacer X par Y", "cambiar X por Y"
SWAPS = set(
    "swap replace change switch substitute remplacer remplace remplacez changer cambiar "
    "cambia cambiad cambiame sustituir sustituye".split()
)
SWAPPED_FOR = {"for", "with", "by", "par", "por", "contre"}


def swap_target(tokens: Sequence[str]) -> list[str] | None:
    """ "can we swap the button mushrooms for chestnut? 2kg": the goods wanted are the
    ones after "for" (their quantity may be anywhere); None when it is no swap."""
    if SWAPS.isdisjoint(tokens):
        return None
    start = next(i for i, t in enumerate(tokens) if t in SWAPS)
    for j in range(start + 1, len(tokens)):
        if tokens[j] in SWAPPED_FOR and has_goods(tokens[j + 1 :]):
            counts = [t for a, b in quantity_groups(tokens[:j]) for t in tokens[a:b]]
            return [*counts, *tokens[j + 1 :]]
    return None


def each_after_quantity(tokens: Sequence[str]) -> bool:
    """ "courgettes and aubergines 3kg of each": the "each" comes after the quantity, so it
    also goes to goods said before this item."""
    if EACH.isdisjoint(tokens):
        return False
    groups = quantity_groups(tokens)
    return bool(groups) and not EACH.isdisjoint(tokens[groups[0][1] :])


# "not the chestnut ones", "pas les cerises", "no el verde", "but not the big ones"
NEGATIONS = {"not", "pas", "no", "non"}
_BEFORE_A_NEGATION = {"but", "mais", "pero", "and", "et", "y"}


def negated(tokens: Sequence[str]) -> bool:
    """The item says what is not wanted: it starts with a negation ("but" before it)."""
    start = 1 if tokens and tokens[0] in _BEFORE_A_NEGATION else 0
    return len(tokens) > start + 1 and tokens[start] in NEGATIONS


# inside an item, "non" qualifies what is meant ("citrons non traités"): only these negate
_NEGATING_INSIDE = {"not", "pas", "no"}


def without_negated(tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """ "mushrooms 3kg (chestnut not button)": the item without what it says it is not, and
    those words; a negation followed by a number is a correction, read elsewhere."""
    for i, token in enumerate(tokens):
        if i and token in _NEGATING_INSIDE:
            rest = list(tokens[i + 1 :])
            if has_goods(rest) and not any(t[0].isdigit() for t in rest):
                before = [t for t in tokens[:i] if t not in _BEFORE_A_NEGATION]
                return before, rest
            break
    return list(tokens), []


def shares_quantity(tokens: Sequence[str]) -> bool:
    """ "3kg each of red onions, carrots and courgettes": this item's quantity goes to the
    items after it that have none."""
    return not EACH.isdisjoint(tokens)  # "cada" covers "de cada"


def quantity_groups(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Where the quantities are: (start, end) token spans of "x4", "4x", "x 4", "4",
    "3kg", "2 cases", "1 bag", and a number word with its unit ("two cases", "a bag", "tres
    sacos"; a number word alone is no group here: "the big one")."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not (token[0].isdigit() or token[0] == "x"):
            # "a l'avoine", "à l'huile": a letter is no unit after a word
            if token in NUMBER_WORDS and i + 1 < len(tokens) and _spelled_unit(tokens[i + 1]):
                groups.append((i, i + 2))
                i += 2
                continue
            i += 1
            continue
        if TIMES_RE.fullmatch(token):
            groups.append((i, i + 1))
            i += 1
            continue
        if token == "x" and i + 1 < len(tokens) and is_number(tokens[i + 1]):
            groups.append((i, i + 2))
            i += 2
            continue
        if is_number(token) or SIZED_RE.fullmatch(token) or attached_unit(token):
            end = i + 1
            if end < len(tokens) and tokens[end] == "x":
                end += 1
            elif end < len(tokens) and is_unit(tokens[end]):
                end += 1
            groups.append((i, end))
            i = end
            continue
        i += 1
    return groups


def _spelled_unit(token: str) -> bool:
    return len(token) > 1 and is_unit(token)


def has_goods(tokens: Sequence[str]) -> bool:
    """Words that name goods, or a product code ("T65")."""
    return any(
        (
            t.isalpha()
            and t not in STOPWORDS
            and not is_unit(t)
            and t not in NUMBER_WORDS  # "il me faut un bidon de 5 l d'huile": "un" names none
            and t != "x"
            and len(t) > 1
        )
        or _is_code(t)
        for t in tokens
    )


def _is_code(token: str) -> bool:
    """A code that starts with a letter ("T65"), as goods of their own ("24mo" describes)."""
    return token[0].isalpha() and is_code(token)


OF_GOODS = {"of", "de", "d", "du", "des"}


def without_extra(tokens: Sequence[str]) -> list[str]:
    """ "2 extra cases of romaine", "half a dozen extra eggs": "extra" after a count or its
    unit says more of them, not what they are ("extra virgin" keeps its word)."""
    if "extra" not in tokens:
        return list(tokens)
    return [
        t
        for i, t in enumerate(tokens)
        if t != "extra"
        or i == 0
        or not (is_number(tokens[i - 1]) or is_unit(tokens[i - 1]) or tokens[i - 1] in EXTRA_AFTER)
    ]


EXTRA_AFTER = {"dozen", "douzaine", "docena", "a", "an"}


# how full a pack is: said before it in English ("a full case"), after it in French and
# Spanish ("un colis entier de romaine", "una caja entera de fresones")
_FULL_BEFORE = {"full", "whole", "complete"}
_FULL_AFTER = {
    "entier", "entiere", "entiers", "entieres", "complet", "complete", "plein", "pleine",
    "entero", "entera", "enteros", "enteras", "completo", "completa", "lleno", "llena",
}  # fmt: skip
_HOW_FULL = _FULL_BEFORE | _FULL_AFTER


def without_how_full(tokens: Sequence[str]) -> list[str]:
    """ "a full case of romaine", "un colis entier de romaine": how full the pack is, not what
    the goods are ("whole milk", "lait entier", "6 bouteilles entier" keep their word)."""
    if _HOW_FULL.isdisjoint(tokens):
        return list(tokens)
    out: list[str] = []
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in _FULL_BEFORE and following in PACKAGING:
            continue
        if token in _FULL_AFTER and before in PACKAGING and following in OF_GOODS:
            continue
        out.append(token)
    return out


def first_number_word(tokens: Sequence[str]) -> int | None:
    """Where the first number word that is no article is ("... soy pablo, necesito seis
    lechugas"), or None."""
    return next((i for i, t in enumerate(tokens) if t in NUMBER_WORDS and t not in ARTICLES), None)


def other_readings(
    tokens: Sequence[str],
    said: Sequence[str],
    header: Sequence[str],
    plain: Sequence[str] = (),
) -> list[list[str]]:
    """Other ways to read an item that names no clear line as it is read first: with what it
    is for ("nata para montar": the words after "para" name this cream), with the goods of
    its line's header ("milk: ..., 4 skimmed"), from its quantity on ("pour mercredi il me
    faudrait 2 colis de romaine": what comes before is how it is asked), and without what it
    says in brackets ("(bio si possible)")."""
    readings: list[list[str]] = []
    groups = quantity_groups(tokens)
    if list(tokens) != list(said):
        readings.append(list(said))
    if header and not set(header).issubset(tokens):
        readings.append([*header, *tokens])
    if plain and list(plain) != list(said):  # "3 kg de courgettes (bio si possible)"
        readings.append(drop_purpose(plain))  # before the next: "romana x6 (bien frescas)"
    counted = groups[0][0] if groups else first_number_word(tokens)
    if counted and has_goods(tokens[counted:]):  # "... necesito seis lechugas romanas"
        readings.append(list(tokens[counted:]))
    return readings
