"""Free-text orders -> proposed lines against a customer's catalogue (English, French,
Spanish), with no network service or model.

A message is split into items; each item yields a quantity (digits or number words, with
an optional unit: weight, volume, dozen or a packaging word) and the words naming the
product.  Products are scored by fuzzy word overlap (typos and missing accents tolerated),
with bonuses when the packaging, size or code in the message agrees with the product.
Only a clear winner becomes a line; a close call is returned with its candidates and an
item matching nothing is reported as not understood.  Quantities are converted to the
product's selling unit (500 g of a per-kg product is 0.5) or left for the customer to
confirm when they cannot be.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rapidfuzz import fuzz, process

from domain.rules import order_grammar as grammar
from domain.rules.order_words import (
    ARTICLES,
    DOZEN,
    HALF,
    LEXICON,
    NUMBER_WORDS,
    PACKAGING,
    REGIONAL,
    STOPWORDS,
    VOLUME,
    WEIGHT,
)

CONFIDENT = 0.62
MARGIN = 0.08
POSSIBLE = 0.34
MAX_TEXT = 4000
MAX_QUANTITY = Decimal(9999)

_SPLIT_RE = re.compile(
    r"[\n;/]+|(?<!\d),|,(?!\d)|\s+\+\s+|\s[-–—]\s|\.{2,}|(?<=\D)\.\s+|\s+(?:and|et|y|e|&|plus)\s+|^\s*(?:and|et|y)\s+"
)
_TOKEN_RE = re.compile(r"[a-z]+\d[a-z\d]*|\d+(?:[.,]\d+)?[a-z]*|[a-z]+")

_SIZE_RE = re.compile(r"^(\d+(?:[.,]\d+)?)(kg|g|gr|l|ml|cl)$")


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


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str | None  # "g", "ml", "dozen", a packaging canonical, or None


def normalize(text: str) -> str:
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("×", " x ")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


SYNONYM = 0.85  # a regional synonym counts a little less than the word itself


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    """Stemmed word -> the stemmed one-word names its regional synonyms go by."""
    groups: dict[str, set[str]] = {}
    for word, name in REGIONAL.items():
        groups.setdefault(name, {name}).add(word)
    out: dict[str, frozenset[str]] = {}
    for members in groups.values():
        stems = {stem(m) for m in members if " " not in m}
        for member in members:
            out[stem(member)] = frozenset(stems - {stem(member)})
    return out


@lru_cache(maxsize=1)
def _multi_word_names() -> dict[str, str]:
    """Stemmed word -> the several-word name its region knows it by."""
    return {stem(word): name for word, name in REGIONAL.items() if " " in name}


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("es") and not word.endswith("ches"):
        return word[:-1]
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Product:
    product_id: str
    name: str
    words: tuple[str, ...]
    codes: frozenset[str]
    sizes: frozenset[tuple[str, Decimal]]  # ("g"|"ml", amount)
    unit: str  # canonical selling unit: "kg", "l", "dozen" or a packaging canonical


def _sizes(tokens: Sequence[str]) -> set[tuple[str, Decimal]]:
    out = set()
    for token in tokens:
        match = _SIZE_RE.match(token)
        if match:
            amount = _number(match.group(1)) or Decimal(0)
            unit = match.group(2)
            if unit in WEIGHT:
                out.add(("g", amount * WEIGHT[unit]))
            else:
                out.add(("ml", amount * VOLUME[unit]))
    return out


def _joined_sizes(tokens: Sequence[str]) -> list[str]:
    """A catalogue name's sizes written apart ("botella 1 l", "250 g") as one token each
    ("1l", "250g"), as messages write them."""
    out: list[str] = []
    for token in tokens:
        if out and (token in WEIGHT or token in VOLUME) and _number(out[-1]) is not None:
            candidate = out[-1] + token
            if _SIZE_RE.match(candidate):
                out[-1] = candidate
                continue
        out.append(token)
    return out


def _canonical_unit(unit: str) -> str:
    word = normalize(unit).split()[0] if unit.strip() else ""
    if word in WEIGHT:  # a product sold by the gram (saffron) is not one sold by the kilo
        return "g" if WEIGHT[word] == 1 else "kg"
    if word in VOLUME:
        return "ml" if VOLUME[word] == 1 else "l"
    if word in DOZEN:
        return "dozen"
    return PACKAGING.get(word, word)


def _prepare(catalogue: Sequence[tuple[str, str]], units: Mapping[str, str]) -> list[_Product]:
    products = []
    for product_id, name in catalogue:
        tokens = _joined_sizes(_TOKEN_RE.findall(grammar.mark_percentages(normalize(name))))
        words = tuple(
            stem(t)
            for t in tokens
            if t.isalpha() and t not in STOPWORDS and t not in PACKAGING and len(t) > 1
        )
        codes = frozenset(
            t
            for t in tokens
            if any(c.isdigit() for c in t) and any(c.isalpha() for c in t) and not _SIZE_RE.match(t)
        )
        products.append(
            _Product(
                product_id,
                name,
                words,
                codes,
                frozenset(_sizes(tokens)),
                _canonical_unit(units.get(product_id, "")),
            )
        )
    return products


def prefixed(a: str, b: str) -> bool:
    """One word is the other with a prefix put before it: another word, often its opposite
    ("unsalted" / "salted", "semidesnatada" / "desnatada", "buttermilk" / "milk"), however
    alike they look letter by letter."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and len(longer) - len(shorter) >= 2 and longer.endswith(shorter)


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return 0.9
    if min(len(a), len(b)) < 4 or prefixed(a, b):
        return 0.0
    return fuzz.ratio(a, b) / 100.0


