"""Order numbers, prices, quantities, permissions, standing, status, catalogue parsing."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.enums import OrderStatus, Role, Standing
from domain.errors import AlreadyInStatus, DoNotSell, InvalidQuantity, InvalidTransition, NotAllowed
from domain.rules import order_status, permissions, pricing, standing
from domain.rules.catalog_import import parse_csv
from domain.rules.order_number import is_order_number, new_order_number
from domain.rules.quantity import parse_quantity


def test_order_number_format() -> None:
    number = new_order_number(date(2022, 9, 29), random.Random(1))
    assert number.startswith("O220929") and len(number) == 13 and is_order_number(number)
    assert not is_order_number("O220929APHYZ") and is_order_number("O220929APHYZA")
    numbers = {new_order_number(date(2026, 1, 2)) for _ in range(200)}
    assert len(numbers) > 190


@pytest.mark.parametrize(
    ("price", "qty", "discount", "currency", "total"),
    [
        ("12.50", "2", "0", "EUR", "25.00"),
        ("12.50", "3", "10", "EUR", "33.75"),
        ("0.335", "1", "0", "EUR", "0.34"),  # half up
        ("1999", "3", "5", "JPY", "5697"),  # no minor unit
        ("1.005", "1", "0", "USD", "1.01"),
        ("4.20", "2.5", "12.5", "GBP", "9.20"),  # net 3.68 x 2.5: each line adds up
    ],
)
def test_line_totals(price: str, qty: str, discount: str, currency: str, total: str) -> None:
    got = pricing.line_total(Decimal(price), Decimal(qty), Decimal(discount), currency)
    assert got == Decimal(total) and str(got) == total


def test_order_total_and_discounted_price() -> None:
    lines = [pricing.line_total(Decimal("3.33"), Decimal(1), Decimal(10), "EUR")] * 3
    assert pricing.order_total(lines, "EUR") == Decimal("9.00")
    assert pricing.discounted_unit_price(Decimal("10"), Decimal("15"), "EUR") == Decimal("8.50")


@pytest.mark.parametrize(
    "text",
    ["abc", "-3", "0", "1e9", "1e3", "NaN", "inf", "10000", "2.5", "", " ", "1/2", "3 kg", "0.0"],
)
def test_bad_quantities_for_cases(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        parse_quantity(text, "case")


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("2", "case", "2"),
        ("2,5", "kg", "2.5"),
        ("0.25", "kg", "0.25"),
        ("12", "l", "12"),
        ("9999", "case 6 kg", "9999"),
    ],
)
def test_good_quantities(text: str, unit: str, value: str) -> None:
    assert parse_quantity(text, unit) == Decimal(value)


def test_discount_and_money_parsing() -> None:
    assert pricing.parse_discount("12,5 %") == Decimal("12.5")
    for bad in ("101", "-1", "abc", "1e2"):
        with pytest.raises(Exception):  # noqa: B017 - InvalidInput
            pricing.parse_discount(bad)


ADMIN = permissions.Actor(1, (permissions.Membership(10, Role.ADMIN),))
REP = permissions.Actor(2, (permissions.Membership(10, Role.REP, frozenset({100})),))
CONTACT = permissions.Actor(3, contact_of=frozenset({(10, 101)}))


@pytest.mark.parametrize(
    ("actor", "vendor", "customer", "manage", "view"),
    [
        (ADMIN, 10, 100, True, True),
        (ADMIN, 10, 101, True, True),
        (ADMIN, 11, 100, False, False),  # another vendor
        (REP, 10, 100, True, True),
        (REP, 10, 101, False, False),
        (REP, 11, 100, False, False),
        (CONTACT, 10, 101, False, True),
        (CONTACT, 10, 100, False, False),
        (CONTACT, 11, 101, False, False),
    ],
)
def test_permissions(
    actor: permissions.Actor, vendor: int, customer: int, manage: bool, view: bool
) -> None:
    assert permissions.can_manage_customer(actor, vendor, customer) is manage
    assert permissions.can_view_customer_orders(actor, vendor, customer) is view


def test_vendor_management_is_admin_only() -> None:
    assert permissions.can_manage_vendor(ADMIN, 10)
    assert not permissions.can_manage_vendor(REP, 10)
    assert not permissions.can_manage_vendor(CONTACT, 10)
    with pytest.raises(NotAllowed):
        permissions.require(permissions.can_manage_vendor(REP, 10))


def test_standing() -> None:
    assert [standing.may_order(s) for s in Standing] == [True, True, True, False]
    with pytest.raises(DoNotSell):
        standing.ensure_may_order(Standing.DO_NOT_SELL)
    assert standing.flag_on_card(Standing.DEBTOR) and not standing.flag_on_card(
        Standing.NO_INCIDENTS
    )


def test_status_transitions() -> None:
    order_status.check_transition(OrderStatus.UNCONFIRMED, OrderStatus.CONFIRMED)
    order_status.check_transition(OrderStatus.CONFIRMED, OrderStatus.DELIVERED)
    order_status.check_transition(OrderStatus.UNCONFIRMED, OrderStatus.CANCELLED)
    with pytest.raises(AlreadyInStatus):
        order_status.check_transition(OrderStatus.CONFIRMED, OrderStatus.CONFIRMED)
    for current, target in [
        (OrderStatus.CONFIRMED, OrderStatus.CANCELLED),
        (OrderStatus.UNCONFIRMED, OrderStatus.DELIVERED),
        (OrderStatus.CANCELLED, OrderStatus.CONFIRMED),
    ]:
        with pytest.raises(InvalidTransition):
            order_status.check_transition(current, target)


def test_catalog_rows_report_each_problem() -> None:
    parsed = parse_csv(
        "product_id,name,unit,price\n"
        "P1,Romaine,case,12.50\n"
        ",Nameless,case,1\n"
        "P1,Again,case,1\n"
        "P3,Bad price,case,twelve\n"
        "P4,Negative,case,-1\n"
    )
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (3, "missing_product_id"),
        (4, "duplicate_product_id"),
        (5, "bad_price"),
        (6, "bad_price"),
    ]
    unknown = parse_csv("product_id,name,unit,price,colour\nP1,R,case,1,red\n")
    assert [(e.line, e.reason, e.value) for e in unknown.errors] == [
        (1, "unknown_column", "colour")
    ]
    missing = parse_csv("product_id,name,price\nP1,R,1\n")
    assert [(e.reason, e.value) for e in missing.errors] == [("missing_column", "unit")]


@given(st.text(max_size=300))
def test_catalog_parser_never_raises(text: str) -> None:
    parsed = parse_csv(text)
    assert parsed.ok or parsed.errors


def test_catalog_plan_partial_file_keeps_what_it_does_not_name() -> None:
    from domain.rules.catalog_import import ProductRow, parse_csv
    from domain.rules.catalog_plan import merged, plan

    existing = {
        "A": ProductRow(0, "A", "Apples", "kg", Decimal("2.00"), "Fruit", True, ("Bistro",)),
        "B": ProductRow(0, "B", "Bananas", "kg", Decimal("1.50"), "Fruit", True),
        "C": ProductRow(0, "C", "Cherries", "kg", Decimal("9.00"), "Fruit", False),
    }
    parsed = parse_csv("product_id,name,unit,price\nA,Apples,kg,2.20\nN,Nuts,kg,7\n")
    assert parsed.columns == frozenset({"product_id", "name", "unit", "price"})
    result = plan(existing, parsed)
    assert [r.product_id for r in result.added] == ["N"]
    assert [(r.product_id, r.old, r.new) for r in result.repriced] == [
        ("A", Decimal("2.00"), Decimal("2.20"))
    ]
    # B is available and not listed; C is not listed but already unavailable
    assert [r.product_id for r in result.unlisted] == ["B"]
    assert result.renamed == () and result.other_changes == 0 and result.unchanged == 0
    kept = merged(parsed.rows[0], existing["A"], parsed.columns)
    assert (kept.category, kept.available, kept.catalogs) == ("Fruit", True, ("Bistro",))
    full = parse_csv(
        "product_id,name,unit,price,category,available\n"
        "A,Apples,kg,2.00,Fruit,no\nB,Bananas,box,1.50,Fruit,yes\nC,Cherries,kg,9.00,Fruit,yes\n"
    )
    result = plan(existing, full)
    assert [r.product_id for r in result.made_unavailable] == ["A"]
    assert result.other_changes == 2  # B's unit, C back in stock
    assert result.unlisted == () and result.changes_anything
    same = parse_csv("product_id,name,unit,price\nB,Bananas,kg,1.50\n")
    assert plan({"B": existing["B"]}, same).changes_anything is False
    assert type(full).from_json(full.to_json()) == full


def test_review_changes_name_what_the_customer_saw() -> None:
    from domain.rules.review import ReviewedLine, ReviewTerms, changes

    seen = ReviewTerms(
        lines=(
            ReviewedLine(product_id="A", unit_price=Decimal("2.00"), available=True),
            ReviewedLine(product_id="B", unit_price=Decimal("1.00"), available=True),
        ),
        discount_percent=Decimal(0),
        minimum=None,
        total=Decimal("3.00"),
    )
    assert changes(seen, seen).any is False
    now = ReviewTerms(
        lines=(
            ReviewedLine(product_id="A", unit_price=Decimal("1.80"), available=True),
            ReviewedLine(product_id="B", unit_price=Decimal("0.90"), available=False),
        ),
        discount_percent=Decimal(10),
        minimum=Decimal(20),
        total=Decimal("1.80"),
    )
    found = changes(seen, now)
    assert found.any and found.prices == {"A": Decimal("2.00"), "B": Decimal("1.00")}
    assert found.unavailable == {"B"} and found.discount_percent == Decimal(0)
    assert found.minimum_changed and found.minimum is None and found.total == Decimal("3.00")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("24/11", "en", date(2026, 11, 24)),
        ("24.11.2026", "fr", date(2026, 11, 24)),
        ("2026-11-24", "es", date(2026, 11, 24)),
        ("tomorrow", "en", date(2026, 11, 24)),
        ("Demain", "fr", date(2026, 11, 24)),
        ("mañana", "es", date(2026, 11, 24)),
        ("pasado mañana", "es", date(2026, 11, 25)),
        ("24 novembre", "fr", date(2026, 11, 24)),
        ("24 de noviembre", "es", date(2026, 11, 24)),
        ("Nov 24", "en", date(2026, 11, 24)),
        ("1er décembre", "fr", date(2026, 12, 1)),
        ("5/1", "en", date(2027, 1, 5)),  # no year: the next one
        ("24-11-26", "es", date(2026, 11, 24)),
        ("29 févr.", "fr", date(2028, 2, 29)),
    ],
)
def test_dates_as_people_type_them(text: str, language: str, expected: date) -> None:
    from domain.rules.dates import parse_day

    assert parse_day(text, date(2026, 11, 23), language) == expected


def test_date_ranges_lists_and_refusals() -> None:
    from domain.errors import InvalidInput
    from domain.rules.dates import parse_day, parse_days, parse_range

    today = date(2026, 11, 23)
    assert parse_range("1/11 - 15/11", today, "fr") == (date(2026, 11, 1), date(2026, 11, 15))
    assert parse_range("2026-11-01 2026-11-15", today) == (date(2026, 11, 1), date(2026, 11, 15))
    assert parse_range("20/12 - 5/1", today, prefer="future") == (
        date(2026, 12, 20),
        date(2027, 1, 5),
    )
    assert parse_range("1 nov au 15 nov", today, "fr")[1] == date(2026, 11, 15)
    assert parse_days("24/12, 25/12; 1/1", today) == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2027, 1, 1),
    ]
    assert parse_days("2026-12-25 2027-01-01", today) == [date(2026, 12, 25), date(2027, 1, 1)]
    for bad in ("31/02", "abc", "13/13", "2026-11-1x", ""):
        with pytest.raises(InvalidInput) as refused:
            parse_day(bad, today)
        assert refused.value.params["reason"] == "date"
    with pytest.raises(InvalidInput):
        parse_range("just one 24/11 date here ok", today)
    with pytest.raises(InvalidInput):
        parse_range("2026-11-15 2026-11-01", today)


def test_intent_order_partial_search_unavailable_message() -> None:
    from domain.rules.free_text import ParsedOrder, ProposedLine
    from domain.rules.intent import Intent, decide, leftover

    line = ProposedLine("A", Decimal(2), 1.0, "2 romaine")
    assert decide("2 romaine", ParsedOrder(lines=[line]), unavailable_hits=0, search_hits=0) is (
        Intent.ORDER
    )
    polite = ParsedOrder(lines=[line], other=["thanks", "merci beaucoup", "por favor"])
    assert (
        leftover(polite) == []
        and decide("2 romaine, thanks", polite, unavailable_hits=0, search_hits=0) is Intent.ORDER
    )
    note = ParsedOrder(lines=[line], other=["please leave it at the back door"])
    assert decide("…", note, unavailable_hits=0, search_hits=0) is Intent.PARTIAL
    assert leftover(note) == ["please leave it at the back door"]
    nothing = ParsedOrder(other=["where is my delivery"])
    assert decide("where is my delivery?", nothing, unavailable_hits=0, search_hits=0) is (
        Intent.MESSAGE
    )
    assert decide("asparagus", nothing, unavailable_hits=1, search_hits=0) is Intent.UNAVAILABLE
    assert decide("tomatoes", nothing, unavailable_hits=0, search_hits=2) is Intent.SEARCH
    assert decide("caviar", nothing, unavailable_hits=0, search_hits=0) is Intent.NOT_FOUND
    assert decide("thanks!", nothing, unavailable_hits=0, search_hits=0) is Intent.MESSAGE
    assert decide("any caviar?", nothing, unavailable_hits=0, search_hits=0) is Intent.MESSAGE
    long = "do you have tomatoes this week for us"
    assert decide(long, nothing, unavailable_hits=0, search_hits=2) is Intent.MESSAGE
