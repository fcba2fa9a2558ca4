"""A catalogue as the free-text parser sees it: each product's words, codes, sizes and
selling unit, prepared once per catalogue (cached by its content), word similarity with typos
and prefixes, regional synonyms, and how well an item's words fit a product
(domain/rules/free_text.py)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise, repeat

from rapidfuzz import fuzz, process

from domain.rules import order_phrasing as phrasing
from domain.rules.order_codes import product_code
from domain.rules.order_text import (
    TOKEN_RE,
    Quantity,
    canonical_unit,
    is_code,
    joined_sizes,
    normalize,
    sizes_of,
    stem,
)
from domain.rules.order_words import DOZEN, PACKAGING, STOPWORDS

SYNONYM = 0.85  # a regional synonym counts a little less than the word itself
TRANSLATED = 0.7  # a translation less again: "orange juice" is the catalogue's own words first


PREFIXED = 0.9  # what a word the catalogue holds as the start of a longer one counts


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    words: tuple[str, ...]
    codes: frozenset[str]
    sizes: frozenset[tuple[str, Decimal]]  # ("g"|"ml", amount)
    unit: str  # canonical selling unit: "kg", "l", "dozen" or a packaging canonical
    # the second halves of the name's hyphenated words, with their first halves
    # ("semi-skimmed": skimmed -> semi)
    tails: Mapping[str, str] = field(default_factory=dict)
    # the name's "A de B" compounds, (A, B): "Oranges à jus" is (orange, jus)
    links: frozenset[tuple[str, str]] = frozenset()
    # the compounds that head the name, (A, B): "Fleur de sel de Guérande" is (fleur, sel)
    heads: frozenset[tuple[str, str]] = frozenset()
    # its words in no compound: "Pommes Golden" holds "pomme" plainly
    plain: frozenset[str] = frozenset()


def prepare(catalogue: Sequence[tuple[str, str]], units: Mapping[str, str]) -> list[Product]:
    products = []
    for product_id, name in catalogue:
        text = phrasing.mark_ages(
            phrasing.mark_percentages(phrasing.read_phrases(normalize(name), keep=True))
        )
        tokens = joined_sizes(TOKEN_RE.findall(text))
        words = tuple(
            stem(t)
            for t in tokens
            if t.isalpha()
            and t not in STOPWORDS
            and t not in PACKAGING
            and t not in DOZEN
            and len(t) > 1
        )
        codes = frozenset(t for t in tokens if is_code(t))
        links = compound_links(tokens)
        qualifiers = {b for _a, b in links}
        linked = {word for link in links for word in link}
        products.append(
            Product(
                product_id,
                name,
                words,
                codes,
                frozenset(sizes_of(tokens)),
                canonical_unit(units.get(product_id, "")),
                compound_tails(text),
                links,
                frozenset(link for link in links if link[0] not in qualifiers),
                frozenset(word for word in words if word not in linked),
            )
        )
    return products


# the words that join a French or Spanish compound's head to what qualifies it
_LINKS = {"de", "d", "du", "des", "a", "au", "aux", "al", "del"}


def compound_links(tokens: Sequence[str]) -> frozenset[tuple[str, str]]:
    """ "jus d'orange": (jus, orange); "naranja de zumo": (naranja, zumo). Stemmed, goods
    words only."""
    if _LINKS.isdisjoint(tokens):
        return frozenset()
    out = set()
    for head, link, tail in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if link in _LINKS and _goods_word(head) and _goods_word(tail):
            out.add((stem(head), stem(tail)))
    return frozenset(out)


def _goods_word(token: str) -> bool:
    return (
        token.isalpha()
        and len(token) > 1
        and token not in STOPWORDS
        and token not in PACKAGING
        and token not in DOZEN
    )


def reversed_compound(
    links: frozenset[tuple[str, str]],
    product: Product,
    close: Mapping[str, Mapping[str, float]],
) -> bool:
    """The item's "A de B" is the product's "B de A": another thing ("jus d'orange" is no
    "Oranges à jus", "zumo de naranja" no "Naranja de zumo")."""
    for head, tail in links:
        near_head, near_tail = close.get(head, {}), close.get(tail, {})
        if any(a in near_tail and b in near_head for a, b in product.links):
            return True
    return False


_COMPOUND_RE = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")


def compound_tails(text: str) -> dict[str, str]:
    """A normalized name's hyphenated words, second half -> first half (stemmed): the second
    half said alone is the plain word ("skimmed" is not "semi-skimmed", "écrémé" not
    "demi-écrémé")."""
    return {stem(tail): stem(head) for head, tail in _COMPOUND_RE.findall(text)}


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
class Index:
    """A catalogue prepared once (cached by its content, not per message): the products,
    their words sorted for prefix look-ups, and which products hold each word and code."""

    products: tuple[Product, ...]
    vocabulary: tuple[str, ...]
    by_word: Mapping[str, tuple[int, ...]]
    by_code: Mapping[str, tuple[int, ...]]
    # words that head a compound in one name and stand plainly in another ("pomme": "Pommes
    # de terre", "Pommes Golden") or qualify another's compound ("zumo": "Zumo de naranja",
    # "Naranja de zumo"): only these make a compound said by half another thing
    split_heads: frozenset[str] = frozenset()
    # the supplier's own codes, as a customer copies them from the price list ("VEG-014":
    # "veg014" -> its product_id), and their letters ("veg"), for a quick look
    by_product_code: Mapping[str, str] = field(default_factory=dict)
    code_letters: frozenset[str] = frozenset()
    # words already looked up against this catalogue (messages share most of their words)
    known: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)

    def joined(self, words: list[str]) -> list[str]:
        """Two words the catalogue does not hold that it holds as one ("ice berg": iceberg)
        are that one word."""
        out: list[str] = []
        i = 0
        while i < len(words):
            pair = words[i] + words[i + 1] if i + 1 < len(words) else ""
            if (
                pair
                and words[i] not in self.by_word
                and words[i + 1] not in self.by_word
                and (pair in self.by_word or stem(pair) in self.by_word)
            ):
                out.append(pair if pair in self.by_word else stem(pair))
                i += 2
                continue
            out.append(words[i])
            i += 1
        return out

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
        # a catalogue word that starts a longer one: an ending ("limones": limon), not a
        # word inside another ("aguacte" holds no "agua", "watermelon" no "water")
        for end in range(max(4, -(-2 * len(word) // 3)), len(word)):
            if word[:end] in self.by_word:
                found.setdefault(word[:end], 0.9)
        if word in self.by_word:
            return found  # written as the catalogue writes it: not a typo of a look-alike
        for other, ratio, _position in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=CLOSE * 100, limit=None
        ):
            if len(other) >= 4 and not prefixed(word, other):
                found.setdefault(other, ratio / 100.0)
        return found


@lru_cache(maxsize=32)
def index_of(catalogue: tuple[tuple[str, str], ...], units: tuple[tuple[str, str], ...]) -> Index:
    products = tuple(prepare(catalogue, dict(units)))
    by_word: dict[str, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for i, product in enumerate(products):
        for word in dict.fromkeys(product.words):
            by_word.setdefault(word, []).append(i)
        for code in product.codes:
            by_code.setdefault(code, []).append(i)
    by_product_code = {
        supplier_code: product.product_id
        for product in products
        if (supplier_code := product_code(product.product_id)) is not None
    }
    heads = {a for product in products for a, _b in product.heads}
    plain = {word for product in products for word in product.plain}
    qualifiers = {b for product in products for _a, b in product.links}
    return Index(
        products,
        tuple(sorted(by_word)),
        {w: tuple(ids) for w, ids in by_word.items()},
        {c: tuple(ids) for c, ids in by_code.items()},
        frozenset(heads & (plain | qualifiers)),
        by_product_code,
        frozenset(code.rstrip("0123456789") for code in by_product_code),
    )


def _hit(
    word: str,
    near: Mapping[str, float],
    product: Product,
    query: Sequence[str],
    close: Mapping[str, Mapping[str, float]],
) -> float:
    """How much a query word close to the product's ``word`` counts: half when ``word`` is
    the second half of a hyphenated word whose first half was not said."""
    value = near.get(word, 0.0)
    head = product.tails.get(word) if value else None
    if head is not None and not any(head in close[q] for q in query):
        return value * HALF_OF_A_COMPOUND
    return value


HALF_OF_A_COMPOUND = 0.5


def score(
    query: Sequence[str],
    codes: set[str],
    sizes: set[tuple[str, Decimal]],
    quantity: Quantity,
    product: Product,
    hints: frozenset[str],
    close: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float] | None = None,
    said: AbstractSet[str] | None = None,
) -> float:
    """`close`: for each query word, the catalogue words CLOSE to it (the others count 0);
    `weights`: how much each query word tells (a word few products hold tells more);
    `said`: all those catalogue words together (given when many products are scored)."""
    if not query and not codes:
        return 0.0
    name = product.words
    hits = total = 0.0
    for word in query:
        near = close[word]
        weight = weights.get(word, 1.0) if weights else 1.0
        if product.tails:
            best = max((_hit(w, near, product, query, close) for w in name), default=0.0)
        else:
            best = max(map(near.get, name, repeat(0.0)), default=0.0)
        hits += weight * best
        total += weight
    coverage = hits / total if query else 0.0
    if said is None:
        said = {near for q in query for near in close[q]}
    covered = sum(map(said.__contains__, name))
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


def in_word_order(
    query: Sequence[str], product: Product, close: Mapping[str, Mapping[str, float]]
) -> bool:
    """The product's words come in the order the item says them ("zumo de naranja" is the
    juice, "naranja de zumo" the oranges; "orange juice" / "juice oranges"); two matched words
    at least."""
    positions = []
    for word in query:
        near = close[word]
        found = [i for i, w in enumerate(product.words) if w in near]
        if found:
            positions.append(found[0])
    return len(positions) >= 2 and all(a < b for a, b in pairwise(positions))


def counted_sizes(
    quantity: Quantity, sizes: AbstractSet[tuple[str, Decimal]], product: Product
) -> Decimal | None:
    """ "2 x 500g parmesan" of a cheese sold by the kilo: pieces of a size, 1 kg (the text's
    own arithmetic); goods packed at a size ("4 x 250g butter") count packs, as
    :func:`to_selling_unit` reads them."""
    if quantity.unit is None and len(sizes) == 1 and product.unit in _LOOSE and not product.sizes:
        ((kind, amount),) = sizes
        return to_selling_unit(Quantity(quantity.value * amount, kind), product)
    return to_selling_unit(quantity, product)


_LOOSE = {"kg", "g", "l", "ml"}  # sold by weight or volume, not in packs


def to_selling_unit(quantity: Quantity, product: Product) -> Decimal | None:
    """The quantity in the product's selling unit, or None when it cannot be converted."""
    unit = quantity.unit
    if unit is None or unit == product.unit:
        return quantity.value
    for measure, whole in (("g", "kg"), ("ml", "l")):
        if unit != measure:
            continue
        if product.unit == whole:
            return quantity.value / 1000
        # "500 g" of a 250 g pack is 2 packs; what does not divide is left to the customer
        sizes = [a for kind, a in product.sizes if kind == measure]
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
