"""Reads a message's items in order against a prepared catalogue (domain/rules/free_text.py
splits the message): each item's quantity and words, the products they could name, and one
decision per item, with what one item says completing the next."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import combinations, pairwise

from domain.rules import order_grammar as grammar
from domain.rules.order_catalogue import Index, compound_links, to_selling_unit
from domain.rules.order_codes import coded_product
from domain.rules.order_decision import CONFIDENT, MAX_QUANTITY, Decider
from domain.rules.order_lines import ParsedOrder, ProposedLine, Unsure
from domain.rules.order_quantity import Read, read_quantity
from domain.rules.order_ranking import Ranker, Reading
from domain.rules.order_text import TOKEN_RE, Quantity, normalize

OpenCall = tuple[Unsure, Reading]  # a close call, with the reading it came from
Readings = Callable[[], Sequence[list[str]]]  # other readings of an item, made when needed
MAX_EACH_WORDS = 10  # "lemons limes 20 each": goods words cut into parts, at most
MAX_EACH_PARTS = 4


class Reader:
    """Reads a message's items in order: what one item says can complete the next (a shared
    "each" quantity, a quantity or goods left alone by a separator, a correction)."""

    def __init__(
        self, index: Index, learned: Mapping[str, str], usual: Mapping[str, float]
    ) -> None:
        self.result = ParsedOrder()
        # an item said twice in one message is read once
        self.read: dict[tuple[str, ...], Read] = {}
        self.ranker = Ranker(index, usual)
        self.by_id = self.ranker.by_id
        self.decider = Decider(self.ranker, learned)
        self.shared: Quantity | None = None  # "3kg each of ...": for the items after it
        # goods, their quantity to come (and their other readings)
        self.lone_goods: tuple[str, list[str], Readings] | None = None
        self.lone_quantity: tuple[str, Quantity] | None = None  # a quantity, its goods to come
        # a close call just made, which the next words may settle
        self.open_call: OpenCall | None = None
        # the goods of the item before: "..., and 1 x 5l" names them in another size
        self.last_goods: tuple[list[str], frozenset[str], frozenset[str]] | None = None
        # the item before that had a quantity: "3 kilos de X y 2 de Y" leaves out its unit
        self.last_counted: list[str] = []

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

    def aside(self, item: str) -> None:
        """An item that is no line ("if none, 4kg vine"), kept as the customer's remark."""
        self.flush()
        self.result.other.append(item)

    def cancel(self, item: str, goods: list[str], cue: tuple[str, ...]) -> bool:
        """ "..., actually forget the basil": the line of this message the goods clearly name
        is taken back, the item kept as the customer's remark; False when they name none of
        its lines, or a catalogue name holds the negation with them ("sin gas")."""
        quantity, words, codes, sizes, hints = self._read(goods)
        if quantity is not None or not (words or codes):
            return False
        said = f" {' '.join(cue)} {goods[0]} "
        if cue and any(said in f" {_words_of(p.name)} " for p in self.by_id.values()):
            return False
        words = self.ranker.goods_words(words)
        decision = self.decider.decide(
            item, Reading(Quantity(Decimal(1), None), words, codes, sizes, hints)
        )
        if isinstance(decision, ProposedLine):
            named = {decision.product_id}
        elif isinstance(decision, Unsure):
            named = {c.product_id for c in decision.candidates}
        else:
            return False
        lines = self.result.lines
        taken = [i for i, line in enumerate(lines) if line.product_id in named]
        if len(taken) != 1:  # none, or several the goods do not tell apart
            return False
        self.aside(item)
        del lines[taken[0]]
        return True

    def read_count(self) -> int:
        """How many items so far became a line, a close call or an unmatched item."""
        result = self.result
        return len(result.lines) + len(result.unsure) + len(result.unmatched)

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
        if self.open_call is not None and self._correct_call(self.open_call, quantity):
            return True
        if self._last_is_a_line():
            last = self.result.lines[-1]
            return self.correct_last(to_selling_unit(quantity, self.by_id[last.product_id]))
        return self.correct_last(quantity.value)

    def _correct_call(self, call: OpenCall, quantity: Quantity) -> bool:
        """The close call just made, in the corrected quantity, may be a clear line: "maris
        piper 10kg, sorry, 2 sacks" (sold by the sack, 10 kg named no line of it)."""
        unsure, before = call
        unsures = self.result.unsure
        if not unsures or unsures[-1] is not unsure or self._last_is_a_line():
            return False
        decision = self.decider.decide(unsure.span, replace(before, quantity=quantity))
        if not isinstance(decision, ProposedLine):
            return False
        unsures.pop()
        self.open_call = None
        self.result.lines.append(decision)
        return True

    def replace_repeated(self, since: int) -> None:
        """Lines read since the ``since``-th, after a cue that corrects, replace the earlier
        lines of their products ("salted butter x1... wait, make the salted 3"), and the line
        just before when it is the same kind ("salted butter 6... no, unsalted 6")."""
        lines = self.result.lines
        again = {line.product_id for line in lines[since:]}
        if since and again:
            kind = set(self.by_id[lines[since - 1].product_id].words)
            if any(kind & set(self.by_id[pid].words) for pid in again):
                again.add(lines[since - 1].product_id)
        kept = [line for line in lines[:since] if line.product_id not in again]
        self.result.lines = [*kept, *lines[since:]]

    def _last_is_a_line(self) -> bool:
        """Whether what was read last became a line (else a close call, or nothing)."""
        lines, unsure = self.result.lines, self.result.unsure
        if self.open_call is not None and unsure and unsure[-1] is self.open_call[0]:
            return False  # "10 OJ, 500 g vanilla pods? non, 4": the close call, just made
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
        words = self.ranker.goods_words(words)
        return self.decider.decide(span, Reading(quantity, words, set(codes), set(sizes), hints))

    def _read(self, tokens: list[str]) -> Read:
        key = tuple(tokens)
        if key not in self.read:
            self.read[key] = read_quantity(tokens)
        return self.read[key]

    def take(self, item: str, tokens: list[str], retries: Readings = tuple) -> None:
        """``retries``: the same item read other ways (made only when needed), tried when it
        names no clear line."""
        spelled = grammar.with_elided_unit(tokens, self.last_counted)
        if spelled is not None:  # when the unit fits no product, the item as it was said
            as_said, other_readings = tokens, retries
            tokens, retries = spelled, lambda: [as_said, *other_readings()]
        tokens, not_meant = grammar.without_negated(tokens)
        quantity, words, codes, sizes, hints = self._read(tokens)
        if quantity is not None:
            self.last_counted = tokens
        words, codes, sizes = list(words), set(codes), set(sizes)
        open_call, self.open_call = self.open_call, None
        if (
            quantity is not None
            and (sizes or codes)
            and not words
            and self.lone_goods is None
            and self.last_goods is not None
            # "1 x tournesol 20L, 2 x sac T65": a code one product holds names it alone
            and coded_product(self.ranker.index, codes, [], CONFIDENT) is None
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
                goods_item, goods, goods_retries = self.lone_goods
                self.lone_goods = None
                self.take(
                    f"{goods_item} {item}",
                    [*goods, *tokens],
                    lambda: [[*other, *tokens] for other in goods_retries()],
                )
            else:
                self.flush()
                self.lone_quantity = (item, quantity)  # "10kg - beef mince"
            return
        if quantity is None and grammar.negated(tokens):
            if open_call is not None and words:
                self._rule_out(open_call, item, words)  # "mushrooms 3kg - not the chestnut"
            else:
                self.aside(item)  # never goods waiting for their quantity
            return
        given = quantity is None  # the quantity comes from another item, if any
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
                    self.lone_goods = (item, tokens, retries)
                else:
                    self.result.other.append(item)
                return
        else:
            self.shared = quantity if grammar.shares_quantity(tokens) else None
            if self.lone_goods is not None and grammar.each_after_quantity(tokens):
                # "courgettes and aubergines 3kg of each": the goods before get it too
                goods_item, goods, _retries = self.lone_goods
                self.lone_goods = None
                _, before, before_codes, before_sizes, before_hints = self._read(goods)
                before = self.ranker.goods_words(list(before))
                self._match(
                    goods_item,
                    Reading(quantity, before, set(before_codes), set(before_sizes), before_hints),
                )
        self.flush()
        words = self.ranker.goods_words(words)
        self.last_goods = (words, frozenset(codes), hints)
        settling: list[list[str]] = []
        lines = self.result.lines
        if lines and len(words) == 1 and not codes:
            # "azúcar glas 1 kg, moreno 2 kg, blanco 10 kg": a word alone that is a close call
            # may qualify what the line before is (the sugar, not the white mushrooms)
            named = self.by_id[lines[-1].product_id].words
            settling = [[word, *tokens] for word in named[:2] if word not in words]
        reading = Reading(
            quantity,
            words,
            codes,
            sizes,
            hints,
            compound_links(tokens),
            tuple(self.ranker.goods_words(not_meant)) if not_meant else (),
        )
        self._match(item, reading, retries, settling, given)

    def _match(
        self,
        item: str,
        reading: Reading,
        retries: Readings = tuple,
        settling: Sequence[list[str]] = (),
        given: bool = False,
    ) -> None:
        """The line the item names; when it is no clear line, each other reading of the item
        in turn (``retries``: its tokens read another way) may give one, and a close call
        may be settled, among its own candidates, by a reading with context (``settling``).
        ``given``: the quantity came from another item, and goes to the other readings too."""
        decision = self.decider.decide(item, reading)
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
            if given and again is None:  # "3 botellas - nata para montar": the quantity before
                again = reading.quantity
            if again is None or not (other_words or other_codes):
                continue
            other_words = self.ranker.regional_words(other_words)
            other = Reading(
                again,
                other_words,
                other_codes,
                other_sizes,
                other_hints,
                compound_links(tokens),
                reading.not_meant,
            )
            retried = self.decider.decide(item, other)
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
        more = self.ranker.goods_words(words)
        settled = self.decider.decide(
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

    def _rule_out(self, call: OpenCall, item: str, words: list[str]) -> None:
        """ "mushrooms 3kg - not the chestnut ones": the candidates of the close call that the
        words name are not meant. The one left is the line; several left stay a close call,
        open to what follows ("..., the button ones"); none ruled out, it stays as it was."""
        unsure, before = call
        said = self.ranker.goods_words(words)
        left = tuple(c for c in unsure.candidates if not self.decider.names(said, c.product_id))
        if not left or len(left) == len(unsure.candidates):
            self.open_call = call
            return
        self.result.unsure.remove(unsure)
        span = f"{unsure.span}, {item}"
        if len(left) == 1:
            amount = to_selling_unit(before.quantity, self.by_id[left[0].product_id])
            if amount is not None and 0 < amount <= MAX_QUANTITY:
                line = ProposedLine(
                    left[0].product_id, amount.normalize(), left[0].score, span, unsure.phrase
                )
                self.result.lines.append(line)
                return
        narrowed = replace(unsure, span=span, candidates=left)
        self.result.unsure.append(narrowed)
        self.open_call = (narrowed, before)


def _words_of(name: str) -> str:
    """A catalogue name's words, one space apart ("Agua con gas 50 cl": "agua con gas 50 cl")."""
    return " ".join(TOKEN_RE.findall(normalize(name)))