MEASURES = ("kg", "g", "l", "ml")  # a quantity weighed or measured, not counted in packages
KNOWN_WORDS = 20_000  # message words remembered per catalogue
CLOSE = 0.8  # a word this similar to a product's word counts as that word


@dataclass(frozen=True)
class _Index:
    """A catalogue prepared once (cached by its content, not per message): the products,
    their words sorted for prefix look-ups, and which products hold each word and code."""

    products: tuple[_Product, ...]
    vocabulary: tuple[str, ...]
    by_word: Mapping[str, tuple[int, ...]]
    by_code: Mapping[str, tuple[int, ...]]
    # words already looked up against this catalogue (messages share most of their words)
    known: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)

    def close_words(self, word: str) -> dict[str, float]:
        """The catalogue's words at least CLOSE to `word`, with their similarity (the same
        values `similarity` gives, found without comparing against every word)."""
        if word not in self.known:
            if len(self.known) >= KNOWN_WORDS:
                self.known.clear()  # bounded: a flood of new words cannot grow it forever
            self.known[word] = self._look_up(word)
        return dict(self.known[word])

    def _look_up(self, word: str) -> dict[str, float]:
        found: dict[str, float] = {}
        if word in self.by_word:
            found[word] = 1.0
        if len(word) < 4:
            return found
        start = bisect.bisect_left(self.vocabulary, word)
        for other in self.vocabulary[start:]:
            if not other.startswith(word):
                break
            found.setdefault(other, 0.9)
        for end in range(4, len(word)):
            if word[:end] in self.by_word:
                found.setdefault(word[:end], 0.9)
        for other, score, _index in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=CLOSE * 100, limit=None
        ):
            if len(other) >= 4 and not prefixed(word, other):
                found.setdefault(other, score / 100.0)
        return found


@lru_cache(maxsize=32)
def _index(catalogue: tuple[tuple[str, str], ...], units: tuple[tuple[str, str], ...]) -> _Index:
    products = tuple(_prepare(catalogue, dict(units)))
    by_word: dict[str, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for i, product in enumerate(products):
        for word in dict.fromkeys(product.words):
            by_word.setdefault(word, []).append(i)
        for code in product.codes:
            by_code.setdefault(code, []).append(i)
    return _Index(
        products,
        tuple(sorted(by_word)),
        {w: tuple(ids) for w, ids in by_word.items()},
        {c: tuple(ids) for c, ids in by_code.items()},
    )


def _score(
    query: Sequence[str],
    codes: set[str],
    sizes: set[tuple[str, Decimal]],
    quantity: Quantity,
    product: _Product,
    hints: frozenset[str],
    close: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float] | None = None,
) -> float:
    """`close`: for each query word, the catalogue words CLOSE to it (the others count 0);
    `weights`: how much each query word tells (a word few products hold tells more)."""
    if not query and not codes:
        return 0.0
    name = product.words
    hits = total = 0.0
    for word in query:
        near = close[word]
        weight = weights.get(word, 1.0) if weights else 1.0
        hits += weight * max((near.get(w, 0.0) for w in name), default=0.0)
        total += weight
    coverage = hits / total if query else 0.0
    covered = sum(1 for w in name if any(w in close[q] for q in query))
    recall = covered / len(name) if name else 0.0
    score = 0.75 * coverage + 0.25 * recall if query else 0.0
    if codes:
        score += 0.6 if codes & product.codes else (-0.3 if product.codes else 0.0)
    if sizes:
        score += 0.15 if sizes & product.sizes else (-0.15 if product.sizes else 0.0)
    if quantity.unit is not None:
        if quantity.unit == product.unit:
            score += 0.15
        elif quantity.unit in ("g", "ml") and product.unit in ("kg", "l"):
            score += 0.05
    elif product.unit in hints:  # "2 x olive oil big tins": the packaging named elsewhere
        score += 0.1
    if quantity.unit in MEASURES and product.unit and product.unit not in MEASURES:
        score -= 0.1  # "3kg plum tomatoes": the loose ones, before the 6 kg case
    return score


