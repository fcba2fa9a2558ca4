"""General rules of the free-text reader (issue 16), each on its own and through the parser,
with a small catalogue of this file's own (not the shared dev set's)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.rules.free_text import parse, prefixed, similarity

CATALOGUE = [
    ("B1", "Butter, unsalted — 500 g"),
    ("B2", "Butter, salted — 500 g"),
    ("M1", "Milk, skimmed — 1 l"),
    ("M2", "Milk, semi-skimmed — 1 l"),
    ("M3", "Buttermilk — 1 l"),
    ("T1", "Tomatoes, plum — 6 kg case"),
    ("T2", "Tomatoes, plum"),
    ("O1", "Olive oil, extra virgin — 1 l"),
    ("O2", "Olive oil, extra virgin — 5 l"),
    ("S1", "Saffron threads"),
    ("V1", "Vanilla pods"),
    ("P1", "Parmigiano Reggiano 30 months"),
    ("J1", "Orange juice — 1 l"),
    ("J2", "Oranges, juicing"),
    ("K1", "Prawns, tiger — 1 kg"),
]
UNITS = {
    "B1": "pack",
    "B2": "pack",
    "M1": "bottle",
    "M2": "bottle",
    "M3": "bottle",
    "T1": "case",
    "T2": "kg",
    "O1": "bottle",
    "O2": "can",
    "S1": "g",
    "V1": "piece",
    "P1": "kg",
    "J1": "bottle",
    "J2": "kg",
    "K1": "bag",
}


def lines(text: str) -> list[tuple[str, Decimal]]:
    return [(ln.product_id, ln.quantity) for ln in parse(text, CATALOGUE, UNITS).lines]


def test_a_prefixed_word_is_another_word() -> None:
    assert prefixed("unsalted", "salted") and prefixed("semidesnatada", "desnatada")
    assert prefixed("buttermilk", "milk") and not prefixed("salted", "salter")
    assert not prefixed("xmilk", "milk")  # one letter more: a typo, not a prefix
    assert similarity("unsalted", "salted") == 0.0
    assert similarity("tomatos", "tomatoes") > 0.8  # a typo is still the word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 packs unsalted butter", [("B1", Decimal(4))]),
        ("salted butter x 2", [("B2", Decimal(2))]),
        ("6 skimmed milk", [("M1", Decimal(6))]),
        ("6 semi skimmed milk", [("M2", Decimal(6))]),
        ("2 buttermilk", [("M3", Decimal(2))]),
    ],
)
def test_opposites_are_told_apart(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_a_weighed_quantity_prefers_what_is_sold_by_weight() -> None:
    assert lines("4kg plum tomatoes") == [("T2", Decimal(4))]
    assert lines("1 case plum tomatoes") == [("T1", Decimal(1))]


def test_sizes_written_apart_in_the_catalogue() -> None:
    """ "— 5 l" in a name is a size, as "5l" is in a message."""
    assert lines("olive oil 5l x 2") == [("O2", Decimal(2))]
    assert lines("olive oil 1l x 6") == [("O1", Decimal(6))]


def test_a_product_sold_by_the_gram() -> None:
    assert lines("3g saffron") == [("S1", Decimal(3))]
    assert lines("saffron 0.01 kg") == [("S1", Decimal(10))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2kg parmesan", [("P1", Decimal(2))]),  # the same cheese by its Italian name
        ("500 g de parmesano", [("P1", Decimal("0.5"))]),
        ("OJ x 12", [("J1", Decimal(12))]),
        ("3 bags shrimp", [("K1", Decimal(3))]),
    ],
)
def test_the_food_lexicon(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_a_regional_name_of_several_words() -> None:
    """ "scallions" are spring onions, "cébettes" oignons nouveaux: the several-word name is
    read when the catalogue does not hold the word itself (and no look-alike wins)."""
    catalogue = [("S1", "Onions, spring"), ("C1", "Crevettes crues"), ("O1", "Oignons nouveaux")]
    units = {"S1": "bunch", "C1": "bag", "O1": "bunch"}
    found = parse("3 bunches scallions", catalogue, units).lines
    assert [(ln.product_id, ln.quantity) for ln in found] == [("S1", Decimal(3))]
    found = parse("2 bottes de cébettes", catalogue, units).lines
    assert [(ln.product_id, ln.quantity) for ln in found] == [("O1", Decimal(2))]
    own = [("S9", "Scallions")]  # a catalogue that says scallions keeps its word
    found = parse("3 scallions", own, {"S9": "bunch"}).lines
    assert [ln.product_id for ln in found] == ["S9"]


def test_a_word_few_products_hold_tells_more() -> None:
    """ "lait d'avoine" names the oat drink, not one of the milks, though "lait" is only in
    the milks' names: "avoine" is in one product's, "lait" in three."""
    catalogue = [
        ("L1", "Lait entier — 1 l"),
        ("L2", "Lait écrémé — 1 l"),
        ("L3", "Lait demi-écrémé — 1 l"),
        ("A1", "Boisson à l'avoine barista — 1 l"),
    ]
    parsed = parse(
        "4 bouteilles de lait d'avoine",
        catalogue,
        dict.fromkeys(("L1", "L2", "L3", "A1"), "bottle"),
    )
    first = (
        parsed.lines[0].product_id if parsed.lines else parsed.unsure[0].candidates[0].product_id
    )
    assert first == "A1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 packs salted butter... scratch that, x5", [("B2", Decimal(5))]),
        ("2 vanilla pods, sorry, 4", [("V1", Decimal(4))]),
        ("2 bottles orange juice, correction: 3", [("J1", Decimal(3))]),
        ("4 bottles skimmed milk, I mean 6", [("M1", Decimal(6))]),
        ("2 kg de tomates plum, pardon, 3", [("T2", Decimal(3))]),
        ("6 vanilla pods, 2 orange juice", [("V1", Decimal(6)), ("J1", Decimal(2))]),
    ],
)
def test_corrections_in_the_three_languages(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A correction's number may come after its cue or in the next item; a plain next item
    is no correction."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one and a half kg plum tomatoes", [("T2", Decimal("1.5"))]),
        ("2 and a half kilos of plum tomatoes", [("T2", Decimal("2.5"))]),
        ("1 kg et demi de parmesan", [("P1", Decimal("1.5"))]),
        ("un kilo et demi de parmesan", [("P1", Decimal("1.5"))]),
        ("kilo y medio de parmesano", [("P1", Decimal("1.5"))]),
        ("3 vanilla pods and a half kg of parmesan", [("V1", Decimal(3)), ("P1", Decimal("0.5"))]),
    ],
)
def test_and_a_half(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_and_a_half_only_after_a_number_or_unit() -> None:
    from domain.rules.order_grammar import read_halves

    assert read_halves("2 paquets et demi-sel") == "2 paquets et demi-sel"  # the butter
    assert read_halves("docena y media") == "1.5 docena"
    assert read_halves("half a dozen") == "half a dozen"
