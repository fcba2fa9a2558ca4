"""Corrections in a free-text order: what takes back what was just said ("... actually make
that 4", "no wait 4kg", "..., euh non, 4 kg", "bananas 6kg, no 5kg"), in English, French and
Spanish, and the number or size it gives instead (domain/rules/free_text.py applies them)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.rules.order_grammar import SIZED_RE, has_goods, is_number, quantity_groups
from domain.rules.order_text import TIMES_RE
from domain.rules.order_words import ARTICLES, NUMBER_WORDS, PACKAGING

# the words that correct what was just said ("... actually make that 4")
CORRECTIONS = (
    ("actually",),
    ("scratch", "that"),
    ("correction",),
    ("i", "mean"),
    ("make", "that"),
    ("make", "it"),
    ("no", "wait"),
    ("wait",),
    ("non", "attends"),
    ("attends",),
    ("attendez",),
    ("no", "espera"),
    ("espera",),
    ("on", "second", "thoughts"),
    ("on", "second", "thought"),
    ("second", "thoughts"),  # "on" may have gone as chat (French "on")
    ("second", "thought"),
    ("tout", "compte", "fait"),
    ("a", "la", "reflexion"),
    ("pensandolo", "mejor"),
    ("queria", "decir"),
    ("quise", "decir"),
    ("je", "voulais", "dire"),
    ("i", "meant"),
    ("sorry",),
    ("en", "fait"),
    ("rectification",),
    ("pardon",),
    ("je", "veux", "dire"),
    ("plutot",),
    ("finalement",),
    ("mejor",),
    ("perdon",),
    ("perdona",),
    ("perdone",),
    ("disculpa",),
    ("desole",),
    ("corrijo",),
    ("en", "realidad"),
    ("quiero", "decir"),
    ("rectifico",),
)
# what it should be, said as a wish ("..., no, que sean 3", "... non mets-en 4"), and "my
# bad": read as a correction cue before the chat words ("mets", "pon", "my") are dropped
WISHES = (
    ("que", "sean"),
    ("que", "sea"),
    ("non", "mets", "en"),
    ("non", "mettez", "en"),
    ("mets", "en"),  # "au lieu de 3 cartons, mettez-en 5": how many of what was said
    ("mettez", "en"),
    ("non", "mettre"),
    ("no", "ponme"),
    ("no", "pon"),
    ("no", "pones"),
    ("my", "bad"),  # "my" is chat, dropped after this
)
_WISH_STARTS = {wish[0] for wish in WISHES}
# a word that, alone between two commas, takes back what was just said ("..., no, 4 kg")
TAKING_BACK = {("no",), ("non",), ("nope",), ("oops",)}
_CUE_STARTS = {cue[0] for cue in CORRECTIONS}
_ALL_CUES = (*CORRECTIONS, *TAKING_BACK)
_ANY_CUE_START = {cue[0] for cue in _ALL_CUES}


# a filler alone between two commas before a quantity: "tomate cherry 2 kg, bueno, 3 kg"
FILLER_CUES = {"bueno", "well", "enfin", "pues", "vale", "bon", "euh", "heu", "um", "erm"}


def read_wishes(tokens: Sequence[str]) -> list[str]:
    """The item's tokens, each wish that corrects read as "actually"."""
    if not _WISH_STARTS.intersection(tokens):
        return list(tokens)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        wish = next((w for w in WISHES if tuple(tokens[i : i + len(w)]) == w), None)
        if wish is None:
            out.append(tokens[i])
            i += 1
        else:
            out.append("actually")
            i += len(wish)
    return out


def a_filler_cue(tokens: Sequence[str]) -> bool:
    return len(tokens) == 1 and tokens[0] in FILLER_CUES


def taken_back(tokens: Sequence[str]) -> list[str] | None:
    """ "bananas 6kg, no 5kg": "no" then only a quantity takes back the line before; the
    quantity's tokens, or None."""
    if len(tokens) < 2 or (tokens[0],) not in TAKING_BACK or has_goods(tokens[1:]):
        return None
    return list(tokens[1:]) if quantity_groups(tokens[1:]) else None


def only_a_cue(tokens: Sequence[str]) -> bool:
    """ "scratch that" on its own, or cues one after another ("non pardon", "no sorry",
    "oops, actually"): the correction's number comes in the next item ("strong flour x2...
    scratch that, x3")."""
    if not tokens or tokens[0] not in _ANY_CUE_START:
        return False
    rest = tuple(tokens)
    while rest:
        cue = next((c for c in _ALL_CUES if rest[: len(c)] == c), None)
        if cue is None:
            return False
        rest = rest[len(cue) :]
    return bool(tokens)


