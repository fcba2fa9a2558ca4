"""Orders for the ERP: one row per order line, as CSV or XLSX (no I/O here)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook

from domain.rules.pricing import line_total
from store.models import Order

COLUMNS = (
    "order_number",
    "order_date",
    "delivery_date",
    "status",
    "customer_number",
    "customer_name",
    "delivery_address",
    "product_id",
    "product_name",
    "unit",
    "quantity",
    "unit_price",
    "line_total",
    "comment",
)


def rows(orders: Sequence[Order]) -> list[list[object]]:
    out: list[list[object]] = []
    for order in orders:
        for line in order.lines:
            if line.quantity <= 0:
                continue
            out.append(
                [
                    order.order_number,
                    order.created_at.date().isoformat(),
                    order.delivery_date.isoformat(),
                    str(order.status),
                    order.customer_number,
                    order.customer_name,
                    order.delivery_address,
                    line.product_id,
                    line.product_name,
                    line.unit,
                    line.quantity,
                    line.unit_price,
                    line_total(
                        line.unit_price, line.quantity, order.discount_percent, order.currency
                    ),
                    order.comment,
                ]
            )
    return out


def _cell(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    text = str(value)
    # keep spreadsheet programs from evaluating text as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def to_csv(orders: Sequence[Order]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows(orders):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(orders: Sequence[Order]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "orders"
    sheet.append(list(COLUMNS))
    for row in rows(orders):
        sheet.append(
            [
                float(v) if isinstance(v, Decimal) else (_cell(v) if isinstance(v, str) else v)
                for v in row
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
