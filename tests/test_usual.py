"""The rule behind "My usual": most frequent products lately, each with its usual quantity."""

from __future__ import annotations

from decimal import Decimal as D

from domain.rules.usual import PastLine, UsualLine, usual_lines


def history(*orders: list[tuple[str, str]]) -> list[PastLine]:
    return [
        PastLine(number, product, D(quantity))
        for number, lines in enumerate(orders, start=1)
        for product, quantity in lines
    ]


def test_most_frequent_first_with_the_quantity_taken_most_often() -> None:
    lines = history(
        [("EGG", "1"), ("MILK", "6")],
        [("EGG", "1"), ("ROMAINE", "2")],
        [("EGG", "2"), ("MILK", "6"), ("ROMAINE", "2")],
        [("EGG", "1")],
    )
    assert usual_lines(lines) == [
        UsualLine("EGG", D(1), 4),
        UsualLine("ROMAINE", D(2), 2),  # in as many orders as milk, but ordered later
        UsualLine("MILK", D(6), 2),
    ]


def test_a_tie_of_quantities_takes_the_latest_and_zero_lines_do_not_count() -> None:
    lines = history([("MILK", "4")], [("MILK", "6")], [("MILK", "0"), ("EGG", "1")])
    assert usual_lines(lines) == [UsualLine("MILK", D(6), 2), UsualLine("EGG", D(1), 1)]


def test_limit_and_nothing_without_history() -> None:
    lines = history([(f"P{i}", "1") for i in range(12)])
    assert len(usual_lines(lines, limit=8)) == 8
    assert usual_lines([]) == []
    assert usual_lines(history([("MILK", "2.50")])) == [UsualLine("MILK", D("2.5"), 1)]
