"""The warehouse's day (issue 18): an admin asks for a delivery day and gets the pick list and
the delivery sheet as messages, an XLSX and a PDF. The lists are pure rules
(domain/rules/picking.py); this module reads the day and writes the two files."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import matplotlib
import xlsxwriter
from fpdf import FPDF
from telegram import InputFile

from bot.services import notify
from bot.services.vendor_settings import admin_vendor
from domain.enums import Role
from domain.rules.delivery import parse_cutoff_time, vendor_local, zone
from domain.rules.picking import (
    DayLine,
    DayOrder,
    DeliveryGroup,
    PickCategory,
    delivery_sheet,
    pick_list,
)
from domain.rules.telegram_html import split_text
from store import Store
from store.models import TeamMember, Vendor
from store.repos import Tx

# A font with every letter the three languages need (é, ñ, €), shipped with matplotlib.
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")


@dataclass(frozen=True)
class WarehouseDay:
    vendor: Vendor
    day: date
    orders: int
    picks: list[PickCategory]
    sheet: list[DeliveryGroup]


@dataclass(frozen=True)
class Labels:
    """The words of the files, in the reader's language (rendered by the caller)."""

    pick_title: str
    sheet_title: str
    category: str
    product: str
    unit: str
    total: str
    customers: str
    labels: str
    no_label: str
    order: str
    customer: str
    address: str
    phone: str
    payment: str
    comment: str
    payment_names: dict[str, str]


def qty(value: object) -> str:
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


WORDS = (
    "pick_title",
    "sheet_title",
    "category",
    "product",
    "unit",
    "total",
    "customers",
    "labels",
    "no_label",
    "order",
    "customer",
    "address",
    "phone",
    "payment",
    "comment",
)
FORMATS = ("xlsx", "pdf")


def labels(render: notify.Render, lang: str) -> Labels:
    """The files' words in the reader's language."""
    named = {name: render.macro(lang, "plain/warehouse.j2", name) for name in WORDS}
    payments = {
        method: render.macro(lang, "_macros.j2", "payment", p=method)
        for method in ("on_delivery", "credit", "sepa_direct_debit")
    }
    return Labels(**named, payment_names=payments)


class WarehouseService:
    def __init__(self, store: Store, clock: Callable[[], datetime], render: notify.Render) -> None:
        self.store = store
        self.clock = clock
        self.render = render

    async def today(self, user_id: int) -> date:
        async with self.store.read() as tx:
            vendor = await admin_vendor(tx, user_id)
        return self.clock().astimezone(zone(vendor.timezone)).date()

    async def day(self, user_id: int, delivery: date) -> WarehouseDay:
        """The day's pick list and delivery sheet (admins only)."""
        async with self.store.read() as tx:
            vendor = await admin_vendor(tx, user_id)
            return await _day(tx, vendor, delivery)

    async def send_due(self) -> int:
        """The day's pick list and delivery sheet, to each admin of the vendors that asked for
        them (a setting, off by default), once the vendor's last cutoff of the day has passed
        (its own, or a customer's later one): once per vendor and delivery day. How many
        messages were queued."""
        now = self.clock()
        async with self.store.read() as tx:
            vendors = [v for v in await tx.vendors.of_bot() if v.picklist_at_cutoff]
        queued = 0
        for vendor in vendors:
            local = vendor_local(now, zone(vendor.timezone))
            delivery = local.date() + timedelta(days=1)
            async with self.store.tx() as tx:
                last = await tx.reminders.last_cutoff(
                    vendor.id, vendor.cutoff_time.strftime("%H:%M")
                )
                if local.time() < parse_cutoff_time(last) or delivery in vendor.closure_dates:
                    continue
                day = await _day(tx, vendor, delivery)
                if not day.orders or not await tx.reminders.pick_list_sent(
                    vendor.id, delivery, now
                ):
                    continue  # nothing to pick, or sent already
                for member in await tx.team.of_vendor(vendor.id):
                    if member.role is not Role.ADMIN:
                        continue
                    queued += await self._send(tx, vendor, day, member)
        return queued

    async def _send(self, tx: Tx, vendor: Vendor, day: WarehouseDay, member: TeamMember) -> int:
        language = notify.member_language(member, vendor)
        chat_id = member.telegram_user_id
        parts = [
            part
            for template in ("team/pick_list.j2", "team/delivery_sheet.j2")
            for part in split_text(self.render.render(language, template, day=day))
        ]
        stamp = day.day.isoformat()
        for index, part in enumerate(parts):
            await tx.outbox.enqueue(
                kind="vendor_notice",
                vendor_id=vendor.id,
                chat_id=chat_id,
                payload=notify.message(chat_id, part),
                dedupe_key=f"picklist:{vendor.id}:{stamp}:{chat_id}:{index}",
            )
        caption = self.render.render(language, "team/warehouse_files.j2", day=day)
        for kind in FORMATS:  # the files are drawn when sent: the outbox keeps no bytes
            await tx.outbox.enqueue(
                kind="day_file",
                vendor_id=vendor.id,
                chat_id=chat_id,
                payload={
                    "method": "sendDocument",
                    "params": {"chat_id": chat_id, "caption": caption},
                    "day_file": {
                        "vendor_id": vendor.id,
                        "day": stamp,
                        "format": kind,
                        "language": language,
                    },
                },
                dedupe_key=f"picklist:{vendor.id}:{stamp}:{chat_id}:{kind}",
            )
        return len(parts) + len(FORMATS)

    async def file_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A queued day file, drawn now from the day's orders as they are at sending time."""
        wanted = payload["day_file"]
        delivery = date.fromisoformat(str(wanted["day"]))
        async with self.store.read() as tx:
            vendor = await tx.vendors.get(int(wanted["vendor_id"]))
            day = await _day(tx, vendor, delivery)
        words = labels(self.render, str(wanted["language"]))
        kind = str(wanted["format"])
        build = xlsx if kind == "xlsx" else pdf
        data = await asyncio.to_thread(build, day, words)
        params = dict(payload["params"])
        params["document"] = InputFile(data, filename=f"day-{delivery.isoformat()}.{kind}")
        return {"method": "sendDocument", "params": params}

    async def files(self, day: WarehouseDay, words: Labels) -> tuple[bytes, bytes]:
        """The XLSX and the PDF, built off the event loop."""
        return await asyncio.to_thread(lambda: (xlsx(day, words), pdf(day, words)))


