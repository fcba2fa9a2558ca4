"""Whether an item, as read, names one product clearly (a line), several closely (a close
call, with its candidates) or none: what this vendor's customers clarified before, then the
supplier's product codes, then the ranking of the catalogue (domain/rules/order_reader.py reads
the items)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from domain.rules.order_catalogue import counted_sizes, to_selling_unit
from domain.rules.order_codes import coded_product
from domain.rules.order_lines import ProposedLine, Unsure, phrase_of
from domain.rules.order_ranking import MARGIN, Ranker, Reading

CONFIDENT = 0.62
POSSIBLE = 0.34
MAX_QUANTITY = Decimal(9999)


class Decider:
    """Decides the items of one message against one catalogue."""

    def __init__(self, ranker: Ranker, learned: Mapping[str, str]) -> None:
        self.ranker = ranker
        self.by_id = ranker.by_id
        self.learned = learned

    def names(self, words: Sequence[str], product_id: str) -> bool:
        """Whether the words name that product (a word of its name, or one close to it)."""
        name = self.by_id[product_id].words
        return any(w in self.ranker.close_to(word) for word in words for w in name)

    def decide(self, item: str, reading: Reading) -> ProposedLine | Unsure | None:
        """A clear line, a close call with its candidates, or None: nothing fits."""
        by_id = self.by_id
        quantity, words, codes = reading.quantity, reading.words, reading.codes
        if quantity.value <= 0 or quantity.value > MAX_QUANTITY * 1000:
            return None
        phrase = phrase_of(words, codes)
        remembered = self.learned.get(phrase)
        if remembered in by_id:
            amount = to_selling_unit(quantity, by_id[remembered])
            if amount is not None and 0 < amount <= MAX_QUANTITY:
                return ProposedLine(remembered, amount.normalize(), 1.0, item, phrase)
        coded = coded_product(self.ranker.index, codes, words, CONFIDENT)  # "VEG-014 x 5"
        if coded is not None:
            amount = to_selling_unit(quantity, by_id[coded[0]])
            if amount is not None and 0 < amount <= MAX_QUANTITY:
                return ProposedLine(coded[0], amount.normalize(), coded[1], item, phrase)
        ranked = self.ranker.rank(reading)
        if reading.not_meant:  # "mushrooms 3kg (not button)": those are not candidates
            ranked = [c for c in ranked if not self.names(reading.not_meant, c.product_id)]
        best = ranked[0] if ranked else None
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if best is None or best.score < POSSIBLE:
            return None
        amount = counted_sizes(quantity, reading.sizes, by_id[best.product_id])
        if (
            best.score >= CONFIDENT
            and best.score - second >= MARGIN
            and amount is not None
            and 0 < amount <= MAX_QUANTITY
            # "jasmine rice": the catalogue has rice, but not that kind; the customer chooses
            and (codes or not self.ranker.another_kind(words, by_id[best.product_id]))
            and not self.ranker.another_form(words, by_id[best.product_id])  # "lime leaves"
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
