"""General rules of the free-text reader (issue 16): which product the words name: typos,
prefixes, the food lexicon, regional names, compounds, kinds the catalogue does not know, the
supplier's codes, on a small catalogue of these tests' own."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from domain.rules.food_words import synonyms, translations
from domain.rules.free_text import parse, prefixed, similarity
from tests.free_text_cases import ids_in, lines


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


def test_a_word_written_as_the_catalogue_writes_it_is_not_a_typo() -> None:
    """ "frisée" is a word of the catalogue: it is not also read as a typo of "fraises"."""
    catalogue = [("S1", "Salade frisée"), ("S2", "Salade batavia"), ("F1", "Fraisées des bois")]
    units = {"S1": "piece", "S2": "piece", "F1": "tray"}
    assert ids_in("batavia x4 frisée x3", catalogue, units) == [
        ("S2", Decimal(4)),
        ("S1", Decimal(3)),
    ]
    assert ids_in("2 fraisees des bois", catalogue, units) == [("F1", Decimal(2))]
    assert ids_in("3 frisee", catalogue, units) == [("S1", Decimal(3))]  # accents are not typos


def test_regional_names_join_across_languages() -> None:
    """ "zucchini" is courgettes in London and calabacín in Latin America and Madrid; names
    that share a member are one group."""
    spanish = [("Z1", "Calabacín"), ("B1", "Berenjena")]
    units = {"Z1": "kg", "B1": "kg"}
    assert ids_in("2 kg de zucchini", spanish, units) == [("Z1", Decimal(2))]
    assert ids_in("3 kg calabacitas y 1 kg eggplant", spanish, units) == [
        ("Z1", Decimal(3)),
        ("B1", Decimal(1)),
    ]
    english = [("E1", "Eggplant"), ("C1", "Zucchini")]
    assert ids_in("4 kg berenjenas, 2 kg courgettes", english, {"E1": "kg", "C1": "kg"}) == [
        ("E1", Decimal(4)),
        ("C1", Decimal(2)),
    ]


def test_a_regional_name_the_catalogue_holds_only_as_a_longer_word() -> None:
    """ "ciboule" (a spring onion) is the start of "ciboulette" (chives), not the same herb."""
    catalogue = [("O1", "Oignons nouveaux — botte"), ("C1", "Ciboulette")]
    units = {"O1": "bunch", "C1": "bunch"}
    assert ids_in("ciboules 3 bottes", catalogue, units) == [("O1", Decimal(3))]
    assert ids_in("ciboulette 2 bottes", catalogue, units) == [("C1", Decimal(2))]


def test_names_of_several_words_that_mean_another() -> None:
    catalogue = [
        ("P1", "Muslo de pavo deshuesado"),
        ("P2", "Muslo de pavo"),
        ("S1", "Onions, spring"),
    ]
    units = {"P1": "kg", "P2": "kg", "S1": "bunch"}
    assert ids_in("muslos de pavo 4 kg sin hueso", catalogue, units) == [("P1", Decimal(4))]
    assert ids_in("muslos de pavo 4 kg", catalogue, units) == [("P2", Decimal(4))]
    assert ids_in("6 bunches green onions", catalogue, units) == [("S1", Decimal(6))]


def test_the_order_of_the_words_tells_apart_products_of_the_same_words() -> None:
    catalogue = [("Z1", "Zumo de manzana — 1 l"), ("M1", "Manzana de zumo — caja 10 kg")]
    units = {"Z1": "bottle", "M1": "box"}
    assert ids_in("6 zumos de manzana", catalogue, units) == [("Z1", Decimal(6))]
    assert ids_in("2 manzanas de zumo", catalogue, units) == [("M1", Decimal(2))]
    # one word alone names the product it heads: "manzana" the apples, "zumo" the juice
    assert ids_in("6 manzana", catalogue, units) == [("M1", Decimal(6))]
    assert ids_in("6 zumos", catalogue, units) == [("Z1", Decimal(6))]


def test_the_second_half_of_a_compound_said_alone_is_the_plain_word() -> None:
    """ "skimmed" is the skimmed milk, not the semi-skimmed; "écrémé" not "demi-écrémé"; the
    whole compound still finds its product."""
    assert lines("skimmed milk 4") == [("M1", Decimal(4))]
    assert lines("skimmed 4") == [("M1", Decimal(4))]
    assert lines("semi-skimmed 4") == [("M2", Decimal(4))]
    catalogue = [("L1", "Lait demi-écrémé"), ("L2", "Lait écrémé"), ("B1", "Beurre demi-sel")]
    units = dict.fromkeys(("L1", "L2", "B1"), "bottle")
    assert ids_in("6 écrémé", catalogue, units) == [("L2", Decimal(6))]
    assert ids_in("6 demi-écrémé", catalogue, units) == [("L1", Decimal(6))]
    assert ids_in("6 demi écrémé", catalogue, units) == [("L1", Decimal(6))]
    assert ids_in("2 beurre demi sel", catalogue, units) == [("B1", Decimal(2))]


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
    assert ids_in(text, catalogue, units) == [(expected, Decimal(6))]


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
    assert ids_in("crevettes 2 sachets", catalogue, units) == [("K1", Decimal(2))]
    assert ids_in("3 bolsas de crevettes", catalogue, units) == [("K1", Decimal(3))]
    assert ids_in("2 mallas de cogollos", catalogue, units) == [("G1", Decimal(2))]
    assert ids_in("1 carton d'eau pétillante", catalogue, units) == [("W1", Decimal(1))]


def test_a_catalogue_that_says_oat_milk_keeps_its_milk() -> None:
    """Phrases are read as their meaning in messages, and as both in catalogue names: "milk"
    is still a close call between the whole milk and the oat milk, "oat drink" finds it."""
    catalogue = [("W1", "Whole milk"), ("O1", "Oat milk")]
    units = {"W1": "l", "O1": "l"}
    parsed = parse("6 milk", catalogue, units)
    assert not parsed.lines and {c.product_id for c in parsed.unsure[0].candidates} == {"W1", "O1"}
    assert ids_in("6 oat drink", catalogue, units) == [("O1", Decimal(6))]
    assert ids_in("6 oat milk", catalogue, units) == [("O1", Decimal(6))]


def test_a_word_written_in_two_pieces() -> None:
    catalogue = [("L1", "Lettuce, iceberg"), ("L2", "Lettuce, romaine"), ("B1", "Beetroot")]
    units = {"L1": "piece", "L2": "piece", "B1": "kg"}
    assert ids_in("4 ice berg lettuce", catalogue, units) == [("L1", Decimal(4))]
    assert ids_in("beet root 2 kg", catalogue, units) == [("B1", Decimal(2))]


@pytest.mark.parametrize("word", ["gambas", "camarones", "shrimp", "crevettes"])
def test_one_prawn_family_across_the_languages(word: str) -> None:
    catalogue = [("K1", "Langostino crudo — bolsa 1 kg"), ("S1", "Salmón")]
    assert ids_in(f"3 bolsas {word}", catalogue, {"K1": "bag", "S1": "kg"}) == [("K1", Decimal(3))]


def test_a_word_the_catalogue_does_not_know_tells_the_most() -> None:
    """ "solomillo de ternera" is not the minced veal: the word the catalogue lacks is the one
    that names the cut."""
    catalogue = [("V1", "Carne picada de ternera"), ("C1", "Pechuga de pollo")]
    parsed = parse("solomillo de ternera 5 kg", catalogue, {"V1": "kg", "C1": "kg"})
    assert not parsed.lines
    assert ids_in("carne picada 5 kg", catalogue, {"V1": "kg", "C1": "kg"}) == [("V1", Decimal(5))]


def test_sweet_potatoes_are_no_potatoes() -> None:
    english = [("P1", "Potatoes, Maris Piper — 25kg sack")]
    assert not parse("sweet potatoes 5kg", english, {"P1": "bag"}).lines
    french = [("P2", "Pommes de terre Charlotte")]
    assert not parse("patates douces 5 kg", french, {"P2": "kg"}).lines
    assert ids_in("patates 5 kg", french, {"P2": "kg"}) == [("P2", Decimal(5))]
    spanish = [("B1", "Boniato"), ("P3", "Patata agria")]
    units = {"B1": "kg", "P3": "kg"}
    assert ids_in("batatas 5 kg, camote 2 kg", spanish, units) == [
        ("B1", Decimal(5)),
        ("B1", Decimal(2)),
    ]


def test_tomato_paste_is_no_tomatoes() -> None:
    catalogue = [("T1", "Tomatoes, chopped — 2.5kg tin"), ("T2", "Tomate triturado — lata 3 kg")]
    units = {"T1": "can", "T2": "can"}
    assert not parse("tomato puree 10 tins", catalogue, units).lines
    assert not parse("tomate concentrado 10 latas", catalogue, units).lines
    assert ids_in("chopped tomatoes 10 tins", catalogue, units) == [("T1", Decimal(10))]


def test_a_compound_said_the_other_way_round_is_another_thing() -> None:
    """ "jus d'orange" is no "Oranges à jus", even when the catalogue sells no juice; "zumo de
    naranja" finds the juice, "naranja de zumo" the oranges, each without a close call."""
    oranges = [("F1", "Oranges à jus — colis 15 kg")]
    assert not parse("jus d'orange 6", oranges, {"F1": "box"}).lines
    assert ids_in("oranges à jus 2 colis", oranges, {"F1": "box"}) == [("F1", Decimal(2))]
    both = [("Z1", "Naranja de zumo — caja 15 kg"), ("Z2", "Zumo de naranja — botella 1 l")]
    units = {"Z1": "box", "Z2": "bottle"}
    assert ids_in("3 cajas naranja de zumo", both, units) == [("Z1", Decimal(3))]
    assert ids_in("zumo de naranja 12", both, units) == [("Z2", Decimal(12))]
    # a name inverted with a comma is no compound: "pollo pechuga" is still the breast
    breast = [("P1", "Pechuga de pollo"), ("P2", "Muslo de pollo")]
    assert ids_in("pollo pechuga 4 kg", breast, {"P1": "kg", "P2": "kg"}) == [("P1", Decimal(4))]