_Read = tuple[Quantity | None, list[str], set[str], set[tuple[str, Decimal]], frozenset[str]]


def _read_quantity(tokens: list[str]) -> _Read:
    """The item's quantity, its remaining product words, codes and sizes."""
    explicit: tuple[int, Decimal] | None = None
    candidates: list[tuple[int, Decimal, int]] = []  # (index, value, tokens used)
    for i, token in enumerate(tokens):
        if token == "x" and i + 1 < len(tokens) and _number(tokens[i + 1]) is not None:
            explicit = explicit or (i + 1, _number(tokens[i + 1]) or Decimal(0))
        match = re.fullmatch(r"x(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)x", token)
        if match:
            explicit = explicit or (i, _number(match.group(1) or match.group(2)) or Decimal(0))
        value = _number(token)
        if value is not None:
            if i + 1 < len(tokens) and tokens[i + 1] == "x" and explicit is None:
                explicit = (i, value)
            candidates.append((i, value, 1))
        elif token in HALF:
            next_two = tokens[i + 1 : i + 3]
            if any(
                w in WEIGHT or w in VOLUME or w in DOZEN or w in PACKAGING for w in next_two
            ):  # "half a kilo", "un demi kilo", not "lait demi"
                candidates.append((i, Decimal("0.5"), 1))
        elif token in NUMBER_WORDS:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token in ARTICLES and following in HALF:
                continue  # "un demi", "a half": the half counts
            if token in ARTICLES and i > 0 and tokens[i - 1] in HALF:
                continue  # "half a kilo"
            if token in ARTICLES and not (
                following in PACKAGING
                or following in WEIGHT
                or following in VOLUME
                or following in DOZEN
                or i == 0
            ):
                continue
            candidates.append((i, Decimal(NUMBER_WORDS[token]), 1))
    used: set[int] = set()
    quantity: Quantity | None = None
    if explicit is not None:
        index, value = explicit
        used.add(index)
        if index > 0 and tokens[index - 1] == "x":
            used.add(index - 1)
        if index + 1 < len(tokens) and tokens[index + 1] == "x":
            used.add(index + 1)
        quantity, extra = _with_unit(tokens, index, value, used)
    else:
        bare = [c for c in candidates if not _SIZE_RE.match(tokens[c[0]])]
        attached = [c for c in candidates if _SIZE_RE.match(tokens[c[0]])]
        if bare:
            index, value, _ = bare[0]
            used.add(index)
            quantity, extra = _with_unit(tokens, index, value, used)
        else:
            sized = [(i, t) for i, t in enumerate(tokens) if _SIZE_RE.match(t)]
            if sized:
                index, token = sized[0] if sized[0][0] == 0 else sized[-1]
                match = _SIZE_RE.match(token)
                assert match is not None
                used.add(index)
                quantity = _unit_quantity(_number(match.group(1)) or Decimal(0), match.group(2))
            del attached
    rest = [t for i, t in enumerate(tokens) if i not in used]
    sizes = _sizes(rest)
    codes = {
        t
        for t in rest
        if any(c.isdigit() for c in t)
        and any(c.isalpha() for c in t)
        and not _SIZE_RE.match(t)
        and not re.fullmatch(r"x\d+|\d+x", t)
    }
    words: list[str] = []
    for token in rest:
        if (
            not token.isalpha()
            or token in STOPWORDS
            or token in PACKAGING
            or token in WEIGHT
            or token in VOLUME
            or token in DOZEN
            or token in NUMBER_WORDS
        ):
            continue
        for part in LEXICON.get(token, token).split():
            if part not in STOPWORDS:
                words.append(stem(part))
    hints = frozenset(PACKAGING[t] for t in rest if t in PACKAGING)
    return quantity, words, codes, sizes, hints


