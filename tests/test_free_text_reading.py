"""General rules of the free-text reader (issue 16): how a message is read item by item:
lists, headers, "each", asides, goods and quantities completing each other, and the chat
around an order, on a small catalogue of these tests' own."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rules.free_text import parse
from domain.rules.order_phrasing import literal_alternation
from tests.free_text_cases import CATALOGUE, UNITS, ids_in, lines


def test_asking_words_are_chat() -> None:
    """ "tu peux me mettre", "¿me puedes poner?": how the order is asked, not what."""
    assert lines("tu peux me mettre 3 kg de parmesan ?") == [("P1", Decimal(3))]
    assert lines("¿me puedes poner 2 kg de parmesano?") == [("P1", Decimal(2))]
    assert lines("vous pourriez ajouter 4 packs unsalted butter") == [("B1", Decimal(4))]


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


def test_a_code_alone_names_the_goods_before_it() -> None:
    catalogue = [("F1", "Farine T45"), ("F2", "Farine T55"), ("F3", "Farine T80")]
    units = dict.fromkeys(("F1", "F2", "F3"), "bag")
    assert ids_in("farine T45 x 1 T80 x 2", catalogue, units) == [
        ("F1", Decimal(1)),
        ("F3", Decimal(2)),
    ]
    assert ids_in("farine T55 x 3, T80 x 1", catalogue, units) == [
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
    assert ids_in("nata para montar x3, nata para cocinar x2", catalogue, units) == [
        ("N1", Decimal(3)),
        ("N2", Decimal(2)),
    ]
    assert lines("oranges for juice 3 kg") == [("J2", Decimal(3))]


def test_a_header_gives_its_goods_to_the_items_after_it() -> None:
    catalogue = [("C1", "Crème liquide"), ("C2", "Crème épaisse"), ("L1", "Lait entier")]
    units = {"C1": "bottle", "C2": "jar", "L1": "bottle"}
    assert ids_in("crème : 3 liquide, 2 épaisse\nlait entier 6", catalogue, units) == [
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
    assert ids_in("azúcar glas 1 kg, moreno 2 kg, blanco 10 kg", catalogue, units) == [
        ("A1", Decimal(1)),
        ("A2", Decimal(2)),
        ("A3", Decimal(10)),
    ]
    parsed = parse("ajo 500 g, jengibre 200 g", catalogue, units)
    assert [(ln.product_id, ln.quantity) for ln in parsed.lines] == [("G1", Decimal("0.5"))]
    assert parsed.unmatched == ["jengibre 200 g"]
    parsed = parse("blanco 10 kg", catalogue, units)  # nothing before: still a close call
    assert not parsed.lines and len(parsed.unsure) == 1


def test_what_each_line_is_for_in_a_list_without_separators() -> None:
    catalogue = [("N1", "Nata para montar 35 %"), ("N2", "Nata para cocinar 18 %")]
    units = {"N1": "bottle", "N2": "bottle"}
    text = "nata para montar 3 botellas nata para cocinar 2 botellas"
    assert ids_in(text, catalogue, units) == [("N1", Decimal(3)), ("N2", Decimal(2))]


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
    assert ids_in("citrons jaunes citrons verts 2 kg chacun", catalogue, units) == [
        ("C1", Decimal(2)),
        ("C2", Decimal(2)),
    ]
    assert ids_in("limones limas 3 kg de cada", catalogue, units) == [
        ("L1", Decimal(3)),
        ("L2", Decimal(3)),
    ]


def test_an_aside_in_brackets() -> None:
    assert lines("3 kg de parmesan (bio si possible)") == [("P1", Decimal(3))]
    assert lines("2 vanilla pods (the bourbon ones if you have them)") == [("V1", Decimal(2))]
    assert lines("oranges (juicing) 2 kg") == [("J2", Decimal(2))]  # an aside can name it


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
    assert ids_in("dos de cabillaud - 4 kg", catalogue, {"D1": "kg"}) == [("D1", Decimal(4))]
    assert lines("2 vanilla pods - 3 orange juice") == [("V1", Decimal(2)), ("J1", Decimal(3))]
    # a bullet's dash starts the next line: it does not join the line before to its number
    assert lines("- parmesan 1kg\n- 6 prawns\n- 2 orange juice") == [
        ("P1", Decimal(1)),
        ("K1", Decimal(6)),
        ("J1", Decimal(2)),
    ]


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
        # whether it is back, and a yes to it said in words
        ("are the vanilla pods back in stock? if so 6 please", [("V1", Decimal(6))]),
        ("¿ha vuelto el parmesano? si es así, 2 kg", [("P1", Decimal(2))]),
        ("le parmesan est revenu en stock ? si c'est le cas 2 kg", [("P1", Decimal(2))]),
        ("any vanilla pods in stock? in that case 6", [("V1", Decimal(6))]),
        # said aloud: no punctuation, number words
        (
            "yeah hi it's sam from the anchor can i get three packs of salted butter cheers",
            [("B2", Decimal(3))],
        ),
        (
            "a bag of prawns a pack of salted butter and two bottles of orange juice",
            [("K1", Decimal(1)), ("B2", Decimal(1)), ("J1", Decimal(2))],
        ),
        (
            "okay so the order is three packs of salted butter two bottles of skimmed milk",
            [("B2", Decimal(3)), ("M1", Decimal(2))],
        ),
        (
            "um so we need twenty four vanilla pods six bottles orange juice",
            [("V1", Decimal(24)), ("J1", Decimal(6))],
        ),
        (
            "four packs of salted butter four of unsalted and two of skimmed milk",
            [("B2", Decimal(4)), ("B1", Decimal(4)), ("M1", Decimal(2))],
        ),
        ("put us down for three bags of prawns", [("K1", Decimal(3))]),
        ("deux kilos cinq de parmigiano", [("P1", Decimal("2.5"))]),
        (
            "una caja de tomates plum y además dos kilos más",
            [("T1", Decimal(1)), ("T2", Decimal(2))],
        ),
        ("hola soy pablo del mesón necesito seis vanilla pods", [("V1", Decimal(6))]),
        # asking what goods cost is no order
        ("how much is a pack of salted butter at the moment?", []),
        ("c'est combien le pack de salted butter ?", []),
        ("¿a cuánto está el kilo de parmigiano?", []),
        ("2 packs salted butter (same price as last week?)", [("B2", Decimal(2))]),
        ("cuanto antes 2 packs de salted butter", [("B2", Decimal(2))]),
    ],
)
def test_chat_around_an_order(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


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
    assert ids_in(text, catalogue, units) == [(pid, Decimal(q)) for pid, q in expected]


def test_en_plus_says_nothing_of_the_goods() -> None:
    catalogue = [
        ("R1", "Salade romaine — colis de 12"),
        ("S2", "Salade batavia"),
        ("E1", "Œufs plein air — plateau de 30"),
        ("E2", "Œufs plein air — la douzaine"),
    ]
    units = {"R1": "case", "S2": "piece", "E1": "tray", "E2": "dozen"}
    assert ids_in("2 douzaines d'œufs en plus svp", catalogue, units) == [("E2", Decimal(2))]


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
    assert ids_in("nata para montar, 4 botellas", creams, units) == [("N1", Decimal(4))]
    butters = [("U1", "Beurre doux — plaquette 250 g"), ("U2", "Beurre demi-sel — plaquette 250 g")]
    units = {"U1": "pack", "U2": "pack"}
    assert ids_in("beurre doux, 10 plaquettes svp", butters, units) == [("U1", Decimal(10))]


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
    assert ids_in("10 aguacates bien maduros", fruit, units) == [("A1", Decimal(10))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("poisson : cabillaud 5 kg, saumon 3 kg", [("F1", Decimal(5)), ("F2", Decimal(3))]),
        ("pescado: merluza 5 kg", [("F3", Decimal(5))]),
        ("carne: pechuga 8 kg, picada 2 kg", [("F4", Decimal(8)), ("F5", Decimal(2))]),
        ("fish order: cod 5kg\nmeat: lamb shoulder 8kg", [("F6", Decimal(5)), ("F7", Decimal(8))]),
    ],
)
def test_a_section_header_names_no_goods(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "poisson :", "pescado:", "carne:", "fish order:": the section of a list, never goods
    of its items (nor an unknown word in the first of them)."""
    catalogue = [
        ("F1", "Dos de cabillaud"),
        ("F2", "Pavé de saumon"),
        ("F3", "Lomo de merluza"),
        ("F4", "Pechuga de pollo"),
        ("F5", "Carne picada de ternera"),
        ("F6", "Cod loin"),
        ("F7", "Lamb shoulder"),
    ]
    assert ids_in(text, catalogue, dict.fromkeys((f"F{i}" for i in range(1, 8)), "kg")) == expected