async def _day(tx: Tx, vendor: Vendor, delivery: date) -> WarehouseDay:
    """The vendor's orders to deliver that day, as the pick list and the delivery sheet."""
    orders = await tx.orders.of_delivery_day(vendor.id, delivery)
    labels = await tx.labels.of_customers(sorted({o.customer_id for o in orders}))
    categories = {p.product_id: p.category for p in await tx.catalogs.all_products(vendor.id)}
    day_orders = [
        DayOrder(
            order_number=o.order_number,
            status=o.status,
            customer_name=o.customer_name,
            customer_number=o.customer_number,
            address=o.delivery_address,
            phone=o.placed_by_phone,
            payment_method=o.payment_method,
            comment=o.comment,
            labels=labels.get(o.customer_id, ()),
            lines=tuple(
                DayLine(ln.product_id, ln.product_name, ln.unit, ln.quantity) for ln in o.lines
            ),
        )
        for o in orders
    ]
    return WarehouseDay(
        vendor, delivery, len(orders), pick_list(day_orders, categories), delivery_sheet(day_orders)
    )


def xlsx(day: WarehouseDay, words: Labels) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    picks = book.add_worksheet(words.pick_title[:31])
    picks.write_row(
        0,
        0,
        [words.category, "product_id", words.product, words.unit, words.total, words.customers],
        bold,
    )
    row = 1
    for category in day.picks:
        for item in category.items:
            picks.write_row(
                row, 0, [category.category, item.product_id, item.product_name, item.unit]
            )
            picks.write_number(row, 4, float(item.total))
            picks.write_string(
                row, 5, ", ".join(f"{c.customer_name} {qty(c.quantity)}" for c in item.customers)
            )
            row += 1
    sheet = book.add_worksheet(words.sheet_title[:31])
    sheet.write_row(
        0,
        0,
        [
            words.labels,
            words.order,
            words.customer,
            "customer_number",
            words.address,
            words.phone,
            words.payment,
            words.comment,
        ],
        bold,
    )
    row = 1
    for group in day.sheet:
        for order in group.orders:
            sheet.write_row(
                row,
                0,
                [
                    ", ".join(group.labels) or words.no_label,
                    order.order_number,
                    order.customer_name,
                    order.customer_number,
                    order.address,
                    order.phone or "",
                    words.payment_names.get(str(order.payment_method), str(order.payment_method)),
                    order.comment,
                ],
            )
            row += 1
    book.close()
    return out.getvalue()


def pdf(day: WarehouseDay, words: Labels) -> bytes:
    doc = FPDF(format="A4")
    doc.add_font("body", "", str(FONT))
    doc.add_font("body", "B", str(BOLD))
    doc.set_auto_page_break(auto=True, margin=15)

    def line(text: str, size: int, *, bold: bool = False, indent: bool = False) -> None:
        doc.set_font("body", "B" if bold else "", size)
        doc.multi_cell(
            0, size * 0.6, ("    " if indent else "") + text, new_x="LMARGIN", new_y="NEXT"
        )

    def heading(title: str) -> None:
        doc.add_page()
        line(f"{title} · {day.vendor.name} · {day.day.isoformat()}", 14, bold=True)
        doc.ln(2)

    heading(words.pick_title)
    for category in day.picks:
        line(category.category or "—", 11, bold=True)
        for item in category.items:
            total = f"{qty(item.total)} × {item.product_name} ({item.unit}) · {item.product_id}"
            line(total, 10, bold=True)
            whose = ", ".join(f"{c.customer_name} {qty(c.quantity)}" for c in item.customers)
            line(whose, 9, indent=True)
        doc.ln(2)
    heading(words.sheet_title)
    for group in day.sheet:
        line(", ".join(group.labels) or words.no_label, 11, bold=True)
        for order in group.orders:
            line(
                f"{order.customer_name} ({order.customer_number}) · {order.order_number}",
                10,
                bold=True,
            )
            payment = words.payment_names.get(str(order.payment_method), "")
            details = [order.address, order.phone or "", payment]
            line(" · ".join(d for d in details if d), 9, indent=True)
            if order.comment:
                line(f"{words.comment}: {order.comment}", 9, indent=True)
        doc.ln(2)
    return bytes(doc.output())
