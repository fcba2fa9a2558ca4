"""Orders for the ERP: one row per order line, as CSV or XLSX (no I/O here).

Every row adds up: `net_unit_price` is the unit price less the order's discount, rounded to
the currency, and `line_total` is `net_unit_price` x `quantity`, rounded. Money always has
the currency's minor unit (two decimals for EUR, GBP, USD); the order date is the day in the
vendor's time zone. The columns are documented in the README ("Exports")."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import xlsxwriter

from domain.rules.pricing import currency_exponent, discounted_unit_price, line_total
from store.models import Order

COLUMNS = (
    "order_number",
    "order_date",
    "delivery_date",
    "status",
    "customer_number",
    "customer_name",
    "delivery_address",
    "payment_method",
    "placed_by",
    "product_id",
    "product_name",
    "unit",
    "quantity",
    "unit_price",
    "discount_percent",
    "net_unit_price",
    "line_total",
    "comment",
    "vendor_comment",
)
MONEY = frozenset({"unit_price", "net_unit_price", "line_total"})


class Money(Decimal):
    """A Decimal already rounded to its currency, written with exactly that many decimals."""


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount.quantize(Decimal(1).scaleb(-currency_exponent(currency))))


def order_day(order: Order, timezone: str) -> date:
    return order.created_at.astimezone(ZoneInfo(timezone)).date()


def rows(orders: Sequence[Order], timezone: str) -> list[list[object]]:
    out: list[list[object]] = []
    for order in orders:
        ordered_on = order_day(order, timezone).isoformat()
        for line in order.lines:
            if line.quantity <= 0:
                continue
            net = discounted_unit_price(line.unit_price, order.discount_percent, order.currency)
            out.append(
                [
                    order.order_number,
                    ordered_on,
                    order.delivery_date.isoformat(),
                    str(order.status),
                    order.customer_number,
                    order.customer_name,
                    order.delivery_address,
                    str(order.payment_method),
                    order.placed_by_name,
                    line.product_id,
                    line.product_name,
                    line.unit,
                    line.quantity,
                    _money(line.unit_price, order.currency),
                    order.discount_percent,
                    _money(net, order.currency),
                    _money(
                        line_total(
                            line.unit_price, line.quantity, order.discount_percent, order.currency
                        ),
                        order.currency,
                    ),
                    order.comment,
                    order.vendor_comment,
                ]
            )
    return out


def _plain(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral() else value, "f")


def _cell(value: object) -> str:
    if isinstance(value, Money):
        return format(value, "f")
    if isinstance(value, Decimal):
        return _plain(value)
    text = str(value)
    # keep spreadsheet programs from evaluating text as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def to_csv(orders: Sequence[Order], timezone: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows(orders, timezone):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(orders: Sequence[Order], timezone: str) -> bytes:
    """The same rows as an Excel workbook, written by XlsxWriter in constant-memory mode
    (row by row; it writes a month of a busy wholesaler's lines in well under the time
    openpyxl needs). Money cells are numbers shown with the currency's decimals; text is
    never turned into formulas, numbers or links."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("orders")
    places = currency_exponent(orders[0].currency) if orders else 2
    money = book.add_format({"num_format": "0." + "0" * places if places else "0"})
    money_columns = [i for i, name in enumerate(COLUMNS) if name in MONEY]
    sheet.write_row(0, 0, COLUMNS)
    for number, row in enumerate(rows(orders, timezone), start=1):
        sheet.write_row(
            number,
            0,
            [
                float(v) if isinstance(v, Decimal) else (_cell(v) if isinstance(v, str) else v)
                for v in row
            ],
        )
        for column in money_columns:
            sheet.write_number(number, column, float(row[column]), money)  # type: ignore[arg-type]
    book.close()
    return buffer.getvalue()
