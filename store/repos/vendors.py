"""Vendors, their settings and closure dates."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from domain.enums import CutoffKind
from domain.errors import VendorNotFound
from domain.rules.delivery import format_weekdays, parse_weekdays, zone
from store.conn import Row
from store.models import Vendor
from store.repos.base import VENDOR_BOT, Repo, day, now_iso

_SETTINGS = {
    "name",
    "timezone",
    "currency",
    "cutoff_time",
    "cutoff_kind",
    "delivery_days",
    "minimum_order_value",
    "customers_edit_number",
    "language",
    "rep_cards",
    "reminder_hours",
    "picklist_at_cutoff",
    "standing_notice_hours",
}


def _to_sql(field: str, value: object) -> object:
    if value is None:
        return None
    if field == "cutoff_time":
        assert isinstance(value, time)
        return value.strftime("%H:%M")
    if field == "delivery_days":
        return format_weekdays(value)  # type: ignore[arg-type]
    if field == "minimum_order_value":
        return str(value)
    if field == "timezone":
        zone(str(value))
        return str(value)
    if field in ("customers_edit_number", "picklist_at_cutoff"):
        return int(bool(value))
    if field in ("reminder_hours", "standing_notice_hours"):
        return int(str(value))  # an integer column on both backends
    return str(value)


class VendorRepo(Repo):
    async def create(
        self,
        *,
        name: str,
        timezone: str,
        currency: str = "EUR",
        cutoff_time: time = time(14, 0),
        cutoff_kind: CutoffKind = CutoffKind.STRICT,
        delivery_days: frozenset[int] = frozenset(range(5)),
        minimum_order_value: Decimal | None = None,
    ) -> Vendor:
        zone(timezone)
        vendor_id = await self._insert(
            "INSERT INTO vendors (name, timezone, currency, cutoff_time, cutoff_kind, "
            "delivery_days, minimum_order_value, created_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                name,
                timezone,
                currency.upper(),
                cutoff_time.strftime("%H:%M"),
                str(cutoff_kind),
                format_weekdays(delivery_days),
                str(minimum_order_value) if minimum_order_value is not None else None,
                now_iso(),
            ),
        )
        await self._exec(
            "INSERT INTO catalogs (vendor_id, name, is_main) VALUES (?, 'Main', 1)", (vendor_id,)
        )
        return await self.get(vendor_id)

    async def _closures(self, vendor_id: int) -> frozenset[date]:
        rows = await self._all("SELECT day FROM closure_dates WHERE vendor_id = ?", (vendor_id,))
        return frozenset(date.fromisoformat(r["day"]) for r in rows)

    async def _model(self, row: Row) -> Vendor:
        hours, minutes = row["cutoff_time"].split(":")
        mov = row["minimum_order_value"]
        return Vendor(
            id=row["id"],
            name=row["name"],
            timezone=row["timezone"],
            currency=row["currency"],
            cutoff_time=time(int(hours), int(minutes)),
            cutoff_kind=CutoffKind(row["cutoff_kind"]),
            delivery_days=parse_weekdays(row["delivery_days"]),
            closure_dates=await self._closures(row["id"]),
            minimum_order_value=Decimal(mov) if mov is not None else None,
            customers_edit_number=bool(row["customers_edit_number"]),
            team_chat_id=row["team_chat_id"],
            team_chat_is_forum=bool(row["team_chat_is_forum"]),
            language=row["language"],
            rep_cards=row["rep_cards"],
            bot=row["bot"],
            reminder_hours=int(row["reminder_hours"]),
            standing_notice_hours=int(row["standing_notice_hours"]),
            picklist_at_cutoff=bool(row["picklist_at_cutoff"]),
            created_at=row["created_at"],
        )

    async def find(self, vendor_id: int) -> Vendor | None:
        row = await self._one("SELECT * FROM vendors WHERE id = ?", (vendor_id,))
        return await self._model(row) if row else None

    async def get(self, vendor_id: int) -> Vendor:
        vendor = await self.find(vendor_id)
        if vendor is None:
            raise VendorNotFound(f"no vendor {vendor_id}", vendor_id=vendor_id)
        return vendor

    async def resolve(self, ref: str) -> Vendor:
        """A vendor by id or by exact name (for the CLI)."""
        if ref.isdigit():
            return await self.get(int(ref))
        row = await self._one("SELECT * FROM vendors WHERE name = ?", (ref,))
        if row is None:
            raise VendorNotFound(f"no vendor named {ref!r}", vendor_id=ref)
        return await self._model(row)

    async def all(self) -> list[Vendor]:
        return [await self._model(r) for r in await self._all("SELECT * FROM vendors ORDER BY id")]

    async def of_bot(self) -> list[Vendor]:
        """The vendors this bot speaks for."""
        rows = await self._all(
            f"SELECT * FROM vendors v WHERE {VENDOR_BOT} = ? ORDER BY id", (self.bot,)
        )
        return [await self._model(r) for r in rows]

    async def by_team_chat(self, chat_id: int) -> Vendor | None:
        """The vendor of this bot whose team chat it is (a group may hold several bots)."""
        row = await self._one(
            f"SELECT * FROM vendors v WHERE team_chat_id = ? AND {VENDOR_BOT} = ?",
            (chat_id, self.bot),
        )
        return await self._model(row) if row else None

    async def update(self, vendor_id: int, **fields: object) -> Vendor:
        unknown = set(fields) - _SETTINGS
        if unknown:
            raise ValueError(f"not vendor settings: {sorted(unknown)}")
        if fields:
            assignments = ", ".join(f"{f} = ?" for f in fields)
            values = [_to_sql(f, v) for f, v in fields.items()]
            await self._exec(f"UPDATE vendors SET {assignments} WHERE id = ?", (*values, vendor_id))
        return await self.get(vendor_id)

    async def set_closures(self, vendor_id: int, days: frozenset[date]) -> None:
        await self._exec("DELETE FROM closure_dates WHERE vendor_id = ?", (vendor_id,))
        await self._many(
            "INSERT INTO closure_dates (vendor_id, day) VALUES (?, ?)",
            [(vendor_id, day(d)) for d in sorted(days)],
        )

    async def set_team_chat(self, vendor_id: int, chat_id: int | None, is_forum: bool) -> None:
        await self._exec(
            "UPDATE vendors SET team_chat_id = ?, team_chat_is_forum = ? WHERE id = ?",
            (chat_id, int(is_forum), vendor_id),
        )
