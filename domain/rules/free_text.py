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

import re
from collections.abc import Mapping, Sequence
from functools import partial

from domain.rules import order_cancellations as cancellations
from domain.rules import order_chat as chat
from domain.rules import order_corrections as corrections
from domain.rules import order_grammar as grammar
from domain.rules import order_lists as lists
from domain.rules import order_phrasing as phrasing
from domain.rules.food_emoji import read_food_emoji
from domain.rules.order_catalogue import (
    index_of,
    prefixed,
    similarity,
)
from domain.rules.order_codes import with_product_codes
from domain.rules.order_lines import Candidate, ParsedOrder, ProposedLine, Unsure
from domain.rules.order_reader import Reader
from domain.rules.order_text import TOKEN_RE, joined_sizes, normalize, stem
from domain.rules.order_words import NUMBER_WORDS

__all__ = [
    "Candidate",
    "ParsedOrder",
    "ProposedLine",
    "Unsure",
    "parse",
    "prefixed",
    "similarity",
]

MAX_TEXT = 4000

# Where one item ends and the next begins. Every branch starts with a character of its own
# (no lookbehind, no anchor first), so the expression skips quickly over the words between.
_SPLIT_RE = re.compile(
    r"[\n;/]+|,(?<!\d,)|,(?!\d)|\s+(?:\+|and|et|y|e|&|plus)\s+|\s[-–—]\s|\.{2,}"
    r"|\.(?<=\D\.)\s+|[!?]\s+"
)
_EMOJI_RE = re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff]+")  # an emoji ends an item
_LEADING_AND_RE = re.compile(r"^\s*(?:and|et|y)\s+")  # "and 2 kg ...": a line's start


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
    balance between close candidates (by up to order_ranking.PRIOR)."""
    index = index_of(tuple(catalogue), tuple(sorted((units or {}).items())))
    reader = Reader(index, learned or {}, usual or {})
    text = normalize(text[:MAX_TEXT])
    text = phrasing.read_hundreds(phrasing.read_number_words(phrasing.drop_prices(text)))
    text = phrasing.read_kilos_and_tenths(phrasing.read_said_decimals(text))
    text = phrasing.add_sums(text)
    text = phrasing.mark_percentages(phrasing.read_phrases(text))
    text = phrasing.mark_ages(text)
    text = phrasing.drop_dates(phrasing.read_halves(phrasing.read_fractions(text)))
    text = phrasing.read_kilos_and_grams(text)
    text = phrasing.join_shortened_units(phrasing.expand_slashes(text))
    text = lists.split_inline_numbers(phrasing.join_dashed_quantities(text))
    text = grammar.split_times_on_sizes(text)
    text = phrasing.each_said_first(text)
    if not text.isascii():  # normalized, most messages are: no emoji to look for
        text = read_food_emoji(text, lambda word: stem(word) in index.by_word)  # "🍋 x20"
        text = _EMOJI_RE.sub(" ; ", text)
    correcting = False  # "... scratch that, x3": the next item's number corrects
    fallback = False  # "cherry toms 4kg - if none, 4kg vine": the next item is a fallback
    ordered = False  # the item before had a quantity (a line, a close call, or unmatched)
    for line in text.split("\n"):
        # "milk: 12 whole, 6 semi, 4 skimmed", "onions - 1 sack white, 5kg red": goods for the
        # items of the line
        header: list[str] = lists.dash_header(line)
        line = _LEADING_AND_RE.sub("", lists.strip_list_number(line), count=1)
        for raw in _SPLIT_RE.split(line):
            if raw is None:
                continue
            if lists.names_a_section(raw):  # "pescado: merluza 5 kg": the section names no goods
                raw = raw.split(":", 1)[1]
                header = []
            item = lists.strip_list_number(raw).strip(" .!?:()-*•\t")
            written = corrections.read_wishes(with_product_codes(index, _tokens(item)))
            written = corrections.restated(written)  # "30 eggs, so one tray" ("so" is chat)
            cue = corrections.fallback_cue(written)
            if (cue or fallback) and ordered:  # wanted only if the goods before cannot be had
                fallback = cue == len(written)  # the cue alone: the fallback comes next
                if not fallback:
                    reader.aside(item)
                continue
            written, fallback = written[cue:], False  # "do you have caviar? if not, 4 OJ"
            said = chat.drop_counted_guests(chat.another_one(written))
            if not said and corrections.a_filler_cue(written):
                correcting = True  # "tomate cherry 2 kg, bueno, 3 kg"
                continue
            said = grammar.without_extra(grammar.without_how_full(said))  # "un colis entier"
            said = grammar.swap_target(said) or said
            header = lists.header_of(raw, said) or header
            plain = _without_asides(item)
            if chat.asks_the_price(plain or said):  # "how much is a case of romaine?"
                reader.aside(item)
                ordered = False
                continue
            before = reader.read_count()
            correcting = _read_item(reader, item, said, header, correcting, plain)
            ordered = reader.read_count() > before
    reader.flush()
    return reader.result


_ASIDE_RE = re.compile(r"\([^)]*\)?")


def _without_asides(item: str) -> list[str]:
    """The item's tokens without what it says in brackets (empty: it says nothing so)."""
    if "(" not in item:
        return []
    return chat.drop_counted_guests(_tokens(_ASIDE_RE.sub(" ", item)))


