"""General rules of the free-text reader (issue 16), each on its own and through the parser,
with a small catalogue of this file's own (not the shared dev set's)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # cues one after another, and what it should be said as a wish
        ("2 kg de tomates plum... non pardon, 3 kg", [("T2", Decimal(3))]),
        ("2 vanilla pods, no sorry, 4", [("V1", Decimal(4))]),
        ("tomates plum 2 kg, no, que sean 3", [("T2", Decimal(3))]),
        ("tomates plum 2 kg non mets-en 4", [("T2", Decimal(4))]),
        ("au lieu de 3 vanilla pods, mettez-en 5", [("V1", Decimal(5))]),
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
    from domain.rules.order_phrasing import read_halves

    assert read_halves("2 paquets et demi-sel") == "2 paquets et demi-sel"  # the butter
    assert read_halves("docena y media") == "1.5 docena"
    assert read_halves("half a dozen") == "half a dozen"


def _ids(
    text: str, catalogue: list[tuple[str, str]], units: dict[str, str]
) -> list[tuple[str, Decimal]]:
    return [(ln.product_id, ln.quantity) for ln in parse(text, catalogue, units).lines]


def test_a_word_written_as_the_catalogue_writes_it_is_not_a_typo() -> None:
    """ "frisée" is a word of the catalogue: it is not also read as a typo of "fraises"."""
    catalogue = [("S1", "Salade frisée"), ("S2", "Salade batavia"), ("F1", "Fraisées des bois")]
    units = {"S1": "piece", "S2": "piece", "F1": "tray"}
    assert _ids("batavia x4 frisée x3", catalogue, units) == [
        ("S2", Decimal(4)),
        ("S1", Decimal(3)),
    ]
    assert _ids("2 fraisees des bois", catalogue, units) == [("F1", Decimal(2))]
    assert _ids("3 frisee", catalogue, units) == [("S1", Decimal(3))]  # accents are not typos


def test_regional_names_join_across_languages() -> None:
    """ "zucchini" is courgettes in London and calabacín in Latin America and Madrid; names
    that share a member are one group."""
    spanish = [("Z1", "Calabacín"), ("B1", "Berenjena")]
    units = {"Z1": "kg", "B1": "kg"}
    assert _ids("2 kg de zucchini", spanish, units) == [("Z1", Decimal(2))]
    assert _ids("3 kg calabacitas y 1 kg eggplant", spanish, units) == [
        ("Z1", Decimal(3)),
        ("B1", Decimal(1)),
    ]
    english = [("E1", "Eggplant"), ("C1", "Zucchini")]
    assert _ids("4 kg berenjenas, 2 kg courgettes", english, {"E1": "kg", "C1": "kg"}) == [
        ("E1", Decimal(4)),
        ("C1", Decimal(2)),
    ]


def test_a_regional_name_the_catalogue_holds_only_as_a_longer_word() -> None:
    """ "ciboule" (a spring onion) is the start of "ciboulette" (chives), not the same herb."""
    catalogue = [("O1", "Oignons nouveaux — botte"), ("C1", "Ciboulette")]
    units = {"O1": "bunch", "C1": "bunch"}
    assert _ids("ciboules 3 bottes", catalogue, units) == [("O1", Decimal(3))]
    assert _ids("ciboulette 2 bottes", catalogue, units) == [("C1", Decimal(2))]


def test_names_of_several_words_that_mean_another() -> None:
    catalogue = [
        ("P1", "Muslo de pavo deshuesado"),
        ("P2", "Muslo de pavo"),
        ("S1", "Onions, spring"),
    ]
    units = {"P1": "kg", "P2": "kg", "S1": "bunch"}
    assert _ids("muslos de pavo 4 kg sin hueso", catalogue, units) == [("P1", Decimal(4))]
    assert _ids("muslos de pavo 4 kg", catalogue, units) == [("P2", Decimal(4))]
    assert _ids("6 bunches green onions", catalogue, units) == [("S1", Decimal(6))]


def test_asking_words_are_chat() -> None:
    """ "tu peux me mettre", "¿me puedes poner?": how the order is asked, not what."""
    assert lines("tu peux me mettre 3 kg de parmesan ?") == [("P1", Decimal(3))]
    assert lines("¿me puedes poner 2 kg de parmesano?") == [("P1", Decimal(2))]
    assert lines("vous pourriez ajouter 4 packs unsalted butter") == [("B1", Decimal(4))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 kg plum tomatoes, no, 3 kg", [("T2", Decimal(3))]),
        ("2 kg de tomates plum, euh non, 1500 g", [("T2", Decimal("1.5"))]),
        ("6 vanilla pods, um, wait, 8", [("V1", Decimal(8))]),
        ("6 vanilla pods, no", [("V1", Decimal(6))]),  # nothing after the cue: nothing changes
        ("6 vanilla pods, no, 2 orange juice", [("V1", Decimal(6)), ("J1", Decimal(2))]),
    ],
)
def test_taking_back_what_was_just_said(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A word alone between commas ("no", "non", "wait") takes back the line before when a
    quantity alone follows it, in that line's unit; goods after it are a line of their own."""
    assert lines(text) == expected