def test_a_code_only_one_product_holds_names_it() -> None:
    """ "T65 x1" with no other words, where one flour alone is T65: that flour."""
    catalogue = [("F1", "Farine T45"), ("F2", "Farine T65"), ("S1", "Cassonade")]
    units = {"F1": "bag", "F2": "bag", "S1": "kg"}
    assert ids_in("T65 x1 cassonade x1", catalogue, units) == [
        ("F2", Decimal(1)),
        ("S1", Decimal(1)),
    ]


def test_a_tree_of_letters_matches_as_the_list_of_words_does() -> None:
    """The phrases' expression is written as a tree of letters (quicker); it finds what the
    plain list of words, longest first, finds."""
    words = ["a couple of", "a couple", "full fat", "full-fat", "un par de", "un", "semi"]
    tree = re.compile(r"\b(" + literal_alternation(words) + r")\b")
    plain = re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")
    for text in (
        "a couple of cases",
        "a couple",
        "un par de cajas",
        "una",
        "full-fat milk",
        "semis",
    ):
        assert tree.findall(text) == plain.findall(text), text
    assert tree.findall("a couple of cases, full fat") == ["a couple of", "full fat"]


def test_a_count_of_items_is_no_quantity() -> None:
    """ "total 3 articles : cabillaud 2 kg": how many lines the message has, not goods."""
    catalogue = [("F1", "Dos de cabillaud"), ("F2", "Pavé de saumon")]
    units = {"F1": "kg", "F2": "kg"}
    assert ids_in("total 3 articles : cabillaud 2 kg, saumon 2 kg", catalogue, units) == [
        ("F1", Decimal(2)),
        ("F2", Decimal(2)),
    ]
    assert ids_in("total 2 artículos: cabillaud 2 kg", catalogue, units) == [("F1", Decimal(2))]


