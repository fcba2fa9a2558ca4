"""General rules of the free-text reader (issue 16): what takes back, corrects or rules out
what was just said, in the three languages, on a small catalogue of these tests' own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.rules.free_text import parse
from tests.free_text_cases import MUSHROOM_UNITS, MUSHROOMS, ids_in, lines


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
        # said aloud, in number words
        ("right so ten packs of salted butter no sorry twelve packs", [("B2", Decimal(12))]),
        ("alors dix sachets de prawns non pardon douze", [("K1", Decimal(12))]),
        ("a ver diez vanilla pods no perdón doce", [("V1", Decimal(12))]),
    ],
)
def test_corrections_in_the_three_languages(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """A correction's number may come after its cue or in the next item; a plain next item
    is no correction."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the plum tomatoes - make it 3 cases not 2",
        "tomates plum 3 colis au lieu de 2",
        "les tomates plum - mettez 3 colis au lieu de 2",
        "tomates plum - pon 3 cajas en vez de 2",
        "plum tomatoes 3 cases instead of 2",
    ],
)
def test_a_quantity_and_the_one_it_replaces(text: str) -> None:
    """ "make it 3 cases not 2": the count after "not" / "au lieu de" is the one replaced;
    the unit said with the correction picks the goods sold that way."""
    assert lines(text) == [("T1", Decimal(3))]


def test_on_second_thoughts() -> None:
    assert lines("3 packs salted butter... on second thoughts 4") == [("B2", Decimal(4))]


