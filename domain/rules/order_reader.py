"""Reads a message's items in order against a prepared catalogue (domain/rules/free_text.py
splits the message): each item's quantity and words, the products they could name, and one
decision per item, with what one item says completing the next."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations, pairwise

from domain.rules import order_grammar as grammar
from domain.rules.order_catalogue import (
    SYNONYM,
    Index,
    Product,
    compound_links,
    in_word_order,
    multi_word_names,
    reversed_compound,
    score,
    synonyms,
    to_selling_unit,
)
from domain.rules.order_lines import Candidate, ParsedOrder, ProposedLine, Unsure, phrase_of
from domain.rules.order_quantity import Read, read_quantity
from domain.rules.order_text import Quantity, stem

CONFIDENT = 0.62
MARGIN = 0.08
POSSIBLE = 0.34
MAX_QUANTITY = Decimal(9999)

PRIOR = 0.1  # at most this much for a product the customer orders every time


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


OpenCall = tuple[Unsure, Reading]  # a close call, with the reading it came from
Readings = Callable[[], Sequence[list[str]]]  # other readings of an item, made when needed
UNKNOWN_WORD_WEIGHT = 1.5  # as much as a word a handful of products share
MAX_EACH_WORDS = 10  # "lemons limes 20 each": goods words cut into parts, at most
MAX_EACH_PARTS = 4


class Reader:
    """Reads a message's items in order: what one item says can complete the next (a shared
    "each" quantity, a quantity or goods left alone by a separator, a correction)."""

    def __init__(
        self, index: Index, learned: Mapping[str, str], usual: Mapping[str, float]
    ) -> None:
        self.index = index
        self.by_id = {p.product_id: p for p in index.products}
        self.learned = learned
        self.usual = usual
        self.result = ParsedOrder()
        self.close: dict[str, dict[str, float]] = {}  # query word -> close catalogue words
        # an item said twice in one message is read and ranked once
        self.read: dict[tuple[str, ...], Read] = {}
        self.ranked: dict[tuple[object, ...], list[Candidate]] = {}
        self.shared: Quantity | None = None  # "3kg each of ...": for the items after it
        self.lone_goods: tuple[str, list[str]] | None = None  # goods, their quantity to come
        self.lone_quantity: tuple[str, Quantity] | None = None  # a quantity, its goods to come
        # a close call just made, which the next words may settle
        self.open_call: OpenCall | None = None
        # the goods of the item before: "..., and 1 x 5l" names them in another size
        self.last_goods: tuple[list[str], frozenset[str], frozenset[str]] | None = None
        # the unit said with the item before's number: "3 kilos de X y 2 de Y" leaves it out
        self.last_unit: str | None = None

    def flush(self) -> None:
        """What waited for its other half and did not get it is reported as it is, but for a
        quantity with its unit after a line: the same goods in that unit ("one tray of eggs
        and two dozen")."""
        lone_goods, lone_quantity = self.lone_goods, self.lone_quantity
        self.lone_goods = self.lone_quantity = None
        if lone_goods is not None:
            self.result.other.append(lone_goods[0])
        if lone_quantity is None:
            return
        item, quantity = lone_quantity
        if quantity.unit is not None and self.last_goods is not None:
            goods, codes, hints = self.last_goods
            self._match(item, Reading(quantity, goods, set(codes), set(), hints))
        else:
            self.result.other.append(item)

    def correct_last(self, value: Decimal | None) -> bool:
        """A correction of the line just read; False when there is none to correct."""
        if value is None or not (0 < value <= MAX_QUANTITY):
            return False
        lines, unsure = self.result.lines, self.result.unsure
        if self._last_is_a_line():
            lines[-1] = replace(lines[-1], quantity=value.normalize())
            return True
        if unsure:
            unsure[-1] = replace(unsure[-1], quantity=value.normalize())
            return True
        return False

    def correct_last_with(self, tokens: list[str]) -> bool:
        """An item that is only a quantity ("4", "x4", "4 kg", "500 g"), said after a cue that
        takes back what was just said, corrects the line before, in its product's unit."""
        quantity, words, codes, _sizes, _hints = self._read(tokens)
        if quantity is None or words or codes:
            return False
        if self._last_is_a_line():
            last = self.result.lines[-1]
            return self.correct_last(to_selling_unit(quantity, self.by_id[last.product_id]))
        return self.correct_last(quantity.value)

    def _last_is_a_line(self) -> bool:
        """Whether what was read last became a line (else a close call, or nothing)."""
        lines, unsure = self.result.lines, self.result.unsure
        return bool(lines) and (not unsure or lines[-1].span != unsure[-1].span)

    def take_each(self, item: str, goods: list[str], quantity: list[str]) -> bool:
        """ "lemons limes 20 each": the goods, written without separators, cut into the
        fewest parts that each name a product of their own clearly, each part with the
        quantity; False (nothing taken) when no such cut exists."""
        if len(goods) > MAX_EACH_WORDS:
            return False
        for count in range(2, min(len(goods), MAX_EACH_PARTS) + 1):
            for cuts in combinations(range(1, len(goods)), count - 1):
                bounds = [0, *cuts, len(goods)]
                parts = [goods[a:b] for a, b in pairwise(bounds)]
                decided = [self._decide_alone(" ".join(p), [*p, *quantity]) for p in parts]
                lines = [d for d in decided if isinstance(d, ProposedLine)]
                if len(lines) == count and len({ln.product_id for ln in lines}) == count:
                    self.flush()
                    self.result.lines.extend(lines)
                    return True
        return False

    def share(self, quantity: list[str]) -> None:
        """The quantity these tokens say goes to the items after, that have none."""
        self.shared = self._read(quantity)[0]

    def _decide_alone(self, span: str, tokens: list[str]) -> ProposedLine | Unsure | None:
        quantity, words, codes, sizes, hints = self._read(tokens)
        if quantity is None or not (words or codes):
            return None
        words = self._goods_words(words)
        return self._decide(span, Reading(quantity, words, set(codes), set(sizes), hints))

    def _read(self, tokens: list[str]) -> Read:
        key = tuple(tokens)
        if key not in self.read:
            self.read[key] = read_quantity(tokens)
        return self.read[key]

    def _close_words(self, word: str) -> dict[str, float]:
        """The catalogue words close to ``word``, and (a little less) to its regional
        synonyms: "zucchini" finds "Courgettes" when the catalogue has no zucchini."""
        found = self.index.close_words(word)
        for synonym in synonyms().get(word, ()):
            for near, value in self.index.close_words(synonym).items():
                found.setdefault(near, value * SYNONYM)
        return found

    def take(self, item: str, tokens: list[str], retries: Readings = tuple) -> None:
        """``retries``: the same item read other ways (made only when needed), tried when it
        names no clear line."""
        spelled = grammar.with_elided_unit(tokens, self.last_unit) if self.last_unit else None
        if spelled is not None:  # when the unit fits no product, the item as it was said
            as_said, other_readings = tokens, retries
            tokens, retries = spelled, lambda: [as_said, *other_readings()]
        quantity, words, codes, sizes, hints = self._read(tokens)
        if quantity is not None:
            self.last_unit = grammar.unit_word(tokens)
        words, codes, sizes = list(words), set(codes), set(sizes)
        open_call, self.open_call = self.open_call, None
        if (
            quantity is not None
            and (sizes or codes)
            and not words
            and self.lone_goods is None
            and self.last_goods is not None
        ):  # "3 x 1l evoo and 1 x 5l", "farine T45 x 1, T65 x 2": the same, in another kind
            goods, goods_codes, goods_hints = self.last_goods
            self.flush()
            self._match(
                item, Reading(quantity, goods, codes or set(goods_codes), sizes, goods_hints)
            )
            return
        if quantity is not None and not (words or codes):
            if grammar.shares_quantity(tokens):  # "5kg of each - carrots, red onions, ..."
                self.flush()
                self.shared = quantity
                return
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
            elif (
                open_call is not None
                and (words or codes)
                and self._settle(open_call, item, words, codes)
            ):
                return  # "6 packs of butter, unsalted please"
            else:
                self.flush()
                if words or codes:
                    self.lone_goods = (item, tokens)
                else:
                    self.result.other.append(item)
                return
        else:
            self.shared = quantity if grammar.shares_quantity(tokens) else None
            if self.lone_goods is not None and grammar.each_after_quantity(tokens):
                # "courgettes and aubergines 3kg of each": the goods before get it too
                goods_item, goods = self.lone_goods
                self.lone_goods = None
                _, before, before_codes, before_sizes, before_hints = self._read(goods)
                before = self._goods_words(list(before))
                self._match(
                    goods_item,
                    Reading(quantity, before, set(before_codes), set(before_sizes), before_hints),
                )
        self.flush()
        words = self._goods_words(words)
        self.last_goods = (words, frozenset(codes), hints)
        settling: list[list[str]] = []
        lines = self.result.lines
        if lines and len(words) == 1 and not codes:
            # "azúcar glas 1 kg, moreno 2 kg, blanco 10 kg": a word alone that is a close call
            # may qualify what the line before is (the sugar, not the white mushrooms)
            named = self.by_id[lines[-1].product_id].words
            settling = [[word, *tokens] for word in named[:2] if word not in words]
        reading = Reading(quantity, words, codes, sizes, hints, compound_links(tokens))
        self._match(item, reading, retries, settling)

    def _rank(self, reading: Reading) -> list[Candidate]:
        """The products that could be meant, best first."""
        words, codes, sizes, quantity, hints = (
            reading.words,
            reading.codes,
            reading.sizes,
            reading.quantity,
            reading.hints,
        )
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
        ranked = sorted(
            (
                Candidate(
                    products[i].product_id,
                    products[i].name,
                    score(words, codes, sizes, quantity, products[i], hints, self.close, weights)
                    + PRIOR * self.usual.get(products[i].product_id, 0.0),
                )
                for i in reachable
                if not reversed_compound(reading.links, products[i], self.close)
            ),
            key=lambda c: -c.score,
        )
        return self._by_word_order(words, ranked)

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

    def _another_kind(self, words: list[str], product: Product) -> bool:
        """The item names a kind the catalogue does not know, of goods it sells in several
        kinds: "jasmine rice" is not "Rice, basmati" when rice also comes as arborio. True
        when a word of the item is close to no catalogue word and the product has a word of
        its kind that the item does not say and that another product of the shared words
        has not."""
        close = self.close
        if all(close.get(w) for w in words):
            return False
        said = {near for w in words for near in close.get(w, {})}
        shared = [word for word in product.words if word in said]
        unsaid = [word for word in product.words if word not in said]
        if not shared or not unsaid:
            return False
        by_word, products = self.index.by_word, self.index.products
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

    def _goods_words(self, words: list[str]) -> list[str]:
        """An item's product words as matched: regional names read, split words joined."""
        return self.index.joined(self._regional_words(words))

    def _regional_words(self, words: list[str]) -> list[str]:
        """A word the catalogue does not hold, whose region's name for it takes several words
        ("scallions": spring onions, "cébettes": oignons nouveaux), reads as those words."""
        out: list[str] = []
        for word in words:
            name = multi_word_names().get(word)
            if name is not None:
                if word not in self.close:
                    self.close[word] = self._close_words(word)
                if (
                    max(self.close[word].values(), default=0.0) < 1.0
                ):  # unless the catalogue holds the word itself
                    out.extend(stem(part) for part in name.split())
                    continue
            out.append(word)
        return out

    def _match(
        self,
        item: str,
        reading: Reading,
        retries: Readings = tuple,
        settling: Sequence[list[str]] = (),
    ) -> None:
        """The line the item names; when it is no clear line, each other reading of the item
        in turn (``retries``: its tokens read another way) may give one, and a close call
        may be settled, among its own candidates, by a reading with context (``settling``)."""
        decision = self._decide(item, reading)
        if isinstance(decision, ProposedLine):
            readings: list[tuple[list[str], bool]] = []
        else:
            readings = [(t, False) for t in retries()]
            if isinstance(decision, Unsure) and decision.candidates:
                # context settles a close call; it never names goods that matched nothing
                readings += [(t, True) for t in settling]
        close_call = (
            {c.product_id for c in decision.candidates} if isinstance(decision, Unsure) else set()
        )
        for tokens, settles in readings:
            again, other_words, other_codes, other_sizes, other_hints = self._read(tokens)
            if again is None or not (other_words or other_codes):
                continue
            other_words = self._regional_words(other_words)
            other = Reading(
                again, other_words, other_codes, other_sizes, other_hints, compound_links(tokens)
            )
            retried = self._decide(item, other)
            if isinstance(retried, ProposedLine) and (
                not settles or retried.product_id in close_call
            ):
                decision = retried
                self.last_goods = (other_words, frozenset(other_codes), other_hints)
                break
        if isinstance(decision, ProposedLine):
            self.result.lines.append(decision)
        elif isinstance(decision, Unsure):
            self.result.unsure.append(decision)
            self.open_call = (decision, reading)
        else:
            self.result.unmatched.append(item)

    def _settle(self, call: OpenCall, item: str, words: list[str], codes: set[str]) -> bool:
        """Goods said with no quantity right after a close call may settle it among its own
        candidates ("6 packs of butter, unsalted please"); False when they do not."""
        unsure, before = call
        more = self._goods_words(words)
        settled = self._decide(
            f"{unsure.span}, {item}",
            replace(before, words=[*before.words, *more], codes=before.codes | codes),
        )
        if not isinstance(settled, ProposedLine) or settled.product_id not in {
            c.product_id for c in unsure.candidates
        }:
            return False
        self.result.unsure.remove(unsure)
        self.result.lines.append(settled)
        return True

    def _decide(self, item: str, reading: Reading) -> ProposedLine | Unsure | None:
        """A clear line, a close call with its candidates, or None: nothing fits."""
        by_id = self.by_id
        quantity, words, codes, sizes, hints = (
            reading.quantity,
            reading.words,
            reading.codes,
            reading.sizes,
            reading.hints,
        )
        if quantity.value <= 0 or quantity.value > MAX_QUANTITY * 1000:
            return None
        phrase = phrase_of(words, codes)
        remembered = self.learned.get(phrase)
        if remembered in by_id:
            amount = to_selling_unit(quantity, by_id[remembered])
            if amount is not None and 0 < amount <= MAX_QUANTITY:
                return ProposedLine(remembered, amount.normalize(), 1.0, item, phrase)
        key = (tuple(words), frozenset(codes), frozenset(sizes), quantity, hints, reading.links)
        if key not in self.ranked:
            self.ranked[key] = self._rank(reading)
        ranked = self.ranked[key]
        best = ranked[0] if ranked else None
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if best is None or best.score < POSSIBLE:
            return None
        amount = to_selling_unit(quantity, by_id[best.product_id])
        if (
            best.score >= CONFIDENT
            and best.score - second >= MARGIN
            and amount is not None
            and 0 < amount <= MAX_QUANTITY
            # "jasmine rice": the catalogue has rice, but not that kind; the customer chooses
            and (codes or not self._another_kind(words, by_id[best.product_id]))
        ):
            return ProposedLine(
                best.product_id, amount.normalize(), min(best.score, 1.0), item, phrase
            )
        shown = amount if amount is not None and amount > 0 else quantity.value
        return Unsure(
            item,
            shown.normalize(),
            tuple(c for c in ranked[:3] if c.score >= POSSIBLE),
            phrase,
        )