def _unit_quantity(value: Decimal, unit: str | None) -> Quantity:
    if unit is None:
        return Quantity(value, None)
    if unit in WEIGHT:
        return Quantity(value * WEIGHT[unit], "g")
    if unit in VOLUME:
        return Quantity(value * VOLUME[unit], "ml")
    if unit in DOZEN:
        return Quantity(value, "dozen")
    return Quantity(value, PACKAGING.get(unit))


def _with_unit(
    tokens: list[str], index: int, value: Decimal, used: set[int]
) -> tuple[Quantity, None]:
    token = tokens[index]
    match = _SIZE_RE.match(token)
    if match:
        return _unit_quantity(_number(match.group(1)) or value, match.group(2)), None
    attached = re.fullmatch(r"(\d+(?:[.,]\d+)?)([a-z]+)", token)
    if attached and attached.group(2) in PACKAGING:
        return _unit_quantity(value, attached.group(2)), None
    for j in range(index + 1, min(index + 3, len(tokens))):
        word = tokens[j]
        if word in ARTICLES or word == "x":
            used.add(j)
            continue
        if word in WEIGHT or word in VOLUME or word in DOZEN or word in PACKAGING:
            used.add(j)
            if word in DOZEN and j + 1 < len(tokens) and tokens[j + 1] in PACKAGING:
                return Quantity(value, "dozen"), None
            return _unit_quantity(value, word), None
        break
    for j in range(index - 1, max(index - 3, -1), -1):  # "dozen x2", "kg 3"
        word = tokens[j]
        if word in DOZEN or word in WEIGHT or word in VOLUME:
            used.add(j)
            return _unit_quantity(value, word), None
        break
    if index + 1 < len(tokens) and tokens[index + 1] in DOZEN:
        used.add(index + 1)
        return Quantity(value, "dozen"), None
    return Quantity(value, None), None


def to_selling_unit(quantity: Quantity, product: _Product) -> Decimal | None:
    """The quantity in the product's selling unit, or None when it cannot be converted."""
    unit = quantity.unit
    if unit is None or unit == product.unit:
        return quantity.value
    if unit == "g":
        if product.unit == "kg":
            return quantity.value / 1000
        sizes = [a for kind, a in product.sizes if kind == "g"]
        if sizes and sizes[0] and (quantity.value / sizes[0]) == int(quantity.value / sizes[0]):
            return quantity.value / sizes[0]
        return None
    if unit == "ml":
        if product.unit == "l":
            return quantity.value / 1000
        sizes = [a for kind, a in product.sizes if kind == "ml"]
        if sizes and sizes[0] and (quantity.value / sizes[0]) == int(quantity.value / sizes[0]):
            return quantity.value / sizes[0]
        return None
    if unit == "dozen":
        return quantity.value * 12 if product.unit == "piece" else None
    if unit in ("bottle", "can", "pack", "jar", "case", "bag", "tray", "bunch", "piece"):
        if product.unit in (
            "bottle",
            "can",
            "pack",
            "jar",
            "case",
            "bag",
            "tray",
            "bunch",
            "piece",
            "dozen",
            "",
        ):
            return quantity.value  # one packaging word for another: a count either way
        return None
    return quantity.value


def phrase_of(words: Sequence[str], codes: set[str] | frozenset[str] = frozenset()) -> str:
    """The key a clarified item is remembered under: its product words, as read."""
    return " ".join([*words, *sorted(codes)])


PRIOR = 0.1  # at most this much for a product the customer orders every time