def test_a_correction_after_a_close_call_corrects_the_close_call() -> None:
    """ "10 OJ, 500 g vanilla pods? non, 4": the pods (sold by the piece, 500 g named no line
    of them) are corrected, not the juice before."""
    assert lines("10 orange juice, 500 g vanilla pods ? non, 4") == [
        ("J1", Decimal(10)),
        ("V1", Decimal(4)),
    ]
    assert lines("10 orange juice\n500 g vanilla pods? no, 4") == [
        ("J1", Decimal(10)),
        ("V1", Decimal(4)),
    ]


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
    assert ids_in("beurre non salé x4", catalogue, units) == [("B3", Decimal(4))]
    assert ids_in("beurre salé, non, beurre non salé x2", catalogue, units) == [("B3", Decimal(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 vanilla pods... enfin non, 4", [("V1", Decimal(4))]),
        ("6 vanilla pods, bueno no, 3", [("V1", Decimal(3))]),
    ],
)
def test_fillers_before_taking_back(text: str, expected: list[tuple[str, Decimal]]) -> None:
    assert lines(text) == expected


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


def test_instead_and_bell_peppers() -> None:
    catalogue = [("R1", "Peppers, red"), ("P1", "Parmesan")]
    units = {"R1": "kg", "P1": "kg"}
    assert ids_in("bell peppers 2kg", catalogue, units) == [("R1", Decimal(2))]
    assert ids_in("2 kg de parmesan à la place", catalogue, units) == [("P1", Decimal(2))]
    assert ids_in("2 kg de parmesano en su lugar", catalogue, units) == [("P1", Decimal(2))]


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


def test_a_filler_alone_before_a_quantity_corrects() -> None:
    assert lines("plum tomatoes 2 kg, bueno, 3 kg") == [("T2", Decimal(3))]
    assert lines("plum tomatoes 2 kg, well, 3 kg") == [("T2", Decimal(3))]


def test_what_a_line_replaces_is_not_what_it_is() -> None:
    assert lines("2 orange juice instead of the skimmed milk") == [("J1", Decimal(2))]
    assert lines("tu peux mettre 3 kg de parmesan à la place des tomates plum") == [
        ("P1", Decimal(3))
    ]
    assert lines("¿puedes poner 2 kg de parmesano en vez del tomate?") == [("P1", Decimal(2))]


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
    assert ids_in(text, MUSHROOMS, MUSHROOM_UNITS) == expected


def test_the_one_left_after_ruling_out_is_the_line() -> None:
    catalogue = MUSHROOMS[:2]
    assert ids_in("mushrooms 3kg - not the chestnut ones", catalogue, MUSHROOM_UNITS) == [
        ("U1", Decimal(3))
    ]
    parsed = parse("mushrooms 3kg - not the oyster ones", catalogue, MUSHROOM_UNITS)
    assert parsed.lines == [] and len(parsed.unsure[0].candidates) == 2  # nothing ruled out


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
    assert ids_in(text, catalogue, MUSHROOM_UNITS) == expected


def test_a_correction_of_a_quantity_the_goods_are_not_sold_in() -> None:
    """ "could we start with 10kg maris piper... sorry, 2 sacks": the goods are sold by the
    sack, so the first quantity named nothing; the correction gives the line."""
    catalogue = [("P1", "Potatoes, Maris Piper — 25kg sack"), ("C1", "Carrots")]
    units = {"P1": "bag", "C1": "kg"}
    text = "Could we start with 10kg maris piper... sorry, 2 sacks, and 5kg carrots"
    assert ids_in(text, catalogue, units) == [("P1", Decimal(2)), ("C1", Decimal(5))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vanilla pods x3, orange juice x2 - actually forget the vanilla", [("J1", Decimal(2))]),
        ("6 vanilla pods, 2 orange juice. Scrap the juice, just the pods", [("V1", Decimal(6))]),
        ("6 vanilla pods, 2 orange juice, cancel the vanilla pods", [("J1", Decimal(2))]),
        ("6 vanilla pods, 2 orange juice - en fait oubliez la vanilla", [("J1", Decimal(2))]),
        ("6 vanilla pods, 2 orange juice, no, forget the juice", [("V1", Decimal(6))]),
        ("6 vanilla, 2 orange juice. Finalement pas de juice", [("V1", Decimal(6))]),
        ("6 vanilla, 2 orange juice - mejor quita la vanilla", [("J1", Decimal(2))]),
        ("6 vanilla, 2 orange juice. Al final sin juice, solo vanilla", [("V1", Decimal(6))]),
        # what was never a line of this message: nothing to take back
        ("forget the vanilla, 2 orange juice", [("J1", Decimal(2))]),
        ("2 salted butter, no unsalted butter", [("B2", Decimal(2))]),
        ("2 salted butter, pas de unsalted butter", [("B2", Decimal(2))]),
        # goods that tell no line apart: both stay
        (
            "1 salted butter, 2 unsalted butter, forget the butter",
            [("B2", Decimal(1)), ("B1", Decimal(2))],
        ),
    ],
)
def test_goods_cancelled_later_in_the_message(
    text: str, expected: list[tuple[str, Decimal]]
) -> None:
    """ "basil x3, coriander x2 - actually forget the basil": a cancelling word (forget,
    scrap, cancel, oubliez, annulez, quita, olvida, and "pas de", "sin", "no" with goods)
    takes back the line its goods clearly name; it never takes back anything else."""
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eggs - 30 please (so one tray)", [("E2", Decimal(1))]),
        ("i need thirty eggs so a tray of eggs", [("E2", Decimal(1))]),
        ("oeufs - 30 svp (donc un plateau)", [("E2", Decimal(1))]),
        ("huevos - 30 por favor (o sea una bandeja)", [("E2", Decimal(1))]),
        # a count of packs first, or chat between: nothing is restated
        ("2 trays eggs so 2 dozen eggs", [("E2", Decimal(2)), ("E1", Decimal(2))]),
        ("40 covers tonight so we need 2 trays of eggs", [("E2", Decimal(2))]),
        ("we have 150 in for a function so 4 trays of eggs", [("E2", Decimal(4))]),
    ],
)
def test_a_count_said_again_in_packs(text: str, expected: list[tuple[str, Decimal]]) -> None:
    """ "30 eggs, so one tray": a bare count said again as packs after "so", "donc", "o sea"
    is the later count."""
    eggs = [("E1", "Eggs — dozen"), ("E2", "Eggs — tray of 30")]
    assert ids_in(text, eggs, {"E1": "dozen", "E2": "tray"}) == expected
