"""Cutoff reminders: which customers were reminded for which delivery day (once each)."""

from __future__ import annotations

from datetime import date, datetime

from store.models import Model
from store.repos.base import Repo, day, iso


class Reminded(Model):
    customer_id: int
    customer_name: str
    reminded_at: datetime
    ordered_after: bool  # an order for that day was placed after the reminder


class ReminderRepo(Repo):
    async def deliveries_since(
        self, vendor_id: int, since: datetime, delivery: date
    ) -> dict[int, tuple[list[date], bool]]:
        """Per customer of the vendor with recent orders (placed since ``since``, not
        cancelled): their delivery dates, and whether one is for ``delivery`` already."""
        rows = await self._all(
            "SELECT customer_id, delivery_date FROM orders WHERE vendor_id = ? "
            "AND status != 'cancelled' AND (created_at >= ? OR delivery_date = ?)",
            (vendor_id, iso(since), day(delivery)),
        )
        found: dict[int, tuple[list[date], bool]] = {}
        for row in rows:
            value = row["delivery_date"]
            when = value if isinstance(value, date) else date.fromisoformat(str(value))
            dates, ordered = found.get(row["customer_id"], ([], False))
            dates.append(when)
            found[row["customer_id"]] = (dates, ordered or when == delivery)
        return found

    async def record(self, customer_id: int, delivery: date, at: datetime) -> bool:
        """True the first time only: the reminder for that customer and day is sent once."""
        row = await self._one(
            "INSERT INTO cutoff_reminders (customer_id, delivery_date, reminded_at) "
            "VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING customer_id",
            (customer_id, day(delivery), iso(at)),
        )
        return row is not None

    async def last_cutoff(self, vendor_id: int, vendor_cutoff: str) -> str:
        """The latest cutoff time (HH:MM) of the vendor and its customers' own cutoffs."""
        rows = await self._all(
            "SELECT DISTINCT cutoff_time FROM customers WHERE vendor_id = ? "
            "AND cutoff_override = 1 AND deleted_at IS NULL AND cutoff_time IS NOT NULL",
            (vendor_id,),
        )
        return max([vendor_cutoff, *(str(r["cutoff_time"]) for r in rows)])

    async def pick_list_sent(self, vendor_id: int, delivery: date, at: datetime) -> bool:
        """True the first time only: the day's pick list is sent once."""
        row = await self._one(
            "INSERT INTO sent_pick_lists (vendor_id, delivery_date, sent_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING vendor_id",
            (vendor_id, day(delivery), iso(at)),
        )
        return row is not None

    async def of_day(self, vendor_id: int, delivery: date) -> list[Reminded]:
        """Who was reminded for ``delivery``, and who ordered for it after the reminder."""
        rows = await self._all(
            "SELECT r.customer_id, c.name AS customer_name, r.reminded_at, EXISTS ("
            " SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id"
            " AND o.delivery_date = r.delivery_date AND o.status != 'cancelled'"
            " AND o.created_at > r.reminded_at) AS ordered_after "
            "FROM cutoff_reminders r JOIN customers c ON c.id = r.customer_id "
            "WHERE c.vendor_id = ? AND r.delivery_date = ? ORDER BY c.name, c.id",
            (vendor_id, day(delivery)),
        )
        return [
            Reminded(
                customer_id=r["customer_id"],
                customer_name=r["customer_name"],
                reminded_at=r["reminded_at"],
                ordered_after=bool(r["ordered_after"]),
            )
            for r in rows
        ]