def test_non_inside_a_name_is_no_correction() -> None:
    catalogue = [("B3", "Beurre non salé — 250 g"), ("B4", "Beurre salé — 250 g")]
    units = {"B3": "pack", "B4": "pack"}
    assert _ids("beurre non salé x4", catalogue, units) == [("B3", Decimal(4))]
    assert _ids("beurre salé, non, beurre non salé x2", catalogue, units) == [("B3", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 x 1l olive oil and 1 x 5l", [("O1", Decimal(2)), ("O2", Decimal(1))]),
        ("olive oil 5l x1, 1l x 3", [("O2", Decimal(1)), ("O1", Decimal(3))]),
        ("1 x 5l", []),  # a size with no goods before it names nothing
        ("olive oil 5l x1, 2 kg plum tomatoes", [("O2", Decimal(1)), ("T2", Decimal(2))]),
    ],
)
def test_a_size_alone_names_the_goods_before_it(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


def test_the_order_of_the_words_tells_apart_products_of_the_same_words() -> None:
    catalogue = [("Z1", "Zumo de manzana — 1 l"), ("M1", "Manzana de zumo — caja 10 kg")]
    units = {"Z1": "bottle", "M1": "box"}
    assert _ids("6 zumos de manzana", catalogue, units) == [("Z1", Decimal(6))]
    assert _ids("2 manzanas de zumo", catalogue, units) == [("M1", Decimal(2))]
    # one word alone names the product it heads: "manzana" the apples, "zumo" the juice
    assert _ids("6 manzana", catalogue, units) == [("M1", Decimal(6))]
    assert _ids("6 zumos", catalogue, units) == [("Z1", Decimal(6))]


def test_an_age_is_no_quantity() -> None:
    """ "24 months", "18 mois", "24 meses": how long it was aged; it tells one cheese from
    another as a code does."""
    catalogue = [("C1", "Comté 18 mois"), ("C2", "Comté 36 mois"), ("H1", "Jamón ibérico 36 meses")]
    units = {"C1": "kg", "C2": "kg", "H1": "kg"}
    assert _ids("comté 18 mois 2 kg", catalogue, units) == [("C1", Decimal(2))]
    assert _ids("3 kg de comte 36 mois", catalogue, units) == [("C2", Decimal(3))]
    assert _ids("jamon iberico 36 meses 1 kg", catalogue, units) == [("H1", Decimal(1))]
    assert lines("30 months parmigiano 2kg") == [("P1", Decimal(2))]


def test_digits_beat_a_number_word_that_counts_nothing() -> None:
    """ "dos de cabillaud 1,5 kg" is cod back (French), not two of it; "dos sacos" and "dos de
    limas" (nothing else to count with) still count."""
    catalogue = [("D1", "Dos de cabillaud"), ("S1", "Cebolla — saco 20 kg"), ("L1", "Lima")]
    units = {"D1": "kg", "S1": "bag", "L1": "kg"}
    assert _ids("dos de cabillaud 1,5 kg", catalogue, units) == [("D1", Decimal("1.5"))]
    assert _ids("dos sacos de cebolla de 20 kg", catalogue, units) == [("S1", Decimal(2))]
    assert _ids("3 kilos de cebolla y dos de limas", catalogue, units)[-1] == ("L1", Decimal(2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 vanilla pods... enfin non, 4", [("V1", Decimal(4))]),
        ("6 vanilla pods, bueno no, 3", [("V1", Decimal(3))]),
    ],
)
def test_fillers_before_taking_back(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_a_code_alone_names_the_goods_before_it() -> None:
    catalogue = [("F1", "Farine T45"), ("F2", "Farine T55"), ("F3", "Farine T80")]
    units = dict.fromkeys(("F1", "F2", "F3"), "bag")
    assert _ids("farine T45 x 1 T80 x 2", catalogue, units) == [
        ("F1", Decimal(1)),
        ("F3", Decimal(2)),
    ]
    assert _ids("farine T55 x 3, T80 x 1", catalogue, units) == [
        ("F2", Decimal(3)),
        ("F3", Decimal(1)),
    ]


def test_a_sentence_ends_at_an_exclamation_or_question_mark() -> None:
    parsed = parse(
        "Hey there! how was the big match yesterday? 4 vanilla pods pls", CATALOGUE, UNITS
    )
    assert [(ln.product_id, ln.quantity) for ln in parsed.lines] == [("V1", Decimal(4))]


def test_the_words_after_para_may_name_the_product() -> None:
    """ "para montar" says which cream; "for juice" says what the oranges are for."""
    catalogue = [("N1", "Nata para montar 35 %"), ("N2", "Nata para cocinar 18 %")]
    units = {"N1": "bottle", "N2": "bottle"}
    assert _ids("nata para montar x3, nata para cocinar x2", catalogue, units) == [
        ("N1", Decimal(3)),
        ("N2", Decimal(2)),
    ]
    assert lines("oranges for juice 3 kg") == [("J2", Decimal(3))]


def test_a_header_gives_its_goods_to_the_items_after_it() -> None:
    catalogue = [("C1", "Crème liquide"), ("C2", "Crème épaisse"), ("L1", "Lait entier")]
    units = {"C1": "bottle", "C2": "jar", "L1": "bottle"}
    assert _ids("crème : 3 liquide, 2 épaisse\nlait entier 6", catalogue, units) == [
        ("C1", Decimal(3)),
        ("C2", Decimal(2)),
        ("L1", Decimal(6)),
    ]


def test_how_it_is_asked_comes_before_the_quantity() -> None:
    parsed = parse(
        "hope the weekend went well our new chef starts monday so please send 4 vanilla pods",
        CATALOGUE,
        UNITS,
    )
    assert [(ln.product_id, ln.quantity) for ln in parsed.lines] == [("V1", Decimal(4))]
    # goods not in the catalogue stay not understood, however the sentence is read
    parsed = parse("could you also find us 3 boxes of truffles", CATALOGUE, UNITS)
    assert not parsed.lines and parsed.unmatched


def test_the_second_half_of_a_compound_said_alone_is_the_plain_word() -> None:
    """ "skimmed" is the skimmed milk, not the semi-skimmed; "écrémé" not "demi-écrémé"; the
    whole compound still finds its product."""
    assert lines("skimmed milk 4") == [("M1", Decimal(4))]
    assert lines("skimmed 4") == [("M1", Decimal(4))]
    assert lines("semi-skimmed 4") == [("M2", Decimal(4))]
    catalogue = [("L1", "Lait demi-écrémé"), ("L2", "Lait écrémé"), ("B1", "Beurre demi-sel")]
    units = dict.fromkeys(("L1", "L2", "B1"), "bottle")
    assert _ids("6 écrémé", catalogue, units) == [("L2", Decimal(6))]
    assert _ids("6 demi-écrémé", catalogue, units) == [("L1", Decimal(6))]
    assert _ids("6 demi écrémé", catalogue, units) == [("L1", Decimal(6))]
    assert _ids("2 beurre demi sel", catalogue, units) == [("B1", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 lait d'avoine", "A1"),
        ("6 lait d’amande", "A2"),
        ("6 leche de avena", "A3"),
        ("6 leche de almendras", "A4"),
        ("6 soy milk", "A5"),
        ("6 lait entier", "L1"),
    ],
)
def test_plant_drinks_are_not_milks(text: str, expected: str) -> None:
    """Catalogues may not call a plant drink milk; customers do."""
    catalogue = [
        ("A1", "Boisson à l'avoine"),
        ("A2", "Boisson amande"),
        ("A3", "Bebida de avena"),
        ("A4", "Bebida de almendra"),
        ("A5", "Soya drink, unsweetened"),
        ("L1", "Lait entier"),
        ("L2", "Leche entera"),
    ]
    units = dict.fromkeys((c for c, _ in catalogue), "bottle")
    assert _ids(text, catalogue, units) == [(expected, Decimal(6))]


def test_packaging_words_of_the_three_languages() -> None:
    """The bag, the net and the sparkling water are told apart by their words."""
    catalogue = [
        ("K1", "Crevettes — sac 1 kg"),
        ("K3", "Crevettes"),
        ("G1", "Cogollos — malla 6 uds"),
        ("G2", "Cogollos"),
        ("W1", "Eau gazeuse"),
        ("W2", "Eau plate"),
    ]
    units = {"K1": "bag", "K3": "kg", "G1": "pack", "G2": "piece", "W1": "case", "W2": "case"}
    assert _ids("crevettes 2 sachets", catalogue, units) == [("K1", Decimal(2))]
    assert _ids("3 bolsas de crevettes", catalogue, units) == [("K1", Decimal(3))]
    assert _ids("2 mallas de cogollos", catalogue, units) == [("G1", Decimal(2))]
    assert _ids("1 carton d'eau pétillante", catalogue, units) == [("W1", Decimal(1))]


def test_a_catalogue_that_says_oat_milk_keeps_its_milk() -> None:
    """Phrases are read as their meaning in messages, and as both in catalogue names: "milk"
    is still a close call between the whole milk and the oat milk, "oat drink" finds it."""
    catalogue = [("W1", "Whole milk"), ("O1", "Oat milk")]
    units = {"W1": "l", "O1": "l"}
    parsed = parse("6 milk", catalogue, units)
    assert not parsed.lines and {c.product_id for c in parsed.unsure[0].candidates} == {"W1", "O1"}
    assert _ids("6 oat drink", catalogue, units) == [("O1", Decimal(6))]
    assert _ids("6 oat milk", catalogue, units) == [("O1", Decimal(6))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 doz vanilla pods", [("V1", Decimal(24))]),
        ("butter unsalted 3pkt", [("B1", Decimal(3))]),
        ("2btl orange juice, 3btl skimmed milk", [("J1", Decimal(2)), ("M1", Decimal(3))]),
    ],
)
def test_dozens_and_packaging_written_short_or_on_the_number(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("need some orange juice, maybe 6?", [("J1", Decimal(6))]),
        ("il me faudrait du parmesan, disons 2 kg", [("P1", Decimal(2))]),
        ("me hacen falta unos 3 kg de parmesano", [("P1", Decimal(3))]),
    ],
)
def test_hedging_and_needing_are_chat(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_the_one_that_points_at_a_product_is_no_quantity() -> None:
    assert lines("olive oil 5l x 3, the big one") == [("O2", Decimal(3))]
    assert lines("4 orange juice, the big one") == [("J1", Decimal(4))]
    mince = [("M1", "Mince, beef 20%"), ("M2", "Mince, pork")]
    assert _ids("beef mince 4 kg, the 20% one", mince, {"M1": "kg", "M2": "kg"}) == [
        ("M1", Decimal(4))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 6 kg case of plum tomatoes and 3 kg", [("T1", Decimal(1)), ("T2", Decimal(3))]),
        ("2 bottles skimmed milk and 2", [("M1", Decimal(2))]),  # no unit: nothing to read
        ("3 kg - plum tomatoes", [("T2", Decimal(3))]),  # a quantity before its goods
    ],
)
def test_a_quantity_with_its_unit_after_a_line_is_the_same_goods(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


def test_sizes_written_apart_in_a_message() -> None:
    """ "1 l" and "5 l" in a message are sizes as "1l" is: they pick the bottle or the can."""
    assert lines("olive oil 1 l x 6 and 5 l x 2") == [("O1", Decimal(6)), ("O2", Decimal(2))]
    assert lines("2 x 5 l olive oil") == [("O2", Decimal(2))]


def test_a_word_written_in_two_pieces() -> None:
    catalogue = [("L1", "Lettuce, iceberg"), ("L2", "Lettuce, romaine"), ("B1", "Beetroot")]
    units = {"L1": "piece", "L2": "piece", "B1": "kg"}
    assert _ids("4 ice berg lettuce", catalogue, units) == [("L1", Decimal(4))]
    assert _ids("beet root 2 kg", catalogue, units) == [("B1", Decimal(2))]


def test_a_close_call_settled_by_the_goods_before_it() -> None:
    """ "blanco" alone is the white sugar after two sugars, not the white mushrooms; goods
    that match nothing stay unmatched however the item before is read."""
    catalogue = [
        ("A1", "Azúcar glas"),
        ("A2", "Azúcar moreno"),
        ("A3", "Azúcar blanco"),
        ("C1", "Champiñón blanco"),
        ("G1", "Ajo morado"),
    ]
    units = dict.fromkeys(("A1", "A2", "A3", "C1", "G1"), "kg")
    assert _ids("azúcar glas 1 kg, moreno 2 kg, blanco 10 kg", catalogue, units) == [
        ("A1", Decimal(1)),
        ("A2", Decimal(2)),
        ("A3", Decimal(10)),
    ]
    parsed = parse("ajo 500 g, jengibre 200 g", catalogue, units)
    assert [(ln.product_id, ln.quantity) for ln in parsed.lines] == [("G1", Decimal("0.5"))]
    assert parsed.unmatched == ["jengibre 200 g"]
    parsed = parse("blanco 10 kg", catalogue, units)  # nothing before: still a close call
    assert not parsed.lines and len(parsed.unsure) == 1


def test_a_dozen_named_beside_the_count() -> None:
    catalogue = [("E1", "Eggs, free range — dozen"), ("E2", "Eggs, free range — tray of 30")]
    units = {"E1": "dozen", "E2": "tray"}
    assert _ids("dozen eggs x 3", catalogue, units) == [("E1", Decimal(3))]
    assert _ids("eggs x 2 trays", catalogue, units) == [("E2", Decimal(2))]
    french = [("O1", "Œufs — la douzaine"), ("O2", "Œufs — plateau de 30")]
    assert _ids("douzaine d'œufs x 4", french, {"O1": "dozen", "O2": "tray"}) == [
        ("O1", Decimal(4))
    ]


def test_sizes_in_words() -> None:
    assert lines("olive oil 5 litres x 2") == [("O2", Decimal(2))]
    assert lines("extra virgin olive oil 1 litre x 6") == [("O1", Decimal(6))]
    assert lines("plum tomatoes 2 kilos") == [("T2", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plum tomatoes 5kg no wait 4kg", [("T2", Decimal(4))]),
        ("parmesan 1 kg wait 500 g", [("P1", Decimal("0.5"))]),
        ("parmesan 2 kg non attends 3 kg", [("P1", Decimal(3))]),
        ("parmesano 2 kg no espera 1 kg", [("P1", Decimal(1))]),
    ],
)
def test_a_correction_that_repeats_the_unit(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_what_each_line_is_for_in_a_list_without_separators() -> None:
    catalogue = [("N1", "Nata para montar 35 %"), ("N2", "Nata para cocinar 18 %")]
    units = {"N1": "bottle", "N2": "bottle"}
    text = "nata para montar 3 botellas nata para cocinar 2 botellas"
    assert _ids(text, catalogue, units) == [("N1", Decimal(3)), ("N2", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1/2 kg parmesan and 1/2 kg plum tomatoes",
            [("P1", Decimal("0.5")), ("T2", Decimal("0.5"))],
        ),
        ("1 1/2 kg parmesan", [("P1", Decimal("1.5"))]),
        ("½ kilo de parmesano", [("P1", Decimal("0.5"))]),
        ("3/4 kg plum tomatoes", [("T2", Decimal("0.75"))]),
        ("2 vanilla pods / 3 orange juice", [("V1", Decimal(2)), ("J1", Decimal(3))]),
    ],
)
def test_fractions_are_numbers(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A half or a quarter written with a slash is a number; any other slash separates."""
    assert lines(text) == expected


def test_a_date_with_a_slash_is_no_fraction() -> None:
    from domain.rules.order_phrasing import read_fractions

    assert read_fractions("delivery on 24/12 please") == "delivery on 24/12 please"
    assert read_fractions("2/3 cases") == "2/3 cases"  # thirds: left for a person to read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we've run out of orange juice!! 6 asap", [("J1", Decimal(6))]),
        ("nos hemos quedado sin parmesano, 2 kg ya", [("P1", Decimal(2))]),
        ("plus de parmesan, 3 kg vite svp", [("P1", Decimal(3))]),
    ],
)
def test_running_out_and_urgency_are_chat(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_list_numbers_inside_a_line() -> None:
    assert lines("1) plum tomatoes 2kg 2) parmesan 1kg 3) vanilla pods 6") == [
        ("T2", Decimal(2)),
        ("P1", Decimal(1)),
        ("V1", Decimal(6)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vanilla pods orange juice 6 each", [("V1", Decimal(6)), ("J1", Decimal(6))]),
        ("skimmed milk orange juice 4 each", [("M1", Decimal(4)), ("J1", Decimal(4))]),
        ("vanilla pods 6 each", [("V1", Decimal(6))]),  # one product: an ordinary line
    ],
)
def test_goods_without_separators_then_a_quantity_for_each(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


def test_goods_then_a_quantity_for_each_in_french_and_spanish() -> None:
    catalogue = [("C1", "Citrons jaunes"), ("C2", "Citrons verts"), ("L1", "Limón"), ("L2", "Lima")]
    units = dict.fromkeys(("C1", "C2", "L1", "L2"), "kg")
    assert _ids("citrons jaunes citrons verts 2 kg chacun", catalogue, units) == [
        ("C1", Decimal(2)),
        ("C2", Decimal(2)),
    ]
    assert _ids("limones limas 3 kg de cada", catalogue, units) == [
        ("L1", Decimal(3)),
        ("L2", Decimal(3)),
    ]


def test_instead_and_bell_peppers() -> None:
    catalogue = [("R1", "Peppers, red"), ("P1", "Parmesan")]
    units = {"R1": "kg", "P1": "kg"}
    assert _ids("bell peppers 2kg", catalogue, units) == [("R1", Decimal(2))]
    assert _ids("2 kg de parmesan à la place", catalogue, units) == [("P1", Decimal(2))]
    assert _ids("2 kg de parmesano en su lugar", catalogue, units) == [("P1", Decimal(2))]


@pytest.mark.parametrize("word", ["gambas", "camarones", "shrimp", "crevettes"])
def test_one_prawn_family_across_the_languages(word: str) -> None:
    catalogue = [("K1", "Langostino crudo — bolsa 1 kg"), ("S1", "Salmón")]
    assert _ids(f"3 bolsas {word}", catalogue, {"K1": "bag", "S1": "kg"}) == [("K1", Decimal(3))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can we swap the skimmed milk for orange juice? 4", [("J1", Decimal(4))]),
        ("on peut remplacer le lait écrémé par du parmesan ? 2 kg", [("P1", Decimal(2))]),
        ("¿podemos cambiar la leche por parmesano? 2 kg", [("P1", Decimal(2))]),
    ],
)
def test_a_swap_names_the_goods_wanted(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "swap X for Y": Y is wanted (before, "for" read Y as what X was for: a false X)."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 x 1l orange juice (case of 6) x 3", [("J1", Decimal(3))]),
        ("orange juice 1 l x 6 x 2 cases", [("J1", Decimal(2))]),
        ("orange juice caja de 6 x 4", [("J1", Decimal(4))]),
        ("2 x orange juice 6 x 1 l", [("J1", Decimal(2))]),
        ("4 x 500 g unsalted butter", [("B1", Decimal(4))]),  # the only count there is
    ],
)
def test_what_is_in_a_pack_is_not_how_many(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_an_aside_in_brackets() -> None:
    assert lines("3 kg de parmesan (bio si possible)") == [("P1", Decimal(3))]
    assert lines("2 vanilla pods (the bourbon ones if you have them)") == [("V1", Decimal(2))]
    assert lines("oranges (juicing) 2 kg") == [("J2", Decimal(2))]  # an aside can name it


@pytest.mark.parametrize(
    "text",
    [
        "para el martes antes de las 9 porfa: 2 kg de parmesano",
        "before 9 on tuesday please: 2kg parmesan",
        "livraison vers 8 svp : 2 kg de parmesan",
    ],
)
def test_an_hour_of_the_day_is_no_quantity(text: str) -> None:
    assert lines(text) == [("P1", Decimal(2))]


def test_las_before_a_count_of_goods_is_no_hour() -> None:
    assert lines("ponme las 3 vanilla pods de siempre") == [("V1", Decimal(3))]


def test_a_filler_alone_before_a_quantity_corrects() -> None:
    assert lines("plum tomatoes 2 kg, bueno, 3 kg") == [("T2", Decimal(3))]
    assert lines("plum tomatoes 2 kg, well, 3 kg") == [("T2", Decimal(3))]


def test_a_word_the_catalogue_does_not_know_tells_the_most() -> None:
    """ "solomillo de ternera" is not the minced veal: the word the catalogue lacks is the one
    that names the cut."""
    catalogue = [("V1", "Carne picada de ternera"), ("C1", "Pechuga de pollo")]
    parsed = parse("solomillo de ternera 5 kg", catalogue, {"V1": "kg", "C1": "kg"})
    assert not parsed.lines
    assert _ids("carne picada 5 kg", catalogue, {"V1": "kg", "C1": "kg"}) == [("V1", Decimal(5))]


def test_a_number_in_brackets_is_no_list_number() -> None:
    assert lines("orange juice (pack of 6) x 2") == [("J1", Decimal(2))]
    assert lines("5 kg of each - plum tomatoes, parmesan") == [
        ("T2", Decimal(5)),
        ("P1", Decimal(5)),
    ]


def test_sweet_potatoes_are_no_potatoes() -> None:
    english = [("P1", "Potatoes, Maris Piper — 25kg sack")]
    assert not parse("sweet potatoes 5kg", english, {"P1": "bag"}).lines
    french = [("P2", "Pommes de terre Charlotte")]
    assert not parse("patates douces 5 kg", french, {"P2": "kg"}).lines
    assert _ids("patates 5 kg", french, {"P2": "kg"}) == [("P2", Decimal(5))]
    spanish = [("B1", "Boniato"), ("P3", "Patata agria")]
    units = {"B1": "kg", "P3": "kg"}
    assert _ids("batatas 5 kg, camote 2 kg", spanish, units) == [
        ("B1", Decimal(5)),
        ("B1", Decimal(2)),
    ]


def test_what_a_line_replaces_is_not_what_it_is() -> None:
    assert lines("2 orange juice instead of the skimmed milk") == [("J1", Decimal(2))]
    assert lines("tu peux mettre 3 kg de parmesan à la place des tomates plum") == [
        ("P1", Decimal(3))
    ]
    assert lines("¿puedes poner 2 kg de parmesano en vez del tomate?") == [("P1", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("parmesan and plum tomatoes 2kg of each", [("P1", Decimal(2)), ("T2", Decimal(2))]),
        ("parmesan et tomates plum 3 kg de chaque", [("P1", Decimal(3)), ("T2", Decimal(3))]),
        ("parmesano y tomates plum 1 kg de cada", [("P1", Decimal(1)), ("T2", Decimal(1))]),
    ],
)
def test_each_after_the_quantity_goes_to_the_goods_before(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


def test_words_after_a_close_call_settle_it() -> None:
    """ "6 packs of butter, unsalted please": "butter" alone is a close call between salted
    and unsalted; the words said next settle it among those two, never beyond them."""
    assert lines("6 packs of butter, unsalted please") == [("B1", Decimal(6))]
    parsed = parse("6 packs of butter, vanilla", CATALOGUE, UNITS)
    assert not parsed.lines and len(parsed.unsure) == 1  # vanilla is no butter
    assert lines("6 packs of butter, salted") == [("B2", Decimal(6))]


def test_a_numbered_list_with_dashes() -> None:
    """ "1. parmesan - 2 kg": the 1 numbers the line, the dash joins the goods to their
    quantity (before, it made "1. parmesan" a line of its own)."""
    assert lines("1. parmesan - 2 kg\n2. vanilla pods - 6\n3. plum tomatoes - 3 kg") == [
        ("P1", Decimal(2)),
        ("V1", Decimal(6)),
        ("T2", Decimal(3)),
    ]
    catalogue = [("D1", "Dos de cabillaud")]
    assert _ids("dos de cabillaud - 4 kg", catalogue, {"D1": "kg"}) == [("D1", Decimal(4))]
    assert lines("2 vanilla pods - 3 orange juice") == [("V1", Decimal(2)), ("J1", Decimal(3))]
    # a bullet's dash starts the next line: it does not join the line before to its number
    assert lines("- parmesan 1kg\n- 6 prawns\n- 2 orange juice") == [
        ("P1", Decimal(1)),
        ("K1", Decimal(6)),
        ("J1", Decimal(2)),
    ]


def test_one_thing_is_no_count() -> None:
    """ "one thing" announces a remark: it is not one of the chicken thighs ("thing" is a
    typo away from "thigh")."""
    catalogue = [("C1", "Chicken thighs"), ("J1", "Orange juice")]
    units = {"C1": "kg", "J1": "bottle"}
    text = "ta for the delivery, one thing - next week can we get 2 orange juice?"
    assert _ids(text, catalogue, units) == [("J1", Decimal(2))]
    assert lines("una cosa, ¿me pones 2 kg de parmesano?") == [("P1", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plum tomatoes 6kg, no 5kg", [("T2", Decimal(5))]),
        ("parmesan 2 kg, non 3 kg", [("P1", Decimal(3))]),
        ("6 vanilla pods... on second thoughts make it 8", [("V1", Decimal(8))]),
        ("6 vanilla pods... tout compte fait mets-en 4", [("V1", Decimal(4))]),
        ("no vanilla pods this week, 2 orange juice", [("J1", Decimal(2))]),
    ],
)
def test_no_then_a_quantity_corrects(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


_RULE_WORDS = (
    "1 2 3 10 1/2 ½ 3/4 x x2 2x 5kg 500g 1,5 kg l 5l ( ) - – : ; , . ... ! ? each chacun "
    "de cada no non wait euh bueno instead of à la place swap for par por para pour 24 "
    "mois 20% the one dozen douzaine sac colis plateau tomates plum parmesan vanilla "
    "pods butter unsalted 1) 2) 3. # n° avant 9 las 9h one thing lait d'avoine sin hueso "
    "ice berg sweet potatoes caja de 24 x 2 ( bio ) olive oil orange juice \n"
).split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_RULE_WORDS), min_size=1, max_size=60))
def test_any_mix_of_the_rules_words_is_read_without_failing(words: list[str]) -> None:
    """Messages made of the words the rules react to, in any order, never fail and never
    propose a quantity outside 0 < q <= 9999."""
    parsed = parse(" ".join(words), CATALOGUE, UNITS)
    assert all(Decimal(0) < ln.quantity <= Decimal(9999) for ln in parsed.lines)


def test_each_before_goods_written_without_separators() -> None:
    assert lines("3 each of vanilla pods orange juice and parmesan") == [
        ("V1", Decimal(3)),
        ("J1", Decimal(3)),
        ("P1", Decimal(3)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 vanilla pods, perdona quería decir 5", [("V1", Decimal(5))]),
        ("4 vanilla pods, pardon je voulais dire 6", [("V1", Decimal(6))]),
        ("4 vanilla pods, I meant 2", [("V1", Decimal(2))]),
    ],
)
def test_meant_to_say(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_tomato_paste_is_no_tomatoes() -> None:
    catalogue = [("T1", "Tomatoes, chopped — 2.5kg tin"), ("T2", "Tomate triturado — lata 3 kg")]
    units = {"T1": "can", "T2": "can"}
    assert not parse("tomato puree 10 tins", catalogue, units).lines
    assert not parse("tomate concentrado 10 latas", catalogue, units).lines
    assert _ids("chopped tomatoes 10 tins", catalogue, units) == [("T1", Decimal(10))]


def test_a_compound_said_the_other_way_round_is_another_thing() -> None:
    """ "jus d'orange" is no "Oranges à jus", even when the catalogue sells no juice; "zumo de
    naranja" finds the juice, "naranja de zumo" the oranges, each without a close call."""
    oranges = [("F1", "Oranges à jus — colis 15 kg")]
    assert not parse("jus d'orange 6", oranges, {"F1": "box"}).lines
    assert _ids("oranges à jus 2 colis", oranges, {"F1": "box"}) == [("F1", Decimal(2))]
    both = [("Z1", "Naranja de zumo — caja 15 kg"), ("Z2", "Zumo de naranja — botella 1 l")]
    units = {"Z1": "box", "Z2": "bottle"}
    assert _ids("3 cajas naranja de zumo", both, units) == [("Z1", Decimal(3))]
    assert _ids("zumo de naranja 12", both, units) == [("Z2", Decimal(12))]
    # a name inverted with a comma is no compound: "pollo pechuga" is still the breast
    breast = [("P1", "Pechuga de pollo"), ("P2", "Muslo de pollo")]
    assert _ids("pollo pechuga 4 kg", breast, {"P1": "kg", "P2": "kg"}) == [("P1", Decimal(4))]


def test_fizzy_water_is_sparkling() -> None:
    water = [("W1", "Still water 500ml — case of 24"), ("W2", "Sparkling water 500ml — case of 24")]
    units = {"W1": "case", "W2": "case"}
    assert _ids("3 cases still, 2 cases fizzy water", water, units) == [
        ("W1", Decimal(3)),
        ("W2", Decimal(2)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 vanilla pods y otra de parmesan", [("V1", Decimal(2)), ("P1", Decimal(1))]),
        ("1 orange juice and another of the vanilla pods", [("J1", 1), ("V1", 1)]),
        ("2 vanilla pods y otros 2 kg de parmesan", [("V1", Decimal(2)), ("P1", Decimal(2))]),
    ],
)
def test_another_of_counts_one(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a number of guests after a gathering is no quantity
        ("a party of 120 so I need 3 vanilla pods", [("V1", Decimal(3))]),
        ("pour un groupe de 30 il me faudrait 2 kg de parmesan", [("P1", Decimal(2))]),
        ("para una mesa de 12 necesito 4 vanilla pods", [("V1", Decimal(4))]),
        # what is left of a possessive: "today's order"
        ("can I add 2 more semi skimmed to today's order?", [("M2", Decimal(2))]),
        # a yes to what was just asked about
        ("do you still do vanilla pods? if so 6 please", [("V1", Decimal(6))]),
        ("vous avez du parmesan ? si oui 2 kg", [("P1", Decimal(2))]),
        ("¿tenéis parmesano? si hay, 2 kg", [("P1", Decimal(2))]),
        ("any vanilla pods? if not no worries", []),
    ],
)
def test_chat_around_an_order(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


def test_a_unit_left_out_is_the_unit_before() -> None:
    """ "una garrafa de girasol y dos de AOVE": "dos de" leaves out "garrafas", and the unit
    picks the 5 l can over the bottle; a unit that fits nothing is not forced on the item."""
    catalogue = [
        ("S1", "Aceite de girasol — garrafa 5 l"),
        ("A1", "Aceite de oliva virgen extra — botella 1 l"),
        ("A2", "Aceite de oliva virgen extra — garrafa 5 l"),
        ("T1", "Tomate pera — caja 6 kg"),
        ("T2", "Tomate pera"),
        ("T3", "Tomate cherry"),
    ]
    units = {"S1": "can", "A1": "bottle", "A2": "can", "T1": "case", "T2": "kg", "T3": "kg"}
    assert _ids("una garrafa de girasol y dos de AOVE", catalogue, units) == [
        ("S1", Decimal(1)),
        ("A2", Decimal(2)),
    ]
    assert _ids("una garrafa de girasol y otra de AOVE", catalogue, units) == [
        ("S1", Decimal(1)),
        ("A2", Decimal(1)),
    ]
    assert _ids("3 kilos de tomate cherry y 2 de tomate pera", catalogue, units) == [
        ("T3", Decimal(3)),
        ("T2", Decimal(2)),
    ]
    assert _ids("2 cajas de tomate pera y 2 de tomate cherry", catalogue, units) == [
        ("T1", Decimal(2)),
        ("T3", Decimal(2)),
    ]


def test_a_kind_the_catalogue_does_not_know_is_asked_about() -> None:
    """ "jasmine rice" when rice comes as basmati and arborio: no line for basmati, a close
    call the customer settles; a word the catalogue does not know, with goods it sells in one
    kind only, still makes the line ("fresh vanilla pods")."""
    catalogue = [("R1", "Rice, basmati — 10kg"), ("R2", "Rice, arborio"), ("V1", "Vanilla pods")]
    units = {"R1": "bag", "R2": "kg", "V1": "piece"}
    parsed = parse("basmati x1 arborio 3kg jasmine rice 1 bag", catalogue, units)
    assert [(ln.product_id, ln.quantity) for ln in parsed.lines] == [
        ("R1", Decimal(1)),
        ("R2", Decimal(3)),
    ]
    assert [u.span for u in parsed.unsure] == ["jasmine rice 1 bag"]
    assert _ids("basmati rice 1 bag", catalogue, units) == [("R1", Decimal(1))]
    assert _ids("lovely vanilla pods 6", catalogue, units) == [("V1", Decimal(6))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the last quantity says "of" what: it starts the last line
        ("busy weekend ahead with 200 so we need 5 packs of salted butter", [("B2", 5)]),
        (
            "grosse semaine avec 200 réservations donc il faudra 5 packs de salted butter",
            [("B2", 5)],
        ),
        ("finde movido con 200 reservas así que necesito 5 packs de salted butter", [("B2", 5)]),
        # a list written quantity-last keeps its lines
        ("salted butter 2 packs de vanilla pods 6", [("B2", 2), ("V1", 6)]),
    ],
)
def test_a_count_of_bookings_before_an_order(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the half of "demi-écrémé" written as a fraction
        ("lait 1/2 écrémé x12", [("L2", 12)]),
        ("lait 1/2-écrémé x12", [("L2", 12)]),
        ("beurre ½ sel x4", [("U2", 4)]),
        # when, and "en plus", say nothing of the goods
        ("3 cartons d'eau plate demain matin", [("W1", 3)]),
        ("encore une chose : 2 douzaines d'œufs en plus svp", [("E2", 2)]),
        ("2 cartons d'eau plate pour samedi midi", [("W1", 2)]),
    ],
)
def test_french_shorthand_and_when(text: str, expected: list[tuple[str, int]]) -> None:
    catalogue = [
        ("L1", "Lait écrémé — 1 l"),
        ("L2", "Lait demi-écrémé — 1 l"),
        ("U1", "Beurre doux — plaquette 250 g"),
        ("U2", "Beurre demi-sel — plaquette 250 g"),
        ("W1", "Eau minérale plate 50 cl — carton de 24"),
        ("W2", "Eau gazeuse 50 cl — carton de 24"),
        ("E1", "Œufs plein air — plateau de 30"),
        ("E2", "Œufs plein air — la douzaine"),
    ]
    units = {
        "L1": "bottle",
        "L2": "bottle",
        "U1": "pack",
        "U2": "pack",
        "W1": "case",
        "W2": "case",
        "E1": "tray",
        "E2": "dozen",
    }
    assert _ids(text, catalogue, units) == [(pid, Decimal(q)) for pid, q in expected]