def parse(
    text: str,
    catalogue: Sequence[tuple[str, str]],
    units: Mapping[str, str] | None = None,
    *,
    learned: Mapping[str, str] | None = None,
    usual: Mapping[str, float] | None = None,
) -> ParsedOrder:
    """``catalogue``: (product_id, name) pairs; ``units``: product_id -> selling unit;
    ``learned``: phrases this vendor's customers clarified (phrase -> product_id), matched
    first; ``usual``: how often this customer orders each product (0..1), which tips the
    balance between close candidates (by up to PRIOR)."""
    reader = _Reader(
        _index(tuple(catalogue), tuple(sorted((units or {}).items()))),
        learned or {},
        usual or {},
    )
    text = grammar.expand_slashes(
        grammar.mark_percentages(grammar.read_halves(normalize(text[:MAX_TEXT])))
    )
    correcting = False  # "... scratch that, x3": the next item's number corrects
    for raw in _SPLIT_RE.split(text):
        if raw is None:
            continue
        item = grammar.strip_list_number(raw).strip(" .!?:()-*•\t")
        tokens = grammar.drop_purpose(grammar.drop_counted_guests(_TOKEN_RE.findall(item)))
        if not tokens:
            continue
        if grammar.only_a_cue(tokens):
            correcting = True
            continue
        number = grammar.bare_quantity(tokens) if correcting else None
        correcting = False
        if number is not None and reader.correct_last(_number(number)):
            continue
        tokens, corrected = grammar.correction(tokens)
        groups = grammar.quantity_groups(tokens)
        if corrected is not None and not groups:
            if reader.correct_last(_number(corrected)):
                continue  # "... actually make that 4": the line before
            tokens = [corrected, *tokens]
            groups = grammar.quantity_groups(tokens)
        elif corrected is not None:
            start = groups[0][0]
            tokens[start] = re.sub(r"\d+(?:[.,]\d+)?", corrected, tokens[start], count=1)
        parts = grammar.split_run_on(tokens, groups)
        for part in parts:
            reader.take(item if len(parts) == 1 else " ".join(part), part)
    reader.flush()
    return reader.result


