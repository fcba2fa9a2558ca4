"""The small catalogue the free-text rule tests share (not the shared dev set's), and how
they read a message against it."""

from __future__ import annotations

from decimal import Decimal

from domain.rules.free_text import parse

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
    """The lines ``text`` gives on the shared small catalogue."""
    return [(ln.product_id, ln.quantity) for ln in parse(text, CATALOGUE, UNITS).lines]


def ids_in(
    text: str, catalogue: list[tuple[str, str]], units: dict[str, str]
) -> list[tuple[str, Decimal]]:
    """The lines ``text`` gives on a test's own catalogue."""
    return [(ln.product_id, ln.quantity) for ln in parse(text, catalogue, units).lines]


MUSHROOMS = [
    ("U1", "Mushrooms, button"),
    ("U2", "Mushrooms, chestnut"),
    ("U3", "Mushrooms, oyster"),
    ("C1", "Carrots"),
]


MUSHROOM_UNITS = {"U1": "kg", "U2": "kg", "U3": "kg", "C1": "kg"}