def _tokens(text: str) -> list[str]:
    """The tokens of normalized text, sizes written apart joined ("5 l": "5l")."""
    return joined_sizes(TOKEN_RE.findall(text))


def _read_item(
    reader: Reader,
    item: str,
    said: list[str],
    header: list[str],
    correcting: bool,
    plain: list[str],
) -> bool:
    """Reads one item of the message; True when it is a cue whose quantity comes next."""
    if not said:
        return correcting
    cancelling = cancellations.cancelled(said)
    if cancelling is not None and reader.cancel(item, *cancelling):
        return False  # "..., actually forget the basil"
    if corrections.only_a_cue(said):
        return True
    if correcting and reader.correct_last_with(grammar.drop_purpose(said)):
        return False  # "..., euh non, 4 kg": the quantity alone after the cue
    back = corrections.taken_back(said)
    if back is not None and reader.correct_last_with(back):
        return False  # "bananas 6kg, no 5kg"
    tokens, corrected = corrections.correction(grammar.without_replaced(said))
    groups = grammar.quantity_groups(tokens)
    if corrected is not None and not groups:
        if reader.correct_last_with([corrected]):
            return False  # "... actually make that 4": the line before
        said_first = grammar.first_number_word(tokens)
        if said_first is not None and grammar.is_number(corrected):
            tokens[said_first] = corrected  # "diez vanilla pods, no perdón, doce"
        else:
            tokens = [corrected, *tokens]
        groups = grammar.quantity_groups(tokens)
    elif corrected is not None:
        start, end = groups[0]
        if grammar.is_number(corrected) and tokens[start] in NUMBER_WORDS:
            tokens[start] = corrected  # "ten kilos of thighs, no sorry, twelve"
        elif grammar.is_number(corrected):
            tokens[start] = re.sub(r"\d+(?:[.,]\d+)?", corrected, tokens[start], count=1)
        else:  # "cod loin 5kg no wait 4kg": the corrected size, unit and all
            tokens[start:end] = [corrected]
    each = grammar.trailing_each(tokens)
    if each is not None and reader.take_each(item, *each):
        return False  # "lemons limes 20 each"
    first = grammar.leading_each(tokens)
    if first is not None and reader.take_each(item, *first):
        reader.share(first[1])  # "3 each of lemons limes and avocados": and the avocados
        return False
    parts = lists.split_run_on(tokens, groups)
    since = len(reader.result.lines)
    for index, part in enumerate(parts):
        back = corrections.taken_back(part) if index else None
        if back is not None and reader.correct_last_with(back):
            continue  # "saumon 3 kg euh non 4 kg": the second quantity takes back the first
        # "oranges for juice": what it is for, read out of each line (and kept for a retry)
        kept = grammar.drop_purpose(part)
        span = item if len(parts) == 1 else " ".join(part)
        aside_free = plain if len(parts) == 1 else []
        reader.take(span, kept, partial(grammar.other_readings, kept, part, header, aside_free))
    if correcting:  # "..., wait, make the salted 3": that line changes, none is added
        reader.replace_repeated(since)
    return False
