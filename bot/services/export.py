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

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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
    """Write-only workbook (rows streamed, not held as cell objects); money cells are numbers
    shown with two decimals."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("orders")
    sheet.append(list(COLUMNS))
    for row in rows(orders, timezone):
        cells: list[object] = []
        for value in row:
            if isinstance(value, Money):
                cell = WriteOnlyCell(sheet, value=float(value))
                places = max(0, -int(value.as_tuple().exponent))
                cell.number_format = "0." + "0" * places if places else "0"
                cells.append(cell)
            elif isinstance(value, Decimal):
                cells.append(float(value))
            else:
                cells.append(_cell(value) if isinstance(value, str) else value)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
