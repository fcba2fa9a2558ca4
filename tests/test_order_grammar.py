"""The trade's habits in writing orders (domain/rules/order_grammar.py), one rule at a time,
on their own and through the parser. Examples are written for each rule, in the three
languages; none comes from the evaluation sets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.rules import order_chat as chat
from domain.rules import order_corrections as corrections
from domain.rules import order_grammar as g
from domain.rules import order_lists as lists
from domain.rules import order_phrasing as phrasing
from domain.rules.free_text import parse
from domain.rules.order_cancellations import cancelled

CATALOG = [
    ("A1", "Romaine lettuce", "case"),
    ("A2", "Eggs free range", "tray"),
    ("A3", "Beef mince 20%", "kg"),
    ("A4", "Beef mince 5%", "kg"),
    ("A5", "Oranges", "box"),
    ("A6", "Orange juice 1l", "bottle"),
    ("A7", "Red onions", "kg"),
    ("A8", "Carrots", "kg"),
    ("A9", "Shallots", "kg"),
    ("B1", "Parsley flat leaf", "bunch"),
    ("B2", "Parsley curly", "bunch"),
    ("B3", "Basil", "bunch"),
    ("B4", "Semi skimmed milk 1l", "bottle"),
    ("B5", "Potatoes maris piper 25kg", "sack"),
    ("B6", "Olive oil 5l", "can"),
    ("B7", "Zanahorias", "kg"),
    ("B8", "Cebollas rojas", "kg"),
    ("B9", "Carottes", "kg"),
    ("C1", "Oignons rouges", "kg"),
]
PAIRS = [(pid, name) for pid, name, _ in CATALOG]
UNITS = {pid: unit for pid, _, unit in CATALOG}


def lines(text: str) -> list[tuple[str, Decimal]]:
    return [(ln.product_id, ln.quantity) for ln in parse(text, PAIRS, UNITS).lines]


# -- each rule on its own -------------------------------------------------------------------


def test_a_percentage_is_a_property_not_a_quantity() -> None:
    assert phrasing.mark_percentages("beef mince 20% - 10kg") == "beef mince 20pct - 10kg"
    assert phrasing.mark_percentages("creme 35 %") == "creme 35pct"


def test_slashed_shorthand_is_read_before_slashes_separate_items() -> None:
    assert "semi skimmed" in phrasing.expand_slashes("2 s/s milk")
    assert phrasing.expand_slashes("2 carrots / 3 leeks") == "2 carrots / 3 leeks"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("1. romaine 2 cases", "romaine 2 cases"),
        ("2) carottes 3 kg", "carottes 3 kg"),
        ("#3 basil x2", "basil x2"),
        ("2. carrots", "2. carrots"),  # no other number: the 2 may be the quantity
        ("12 eggs", "12 eggs"),
    ],
)
def test_a_list_number_goes_when_the_item_has_its_own_quantity(item: str, expected: str) -> None:
    assert lists.strip_list_number(item) == expected


def test_guests_hours_and_chat_are_not_goods() -> None:
    tokens = "we ve got 40 covers booked tonight so add 2 cases romaine".split()
    assert chat.drop_counted_guests(tokens) == ["we", "2", "cases", "romaine"]
    assert chat.drop_counted_guests(["para", "20", "personas", "3", "kg"]) == ["para", "3", "kg"]
    assert chat.drop_counted_guests(["deliver", "by", "7pm"]) == ["by"]


def test_what_goods_are_for_is_not_what_they_are() -> None:
    assert g.drop_purpose("oranges for juice 1 box".split()) == ["oranges", "1", "box"]
    assert g.drop_purpose("carottes pour la soupe 3 kg".split()) == ["carottes", "3", "kg"]
    assert g.drop_purpose(["for", "tomorrow", "2", "carrots"]) == [
        "for",
        "tomorrow",
        "2",
        "carrots",
    ]


def test_each_shares_a_quantity() -> None:
    assert g.shares_quantity("3kg each of red onions".split())
    assert g.shares_quantity("2 kg de cada".split())
    assert not g.shares_quantity("3kg red onions".split())


def test_a_correction_gives_the_number_that_counts() -> None:
    assert corrections.correction("3 sacks potatoes actually make that 4".split()) == (
        ["3", "sacks", "potatoes"],
        "4",
    )
    assert corrections.correction("en fait 5".split()) == ([], "5")
    assert corrections.correction("2 kg carrots".split()) == (["2", "kg", "carrots"], None)


@pytest.mark.parametrize(
    ("tokens", "parts"),
    [
        ("flat leaf x4 curly x2 basil x3", ["flat leaf x4", "curly x2", "basil x3"]),
        (
            "basmati x1 arborio 3kg jasmine rice 1 bag",
            ["basmati x1", "arborio 3kg", "jasmine rice 1 bag"],
        ),
        ("2 romaine 3 carrots", ["2 romaine", "3 carrots"]),
        ("olive oil 5l x2", ["olive oil 5l x2"]),  # one line: a size and a count
        ("2 x 5l olive oil", ["2 x 5l olive oil"]),
        # said aloud: a number word with its unit counts as a quantity
        (
            "a bag of basmati a bag of icing sugar",
            ["a bag of basmati", "a bag of icing sugar"],
        ),
        (
            "tres sacos de cebolla dos sacos de arroz",
            ["tres sacos de cebolla", "dos sacos de arroz"],
        ),
        ("3 bouteilles de boisson a l avoine", ["3 bouteilles de boisson a l avoine"]),
        # the words before the first count are how it is asked; number words start lines
        (
            "the order is three sacks of potatoes two sacks of onions",
            ["the order is three sacks of potatoes", "two sacks of onions"],
        ),
        ("we need 24 lemons twelve limes", ["we need 24 lemons", "twelve limes"]),
        (
            "four bunches of basil four of coriander",
            ["four bunches of basil", "four of coriander"],
        ),
        ("carrots 2kg onions 3kg", ["carrots 2kg", "onions 3kg"]),
        # a size said "of" the count before it is its packs' size
        ("me pones 3 sacos de 20kg de cebolla", ["me pones 3 sacos de 20kg de cebolla"]),
        (
            "3 sacos de 20kg de cebolla 2 sacos de 5kg de arroz",
            ["3 sacos de 20kg de cebolla", "2 sacos de 5kg de arroz"],
        ),
        (
            "il me faut un bidon de 5l d huile d olive",
            ["il me faut un bidon de 5l d huile d olive"],
        ),
    ],
)
def test_run_on_lists_split_at_their_quantities(tokens: str, parts: list[str]) -> None:
    assert [" ".join(p) for p in lists.split_run_on(tokens.split())] == parts


# -- through the parser -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. romaine 2 cases\n2. eggs 1 tray", [("A1", 2), ("A2", 1)]),
        # a list's letters and roman numbers are no quantity, at a line's start or inside it
        ("a) eggs 1 tray\nb) romaine 6\nc) eggs 2", [("A2", 1), ("A1", 6), ("A2", 2)]),
        ("i) romaine 2 cases ii) eggs 1 tray", [("A1", 2), ("A2", 1)]),
        ("e) eggs 3 trays f) romaine 4", [("A2", 3), ("A1", 4)]),
        # the number of an order or a paper counts nothing
        ("Order 1 (Thursday): 2 cases romaine. Order 2: 3 cases romaine", [("A1", 2), ("A1", 3)]),
        ("PO 4471: 2 trays of eggs", [("A2", 2)]),
        ("can I order 2 romaine", [("A1", 2)]),
        ("3kg each of red onions, carrots and shallots", [("A7", 3), ("A8", 3), ("A9", 3)]),
        ("2 kg de cada: zanahorias y cebollas rojas", [("B7", 2), ("B8", 2)]),
        ("flat leaf x4 curly x2 basil x3", [("B1", 4), ("B2", 2), ("B3", 3)]),
        ("2 sacks maris piper... actually make that 4", [("B5", 4)]),
        ("carottes 3 kg, en fait 5", [("B9", 5)]),
        ("beef mince 20% - 10kg", [("A3", 10)]),
        ("10kg - beef mince 5%", [("A4", 10)]),
        ("oranges for juice 1 box", [("A5", 1)]),
        ("3 s/s milk", [("B4", 3)]),
        (
            "We've got 40 covers booked tonight so can we add 2 more cases of romaine "
            "and 1 tray of eggs",
            [("A1", 2), ("A2", 1)],
        ),
    ],
)
def test_the_parser_follows_the_rules(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_a_count_of_guests_alone_orders_nothing() -> None:
    parsed = parse("40 covers tonight, see you", PAIRS, UNITS)
    assert parsed.lines == [] and parsed.unsure == [] and parsed.unmatched == []


@pytest.mark.parametrize(
    ("text", "catalogue", "expected"),
    [
        ("2kg zucchini", [("Z1", "Courgettes")], "Z1"),
        ("3 kg courgettes", [("Z1", "Zucchini")], "Z1"),
        ("1kg eggplant", [("Z2", "Aubergines")], "Z2"),
        ("2 bunches scallions", [("Z3", "Spring onions")], "Z3"),  # a two-word name
        ("2 kg de palta", [("Z4", "Aguacates Hass")], "Z4"),
        ("3 kg de jitomates", [("Z5", "Tomates pera")], "Z5"),
        # both names in one catalogue: the word itself wins over its synonym
        ("2kg zucchini", [("Z1", "Courgettes"), ("Z6", "Zucchini")], "Z6"),
    ],
)
def test_regional_synonyms_find_the_catalogue_s_name(
    text: str, catalogue: list[tuple[str, str]], expected: str | None
) -> None:
    units = {pid: "bunch" if "onion" in name.lower() else "kg" for pid, name in catalogue}
    found = [ln.product_id for ln in parse(text, catalogue, units).lines]
    assert found == ([expected] if expected else [])


def test_the_unit_said_with_a_number_and_where_it_is_left_out() -> None:
    assert g.unit_word(["3", "kilos", "de", "tomate"]) == "kilos"
    assert g.unit_word(["3kg", "carrots"]) == "kg"
    assert g.unit_word(["una", "garrafa", "de", "girasol"]) == "garrafa"
    assert g.unit_word(["6", "lait", "entier"]) is None
    assert g.with_elided_unit(["2", "de", "tomate"], ["3", "kilos", "de", "tomate"]) == [
        "2",
        "kilos",
        "de",
        "tomate",
    ]
    # a second number, or nothing after "de", leaves nothing out
    assert g.with_elided_unit(["dos", "de", "cabillaud", "1,5kg"], ["3kg", "saumon"]) is None
    assert g.with_elided_unit(["2", "de"], ["3kg", "saumon"]) is None
    assert g.with_elided_unit(["2", "kg", "tomate"], ["3kg", "saumon"]) is None


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("actually forget the basil", (["the", "basil"], ())),
        ("en fait oubliez le basilic", (["le", "basilic"], ())),
        ("finalement pas de cuisses", (["cuisses"], ("pas", "de"))),
        ("al final sin muslos", (["muslos"], ("sin",))),
        ("no forget the juice", (["the", "juice"], ())),
        ("no basil 3", None),  # a quantity: no cancellation
        ("basil 3", None),
        ("forget it", None),  # no goods named
    ],
)
def test_what_an_item_cancels(
    tokens: str, expected: tuple[list[str], tuple[str, ...]] | None
) -> None:
    assert cancelled(tokens.split()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 bot. de nata", "3 bot de nata"),
        ("2 doc. d'oeufs", "2 doc d'oeufs"),
        ("4 pkts. of butter", "4 pkts of butter"),
        ("2 kg. de tomate", "2 kg de tomate"),
        ("lemons 20 pcs. thanks", "lemons 20 pcs. thanks"),  # a sentence ends there
        ("no bot. de nata", "no bot. de nata"),  # no count before the unit
    ],
)
def test_a_unit_shortened_with_a_full_stop(text: str, expected: str) -> None:
    assert phrasing.join_shortened_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("five hundred grams", "500 grams"),
        ("two hundred and fifty g", "250 g"),
        ("a hundred grams", "100 grams"),
        ("cinq cents grammes", "500 grammes"),
        ("deux cent cinquante g", "250 g"),
        ("cent grammes", "100 grammes"),
        ("quinientos gramos", "500 gramos"),
        ("doscientas cincuenta", "250"),
        ("cien gramos", "100 gramos"),
        # a share, or a coin: no hundred
        ("15 pour cent", "15 pour cent"),
        ("20 per cent", "20 per cent"),
        ("20 por ciento", "20 por ciento"),
        ("50 cents", "50 cents"),
        ("le centre", "le centre"),
    ],
)
def test_hundreds_in_words(text: str, expected: str) -> None:
    assert phrasing.read_hundreds(phrasing.read_number_words(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two point five kilos", "2.5 kilos"),
        ("deux virgule cinq kg", "2.5 kg"),
        ("dos coma cinco kilos", "2.5 kilos"),
        ("3 point 5 kg", "3.5 kg"),
        ("the point is", "the point is"),
    ],
)
def test_decimals_said_aloud(text: str, expected: str) -> None:
    assert phrasing.read_said_decimals(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deux kilos cinq de saumon", "2.5 kg de saumon"),
        ("un kilo deux de comte", "1.2 kg de comte"),
        ("2 kilos cinq de saumon", "2.5 kg de saumon"),
        ("deux kilos cinq bottes", "deux kilos cinq bottes"),  # no "de": two items
    ],
)
def test_kilos_and_tenths_said_in_french(text: str, expected: str) -> None:
    assert phrasing.read_kilos_and_tenths(text) == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("make it 3 cases not 2", "make it 3 cases"),
        ("tomates 3 colis instead 2", "tomates 3 colis"),
        ("3 cases not 2 of romaine", "3 cases of romaine"),
        ("romaine 2 cases no 3", "romaine 2 cases no 3"),  # "no" there takes back: the 3
        ("not the chestnut 3kg", "not the chestnut 3kg"),
    ],
)
def test_the_quantity_a_quantity_replaces(tokens: str, expected: str) -> None:
    assert " ".join(g.without_replaced(tokens.split())) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bananas 3kg + 2kg", "bananas 5kg"),
        ("lemons 10 + 10, limes 12", "lemons 20, limes 12"),
        ("limon 2 + 2 kg, lima 1 kg", "limon 4kg, lima 1 kg"),
        ("1,5 + 0,5 kg", "2kg"),
        ("bananas 3kg + 2", "bananas 3kg + 2"),  # which unit?
        ("romaine 2 + 3 carrots", "romaine 2 + 3 carrots"),  # two items
        ("2 cs romaine + 3 kg carrots", "2 cs romaine + 3 kg carrots"),
        ("+1 tray eggs, +2 bags", "+1 tray eggs, +2 bags"),
    ],
)
def test_a_sum_ending_an_item_is_one_quantity(text: str, expected: str) -> None:
    assert phrasing.add_sums(text) == expected
