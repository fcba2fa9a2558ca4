"""Standing orders, their lines, and their occurrences (one row per delivery day: the notice
and the order are made once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from domain.errors import StaleAction
from domain.rules.delivery import format_weekdays, parse_weekdays
from store.conn import Row
from store.models import Model
from store.repos.base import Repo, day, iso, placeholders


class StandingStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class OccurrenceStatus(StrEnum):
    NOTICED = "noticed"  # the customer was told; it will be placed
    SKIPPED = "skipped"  # by the customer, or the vendor is closed that day
    EDITING = "editing"  # its lines went to the cart: the customer places it
    PLACED = "placed"
    NOT_PLACED = "not_placed"  # the rules refused it (reason says which)


class StandingLine(Model):
    product_id: str
    product_name: str
    quantity: Decimal


class StandingOrder(Model):
    id: int
    vendor_id: int
    customer_id: int
    customer_name: str
    contact_id: int | None
    weekdays: frozenset[int]
    comment: str
    status: StandingStatus
    created_by: int
    created_at: datetime
    lines: tuple[StandingLine, ...] = ()


class Occurrence(Model):
    standing_order_id: int
    delivery_date: date
    status: OccurrenceStatus
    reason: str
    order_id: int | None
    noticed_at: datetime


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class StandingOrderRepo(Repo):
    async def create(
        self,
        *,
        vendor_id: int,
        customer_id: int,
        contact_id: int | None,
        weekdays: frozenset[int],
        lines: Sequence[StandingLine],
        created_by: int,
        at: datetime,
        comment: str = "",
    ) -> StandingOrder:
        standing_id = await self._insert(
            "INSERT INTO standing_orders (vendor_id, customer_id, contact_id, weekdays, comment, "
            "created_by, created_at, changed_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                vendor_id,
                customer_id,
                contact_id,
                format_weekdays(weekdays),
                comment,
                created_by,
                iso(at),
                iso(at),
            ),
        )
        await self._many(
            "INSERT INTO standing_order_lines (standing_order_id, position, product_id, "
            "product_name, quantity) VALUES (?,?,?,?,?)",
            [
                (standing_id, i, ln.product_id, ln.product_name, str(ln.quantity))
                for i, ln in enumerate(lines, start=1)
            ],
        )
        return await self.get(standing_id)

    async def find(self, standing_id: int) -> StandingOrder | None:
        row = await self._one(
            "SELECT s.*, c.name AS customer_name FROM standing_orders s "
            "JOIN customers c ON c.id = s.customer_id WHERE s.id = ?",
            (standing_id,),
        )
        return (await self._models([row]))[0] if row else None

    async def get(self, standing_id: int) -> StandingOrder:
        found = await self.find(standing_id)
        if found is None:
            raise StaleAction(f"no standing order {standing_id}")
        return found

    async def of_customer(self, customer_id: int) -> list[StandingOrder]:
        """The customer's standing orders that have not ended, oldest first."""
        rows = await self._all(
            "SELECT s.*, c.name AS customer_name FROM standing_orders s "
            "JOIN customers c ON c.id = s.customer_id "
            "WHERE s.customer_id = ? AND s.status != 'ended' ORDER BY s.id",
            (customer_id,),
        )
        return await self._models(rows)

    async def of_vendor(self, vendor_id: int, *, active_only: bool = False) -> list[StandingOrder]:
        """The vendor's standing orders that have not ended (only the active ones: those
        the clock places), by customer."""
        statuses = ("active",) if active_only else ("active", "paused")
        rows = await self._all(
            "SELECT s.*, c.name AS customer_name FROM standing_orders s "
            "JOIN customers c ON c.id = s.customer_id "
            "WHERE s.vendor_id = ? AND c.deleted_at IS NULL "
            f"AND s.status IN ({placeholders(statuses)}) "
            "ORDER BY c.name, s.id",
            (vendor_id, *statuses),
        )
        return await self._models(rows)

    async def set_status(
        self, standing_id: int, status: StandingStatus, at: datetime
    ) -> StandingOrder:
        await self._exec(
            "UPDATE standing_orders SET status = ?, changed_at = ? WHERE id = ?",
            (str(status), iso(at), standing_id),
        )
        return await self.get(standing_id)

    async def _models(self, rows: Sequence[Row]) -> list[StandingOrder]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        found = await self._all(
            "SELECT standing_order_id, product_id, product_name, quantity "
            f"FROM standing_order_lines WHERE standing_order_id IN ({placeholders(ids)}) "
            "ORDER BY standing_order_id, position",
            tuple(ids),
        )
        lines: dict[int, list[StandingLine]] = {}
        for ln in found:
            lines.setdefault(ln["standing_order_id"], []).append(
                StandingLine(
                    product_id=ln["product_id"],
                    product_name=ln["product_name"],
                    quantity=Decimal(str(ln["quantity"])),
                )
            )
        return [
            StandingOrder(
                id=r["id"],
                vendor_id=r["vendor_id"],
                customer_id=r["customer_id"],
                customer_name=r["customer_name"],
                contact_id=r["contact_id"],
                weekdays=parse_weekdays(str(r["weekdays"])),
                comment=r["comment"],
                status=StandingStatus(r["status"]),
                created_by=r["created_by"],
                created_at=r["created_at"],
                lines=tuple(lines.get(r["id"], [])),
            )
            for r in rows
        ]

    # -- occurrences --------------------------------------------------------------------

    async def occurrence(self, standing_id: int, delivery: date) -> Occurrence | None:
        row = await self._one(
            "SELECT * FROM standing_occurrences WHERE standing_order_id = ? AND delivery_date = ?",
            (standing_id, day(delivery)),
        )
        return _occurrence(row) if row else None

    async def occurrences(self, standing_id: int) -> list[Occurrence]:
        rows = await self._all(
            "SELECT * FROM standing_occurrences WHERE standing_order_id = ? ORDER BY delivery_date",
            (standing_id,),
        )
        return [_occurrence(r) for r in rows]

    async def open_occurrence(
        self,
        standing_id: int,
        delivery: date,
        at: datetime,
        status: OccurrenceStatus = OccurrenceStatus.NOTICED,
        reason: str = "",
    ) -> bool:
        """True the first time only: each delivery day of a standing order is announced (or
        found closed) once."""
        row = await self._one(
            "INSERT INTO standing_occurrences (standing_order_id, delivery_date, status, reason, "
            "noticed_at, done_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
            "RETURNING standing_order_id",
            (
                standing_id,
                day(delivery),
                str(status),
                reason,
                iso(at),
                iso(at) if status is not OccurrenceStatus.NOTICED else None,
            ),
        )
        return row is not None

    async def finish(
        self,
        standing_id: int,
        delivery: date,
        status: OccurrenceStatus,
        at: datetime,
        *,
        reason: str = "",
        order_id: int | None = None,
    ) -> bool:
        """Move an announced occurrence on (placed, skipped, editing, not placed): True for
        the one transaction that does it; every other (a second process, a second tap)
        finds it done and changes nothing."""
        row = await self._one(
            "UPDATE standing_occurrences SET status = ?, reason = ?, order_id = ?, done_at = ? "
            "WHERE standing_order_id = ? AND delivery_date = ? AND status = 'noticed' "
            "RETURNING standing_order_id",
            (str(status), reason, order_id, iso(at), standing_id, day(delivery)),
        )
        return row is not None

    async def attach_order(self, standing_id: int, delivery: date, order_id: int) -> None:
        await self._exec(
            "UPDATE standing_occurrences SET order_id = ? "
            "WHERE standing_order_id = ? AND delivery_date = ?",
            (order_id, standing_id, day(delivery)),
        )

    async def opened(self, vendor_id: int, days: Sequence[date]) -> set[tuple[int, date]]:
        """The vendor's occurrences for those delivery days (announced or otherwise made)."""
        rows = await self._all(
            "SELECT o.standing_order_id, o.delivery_date FROM standing_occurrences o "
            "JOIN standing_orders s ON s.id = o.standing_order_id "
            f"WHERE s.vendor_id = ? AND o.delivery_date IN ({placeholders(days)})",
            (vendor_id, *(day(d) for d in days)),
        )
        return {(r["standing_order_id"], _date(r["delivery_date"])) for r in rows}

    async def pending(self, vendor_id: int) -> list[Occurrence]:
        """The vendor's announced occurrences not yet placed or skipped."""
        rows = await self._all(
            "SELECT o.* FROM standing_occurrences o "
            "JOIN standing_orders s ON s.id = o.standing_order_id "
            "WHERE s.vendor_id = ? AND o.status = 'noticed' ORDER BY o.delivery_date",
            (vendor_id,),
        )
        return [_occurrence(r) for r in rows]

    async def covering(self, vendor_id: int, delivery: date) -> set[int]:
        """The customers whose active standing order takes care of ``delivery`` (they are
        not reminded to order for it)."""
        rows = await self._all(
            "SELECT customer_id, weekdays FROM standing_orders "
            "WHERE vendor_id = ? AND status = 'active'",
            (vendor_id,),
        )
        return {
            r["customer_id"]
            for r in rows
            if delivery.weekday() in parse_weekdays(str(r["weekdays"]))
        }


def _occurrence(row: Row) -> Occurrence:
    return Occurrence(
        standing_order_id=row["standing_order_id"],
        delivery_date=_date(row["delivery_date"]),
        status=OccurrenceStatus(row["status"]),
        reason=row["reason"],
        order_id=row["order_id"],
        noticed_at=row["noticed_at"],
    )