def test_fizzy_water_is_sparkling() -> None:
    water = [("W1", "Still water 500ml — case of 24"), ("W2", "Sparkling water 500ml — case of 24")]
    units = {"W1": "case", "W2": "case"}
    assert ids_in("3 cases still, 2 cases fizzy water", water, units) == [
        ("W1", Decimal(3)),
        ("W2", Decimal(2)),
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
    assert ids_in("basmati rice 1 bag", catalogue, units) == [("R1", Decimal(1))]
    assert ids_in("lovely vanilla pods 6", catalogue, units) == [("V1", Decimal(6))]


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
    assert ids_in("limes 10", catalogue, units) == [("L1", Decimal(10))]
    assert ids_in("feuille de chêne x4", catalogue, units) == [("S1", Decimal(4))]


def test_a_word_that_names_one_product_alone_is_no_unknown_kind() -> None:
    """ "large flat parsley": "large" is unknown, but "flat" names the flat-leaf parsley alone
    (the unknown-kind rule is for "jasmine rice", where "rice" names several)."""
    parsley = [("P1", "Parsley, flat leaf"), ("P2", "Parsley, curly")]
    units = {"P1": "bunch", "P2": "bunch"}
    assert ids_in("large flat parsley x 3", parsley, units) == [("P1", Decimal(3))]


def test_full_fat_milk_balls_and_the_head_of_a_compound_said_alone() -> None:
    milks = [("W1", "Milk, whole — 1 l"), ("S1", "Milk, skimmed — 1 l")]
    units = {"W1": "bottle", "S1": "bottle"}
    assert ids_in("full fat milk 6", milks, units) == [("W1", Decimal(6))]
    assert ids_in("full-fat milk x6", milks, units) == [("W1", Decimal(6))]
    cheese = [("M1", "Mozzarella di bufala — 125 g"), ("C1", "Comté AOP 18 mois")]
    units = {"M1": "piece", "C1": "kg"}
    assert ids_in("mozzarella 10 boules", cheese, units) == [("M1", Decimal(10))]
    assert ids_in("mozzarella 10 bolas", cheese, units) == [("M1", Decimal(10))]
    # "pommes" alone are apples: in "pommes de terre" the word heads a compound, another thing
    apples = [("A1", "Pommes Golden"), ("P1", "Pommes de terre Charlotte"), ("B1", "Bœuf haché")]
    units = dict.fromkeys(("A1", "P1", "B1"), "kg")
    assert ids_in("pommes 3 kg", apples, units) == [("A1", Decimal(3))]
    assert ids_in("3 kg de pommes", apples, units) == [("A1", Decimal(3))]
    assert ids_in("pommes de terre 3 kg", apples, units) == [("P1", Decimal(3))]
    assert ids_in("patates 3 kg", apples, units) == [("P1", Decimal(3))]
    # where every product of the word is a compound, the word alone still finds them
    flours = [("F1", "Farine de blé T45"), ("H1", "Huile d'olive")]
    assert ids_in("farine 2 kg", flours, {"F1": "kg", "H1": "bottle"}) == [("F1", Decimal(2))]
    # a word that is the B of another compound is held by no plain product
    oranges = [("N1", "Naranja de zumo — caja 15 kg"), ("Z1", "Zumo de naranja — botella 1 l")]
    units = {"N1": "box", "Z1": "bottle"}
    assert ids_in("naranjas para zumo 2 cajas", oranges, units) == [("N1", Decimal(2))]
    salt = [("F1", "Fleur de sel de Guérande — 1 kg"), ("B1", "Beurre demi-sel")]
    units = {"F1": "pack", "B1": "pack"}
    assert ids_in("fleur de sel 2 paquets", salt, units) == [("F1", Decimal(2))]


def test_the_tail_of_a_compound_said_alone_and_packaging_the_name_says() -> None:
    # "zumo" alone is the juice ("Zumo de naranja"), not the oranges for it
    oranges = [("N1", "Naranja de zumo — caja 15 kg"), ("Z1", "Zumo de naranja — botella 1 l")]
    units = {"N1": "box", "Z1": "bottle"}
    assert ids_in("1x zumo", oranges, units) == [("Z1", Decimal(1))]
    assert ids_in("2 zumos", oranges, units) == [("Z1", Decimal(2))]
    assert ids_in("un par de botellas de zumo de naranja", oranges, units) == [("Z1", Decimal(2))]
    assert ids_in("naranjas de zumo 1 caja", oranges, units) == [("N1", Decimal(1))]
    # "boîtes" is what the name says its product comes in, though "boîte" can be a box
    tomatoes = [("R1", "Tomates Roma — colis 6 kg"), ("C1", "Tomates concassées — boîte 2,5 kg")]
    units = {"R1": "case", "C1": "can"}
    assert ids_in("3 boîtes de tomates", tomatoes, units) == [("C1", Decimal(3))]
    assert ids_in("3 colis de tomates", tomatoes, units) == [("R1", Decimal(3))]


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
    assert ids_in(text, CODED, CODED_UNITS) == expected


def test_a_spanish_diminutive_is_its_word() -> None:
    """ "tomatitos", "cebollitas", "limoncitos": the word with its "-ito" ending, said fondly."""
    catalogue = [("A1", "Tomate cherry"), ("A2", "Cebolla morada"), ("A3", "Limón"), ("A4", "Lima")]
    units = {"A1": "kg", "A2": "kg", "A3": "kg", "A4": "kg"}
    assert ids_in(
        "tomatitos cherry 2 kg, cebollitas moradas 1 kg, limoncitos 3 kg", catalogue, units
    ) == [
        ("A1", Decimal(2)),
        ("A2", Decimal(1)),
        ("A3", Decimal(3)),
    ]


FRENCH = [
    ("C1", "Carottes"),
    ("A1", "Ail blanc"),
    ("O1", "Oignons jaunes — sac 25 kg"),
    ("O2", "Oignons rouges"),
    ("L1", "Lait entier — 1 l"),
    ("L2", "Lait demi-écrémé — 1 l"),
    ("F1", "Fraises — plateau de 8 barquettes"),
    ("P1", "Pommes de terre Charlotte"),
    ("P2", "Pommes Golden"),
]
FRENCH_UNITS = {"C1": "kg", "A1": "kg", "O1": "bag", "O2": "kg", "L1": "bottle"}
FRENCH_UNITS |= {"L2": "bottle", "F1": "tray", "P1": "kg", "P2": "kg"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3kg carrots and 2kg garlic", [("C1", Decimal(3)), ("A1", Decimal(2))]),
        ("5kg red onions", [("O2", Decimal(5))]),
        ("6 bottles whole milk", [("L1", Decimal(6))]),
        ("2 trays of strawberries", [("F1", Decimal(2))]),
        ("3 kg apples", [("P2", Decimal(3))]),
        ("3 kg de carottes", [("C1", Decimal(3))]),  # the catalogue's own language, as before
    ],
)
def test_a_message_in_another_language(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A cook in Paris who writes in English: "carrots" are the "Carottes", "red onions" the
    "Oignons rouges", "apples" the "Pommes Golden" (not "Pommes de terre")."""
    assert ids_in(text, FRENCH, FRENCH_UNITS) == expected


def test_words_of_one_food_across_the_languages_are_synonyms() -> None:
    assert {"carotte", "zanahoria"} <= translations()["carrot"]
    assert "ajo" in translations()["ail"] and "garlic" in translations()["ajo"]
    assert "pera" not in translations().get("pear", frozenset())  # two meanings: left out
    assert "courgette" in synonyms()["zucchini"]  # regional names apart


ENGLISH = [
    ("L1", "Lemons"),
    ("L2", "Limes"),
    ("M1", "Mushrooms, button"),
    ("M2", "Mushrooms, chestnut"),
    ("P1", "Parsley, flat leaf"),
    ("P2", "Parsley, curly"),
    ("B1", "Butter, unsalted — 250g"),
    ("B2", "Butter, salted — 250g"),
    ("O1", "Onions, red"),
    ("O2", "Onions, white — 25kg sack"),
    ("C1", "Beef mince 20% fat"),
]
ENGLISH_UNITS = {"L1": "piece", "L2": "piece", "M1": "kg", "M2": "kg", "P1": "bunch"}
ENGLISH_UNITS |= {"P2": "bunch", "B1": "pack", "B2": "pack", "O1": "kg", "O2": "bag", "C1": "kg"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 limones, 10 limas", [("L1", Decimal(10)), ("L2", Decimal(10))]),
        ("5 citrons", [("L1", Decimal(5))]),
        ("persil plat 2 bottes", [("P1", Decimal(2))]),
        ("beurre doux 4 plaquettes", [("B1", Decimal(4))]),
        ("3 kg de cebolla roja", [("O1", Decimal(3))]),
        ("1 saco de cebolla blanca", [("O2", Decimal(1))]),
        ("5 kg minced beef", [("C1", Decimal(5))]),
    ],
)
def test_the_lexicon_across_genders_plurals_and_false_friends(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    """ "limones" and "citrons" are lemons (not "limes", a look-alike: a word the lexicon
    knows is no typo, nor are its translations), "roja" and "blanca" are "rojo" and
    "blanco", "persil plat" flat parsley, "beurre doux" unsalted."""
    assert ids_in(text, ENGLISH, ENGLISH_UNITS) == expected


def test_the_reading_does_not_depend_on_the_order_of_a_set() -> None:
    """Each process orders sets its own way (hash seeds): a word's synonyms count their best
    match whatever order they come in ("saumon": "salmon" exactly, and "salmone", a plural
    stemming does not bring back, by a prefix), so every process reads the same line."""
    import subprocess
    import sys

    program = (
        "from domain.rules.free_text import parse\n"
        "cat = [('S1', 'Salmon fillet, skin on'), ('C1', 'Cod loin'), ('T1', 'Chicken thighs')]\n"
        "r = parse('saumon 3 kg', cat, {'S1': 'kg', 'C1': 'kg', 'T1': 'kg'})\n"
        "print([(ln.product_id, str(ln.quantity), round(ln.confidence, 6)) for ln in r.lines])\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(1, 9)
    }
    assert len(seen) == 1, seen


def test_a_code_one_product_holds_is_no_other_kind_of_the_goods_before() -> None:
    """ "1 x tournesol 20L, 2 x sac T65": the T65 is the flour, not sunflower oil in a T65
    kind ("farine T45 x 1, T65 x 2" stays the flour's kinds)."""
    catalogue = [
        ("H1", "Huile de tournesol — bidon 20 l"),
        ("F1", "Farine de blé T45 — sac 10 kg"),
        ("F2", "Farine de blé T65 — sac 25 kg"),
    ]
    units = {"H1": "can", "F1": "bag", "F2": "bag"}
    assert ids_in("1 x tournesol 20L\n2 x sac T65", catalogue, units) == [
        ("H1", Decimal(1)),
        ("F2", Decimal(2)),
    ]
    assert ids_in("farine T45 x 1, T65 x 2", catalogue, units) == [
        ("F1", Decimal(1)),
        ("F2", Decimal(2)),
    ]


@pytest.mark.parametrize(
    ("text", "catalogue", "expected"),
    [
        (
            "🍋 x20, 🥚 2 trays",
            [("L1", "Lemons"), ("E1", "Eggs — tray of 30")],
            [("L1", 20), ("E1", 2)],
        ),
        ("🥕 10 kg et 🧄 1 kg", [("C1", "Carottes"), ("A1", "Ail blanc")], [("C1", 10), ("A1", 1)]),
        ("🍌 5 kg y 🍋\u200d🟩 2 kg", [("P1", "Plátano"), ("L2", "Lima")], [("P1", 5), ("L2", 2)]),
        ("Hello! 🙂 20 lemons 🙏", [("L1", "Lemons")], [("L1", 20)]),  # no food: a separator
    ],
)
def test_goods_named_by_emoji(
    text: str, catalogue: list[tuple[str, str]], expected: list[tuple[str, int]]
) -> None:
    """A food emoji reads as the word the catalogue holds for it, in its language."""
    units = {"L1": "piece", "E1": "tray", "C1": "kg", "A1": "kg", "P1": "kg", "L2": "kg"}
    assert ids_in(text, catalogue, units) == [(pid, Decimal(q)) for pid, q in expected]


def test_a_word_inside_a_longer_one_is_no_ending() -> None:
    """ "aguacte" (a typo of aguacate) holds "agua" only as its first letters; an ending
    ("limones", "aguacates") still reads as the word."""
    catalogue = [("W1", "Agua mineral — caja 24"), ("A1", "Aguacate Hass"), ("L1", "Limón")]
    units = {"W1": "case", "A1": "piece", "L1": "kg"}
    assert ids_in("aguacte 6", catalogue, units) == [("A1", Decimal(6))]
    assert ids_in("6 aguacates, 2 kg limones", catalogue, units) == [
        ("A1", Decimal(6)),
        ("L1", Decimal(2)),
    ]
    assert ids_in("watermelon x2", [("W2", "Water, still — case of 24")], {"W2": "case"}) == []


def test_a_typo_of_a_word_the_lexicon_knows() -> None:
    """ "parmasan" is parmesan misspelt, which the lexicon knows as Parmigiano; a word close
    to nothing the catalogue or the lexicon holds names nothing."""
    assert lines("parmasan 500g") == [("P1", Decimal("0.5"))]
    assert lines("parmezan x1") == [("P1", Decimal(1))]
    assert lines("reception 3") == []


def test_words_in_brackets_are_read_without_before_the_goods_are_dropped() -> None:
    """ "romana x6 (bien frescas porfa!)": the remark in brackets ("frescas") must not name
    "Panceta fresca" by reading the item from its quantity on; it is read without the remark
    first."""
    catalogue = [("L1", "Lechuga romana"), ("P1", "Panceta fresca")]
    units = {"L1": "piece", "P1": "kg"}
    assert ids_in("romana x6 (bien frescas porfa!)", catalogue, units) == [("L1", Decimal(6))]
