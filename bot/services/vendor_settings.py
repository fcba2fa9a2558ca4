"""Admins change the vendor's settings and import catalogues."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_name

from bot.i18n import LANGUAGES
from domain.enums import CutoffKind, Role
from domain.errors import InvalidInput, NotAllowed, NotLinked
from domain.rules.catalog_import import ParsedCatalog, RowError, parse_csv, parse_rows
from domain.rules.dates import parse_days
from domain.rules.delivery import parse_cutoff_time, zone
from domain.rules.pricing import parse_money
from store import Store
from store.models import Vendor
from store.repos import Tx

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_CLOSURES = 100


def parse_xlsx(data: bytes) -> ParsedCatalog:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        return ParsedCatalog(errors=[RowError(1, "bad_file", type(exc).__name__)])
    sheet = book.active
    if sheet is None:
        return ParsedCatalog(errors=[RowError(1, "no_rows")])
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return ParsedCatalog(errors=[RowError(1, "no_rows")])

    def text(cell: Any) -> str:
        if cell is None:
            return ""
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))
        return str(cell)

    numbered: Iterable[tuple[int, list[str]]] = (
        (index, [text(c) for c in row]) for index, row in enumerate(rows, start=2)
    )
    return parse_rows([text(h) for h in header], numbered)


def parse_upload(file_name: str, data: bytes) -> ParsedCatalog:
    name = file_name.lower()
    if len(data) > MAX_IMPORT_BYTES:
        return ParsedCatalog(errors=[RowError(1, "too_big")])
    if name.endswith(".csv"):
        try:
            return parse_csv(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return ParsedCatalog(errors=[RowError(1, "not_utf8")])
    if name.endswith(".xlsx"):
        return parse_xlsx(data)
    return ParsedCatalog(errors=[RowError(1, "wrong_kind", file_name[-20:])])


async def admin_vendor(tx: Tx, user_id: int) -> Vendor:
    """The vendor `user_id` is an admin of; NotLinked / NotAllowed otherwise."""
    members = await tx.team.memberships(user_id)
    if not members:
        raise NotLinked("not a team member")
    admin = next((m for m in members if m.role is Role.ADMIN), None)
    if admin is None:
        raise NotAllowed("admins only")
    return await tx.vendors.get(admin.vendor_id)


class SettingsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def _admin(self, tx: Tx, user_id: int) -> Vendor:
        return await admin_vendor(tx, user_id)

    async def vendor(self, user_id: int) -> Vendor:
        async with self.store.read() as tx:
            return await self._admin(tx, user_id)

    async def update(self, user_id: int, **fields: Any) -> Vendor:
        async with self.store.tx() as tx:
            vendor = await self._admin(tx, user_id)
            before = {k: str(getattr(vendor, k)) for k in fields}
            updated = await tx.vendors.update(vendor.id, **fields)
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="vendor.update",
                entity="vendor",
                entity_id=vendor.id,
                details={"before": before, "after": {k: str(v) for k, v in fields.items()}},
            )
            return updated

    async def set_text(
        self,
        user_id: int,
        field: str,
        text: str,
        *,
        today: date | None = None,
        language: str = "en",
    ) -> Vendor:
        """One typed setting; `today` (vendor-local) and `language` read typed dates."""
        value = text.strip()
        if field == "timezone":
            zone(value)
            return await self.update(user_id, timezone=value)
        if field == "cutoff_time":
            return await self.update(user_id, cutoff_time=parse_cutoff_time(value))
        if field == "minimum_order_value":
            if value.lower() in ("none", "0", "-", "aucun", "ninguno"):
                return await self.update(user_id, minimum_order_value=None)
            amount = parse_money(value)
            if amount > Decimal(1_000_000):
                raise InvalidInput("too large", value=value)
            return await self.update(user_id, minimum_order_value=amount)
        if field == "currency":
            code = value.upper()
            if len(code) != 3 or get_currency_name(code) == code:
                raise InvalidInput("unknown currency", value=value[:10], reason="currency")
            return await self.update(user_id, currency=code)
        if field == "reminder_hours":
            if not re.fullmatch(r"\d{1,2}", value) or int(value) > 24:
                raise InvalidInput("hours 0-24", value=value[:10], reason="reminder_hours")
            return await self.update(user_id, reminder_hours=int(value))
        if field == "standing_notice_hours":
            if not re.fullmatch(r"\d{1,2}", value) or not 1 <= int(value) <= 48:
                raise InvalidInput("hours 1-48", value=value[:10], reason="standing_notice_hours")
            return await self.update(user_id, standing_notice_hours=int(value))
        if field == "closures":
            return await self.set_closures(user_id, value, today or date.today(), language)
        raise InvalidInput("unknown setting", value=field)

    async def set_closures(
        self, user_id: int, text: str, today: date, language: str = "en"
    ) -> Vendor:
        days: set[date] = set()
        if text.lower() not in ("none", "-", "aucun", "aucune", "ninguno", "ninguna"):
            days = set(parse_days(text, today, language))
        if len(days) > MAX_CLOSURES:
            raise InvalidInput("too many dates", value=str(len(days)), reason="too_many_dates")
        async with self.store.tx() as tx:
            vendor = await self._admin(tx, user_id)
            await tx.vendors.set_closures(vendor.id, frozenset(days))
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="vendor.closures",
                entity="vendor",
                entity_id=vendor.id,
                details={"days": sorted(d.isoformat() for d in days)},
            )
            return await tx.vendors.get(vendor.id)

    async def toggle_day(self, user_id: int, day: int) -> Vendor:
        vendor = await self.vendor(user_id)
        if not 0 <= day <= 6:
            raise InvalidInput("bad weekday", value=str(day))
        return await self.update(
            user_id, delivery_days=frozenset(set(vendor.delivery_days) ^ {day})
        )

    async def toggle_kind(self, user_id: int) -> Vendor:
        vendor = await self.vendor(user_id)
        kind = CutoffKind.FLEXIBLE if vendor.cutoff_kind is CutoffKind.STRICT else CutoffKind.STRICT
        return await self.update(user_id, cutoff_kind=kind)

    async def next_language(self, user_id: int) -> Vendor:
        """The team's language, in turn English, French, Spanish."""
        vendor = await self.vendor(user_id)
        index = LANGUAGES.index(vendor.language) if vendor.language in LANGUAGES else -1
        return await self.update(user_id, language=LANGUAGES[(index + 1) % len(LANGUAGES)])

    async def toggle_rep_cards(self, user_id: int) -> Vendor:
        vendor = await self.vendor(user_id)
        return await self.update(
            user_id, rep_cards="group" if vendor.rep_cards == "private" else "private"
        )

    async def toggle_picklist(self, user_id: int) -> Vendor:
        """The day's pick list to the admins at the last cutoff: on, or off again."""
        vendor = await self.vendor(user_id)
        return await self.update(user_id, picklist_at_cutoff=not vendor.picklist_at_cutoff)

    async def toggle_number_edit(self, user_id: int) -> Vendor:
        vendor = await self.vendor(user_id)
        return await self.update(user_id, customers_edit_number=not vendor.customers_edit_number)