def test_en_plus_says_nothing_of_the_goods() -> None:
    catalogue = [
        ("R1", "Salade romaine — colis de 12"),
        ("S2", "Salade batavia"),
        ("E1", "Œufs plein air — plateau de 30"),
        ("E2", "Œufs plein air — la douzaine"),
    ]
    units = {"R1": "case", "S2": "piece", "E1": "tray", "E2": "dozen"}
    assert _ids("2 douzaines d'œufs en plus svp", catalogue, units) == [("E2", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a long unit written onto the number
        ("plum tomatoes 3kgs", [("T2", 3)]),
        ("2 x 1ltr orange juice", [("J1", 2)]),
        ("parmesan 1500grs", [("P1", Decimal("1.5"))]),
        # shorthand for a dozen
        ("3 douz vanilla pods", [("V1", 36)]),  # a dozen of what is sold by the piece
        # a contrast names no goods
        ("no salted butter this week, 2 packs unsalted butter tho", [("B1", 2)]),
        ("pas de vanille, 1kg de parmesan par contre", [("P1", 1)]),
        ("esta vez no, pero sí 1 kg de parmesan", [("P1", 1)]),
    ],
)
def test_long_units_and_contrasts(text: str, expected: list[tuple[str, int | Decimal]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_a_dozen_in_shorthand() -> None:
    eggs = [("E1", "Œufs plein air — la douzaine"), ("E2", "Œufs plein air — plateau de 30")]
    assert _ids("3 douz d'oeufs", eggs, {"E1": "dozen", "E2": "tray"}) == [("E1", Decimal(3))]
    assert _ids("2 dzn oeufs", eggs, {"E1": "dozen", "E2": "tray"}) == [("E1", Decimal(2))]


def test_what_is_made_of_the_goods_is_another_product() -> None:
    """ "lime leaves" are no limes, "garlic bread" no garlic, "caldo de pollo" no chicken:
    a close call the customer settles, never a line; a product that is that form still
    matches ("Salade feuille de chêne")."""
    catalogue = [
        ("L1", "Limes"),
        ("G1", "Garlic"),
        ("C1", "Pechuga de pollo"),
        ("S1", "Salade feuille de chêne"),
        ("S2", "Salade batavia"),
    ]
    units = {"L1": "piece", "G1": "kg", "C1": "kg", "S1": "piece", "S2": "piece"}
    for text in ("lime leaves 2 bunches", "garlic bread x10", "caldo de pollo 2 litros"):
        assert not parse(text, catalogue, units).lines, text
    assert _ids("limes 10", catalogue, units) == [("L1", Decimal(10))]
    assert _ids("feuille de chêne x4", catalogue, units) == [("S1", Decimal(4))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the shared quantity said last, after a comma
        ("vanilla pods and orange juice, 3 of each", [("V1", 3), ("J1", 3)]),
        ("vanilla pods et orange juice, 2 de chaque", [("V1", 2), ("J1", 2)]),
        ("vanilla pods y orange juice, 4 de cada", [("V1", 4), ("J1", 4)]),
        # more cues that take back
        ("4 vanilla pods, no perdona, 5", [("V1", 5)]),
        ("4 vanilla pods, désolé, 6", [("V1", 6)]),
        ("4 vanilla pods, my bad, 2", [("V1", 2)]),
    ],
)
def test_each_said_last_and_more_cues(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_goods_before_their_quantity_keep_their_other_readings() -> None:
    """ "nata para montar, 4 botellas": the goods said before a separator are read with what
    they are for ("para montar") as they would be with the quantity on the same item; and
    "plaquettes" is packaging, not a word of the butter's name."""
    creams = [("N1", "Nata para montar 35 % — 1 l"), ("N2", "Nata para cocinar 18 % — 1 l")]
    units = {"N1": "bottle", "N2": "bottle"}
    assert _ids("nata para montar, 4 botellas", creams, units) == [("N1", Decimal(4))]
    butters = [("U1", "Beurre doux — plaquette 250 g"), ("U2", "Beurre demi-sel — plaquette 250 g")]
    units = {"U1": "pack", "U2": "pack"}
    assert _ids("beurre doux, 10 plaquettes svp", butters, units) == [("U1", Decimal(10))]


def test_a_word_that_names_one_product_alone_is_no_unknown_kind() -> None:
    """ "large flat parsley": "large" is unknown, but "flat" names the flat-leaf parsley alone
    (the unknown-kind rule is for "jasmine rice", where "rice" names several)."""
    parsley = [("P1", "Parsley, flat leaf"), ("P2", "Parsley, curly")]
    units = {"P1": "bunch", "P2": "bunch"}
    assert _ids("large flat parsley x 3", parsley, units) == [("P1", Decimal(3))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # asked whether it is there, then taken
        ("is the saffron good at the moment? I'll take 10g if so", [("S1", 10)]),
        ("vous avez encore du parmesan ? j'en prends 2 si oui", [("P1", 2)]),
        ("¿queda parmesano? me llevo 2 kg", [("P1", 2)]),
    ],
)
def test_asked_about_then_taken(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day of the month is no quantity
        ("pour le 12 svp : 3 kg de parmesan", [("P1", 3)]),
        ("para el día 12 por favor: 3 kg de parmesan", [("P1", 3)]),
        ("for the 12 please: 3kg parmesan", [("P1", 3)]),
        # a number after "le" that has its unit is one
        ("mets le 12 kg de parmesan", [("P1", 12)]),
    ],
)
def test_a_day_of_the_month(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one" said last, after a word, points at a product ("the barista one"), it counts
        # nothing: the count comes after it
        ("do you have milk? skimmed one, 8 bottles", [("M1", 8)]),
        ("butter, the salted ones, x6", [("B2", 6)]),
        ("one orange juice", [("J1", 1)]),  # before the goods it still counts
        # a taking-back word between two quantities of one item corrects the first
        ("parmesan 3 kg euh non 4 kg", [("P1", 4)]),
        ("parmesan 3 kg non 4 kg", [("P1", 4)]),
        ("parmesano 3 kg no 4 kg", [("P1", 4)]),
    ],
)
def test_the_one_said_last_and_taking_back_inside_an_item(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a correction that names goods already ordered changes that line, adds none
        ("unsalted butter x2 salted butter x1... wait, make the salted 3", [("B1", 2), ("B2", 3)]),
        ("2 orange juice, 4kg parmesan... sorry, parmesan 3kg", [("J1", 2), ("P1", 3)]),
        # an English number followed by "in" counts people or what a pack holds
        ("we have 150 in for lunch so 3kg parmesan", [("P1", 3)]),
        ("we've got 80 in tonight, 2 orange juice", [("J1", 2)]),
        # how the supplier is addressed is no goods
        ("unsalted butter x 12 and 2kg parmesan please mate", [("B1", 12), ("P1", 2)]),
        ("2 orange juice guys", [("J1", 2)]),
    ],
)
def test_corrections_naming_goods_guests_in_and_addressing(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_full_fat_milk_balls_and_the_head_of_a_compound_said_alone() -> None:
    milks = [("W1", "Milk, whole — 1 l"), ("S1", "Milk, skimmed — 1 l")]
    units = {"W1": "bottle", "S1": "bottle"}
    assert _ids("full fat milk 6", milks, units) == [("W1", Decimal(6))]
    assert _ids("full-fat milk x6", milks, units) == [("W1", Decimal(6))]
    cheese = [("M1", "Mozzarella di bufala — 125 g"), ("C1", "Comté AOP 18 mois")]
    units = {"M1": "piece", "C1": "kg"}
    assert _ids("mozzarella 10 boules", cheese, units) == [("M1", Decimal(10))]
    assert _ids("mozzarella 10 bolas", cheese, units) == [("M1", Decimal(10))]
    # "pommes" alone are apples: in "pommes de terre" the word heads a compound, another thing
    apples = [("A1", "Pommes Golden"), ("P1", "Pommes de terre Charlotte"), ("B1", "Bœuf haché")]
    units = dict.fromkeys(("A1", "P1", "B1"), "kg")
    assert _ids("pommes 3 kg", apples, units) == [("A1", Decimal(3))]
    assert _ids("3 kg de pommes", apples, units) == [("A1", Decimal(3))]
    assert _ids("pommes de terre 3 kg", apples, units) == [("P1", Decimal(3))]
    assert _ids("patates 3 kg", apples, units) == [("P1", Decimal(3))]
    # where every product of the word is a compound, the word alone still finds them
    flours = [("F1", "Farine de blé T45"), ("H1", "Huile d'olive")]
    assert _ids("farine 2 kg", flours, {"F1": "kg", "H1": "bottle"}) == [("F1", Decimal(2))]
    # a word that is the B of another compound is held by no plain product
    oranges = [("N1", "Naranja de zumo — caja 15 kg"), ("Z1", "Zumo de naranja — botella 1 l")]
    units = {"N1": "box", "Z1": "bottle"}
    assert _ids("naranjas para zumo 2 cajas", oranges, units) == [("N1", Decimal(2))]
    salt = [("F1", "Fleur de sel de Guérande — 1 kg"), ("B1", "Beurre demi-sel")]
    units = {"F1": "pack", "B1": "pack"}
    assert _ids("fleur de sel 2 paquets", salt, units) == [("F1", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "a couple of", "un par de": two
        ("a couple of bottles of orange juice", [("J1", 2)]),
        ("a couple of things - 2 orange juice", [("J1", 2)]),  # things are no goods
        # "x2kg": the times sign written on a size
        ("parmesan x3kg vanilla pods x2", [("P1", 3), ("V1", 2)]),
        # after a cue that takes back, the same kind with another qualifier replaces the line
        ("salted butter 6 packs... scratch that, unsalted 6 packs", [("B1", 6)]),
        ("butter, salted 6... no, unsalted 6", [("B1", 6)]),
        # another kind after a cue is one more line
        ("salted butter 6 packs... oops, and 2 orange juice", [("B2", 6), ("J1", 2)]),
    ],
)
def test_couples_times_on_a_size_and_a_kind_taken_back(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_the_tail_of_a_compound_said_alone_and_packaging_the_name_says() -> None:
    # "zumo" alone is the juice ("Zumo de naranja"), not the oranges for it
    oranges = [("N1", "Naranja de zumo — caja 15 kg"), ("Z1", "Zumo de naranja — botella 1 l")]
    units = {"N1": "box", "Z1": "bottle"}
    assert _ids("1x zumo", oranges, units) == [("Z1", Decimal(1))]
    assert _ids("2 zumos", oranges, units) == [("Z1", Decimal(2))]
    assert _ids("un par de botellas de zumo de naranja", oranges, units) == [("Z1", Decimal(2))]
    assert _ids("naranjas de zumo 1 caja", oranges, units) == [("N1", Decimal(1))]
    # "boîtes" is what the name says its product comes in, though "boîte" can be a box
    tomatoes = [("R1", "Tomates Roma — colis 6 kg"), ("C1", "Tomates concassées — boîte 2,5 kg")]
    units = {"R1": "case", "C1": "can"}
    assert _ids("3 boîtes de tomates", tomatoes, units) == [("C1", Decimal(3))]
    assert _ids("3 colis de tomates", tomatoes, units) == [("R1", Decimal(3))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list that turns quantity-first half-way: the quantity goes with the goods after it
        ("vanilla pods 6 2kg parmesan", [("V1", 6), ("P1", 2)]),
        ("parmesan 2kg w/ 6 vanilla pods", [("P1", 2), ("V1", 6)]),
        # how ripe is no goods
        ("6 vanilla pods bien maduros", [("V1", 6)]),
        ("6 vanilla pods, ripe ones", [("V1", 6)]),
    ],
)
def test_a_list_turning_quantity_first_and_ripeness(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert lines(text) == [(pid, Decimal(q)) for pid, q in expected]


def test_ripeness_is_no_goods() -> None:
    fruit = [("A1", "Aguacate Hass"), ("M1", "Queso manchego curado"), ("P1", "Plátano")]
    units = {"A1": "piece", "M1": "kg", "P1": "kg"}
    assert _ids("10 aguacates bien maduros", fruit, units) == [("A1", Decimal(10))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 x tinned tomatoes", [("C1", Decimal(2))]),
        ("canned tomatoes 3", [("C1", Decimal(3))]),
        ("tomate enlatado 2", [("C1", Decimal(2))]),
        ("4 tomates en conserve", [("C1", Decimal(4))]),
        ("2 kg cherry tomatoes", [("C2", Decimal(2))]),
    ],
)
def test_tinned_says_the_tin(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "tinned", "canned", "enlatado", "en conserve" name the packaging, as "a tin of" does:
    the goods sold per tin, not an unknown word that leaves every tomato a close call."""
    catalogue = [
        ("C1", "Tomatoes, chopped — 2.5kg tin"),
        ("C2", "Tomatoes, cherry"),
        ("C3", "Tomatoes, plum"),
    ]
    assert _ids(text, catalogue, {"C1": "can", "C2": "kg", "C3": "kg"}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saffron 5g @ £7.50", [("S1", Decimal(5))]),
        ("2 vanilla pods £3 each", [("V1", Decimal(2))]),
        ("parmigiano 2 kg a 18,50 € el kilo", [("P1", Decimal(2))]),
        ("parmigiano 2 kg à 18,50 euros le kilo", [("P1", Decimal(2))]),
        ("3 vanilla pods at $1.20/piece", [("V1", Decimal(3))]),
        ("saffron 5g à 7,50 € c'est bien ça ?", [("S1", Decimal(5))]),
    ],
)
def test_a_price_is_no_quantity(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A number with its currency ("£7.50", "18,50 €", "2 euros") or after "@" is what the
    goods cost, never how many, with what it is a price of ("el kilo", "/piece", "each")."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for fri 12/12 pls: 3 vanilla pods", [("V1", Decimal(3))]),
        ("pour le 24/12/2026 2 kg de parmigiano", [("P1", Decimal(2))]),
        ("saffron 10g, delivery 5/1 please", [("S1", Decimal(10))]),
        ("1/2 kg parmigiano", [("P1", Decimal("0.5"))]),
    ],
)
def test_a_date_is_no_quantity(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "12/12", "24/12/2026": a day and a month (not a half or a quarter) date the order."""
    assert lines(text) == expected


SALADS = [("R1", "Salade romaine — colis de 12"), ("R2", "Salade batavia")]
SALAD_UNITS = {"R1": "case", "R2": "piece"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 colis de 12 romaines", [("R1", Decimal(1))]),
        ("2 colis de romaine", [("R1", Decimal(2))]),
        ("euh alors il me faudrait deux colis de romaine", [("R1", Decimal(2))]),
        ("bref deux colis de romaine", [("R1", Decimal(2))]),
        ("entonces tres batavias", [("R2", Decimal(3))]),
        ("anyway yeah 4 batavia", [("R2", Decimal(4))]),
    ],
)
def test_colis_and_the_talk_before_a_count(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "colis" is the French trade's case ("colis de 12": what one holds); "alors", "bref",
    "entonces", "anyway" only lead into the order."""
    assert _ids(text, SALADS, SALAD_UNITS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1kg500 de parmigiano", [("P1", Decimal("1.5"))]),
        ("parmigiano 2 kg 250", [("P1", Decimal("2.25"))]),
        ("parmigiano 1 kilo 200 g", [("P1", Decimal("1.2"))]),
        ("parmigiano 2 kg, 500 g saffron", [("P1", Decimal(2)), ("S1", Decimal(500))]),
    ],
)
def test_kilos_and_grams_in_one(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "1kg500", "2 kg 250", "1 kilo 200 g": kilos then grams, one weight, as scales print it."""
    assert lines(text) == expected


MUSHROOMS = [
    ("U1", "Mushrooms, button"),
    ("U2", "Mushrooms, chestnut"),
    ("U3", "Mushrooms, oyster"),
    ("C1", "Carrots"),
]
MUSHROOM_UNITS = {"U1": "kg", "U2": "kg", "U3": "kg", "C1": "kg"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two left after "not the chestnut ones": still the customer's choice, then settled
        ("mushrooms 3kg - not the chestnut ones, the button ones", [("U1", Decimal(3))]),
        ("mushrooms 3 kg, pas les chestnut, les button", [("U1", Decimal(3))]),
        ("mushrooms 3kg, no el oyster, el chestnut", [("U2", Decimal(3))]),
        # a negated item names no line, even after a line or before a quantity
        ("carrots 2kg, not the oyster mushrooms", [("C1", Decimal(2))]),
        ("not the chestnut mushrooms - 3kg carrots", [("C1", Decimal(3))]),
    ],
)
def test_not_the_x_ones_rules_out(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "not the chestnut ones" after a close call rules those out of it (never in); what is
    left is settled by what follows, or stays the customer's choice."""
    assert _ids(text, MUSHROOMS, MUSHROOM_UNITS) == expected


def test_the_one_left_after_ruling_out_is_the_line() -> None:
    catalogue = MUSHROOMS[:2]
    assert _ids("mushrooms 3kg - not the chestnut ones", catalogue, MUSHROOM_UNITS) == [
        ("U1", Decimal(3))
    ]
    parsed = parse("mushrooms 3kg - not the oyster ones", catalogue, MUSHROOM_UNITS)
    assert parsed.lines == [] and len(parsed.unsure[0].candidates) == 2  # nothing ruled out


CODED = [("VEG-014", "Carrots"), ("VEG-015", "Garlic"), ("1043", "Leeks"), ("T55", "Flour")]
CODED_UNITS = {"VEG-014": "kg", "VEG-015": "kg", "1043": "kg", "T55": "bag"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VEG-014 x 5\nveg 015 x1", [("VEG-014", Decimal(5)), ("VEG-015", Decimal(1))]),
        ("2kg veg015, 3 x VEG-014", [("VEG-015", Decimal(2)), ("VEG-014", Decimal(3))]),
        ("1043 leeks", [("1043", Decimal(1043))]),  # a code of digits alone is a number
        ("veg-016 x 2", []),  # no such code: nothing is guessed from its neighbours
    ],
)
def test_a_product_code_from_the_price_list(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A customer may copy the supplier's code for a product ("VEG-014 x 5", "veg014"): it
    names that product, however its name is said; a code of digits alone stays a number."""
    assert _ids(text, CODED, CODED_UNITS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mushrooms 3kg (not button)", [("U2", Decimal(3))]),
        ("mushrooms 3kg (chestnut not button)", [("U2", Decimal(3))]),
        ("mushrooms 3kg but not button", [("U2", Decimal(3))]),
        ("mushrooms 3 kg pas les button", [("U2", Decimal(3))]),
        ("carrots 5kg (not too big)", [("C1", Decimal(5))]),
    ],
)
def test_what_an_item_says_it_is_not(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "mushrooms 3kg (not button)": the words after "not" name what is not meant, never
    what is (they counted for the button mushrooms)."""
    catalogue = [*MUSHROOMS[:2], MUSHROOMS[3]]
    assert _ids(text, catalogue, MUSHROOM_UNITS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quarter kilo of parmigiano", [("P1", Decimal("0.25"))]),
        ("a quarter kilo of parmigiano", [("P1", Decimal("0.25"))]),
        ("cuarto de kilo de parmigiano", [("P1", Decimal("0.25"))]),
        ("un quart de kilo de parmigiano", [("P1", Decimal("0.25"))]),
        ("any chance of 3 packs of salted butter by 10?", [("B2", Decimal(3))]),
        ("plus de skimmed milk à l'orange, 2 vanilla pods", [("V1", Decimal(2))]),
    ],
)
def test_a_quarter_an_hour_and_an_elided_article(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    """ "quarter kilo" is 0.25 kg as "half a kilo" is 0.5; "by 10" is an hour; the "l" of
    "à l'avoine" is the article, never "a litre"."""
    assert lines(text) == expected


def test_a_spanish_diminutive_is_its_word() -> None:
    """ "tomatitos", "cebollitas", "limoncitos": the word with its "-ito" ending, said fondly."""
    catalogue = [("A1", "Tomate cherry"), ("A2", "Cebolla morada"), ("A3", "Limón"), ("A4", "Lima")]
    units = {"A1": "kg", "A2": "kg", "A3": "kg", "A4": "kg"}
    assert _ids(
        "tomatitos cherry 2 kg, cebollitas moradas 1 kg, limoncitos 3 kg", catalogue, units
    ) == [
        ("A1", Decimal(2)),
        ("A2", Decimal(1)),
        ("A3", Decimal(3)),
    ]
