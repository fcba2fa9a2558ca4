"""The free-text parser, phenomenon by phenomenon, in English, French and Spanish.

The catalogue and messages here are this project's own (not the development set)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rules.free_text import parse

CATALOG = [
    ("P01", "Courgettes", "kg"),
    ("P02", "Aubergines", "kg"),
    ("P03", "Poivrons rouges", "kg"),
    ("P04", "Poivrons verts", "kg"),
    ("P05", "Laitue romaine", "piece"),
    ("P06", "Menthe fraîche", "bunch"),
    ("P07", "Yaourt nature 1kg", "pot"),
    ("P08", "Jus d'orange 1l", "bottle"),
    ("P09", "Jus d'orange 25cl x12", "case"),
    ("P10", "Oeufs bio", "dozen"),
    ("P11", "Oeufs bio plateau de 30", "tray"),
    ("P12", "Farine de blé T45 25kg", "bag"),
    ("P13", "Farine de blé T80 25kg", "bag"),
    ("P14", "Fromage de chèvre", "kg"),
    ("P15", "Sel fin 10kg", "bag"),
    ("P16", "Vinaigre balsamique 50cl", "bottle"),
    ("P17", "Zucchini", "kg"),
    ("P18", "Berenjenas", "kg"),
    ("P19", "Pimientos rojos", "kg"),
    ("P20", "Queso de cabra", "kg"),
    ("P21", "Mint", "bunch"),
    ("P22", "Natural yoghurt 1kg", "pot"),
    ("P23", "Orange juice 1l", "bottle"),
    ("P24", "Free range eggs", "dozen"),
    ("P25", "Goat cheese", "kg"),
    ("P26", "Green peppers", "kg"),
    ("P27", "Red peppers", "kg"),
]
PAIRS = [(pid, name) for pid, name, _ in CATALOG]
UNITS = {pid: unit for pid, _, unit in CATALOG}


def lines(text: str) -> list[tuple[str, Decimal]]:
    return [(ln.product_id, ln.quantity) for ln in parse(text, PAIRS, UNITS).lines]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one item per line, lists with commas and and/et/y
        ("3 kg courgettes\n2 kg aubergines", [("P01", 3), ("P02", 2)]),
        (
            "goat cheese 2kg, mint 3 bunches and red peppers 4kg",
            [("P25", 2), ("P21", 3), ("P27", 4)],
        ),
        ("2 kg de courgettes et 3 kg de poivrons verts", [("P01", 2), ("P04", 3)]),
        ("3 kg de berenjenas y 2 kg de pimientos rojos", [("P18", 3), ("P19", 2)]),
        # quantity before or after, with x
        ("mint x6", [("P21", 6)]),
        ("6x mint", [("P21", 6)]),
        ("6 x mint", [("P21", 6)]),
        ("orange juice 1l x 4", [("P23", 4)]),
        # decimals with dot or comma
        ("goat cheese 1.5 kg", [("P25", Decimal("1.5"))]),
        ("fromage de chèvre 2,5 kg", [("P14", Decimal("2.5"))]),
        ("queso de cabra 0,75 kg", [("P20", Decimal("0.75"))]),
    ],
)
def test_lists_positions_and_decimals(text: str, expected: list[tuple[str, object]]) -> None:
    assert lines(text) == [(pid, Decimal(str(q))) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two bunches of mint and three kilos of green peppers", [("P21", 2), ("P26", 3)]),
        ("deux bottes de menthe et trois kilos de poivrons rouges", [("P06", 2), ("P03", 3)]),
        ("dos kilos de berenjenas y tres kilos de zanahorias", [("P18", 2)]),
        ("a dozen free range eggs", [("P24", 1)]),
        ("une douzaine d'oeufs bio", [("P10", 1)]),
        ("deux plateaux d'oeufs bio", [("P11", 2)]),
        ("half a kilo of goat cheese", [("P25", Decimal("0.5"))]),
        ("un demi kilo de fromage de chèvre", [("P14", Decimal("0.5"))]),
        ("medio kilo de queso de cabra", [("P20", Decimal("0.5"))]),
    ],
)
def test_number_words_dozens_and_halves(text: str, expected: list[tuple[str, object]]) -> None:
    assert lines(text) == [(pid, Decimal(str(q))) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("750g goat cheese", [("P25", Decimal("0.75"))]),  # g -> kg
        ("500 g de fromage de chèvre", [("P14", Decimal("0.5"))]),
        ("250 gramos de queso de cabra", [("P20", Decimal("0.25"))]),
        ("3 btl orange juice 1l", [("P23", 3)]),
        ("2 bouteilles de jus d'orange 1l", [("P08", 2)]),
        ("1 caisse de jus d'orange 25cl", [("P09", 1)]),
        ("2 sacs de farine T80", [("P13", 2)]),  # the code picks the flour
        ("1 sac de T45", [("P12", 1)]),
        ("20 kg de sel fin", [("P15", 2)]),  # 20 kg of a 10 kg bag: two bags
        ("2 pots de yaourt nature", [("P07", 2)]),
        ("vinaigre balsamique 150cl", [("P16", 3)]),  # 150 cl of 50 cl bottles
    ],
)
def test_units_and_conversions(text: str, expected: list[tuple[str, object]]) -> None:
    assert lines(text) == [(pid, Decimal(str(q))) for pid, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 kg courgetes", [("P01", 3)]),  # typo
        ("2 kg fromage de chevre", [("P14", 2)]),  # missing accent
        ("2 kg de poivron rouge", [("P03", 2)]),  # singular, gender
        ("4 kg berenjena", [("P18", 4)]),
        ("GOAT CHEESE 2 KG", [("P25", 2)]),
        ("Hi there! 2 bunches of mint please, thanks a lot", [("P21", 2)]),
        ("Bonjour, pour demain svp : 2 kg de courgettes. Merci !", [("P01", 2)]),
        ("Hola buenas! para mañana 3 kg de zucchini, gracias 😊", [("P17", 3)]),
    ],
)
def test_typos_accents_and_chatter(text: str, expected: list[tuple[str, object]]) -> None:
    assert lines(text) == [(pid, Decimal(str(q))) for pid, q in expected]


@pytest.mark.parametrize(
    "text", ["2 kg of truffles", "3 boîtes de caviar", "1 kg de percebes frescos"]
)
def test_items_not_in_the_catalogue_are_unmatched(text: str) -> None:
    parsed = parse(text, PAIRS, UNITS)
    assert parsed.lines == [] and parsed.unsure == [] and len(parsed.unmatched) == 1


@pytest.mark.parametrize("text", ["3 kg peppers", "2 kg de poivrons", "2 oeufs bio svp"])
def test_close_calls_are_asked_not_guessed(text: str) -> None:
    parsed = parse(text, PAIRS, UNITS)
    assert parsed.lines == []
    assert len(parsed.unsure) == 1 and len(parsed.unsure[0].candidates) >= 2


def test_a_weight_for_a_bunch_is_asked() -> None:
    parsed = parse("1 kg of mint", PAIRS, UNITS)
    assert parsed.lines == [] and parsed.unsure[0].candidates[0].product_id == "P21"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_never_raises(text: str) -> None:
    parsed = parse(text, PAIRS, UNITS)
    for line in parsed.lines:
        assert line.quantity > 0


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "2",
                "x",
                "kg",
                "de",
                "mint",
                "½",
                "1,5",
                ",",
                "et",
                "y",
                "deux",
                "demi",
                "T45",
                "25cl",
                "😊",
                "\n",
                "douzaine",
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_order_like_noise(words: list[str]) -> None:
    parse(" ".join(words), PAIRS, UNITS)


def test_long_message_is_handled() -> None:
    """Every item of a 2,000-character message is read (speed: bench/parse_speed.py)."""
    text = ("2 kg de courgettes, 3 bottes de menthe et un demi kilo de fromage de chèvre. " * 30)[
        :2000
    ]
    parsed = parse(text, PAIRS, UNITS)
    assert len(parsed.lines) >= 70
    assert {ln.product_id for ln in parsed.lines} == {"P01", "P06", "P14"}