class _Reader:
    """Reads a message's items in order: what one item says can complete the next (a shared
    "each" quantity, a quantity or goods left alone by a separator, a correction)."""

    def __init__(
        self, index: _Index, learned: Mapping[str, str], usual: Mapping[str, float]
    ) -> None:
        self.index = index
        self.by_id = {p.product_id: p for p in index.products}
        self.learned = learned
        self.usual = usual
        self.result = ParsedOrder()
        self.close: dict[str, dict[str, float]] = {}  # query word -> close catalogue words
        # an item said twice in one message is read and ranked once
        self.read: dict[tuple[str, ...], _Read] = {}
        self.ranked: dict[tuple[object, ...], list[Candidate]] = {}
        self.shared: Quantity | None = None  # "3kg each of ...": for the items after it
        self.lone_goods: tuple[str, list[str]] | None = None  # goods, their quantity to come
        self.lone_quantity: tuple[str, Quantity] | None = None  # a quantity, its goods to come

    def flush(self) -> None:
        """What waited for its other half and did not get it is reported as it is."""
        for waiting in (self.lone_goods, self.lone_quantity):
            if waiting is not None:
                self.result.other.append(waiting[0])
        self.lone_goods = self.lone_quantity = None

    def correct_last(self, value: Decimal | None) -> bool:
        """A correction of the line just read; False when there is none to correct."""
        if value is None or not (0 < value <= MAX_QUANTITY):
            return False
        lines, unsure = self.result.lines, self.result.unsure
        if lines and (not unsure or lines[-1].span != unsure[-1].span):
            lines[-1] = replace(lines[-1], quantity=value.normalize())
            return True
        if unsure:
            unsure[-1] = replace(unsure[-1], quantity=value.normalize())
            return True
        return False

    def _close_words(self, word: str) -> dict[str, float]:
        """The catalogue words close to ``word``, and (a little less) to its regional
        synonyms: "zucchini" finds "Courgettes" when the catalogue has no zucchini."""
        found = self.index.close_words(word)
        for synonym in _synonyms().get(word, ()):
            for near, value in self.index.close_words(synonym).items():
                found.setdefault(near, value * SYNONYM)
        return found

    def take(self, item: str, tokens: list[str]) -> None:
        key = tuple(tokens)
        if key not in self.read:
            self.read[key] = _read_quantity(tokens)
        quantity, words, codes, sizes, hints = self.read[key]
        words, codes, sizes = list(words), set(codes), set(sizes)
        if quantity is not None and not (words or codes):
            if self.lone_goods is not None:  # "beef mince 20% - 10kg"
                goods_item, goods = self.lone_goods
                self.lone_goods = None
                self.take(f"{goods_item} {item}", [*goods, *tokens])
            else:
                self.flush()
                self.lone_quantity = (item, quantity)  # "10kg - beef mince"
            return
        if quantity is None:
            if self.lone_quantity is not None and (words or codes):
                quantity = self.lone_quantity[1]
                self.lone_quantity = None
            elif self.shared is not None and (words or codes):
                quantity = self.shared
            else:
                self.flush()
                if words or codes:
                    self.lone_goods = (item, tokens)
                else:
                    self.result.other.append(item)
                return
        else:
            self.shared = quantity if grammar.shares_quantity(tokens) else None
        self.flush()
        self._match(item, quantity, self._regional_words(words), codes, sizes, hints)

    def _rank(
        self,
        words: list[str],
        codes: set[str],
        sizes: set[tuple[str, Decimal]],
        quantity: Quantity,
        hints: frozenset[str],
    ) -> list[Candidate]:
        """The products that could be meant, best first."""
        index = self.index
        for word in words:
            if word not in self.close:
                self.close[word] = self._close_words(word)
        # Only products sharing a close word or a code can reach POSSIBLE (the rest score
        # 0.3 at most), so only they are scored, in catalogue order as before.
        products = index.products
        reachable = sorted(
            {i for word in words for near in self.close[word] for i in index.by_word[near]}
            | {i for code in codes for i in index.by_code.get(code, ())}
        )
        weights = {word: self._weight(word) for word in words}
        return sorted(
            (
                Candidate(
                    products[i].product_id,
                    products[i].name,
                    _score(words, codes, sizes, quantity, products[i], hints, self.close, weights)
                    + PRIOR * self.usual.get(products[i].product_id, 0.0),
                )
                for i in reachable
            ),
            key=lambda c: -c.score,
        )

    def _weight(self, word: str) -> float:
        """1 to 2: how rare among the products the catalogue word closest to ``word`` is (a
        word of every product tells nothing, of one product the most); 1 when none is close:
        "lait d'avoine" is about oats more than milk."""
        near = self.close.get(word) or {}
        if not near:
            return 1.0
        best = max(near, key=lambda w: near[w])
        count = len(self.index.products)
        holders = len(self.index.by_word.get(best, ())) or 1
        return 1.0 + math.log(count / holders) / math.log(count) if count > 1 else 1.0

    def _regional_words(self, words: list[str]) -> list[str]:
        """A word the catalogue does not hold, whose region's name for it takes several words
        ("scallions": spring onions, "cébettes": oignons nouveaux), reads as those words."""
        out: list[str] = []
        for word in words:
            name = _multi_word_names().get(word)
            if name is not None:
                if word not in self.close:
                    self.close[word] = self._close_words(word)
                if max(self.close[word].values(), default=0.0) < 0.9:
                    out.extend(stem(part) for part in name.split())
                    continue
            out.append(word)
        return out

    def _match(
        self,
        item: str,
        quantity: Quantity,
        words: list[str],
        codes: set[str],
        sizes: set[tuple[str, Decimal]],
        hints: frozenset[str],
    ) -> None:
        result, by_id = self.result, self.by_id
        if quantity.value <= 0 or quantity.value > MAX_QUANTITY * 1000:
            result.unmatched.append(item)
            return
        phrase = phrase_of(words, codes)
        remembered = self.learned.get(phrase)
        if remembered in by_id:
            amount = to_selling_unit(quantity, by_id[remembered])
            if amount is not None and 0 < amount <= MAX_QUANTITY:
                result.lines.append(ProposedLine(remembered, amount.normalize(), 1.0, item, phrase))
                return
        key = (tuple(words), frozenset(codes), frozenset(sizes), quantity, hints)
        if key not in self.ranked:
            self.ranked[key] = self._rank(words, codes, sizes, quantity, hints)
        ranked = self.ranked[key]
        best = ranked[0] if ranked else None
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if best is None or best.score < POSSIBLE:
            result.unmatched.append(item)
            return
        amount = to_selling_unit(quantity, by_id[best.product_id])
        if (
            best.score >= CONFIDENT
            and best.score - second >= MARGIN
            and amount is not None
            and 0 < amount <= MAX_QUANTITY
        ):
            result.lines.append(
                ProposedLine(
                    best.product_id, amount.normalize(), min(best.score, 1.0), item, phrase
                )
            )
        else:
            shown = amount if amount is not None and amount > 0 else quantity.value
            result.unsure.append(
                Unsure(
                    item,
                    shown.normalize(),
                    tuple(c for c in ranked[:3] if c.score >= POSSIBLE),
                    phrase,
                )
            )