def _bare_number(token: str) -> str | None:
    """ "4", "x4", "4x", "4kg" or "four": the number, or the size (a correction often repeats
    the "x" or the unit)."""
    if is_number(token) or SIZED_RE.fullmatch(token):
        return token
    if token in NUMBER_WORDS and token not in ARTICLES:  # "no sorry, twelve kilos"
        return str(NUMBER_WORDS[token])
    if TIMES_RE.fullmatch(token):
        return token.strip("x")
    return None


def correction(tokens: Sequence[str]) -> tuple[list[str], str | None]:
    """ "3 sacks of maris pipers actually make that 4": the words before the correction, and
    the number it gives (None: no correction). A correction alone ("... actually 4")
    corrects the line before."""
    if not _CUE_STARTS.intersection(tokens):
        return list(tokens), None
    for i in range(len(tokens)):
        if tokens[i] not in _CUE_STARTS:
            continue
        for cue in CORRECTIONS:
            if tuple(tokens[i : i + len(cue)]) == cue:
                after = tokens[i + len(cue) :]
                found = next(
                    ((j, n) for j, t in enumerate(after) if (n := _bare_number(t)) is not None),
                    None,
                )
                if found is not None:
                    at, number = found
                    following = after[at + 1] if at + 1 < len(after) else ""
                    if is_number(number) and following in PACKAGING:
                        number += following  # "... make it 3 cases": the count and its unit
                    return list(tokens[:i]), number
    return list(tokens), None


# what is wanted only if the goods before cannot be had: "cherry toms 4kg - if none, 4kg vine"
FALLBACKS = (
    ("if", "none"),
    ("if", "not"),
    ("otherwise",),
    ("failing", "that"),
    ("sinon",),
    ("a", "defaut"),
    ("si", "no", "hay"),
    ("si", "no"),
    ("o", "si", "no"),
    ("en", "su", "defecto"),
    ("de", "lo", "contrario"),
)


_FALLBACKS_BY_START: dict[str, list[tuple[str, ...]]] = {}
for _cue in FALLBACKS:  # the longer cues of one start come first
    _FALLBACKS_BY_START.setdefault(_cue[0], []).append(_cue)


def fallback_cue(tokens: Sequence[str]) -> int:
    """How many tokens at the item's start say it is a fallback ("if none", "sinon", "si no
    hay"); 0 when none do."""
    if not tokens or tokens[0] not in _FALLBACKS_BY_START:
        return 0  # most items: a quick look at the first word
    for cue in _FALLBACKS_BY_START[tokens[0]]:
        if tuple(tokens[: len(cue)]) == cue:
            return len(cue)
    return 0


# what says the count again in other words: "30 eggs, so one tray", "donc un plateau", "o sea
# una bandeja", "c'est-à-dire", "es decir", "i.e."
RESTATING = (("so",), ("donc",), ("o", "sea"), ("es", "decir"), ("c", "est", "a", "dire"), ("ie",))
_RESTATING_WORDS = {cue[-1] for cue in RESTATING}  # "sea", "dire": rarer than "o", "c"


def restated(tokens: Sequence[str]) -> list[str]:
    """ "eggs 30 please, so one tray": a bare count, then the same said again as a count of
    packs after "so" / "donc" / "o sea", a word or two after it: the later one counts, in its
    unit ("10 kg carrots so 2 kg onions", "we have 150 in for a function so 4 trays" restate
    nothing)."""
    if _RESTATING_WORDS.isdisjoint(tokens):
        return list(tokens)  # most items: a quick look
    groups = quantity_groups(tokens)
    if len(groups) < 2:
        return list(tokens)
    (start, end), (again, again_end) = groups[0], groups[1]
    if end - start != 1 or not is_number(tokens[start]) or again_end - again != 2:
        return list(tokens)  # a bare count first, then a count of packs ("10 kg ... so 2 kg")
    for i in range(end, min(again, end + 3)):  # "30 please, so": the goods, a word or two
        cue = next((c for c in RESTATING if tuple(tokens[i : i + len(c)]) == c), None)
        if cue is not None and i + len(cue) == again:
            return [*tokens[:start], *tokens[again:again_end], *tokens[end:i], *tokens[again_end:]]
    return list(tokens)
