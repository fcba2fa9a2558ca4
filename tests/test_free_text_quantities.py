"""General rules of the free-text reader (issue 16): how many, and of what unit: numbers,
fractions, sizes, packaging, and the numbers that are no quantity (prices, dates, hours,
ages, pack contents, list numbers), on a small catalogue of these tests' own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.free_text_cases import ids_in, lines


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


def test_an_age_is_no_quantity() -> None:
    """ "24 months", "18 mois", "24 meses": how long it was aged; it tells one cheese from
    another as a code does."""
    catalogue = [("C1", "Comté 18 mois"), ("C2", "Comté 36 mois"), ("H1", "Jamón ibérico 36 meses")]
    units = {"C1": "kg", "C2": "kg", "H1": "kg"}
    assert ids_in("comté 18 mois 2 kg", catalogue, units) == [("C1", Decimal(2))]
    assert ids_in("3 kg de comte 36 mois", catalogue, units) == [("C2", Decimal(3))]
    assert ids_in("jamon iberico 36 meses 1 kg", catalogue, units) == [("H1", Decimal(1))]
    assert lines("30 months parmigiano 2kg") == [("P1", Decimal(2))]


def test_digits_beat_a_number_word_that_counts_nothing() -> None:
    """ "dos de cabillaud 1,5 kg" is cod back (French), not two of it; "dos sacos" and "dos de
    limas" (nothing else to count with) still count."""
    catalogue = [("D1", "Dos de cabillaud"), ("S1", "Cebolla — saco 20 kg"), ("L1", "Lima")]
    units = {"D1": "kg", "S1": "bag", "L1": "kg"}
    assert ids_in("dos de cabillaud 1,5 kg", catalogue, units) == [("D1", Decimal("1.5"))]
    assert ids_in("dos sacos de cebolla de 20 kg", catalogue, units) == [("S1", Decimal(2))]
    assert ids_in("3 kilos de cebolla y dos de limas", catalogue, units)[-1] == ("L1", Decimal(2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 doz vanilla pods", [("V1", Decimal(24))]),
        ("butter unsalted 3pkt", [("B1", Decimal(3))]),
        ("2btl orange juice, 3btl skimmed milk", [("J1", Decimal(2)), ("M1", Decimal(3))]),
        # shortened with a full stop, as on a delivery note
        ("2 doc. de vanilla pods", [("V1", Decimal(24))]),
        ("3 bot. de orange juice, 4 paq. salted butter", [("J1", Decimal(3)), ("B2", Decimal(4))]),
        ("2 plaq. de unsalted butter", [("B1", Decimal(2))]),
    ],
)
def test_dozens_and_packaging_written_short_or_on_the_number(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    assert lines(text) == expected


@pytest.mark.parametrize(
    "text",
    ["3 bot. de nata para montar", "3 botellas - nata para montar", "3 botellas\nnata para montar"],
)
def test_a_quantity_before_goods_whose_name_says_what_for(text: str) -> None:
    """ "para montar" names the cream (it is no purpose), also when the count is an item of
    its own before the goods, or is shortened with a full stop."""
    creams = [("N1", "Nata para montar 35 % — 1 l"), ("N2", "Nata para cocinar 18 % — 1 l")]
    assert ids_in(text, creams, {"N1": "bottle", "N2": "bottle"}) == [("N1", Decimal(3))]


def test_a_quantity_labelled_in_a_list() -> None:
    """ "QTY 3 - chestnut mushrooms (kg)", "Qté 2", "Cant. 4": the label names no goods."""
    text = "QTY 3 - skimmed milk\nQTÉ 2 - saffron threads (g)\nCant. 4 - orange juice"
    assert lines(text) == [("M1", Decimal(3)), ("S1", Decimal(2)), ("J1", Decimal(4))]


def test_the_one_that_points_at_a_product_is_no_quantity() -> None:
    assert lines("olive oil 5l x 3, the big one") == [("O2", Decimal(3))]
    assert lines("4 orange juice, the big one") == [("J1", Decimal(4))]
    mince = [("M1", "Mince, beef 20%"), ("M2", "Mince, pork")]
    assert ids_in("beef mince 4 kg, the 20% one", mince, {"M1": "kg", "M2": "kg"}) == [
        ("M1", Decimal(4))
    ]


def test_sizes_written_apart_in_a_message() -> None:
    """ "1 l" and "5 l" in a message are sizes as "1l" is: they pick the bottle or the can."""
    assert lines("olive oil 1 l x 6 and 5 l x 2") == [("O1", Decimal(6)), ("O2", Decimal(2))]
    assert lines("2 x 5 l olive oil") == [("O2", Decimal(2))]


def test_a_dozen_named_beside_the_count() -> None:
    catalogue = [("E1", "Eggs, free range — dozen"), ("E2", "Eggs, free range — tray of 30")]
    units = {"E1": "dozen", "E2": "tray"}
    assert ids_in("dozen eggs x 3", catalogue, units) == [("E1", Decimal(3))]
    assert ids_in("eggs x 2 trays", catalogue, units) == [("E2", Decimal(2))]
    french = [("O1", "Œufs — la douzaine"), ("O2", "Œufs — plateau de 30")]
    assert ids_in("douzaine d'œufs x 4", french, {"O1": "dozen", "O2": "tray"}) == [
        ("O1", Decimal(4))
    ]


def test_sizes_in_words() -> None:
    assert lines("olive oil 5 litres x 2") == [("O2", Decimal(2))]
    assert lines("extra virgin olive oil 1 litre x 6") == [("O1", Decimal(6))]
    assert lines("plum tomatoes 2 kilos") == [("T2", Decimal(2))]


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


def test_list_numbers_inside_a_line() -> None:
    assert lines("1) plum tomatoes 2kg 2) parmesan 1kg 3) vanilla pods 6") == [
        ("T2", Decimal(2)),
        ("P1", Decimal(1)),
        ("V1", Decimal(6)),
    ]


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


def test_a_number_in_brackets_is_no_list_number() -> None:
    assert lines("orange juice (pack of 6) x 2") == [("J1", Decimal(2))]
    assert lines("5 kg of each - plum tomatoes, parmesan") == [
        ("T2", Decimal(5)),
        ("P1", Decimal(5)),
    ]


def test_one_thing_is_no_count() -> None:
    """ "one thing" announces a remark: it is not one of the chicken thighs ("thing" is a
    typo away from "thigh")."""
    catalogue = [("C1", "Chicken thighs"), ("J1", "Orange juice")]
    units = {"C1": "kg", "J1": "bottle"}
    text = "ta for the delivery, one thing - next week can we get 2 orange juice?"
    assert ids_in(text, catalogue, units) == [("J1", Decimal(2))]
    assert lines("una cosa, ¿me pones 2 kg de parmesano?") == [("P1", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 vanilla pods y otra de parmesan", [("V1", Decimal(2)), ("P1", Decimal(1))]),
        ("1 orange juice and another of the vanilla pods", [("J1", 1), ("V1", 1)]),
        ("2 vanilla pods y otros 2 kg de parmesan", [("V1", Decimal(2)), ("P1", Decimal(2))]),
        # "another" before goods or their unit counts one
        ("another bag of prawns please", [("K1", Decimal(1))]),
        ("otra bolsa de prawns más por favor", [("K1", Decimal(1))]),
        ("otro vanilla pod", [("V1", Decimal(1))]),
        ("and another thing, 2 vanilla pods", [("V1", Decimal(2))]),
        ("otra vez 3 vanilla pods", [("V1", Decimal(3))]),
    ],
)
def test_another_of_counts_one(text: str, expected: list[tuple[str, Decimal]]) -> None:
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
    assert ids_in("una garrafa de girasol y dos de AOVE", catalogue, units) == [
        ("S1", Decimal(1)),
        ("A2", Decimal(2)),
    ]
    assert ids_in("una garrafa de girasol y otra de AOVE", catalogue, units) == [
        ("S1", Decimal(1)),
        ("A2", Decimal(1)),
    ]
    assert ids_in("3 kilos de tomate cherry y 2 de tomate pera", catalogue, units) == [
        ("T3", Decimal(3)),
        ("T2", Decimal(2)),
    ]
    assert ids_in("2 cajas de tomate pera y 2 de tomate cherry", catalogue, units) == [
        ("T1", Decimal(2)),
        ("T3", Decimal(2)),
    ]


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
    assert ids_in("3 douz d'oeufs", eggs, {"E1": "dozen", "E2": "tray"}) == [("E1", Decimal(3))]
    assert ids_in("2 dzn oeufs", eggs, {"E1": "dozen", "E2": "tray"}) == [("E1", Decimal(2))]


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
    assert ids_in(text, catalogue, {"C1": "can", "C2": "kg", "C3": "kg"}) == expected


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
    assert ids_in(text, SALADS, SALAD_UNITS) == expected


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-five vanilla pods", [("V1", Decimal(25))]),
        ("thirty vanilla pods", [("V1", Decimal(30))]),
        ("forty two vanilla pods", [("V1", Decimal(42))]),
        ("vingt et un vanilla pods", [("V1", Decimal(21))]),
        ("five hundred grams of parmigiano", [("P1", Decimal("0.5"))]),
        ("cinq cents grammes de parmigiano", [("P1", Decimal("0.5"))]),
        ("quinientos gramos de parmigiano", [("P1", Decimal("0.5"))]),
        ("two point five kilos of parmigiano", [("P1", Decimal("2.5"))]),
        ("dix-huit vanilla pods", [("V1", Decimal(18))]),
        ("trente kilos de parmigiano", [("P1", Decimal(30))]),
        ("veinticinco kilos de parmigiano", [("P1", Decimal(25))]),
        ("treinta y dos vanilla pods", [("V1", Decimal(32))]),
    ],
)
def test_number_words_past_twenty(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "twenty-five", "vingt-cinq", "vingt et un", "dix-huit", "veinticinco", "treinta y dos":
    one number, as digits would say it."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("still water 24 x 500ml - 3 cases", [("W1", Decimal(3))]),
        ("agua sin gas 24 x 50 cl - 3 cajas", [("W2", Decimal(3))]),
        ("6 x 500ml still water", [("W1", Decimal(6))]),
        ("1 bx bin bags", [("B1", Decimal(1))]),
        ("a couple more bx bin bags", [("B1", Decimal(2))]),
        ("otro par de cajas de agua sin gas", [("W2", Decimal(2))]),
    ],
)
def test_a_pack_described_then_counted(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "24 x 500ml - 3 cases": the pack is described, the cases counted; "bx" is a box;
    "a couple more", "otro par de": two."""
    catalogue = [
        ("W1", "Still water 500ml — case of 24"),
        ("W2", "Agua sin gas 50 cl — caja 24"),
        ("B1", "Bin bags — box of 200"),
    ]
    assert ids_in(text, catalogue, {"W1": "case", "W2": "case", "B1": "box"}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 x 500g parmigiano", [("P1", Decimal(1))]),
        ("parmigiano 3 x 250g", [("P1", Decimal("0.75"))]),
        ("1x saffron 2g", [("S1", Decimal(2))]),
        ("2 x 500 g unsalted butter", [("B1", Decimal(2))]),  # sold in 500 g packs: 2 packs
        ("2 x 5 l olive oil", [("O2", Decimal(2))]),
    ],
)
def test_pieces_of_a_size_of_goods_sold_by_weight(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    """ "2 x 500g parmesan" of a cheese sold by the kilo is 1 kg (arithmetic the text
    states); of goods packed at that size, the packs."""
    assert lines(text) == expected
