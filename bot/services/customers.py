"""The team's use cases on customers: list, card, edits, reps, labels, create, delete,
sales chart.  Admins act on every customer of their vendor; sales reps on their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bot.services.team import Seat, seat_of
from domain.enums import CutoffKind, InviteKind, OrderStatus, Role
from domain.errors import CustomerNotFound, InvalidInput, NotAllowed
from domain.rules.delivery import parse_cutoff_time, zone
from domain.rules.pricing import parse_discount
from store import Store
from store.models import Catalog, Contact, Customer, Label, Order, TeamMember, Vendor
from store.repos import Tx

PAGE_SIZE = 8
MAX_FIELD = 200


@dataclass(frozen=True)
class CustomerCard:
    customer: Customer
    vendor: Vendor
    catalog: Catalog | None
    catalogs: tuple[Catalog, ...]
    contacts: tuple[Contact, ...]
    reps: tuple[TeamMember, ...]
    all_reps: tuple[TeamMember, ...]
    orders: tuple[Order, ...]
    is_admin: bool

    @property
    def can_change_catalog(self) -> bool:
        return any(c.is_main for c in self.catalogs) and any(not c.is_main for c in self.catalogs)


class CustomerService:
    def __init__(
        self, store: Store, clock: Callable[[], datetime], bot_username: Callable[[], str]
    ) -> None:
        self.store = store
        self.clock = clock
        self.bot_username = bot_username

    async def _seat(self, tx: Tx, user_id: int) -> Seat:
        return await seat_of(tx, user_id)

    async def seat(self, user_id: int) -> Seat:
        async with self.store.read() as tx:
            return await self._seat(tx, user_id)

    async def _customer(
        self, tx: Tx, user_id: int, customer_id: int, *, admin: bool = False
    ) -> tuple[Seat, Customer]:
        seat = await self._seat(tx, user_id)
        customer = await tx.customers.find(customer_id)
        if customer is None or customer.vendor_id != seat.vendor.id:
            raise CustomerNotFound("no such customer", customer_id=customer_id)
        scope = seat.customer_scope
        if (scope is not None and customer.id not in scope) or (
            admin and seat.member.role is not Role.ADMIN
        ):
            raise NotAllowed("not this member's customer")
        return seat, customer

    # -- list and card ----------------------------------------------------------------

    async def page(
        self, user_id: int, *, text: str = "", label: str | None = None, page: int = 0
    ) -> tuple[Seat, list[Customer], int]:
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            scope = seat.customer_scope
            total = await tx.customers.count(seat.vendor.id, text=text, label=label, only_ids=scope)
            found = await tx.customers.search(
                seat.vendor.id,
                text=text,
                label=label,
                only_ids=scope,
                limit=PAGE_SIZE,
                offset=page * PAGE_SIZE,
            )
            return seat, found, total

    async def labels(self, user_id: int) -> list[Label]:
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            return await tx.labels.of_vendor(seat.vendor.id)

    async def card(self, user_id: int, customer_id: int) -> CustomerCard:
        async with self.store.read() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
            catalogs = tuple(await tx.catalogs.of_vendor(seat.vendor.id))
            catalog = next(
                (c for c in catalogs if c.id == customer.catalog_id),
                next((c for c in catalogs if c.is_main), None),
            )
            members = await tx.team.of_vendor(seat.vendor.id)
            return CustomerCard(
                customer=customer,
                vendor=seat.vendor,
                catalog=catalog,
                catalogs=catalogs,
                contacts=tuple(await tx.contacts.of_customer(customer)),
                reps=tuple(m for m in members if customer.id in m.assigned_customer_ids),
                all_reps=tuple(m for m in members if m.role is Role.REP),
                orders=tuple(await tx.orders.of_customers([customer.id], limit=5)),
                is_admin=seat.member.role is Role.ADMIN,
            )

    # -- edits ------------------------------------------------------------------------

    async def update(self, user_id: int, customer_id: int, **fields: Any) -> Customer:
        """Apply validated field changes, with an audit entry."""
        async with self.store.tx() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
            before = {k: str(getattr(customer, k)) for k in fields}
            updated = await tx.customers.update(customer.id, **fields)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="customer.update",
                entity="customer",
                entity_id=customer.id,
                details={"before": before, "after": {k: str(v) for k, v in fields.items()}},
            )
            return updated

    async def set_text(self, user_id: int, customer_id: int, field: str, text: str) -> Customer:
        value = text.strip()
        if field in ("name", "address", "customer_number"):
            if not value or len(value) > MAX_FIELD:
                raise InvalidInput(f"bad {field}", value=value[:40])
            if field == "customer_number" and len(value) > 40:
                raise InvalidInput("customer number too long", value=value[:40])
            return await self.update(user_id, customer_id, **{field: value})
        if field == "discount_percent":
            return await self.update(user_id, customer_id, discount_percent=parse_discount(value))
        if field == "cutoff_time":
            return await self.update(
                user_id,
                customer_id,
                cutoff_time=parse_cutoff_time(value),
                cutoff_override=True,
                **await self._cutoff_kind_default(user_id, customer_id),
            )
        raise InvalidInput("unknown field", value=field)

    async def _cutoff_kind_default(self, user_id: int, customer_id: int) -> dict[str, Any]:
        async with self.store.read() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
            return {} if customer.cutoff_kind else {"cutoff_kind": seat.vendor.cutoff_kind}

    async def set_cutoff(
        self,
        user_id: int,
        customer_id: int,
        *,
        enabled: bool | None = None,
        kind: CutoffKind | None = None,
    ) -> Customer:
        async with self.store.read() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
        fields: dict[str, Any] = {}
        if enabled is not None:
            fields["cutoff_override"] = enabled
            if enabled and customer.cutoff_time is None:
                fields["cutoff_time"] = seat.vendor.cutoff_time
            if enabled and customer.cutoff_kind is None:
                fields["cutoff_kind"] = seat.vendor.cutoff_kind
        if kind is not None:
            fields["cutoff_kind"] = kind
            fields["cutoff_override"] = True
            if customer.cutoff_time is None:
                fields["cutoff_time"] = seat.vendor.cutoff_time
        return await self.update(user_id, customer_id, **fields)

    async def set_days(
        self,
        user_id: int,
        customer_id: int,
        *,
        enabled: bool | None = None,
        toggle: int | None = None,
    ) -> Customer:
        async with self.store.read() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
        days = set(
            customer.delivery_days
            if customer.delivery_days is not None
            else seat.vendor.delivery_days
        )
        fields: dict[str, Any] = {}
        if enabled is not None:
            fields["delivery_days_override"] = enabled
            fields["delivery_days"] = frozenset(days)
        if toggle is not None:
            if not 0 <= toggle <= 6:
                raise InvalidInput("bad weekday", value=str(toggle))
            days ^= {toggle}
            fields["delivery_days"] = frozenset(days)
            fields["delivery_days_override"] = True
        return await self.update(user_id, customer_id, **fields)

    async def set_catalog(self, user_id: int, customer_id: int, catalog_id: int) -> Customer:
        async with self.store.read() as tx:
            seat, _customer = await self._customer(tx, user_id, customer_id)
            catalogs = {c.id: c for c in await tx.catalogs.of_vendor(seat.vendor.id)}
        if catalog_id not in catalogs or len(catalogs) < 2:
            raise NotAllowed("not a catalogue of this vendor")
        return await self.update(
            user_id, customer_id, catalog_id=None if catalogs[catalog_id].is_main else catalog_id
        )

    async def toggle_rep(self, user_id: int, customer_id: int, member_id: int) -> bool:
        async with self.store.tx() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id, admin=True)
            member = next(
                (
                    m
                    for m in await tx.team.of_vendor(seat.vendor.id)
                    if m.id == member_id and m.role is Role.REP
                ),
                None,
            )
            if member is None:
                raise NotAllowed("not a rep of this vendor")
            assigned = customer.id in member.assigned_customer_ids
            if assigned:
                await tx.team.unassign(member.id, customer.id)
            else:
                await tx.team.assign(member.id, customer.id)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="customer.rep",
                entity="customer",
                entity_id=customer.id,
                details={"member": member.id, "assigned": not assigned},
            )
            return not assigned

    # -- create, invite, delete ---------------------------------------------------------

    async def create(
        self, user_id: int, name: str, address: str, number: str
    ) -> tuple[Customer, str]:
        for value in (name, address, number):
            if not value.strip() or len(value) > MAX_FIELD:
                raise InvalidInput("bad value", value=value[:40])
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            customer = await tx.customers.create(
                vendor_id=seat.vendor.id,
                name=name.strip(),
                address=address.strip(),
                customer_number=number.strip(),
            )
            if seat.member.role is Role.REP:
                await tx.team.assign(seat.member.id, customer.id)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="customer.create",
                entity="customer",
                entity_id=customer.id,
            )
        return customer, await self.invite_link(user_id, customer.id)

    async def invite_link(self, user_id: int, customer_id: int) -> str:
        async with self.store.tx() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
            invite = await tx.invites.create(
                vendor_id=seat.vendor.id,
                kind=InviteKind.CUSTOMER,
                customer_id=customer.id,
                created_by=user_id,
                now=self.clock(),
            )
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="invite.create",
                entity="invite",
                entity_id=invite.id,
            )
        return f"https://t.me/{self.bot_username()}?start={invite.token}"

    async def delete(self, user_id: int, customer_id: int) -> Customer:
        async with self.store.tx() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id, admin=True)
            await tx.customers.soft_delete(customer.id)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="customer.delete",
                entity="customer",
                entity_id=customer.id,
            )
            return customer

    # -- labels -----------------------------------------------------------------------

    async def bulk_label(
        self, user_id: int, customer_ids: list[int], label_name: str, *, assign: bool | None = None
    ) -> bool:
        """Assign the label to every selected customer, or (when all have it, or
        ``assign=False``) unassign it; returns whether it is now assigned."""
        name = label_name.strip()
        if not name or len(name) > 40:
            raise InvalidInput("bad label", value=name[:40])
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            customers = []
            for customer_id in customer_ids:
                customer = await tx.customers.find(customer_id)
                scope = seat.customer_scope
                if (
                    customer is None
                    or customer.vendor_id != seat.vendor.id
                    or (scope is not None and customer.id not in scope)
                ):
                    raise NotAllowed("not this member's customer")
                customers.append(customer)
            label = await tx.labels.create(seat.vendor.id, name)
            if assign is None:
                assign = not all(label.name in c.labels for c in customers)
            for customer in customers:
                if assign:
                    await tx.labels.assign(customer.id, label.id)
                else:
                    await tx.labels.unassign(customer.id, label.id)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="label.assign" if assign else "label.unassign",
                entity="label",
                entity_id=label.id,
                details={"customers": customer_ids},
            )
            return assign

    # -- sales chart ------------------------------------------------------------------

    async def purchases(
        self, user_id: int, customer_id: int, first: datetime, last: datetime
    ) -> tuple[Customer, Vendor, list[Order]]:
        async with self.store.read() as tx:
            seat, customer = await self._customer(tx, user_id, customer_id)
            utc = zone("UTC")
            found, _ = await tx.orders.search(
                seat.vendor.id,
                customer_ids=frozenset({customer.id}),
                created_from=first.astimezone(utc).isoformat(timespec="microseconds"),
                created_to=last.astimezone(utc).isoformat(timespec="microseconds"),
                sort="old",
                limit=100_000,
            )
            return (
                customer,
                seat.vendor,
                [o for o in found if o.status is not OrderStatus.CANCELLED],
            )


def period_bounds(
    period: str, tz_name: str, now: datetime, custom: tuple[str, str] | None = None
) -> tuple[datetime, datetime]:
    """Local midnight bounds [first, last) of a chart period."""
    tz = zone(tz_name)
    today = now.astimezone(tz).date()
    if period == "30d":
        first = today - timedelta(days=29)
    elif period == "90d":
        first = today - timedelta(days=89)
    elif period == "year":
        first = today.replace(month=1, day=1)
    elif period == "custom" and custom is not None:
        from datetime import date

        first, end = date.fromisoformat(custom[0]), date.fromisoformat(custom[1])
        if end < first:
            raise InvalidInput("bad range", value="")
        return (
            datetime.combine(first, time(0), tz),
            datetime.combine(end + timedelta(days=1), time(0), tz),
        )
    else:
        raise InvalidInput("bad period", value=period)
    return (
        datetime.combine(first, time(0), tz),
        datetime.combine(today + timedelta(days=1), time(0), tz),
    )


__all__ = ["CustomerCard", "CustomerService", "Decimal", "period_bounds"]
