"""Which products an item could name, best first: each word's close catalogue words (typos,
regional synonyms), how rare they are, the packaging and sizes said, the customer's usual
products, the word order of compounds, and a kind the catalogue does not sell
(domain/rules/order_reader.py reads the items)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from decimal import Decimal

from domain.rules.food_words import lexicon_word_like, multi_word_names, synonyms, translations
from domain.rules.order_catalogue import (
    PREFIXED,
    SYNONYM,
    TRANSLATED,
    Index,
    Product,
    in_word_order,
    reversed_compound,
    score,
)
from domain.rules.order_lines import Candidate
from domain.rules.order_text import Quantity, diminutive_bases, stem
from domain.rules.order_words import FORMS

MARGIN = 0.08  # a clear winner is this far ahead
PRIOR = 0.1  # at most this much for a product the customer orders every time
UNKNOWN_WORD_WEIGHT = 1.5  # as much as a word a handful of products share
_FORMS = frozenset(stem(word) for word in FORMS)  # as an item's words are: stemmed


@dataclass(frozen=True)
class Reading:
    """An item as read for matching: its quantity and the words, codes, sizes and packaging
    hints that name the goods."""

    quantity: Quantity
    words: list[str]
    codes: set[str]
    sizes: set[tuple[str, Decimal]]
    hints: frozenset[str]
    links: frozenset[tuple[str, str]] = frozenset()  # its "A de B" compounds
    not_meant: tuple[str, ...] = ()  # "(not button)": what it says it is not


class Ranker:
    """Ranks one catalogue's products for the items of one message."""

    def __init__(self, index: Index, usual: Mapping[str, float]) -> None:
        self.index = index
        self.by_id = {p.product_id: p for p in index.products}
        self.usual = usual
        self.close: dict[str, dict[str, float]] = {}  # query word -> close catalogue words
        self.ranked: dict[tuple[object, ...], list[Candidate]] = {}

    def close_to(self, word: str) -> dict[str, float]:
        """The catalogue words close to ``word``, and (a little less) to its regional
        synonyms and the word under a diminutive: "zucchini" finds "Courgettes" when the
        catalogue has no zucchini, "tomatitos" finds "Tomate"."""
        if word in self.close:
            return self.close[word]
        found = self.index.close_words(word)
        others = [(s, SYNONYM) for s in (*synonyms().get(word, ()), *diminutive_bases(word))]
        others += [(t, TRANSLATED) for t in translations().get(word, ())]
        if not found and not others:  # "parmasan": a typo of a word the lexicon knows
            like = lexicon_word_like(word)
            if like is not None:
                near, closeness = like
                others = [(s, SYNONYM * closeness) for s in synonyms().get(near, ())]
                others += [(t, TRANSLATED * closeness) for t in translations().get(near, ())]
        if others and word not in self.index.by_word:  # "limones": lemons, not a typo of limes
            found = {near: value for near, value in found.items() if value >= PREFIXED}
        for other, factor in others:
            for near, value in self.index.close_words(other).items():
                # a synonym is a word, not a typo of a look-alike; it counts a little less
                # than the word, its best reading whatever the order the synonyms come in
                if value >= PREFIXED and found.get(near, 0.0) < value * factor:
                    found[near] = value * factor
        self.close[word] = found
        return found

    def rank(self, reading: Reading) -> list[Candidate]:
        """The products that could be meant, best first (an item said twice in one message
        is ranked once)."""
        key = (
            tuple(reading.words),
            frozenset(reading.codes),
            frozenset(reading.sizes),
            reading.quantity,
            reading.hints,
            reading.links,
        )
        if key not in self.ranked:
            self.ranked[key] = self._rank(reading)
        return self.ranked[key]

    def _rank(self, reading: Reading) -> list[Candidate]:
        words, codes, sizes, quantity, hints = (
            reading.words,
            reading.codes,
            reading.sizes,
            reading.quantity,
            reading.hints,
        )
        index = self.index
        for word in words:
            self.close_to(word)
        said = {near for word in words for near in self.close[word]}  # the catalogue's words
        # Only products sharing a close word or a code can reach POSSIBLE (the rest score
        # 0.3 at most), so only they are scored, in catalogue order as before.
        products = index.products
        reachable = sorted(
            {i for near in said for i in index.by_word[near]}
            | {i for code in codes for i in index.by_code.get(code, ())}
        )
        if reading.links:  # "jus d'orange": no "Oranges à jus"
            reachable = [
                i
                for i in reachable
                if not reversed_compound(reading.links, products[i], self.close)
            ]
        reachable = self._without_compounds_said_by_half(said, reachable)
        weights = {word: self._weight(word) for word in words}
        ranked = sorted(
            (
                Candidate(
                    products[i].product_id,
                    products[i].name,
                    score(
                        words, codes, sizes, quantity, products[i], hints, self.close, weights, said
                    )
                    + PRIOR * self.usual.get(products[i].product_id, 0.0),
                )
                for i in reachable
            ),
            key=lambda c: -c.score,
        )
        return self._by_word_order(words, ranked)

    def _without_compounds_said_by_half(
        self, said: AbstractSet[str], reachable: list[int]
    ) -> list[int]:
        """ "pommes" alone are the apples ("Pommes Golden"), not "Pommes de terre": a product
        whose "A de B" compound the item says only the A of is another thing, when another
        product holds A as a plain word; "zumo" alone is the juice ("Zumo de naranja"), not
        "Naranja de zumo": saying only the B, when another product's compound is headed by
        B. ``said``: the catalogue words close to the item's words."""
        if not self.index.split_heads:
            return reachable
        if self.index.split_heads.isdisjoint(said):
            return reachable
        products = self.index.products
        plain = {word for i in reachable for word in products[i].plain if word in said}
        headed = {a for i in reachable for a, _b in products[i].heads if a in said}
        return [
            i
            for i in reachable
            if not any(a in plain and b not in said for a, b in products[i].heads)
            and not any(b in headed and a not in said for a, b in products[i].links)
        ]

    def _by_word_order(self, words: list[str], ranked: list[Candidate]) -> list[Candidate]:
        """Products of the same words, close in score, told apart by the order of the words
        ("6 zumos de naranja": the juice, not "Naranja de zumo")."""
        if len(ranked) < 2 or ranked[0].score - ranked[1].score >= MARGIN:
            return ranked
        top = ranked[0].score
        tied = [c for c in ranked if top - c.score < MARGIN]
        if len({frozenset(self.by_id[c.product_id].words) for c in tied}) != 1:
            return ranked
        fits = [c for c in tied if in_word_order(words, self.by_id[c.product_id], self.close)]
        if len(fits) != 1:
            return ranked
        lifted = replace(fits[0], score=top + MARGIN)
        return sorted([lifted, *(c for c in ranked if c is not fits[0])], key=lambda c: -c.score)

    def another_form(self, words: list[str], product: Product) -> bool:
        """The item names what is made of the goods, or a part of them, and the product is
        not that: "lime leaves" are no limes, "garlic bread" no garlic ("Salade feuille de
        chêne" is the oak-leaf lettuce)."""
        return any(
            word in _FORMS and not any(w in self.close_to(word) for w in product.words)
            for word in words
        )

    def another_kind(self, words: list[str], product: Product) -> bool:
        """The item names a kind the catalogue does not know, of goods it sells in several
        kinds: "jasmine rice" is not "Rice, basmati" when rice also comes as arborio. True
        when a word of the item is close to no catalogue word and the product has a word of
        its kind that the item does not say and that another product of the shared words
        has not, and no word it says names this product alone."""
        close = self.close
        if all(close.get(w) for w in words):
            return False
        said = {near for w in words for near in close.get(w, {})}
        shared = [word for word in product.words if word in said]
        unsaid = [word for word in product.words if word not in said]
        by_word, products = self.index.by_word, self.index.products
        if not shared or not unsaid or any(len(by_word.get(w, ())) == 1 for w in shared):
            return False  # "large flat parsley": "flat" names this parsley alone
        others = {i for word in shared for i in by_word.get(word, ())}
        return any(
            word not in products[i].words
            for i in others
            if products[i].product_id != product.product_id
            for word in unsaid
        )

    def _weight(self, word: str) -> float:
        """1 to 2: how rare among the products the catalogue word closest to ``word`` is (a
        word of every product tells nothing, of one product the most: "lait d'avoine" is
        about oats more than milk); 2 when none is close: a word the catalogue does not know
        tells the most ("solomillo de ternera" is not the minced veal)."""
        near = self.close.get(word) or {}
        if not near:
            return UNKNOWN_WORD_WEIGHT
        best = max(near, key=lambda w: near[w])
        count = len(self.index.products)
        holders = len(self.index.by_word.get(best, ())) or 1
        return 1.0 + math.log(count / holders) / math.log(count) if count > 1 else 1.0

    def goods_words(self, words: list[str]) -> list[str]:
        """An item's product words as matched: regional names read, split words joined."""
        return self.index.joined(self.regional_words(words))

    def regional_words(self, words: list[str]) -> list[str]:
        """A word the catalogue does not hold, whose region's name for it takes several words
        ("scallions": spring onions, "cébettes": oignons nouveaux), reads as those words."""
        out: list[str] = []
        for word in words:
            name = multi_word_names().get(word)
            if name is not None:
                if max(self.close_to(word).values(), default=0.0) < 1.0:
                    # unless the catalogue holds the word itself
                    out.extend(stem(part) for part in name.split())
                    continue
            out.append(word)
        return out