def test_goods_then_a_dash_head_the_line() -> None:
    """ "onions - 1 sack white, 5kg red": the goods before the dash are the goods of the
    line's items, as before a colon; "Hi team - 2 cases romaine" still reads the romaine."""
    catalogue = [
        ("O1", "Onions, white — 25kg sack"),
        ("O2", "Onions, red"),
        ("O3", "Onions, spring"),
        ("R1", "Lettuce, romaine — case of 12"),
        ("P1", "Peppers, red"),
        ("F1", "Flour, strong white bread — 16kg"),
    ]
    units = {"O1": "bag", "O2": "kg", "O3": "bunch", "R1": "case", "P1": "kg", "F1": "bag"}
    assert ids_in("onions - 1 sack white, 5kg red", catalogue, units) == [
        ("O1", Decimal(1)),
        ("O2", Decimal(5)),
    ]
    assert ids_in("Hi team - 2 cases romaine, 3kg red onions", catalogue, units) == [
        ("R1", Decimal(2)),
        ("O2", Decimal(3)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("un demi-colis... non, un colis entier de romaine", [("R1", Decimal(1))]),
        ("una caja entera de romaine", [("R1", Decimal(1))]),
        ("a full case of romaine", [("R1", Decimal(1))]),
        ("carottes 5 kg puis ail 1 kg", [("C1", Decimal(5)), ("A1", Decimal(1))]),
        ("S/R flour x2", [("F1", Decimal(2))]),
    ],
)
def test_a_full_case_then_and_self_raising(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "un colis entier", "una caja entera", "a full case": how full the case is, not the
    goods; "puis" leads into the next goods; "S/R" is self-raising."""
    catalogue = [
        ("R1", "Salade romaine — colis de 12"),
        ("R2", "Salade batavia"),
        ("T1", "Tomates allongées (Roma) — colis 6 kg"),
        ("S1", "Fraises — plateau de 8 barquettes"),
        ("C1", "Carottes"),
        ("F1", "Flour, self-raising — 16kg"),
        ("F2", "Flour, plain — 16kg"),
        ("M1", "Lait entier — 1 l"),
        ("M2", "Crème liquide entière 35 % — 1 l"),
        ("M3", "Leche entera — botella 1 l"),
        ("A1", "Ail blanc"),
    ]
    units = {"R1": "case", "R2": "piece", "T1": "case", "S1": "tray", "C1": "kg", "F1": "bag"}
    units["F2"] = "bag"
    units |= {"M1": "bottle", "M2": "bottle", "M3": "bottle", "A1": "kg"}
    assert ids_in(text, catalogue, units) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("solo 10 kg de parmigiano hoy gracias", [("P1", Decimal(10))]),
        ("seulement 2 kg de parmigiano aujourd'hui", [("P1", Decimal(2))]),
        ("Parmigiano 2 kg. Ah non, 3 kg", [("P1", Decimal(3))]),
        ("parmigiano 2 kg, oh no, 4 kg", [("P1", Decimal(4))]),
    ],
)
def test_only_today_and_ah_no(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "solo", "hoy", "seulement" are no goods; "ah non", "oh no" take back the quantity."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 vanilla pods - if none, 4 orange juice", [("V1", Decimal(3))]),
        ("3 vanilla pods, otherwise 4 orange juice", [("V1", Decimal(3))]),
        ("3 gousses de vanille ... sinon 4 orange juice", []),
        ("vanilla pods 3 - sinon 4 kg de parmigiano", [("V1", Decimal(3))]),
        ("vanilla pods 3 - si no hay, 4 orange juice", [("V1", Decimal(3))]),
        ("do you have caviar? if not, 4 orange juice", [("J1", Decimal(4))]),
        ("2 extra packs of salted butter", [("B2", Decimal(2))]),
        ("half a dozen extra vanilla pods", [("V1", Decimal(6))]),
        ("4 kg parmigiano 😅 big week", [("P1", Decimal(4))]),
    ],
)
def test_a_fallback_extra_and_an_emoji(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "if none, ...", "otherwise", "sinon", "si no hay" after goods with a quantity: what
    comes only if those cannot be had, no line of its own (after a question it is the order);
    "2 extra packs" are 2 packs; an emoji ends an item."""
    assert lines(text) == expected


def test_a_size_after_the_last_goods_of_a_run_is_theirs() -> None:
    """ "1x dijon 1x saffron 2g": a list written quantity-first; the size at its end is the
    saffron's (2 g, sold by the gram), not a line of its own that undoes the split."""
    assert lines("1x orange juice 1x saffron 2g") == [("J1", Decimal(1)), ("S1", Decimal(2))]
    assert lines("2 x vanilla pods 1 x olive oil 5l") == [("V1", Decimal(2)), ("O2", Decimal(1))]
