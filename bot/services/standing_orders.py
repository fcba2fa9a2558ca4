"""Standing orders (issue 18), what people do with them: a customer (or a rep for them) sets
one up from the cart or a past order, on some of the customer's delivery days; pauses,
resumes or ends it; and, on each notice, skips that one, edits it in the cart, or places it
now. What the clock does is in :mod:`bot.services.standing_runs`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.services import notify
from bot.services.ordering import OrderingService
from bot.services.standing_runs import StandingRuns
from bot.services.vendor_orders import actor
from bot.services.views import cart_view
from domain.errors import EmptyCart, InvalidInput, NotAllowed, NotLinked, StaleAction
from domain.rules.delivery import (
    check_delivery_date,
    effective_cutoff,
    effective_delivery_days,
    vendor_local,
    zone,
)
from domain.rules.permissions import can_manage_customer
from domain.rules.quantity import MAX_QUANTITY
from domain.rules.standing_orders import MAX_LINES, choosable, next_occurrence
from store import Store
from store.models import Customer, Vendor
from store.repos import Tx
from store.repos.standing_orders import (
    Occurrence,
    OccurrenceStatus,
    StandingLine,
    StandingOrder,
    StandingStatus,
)

CART = 0  # a draft's source: the cart (else a past order's id)


@dataclass(frozen=True)
class Draft:
    """A standing order about to be set up: its lines and the days it may take."""

    customer: Customer
    vendor: Vendor
    lines: tuple[StandingLine, ...]
    allowed: frozenset[int]  # the customer's delivery days
    contact_id: int | None  # who sets it up; None: the team, for the customer


@dataclass(frozen=True)
class Managed:
    """A standing order as its reader sees it: and whether they read it as the team."""

    standing: StandingOrder
    vendor: Vendor
    as_team: bool
    # just set up: its first delivery day and when it is placed (vendor clock), if soon
    first: tuple[date, datetime] | None = None


@dataclass(frozen=True)
class Moved:
    """An occurrence after a tap, and whether this tap moved it on (else it had been)."""

    occurrence: Occurrence
    moved: bool


class StandingOrderService:
    def __init__(
        self,
        store: Store,
        render: notify.Render,
        clock: Callable[[], datetime],
        ordering: OrderingService,
        runs: StandingRuns,
    ) -> None:
        self.store = store
        self.render = render
        self.clock = clock
        self.ordering = ordering
        self.runs = runs

    # -- setting up ---------------------------------------------------------------------

    async def draft(self, user_id: int, source: int) -> Draft:
        """The lines of the customer's cart (``source`` 0: the customer ordering now) or of a
        past order (its id): the customer's own, or one of a customer the team member
        manages."""
        contact_id: int | None
        if source == CART:
            o = await self.ordering.current(user_id)
            customer, vendor, contact_id = o.customer, o.vendor, o.contact.id
            async with self.store.read() as tx:
                view = cart_view(await tx.carts.get(contact_id, customer.id), customer, vendor)
            lines = [
                StandingLine(
                    product_id=ln.product.product_id,
                    product_name=ln.product.name,
                    quantity=ln.quantity,
                )
                for ln in view.lines
                if ln.quantity > 0
            ]
        else:
            async with self.store.read() as tx:
                order = await tx.orders.find(source)
                if order is None:
                    raise NotAllowed("no such order")
                contact_id = await self._contact_or_team(
                    tx, user_id, order.vendor_id, order.customer_id
                )
                customer = await tx.customers.get(order.customer_id)
                vendor = await tx.vendors.get(customer.vendor_id)
            lines = [
                StandingLine(
                    product_id=ln.product_id,
                    product_name=ln.product_name,
                    quantity=ln.quantity,
                )
                for ln in order.lines
                if ln.quantity > 0
            ]
        if not lines:
            raise EmptyCart("nothing to repeat")
        allowed = effective_delivery_days(vendor.delivery_days, customer.delivery_days_overridden)
        return Draft(customer, vendor, tuple(lines[:MAX_LINES]), allowed, contact_id)

    async def create(self, user_id: int, source: int, days: frozenset[int]) -> Managed:
        """Set the draft up as a standing order on ``days`` (some of its delivery days)."""
        draft = await self.draft(user_id, source)
        chosen = choosable(days, draft.allowed)
        if not chosen or chosen != days:
            raise InvalidInput("days outside the delivery days", reason="standing_days")
        now = self.clock()
        async with self.store.tx() as tx:
            standing = await tx.standing_orders.create(
                vendor_id=draft.vendor.id,
                customer_id=draft.customer.id,
                contact_id=draft.contact_id,
                weekdays=chosen,
                lines=draft.lines,
                created_by=user_id,
                at=now,
            )
            await tx.audit.record(
                vendor_id=draft.vendor.id,
                actor=user_id,
                action="standing.create",
                entity="standing_order",
                entity_id=standing.id,
                details={"days": sorted(chosen), "lines": len(draft.lines)},
            )
            cutoff = effective_cutoff(draft.vendor.cutoff, draft.customer.cutoff_overridden)
            local = vendor_local(now, zone(draft.vendor.timezone))
            made = Managed(
                standing,
                draft.vendor,
                draft.contact_id is None,
                next_occurrence(local, chosen, cutoff.time),
            )
            if made.as_team:  # a rep set it up: the customer's contacts are told
                await self._tell_set(tx, made)
            return made

    async def _tell_set(self, tx: Tx, made: Managed) -> None:
        customer = await tx.customers.get(made.standing.customer_id)
        for contact in await tx.contacts.of_customer(customer):
            language = await notify.contact_language(tx, contact)
            text = self.render.render(
                language,
                "customer/standing_set.j2",
                standing=made.standing,
                first=made.first,
                by_team=made.vendor.name,
            )
            chat_id = contact.telegram_user_id
            await tx.outbox.enqueue(
                kind="customer_notice",
                vendor_id=made.vendor.id,
                chat_id=chat_id,
                payload=notify.message(chat_id, text),
                dedupe_key=f"standing:set:{made.standing.id}:{contact.id}",
            )

    # -- managing -----------------------------------------------------------------------

    async def listing(self, user_id: int) -> tuple[list[Managed], bool]:
        """The standing orders the reader looks after: a contact's customer's, or (team)
        those of the customers they manage; and whether the reader is the team."""
        try:
            o = await self.ordering.current(user_id)
        except NotLinked:
            o = None  # not a contact: the team's view
        async with self.store.read() as tx:
            if o is not None:
                found = await tx.standing_orders.of_customer(o.customer.id)
                return [Managed(s, o.vendor, False) for s in found], False
            who = await actor(tx, user_id)
            if not who.memberships:
                raise NotLinked("neither a contact nor a team member")
            vendor = await tx.vendors.get(who.memberships[0].vendor_id)
            found = await tx.standing_orders.of_vendor(vendor.id)
            return [
                Managed(s, vendor, True)
                for s in found
                if can_manage_customer(who, vendor.id, s.customer_id)
            ], True

    async def set_status(self, user_id: int, standing_id: int, status: StandingStatus) -> Managed:
        """Pause, resume (also: undo an end) or end; one tap each, re-authorized."""
        async with self.store.tx() as tx:
            standing, as_team = await self._authorized(tx, user_id, standing_id)
            allowed = {
                StandingStatus.PAUSED: (StandingStatus.ACTIVE,),
                StandingStatus.ACTIVE: (StandingStatus.PAUSED, StandingStatus.ENDED),
                StandingStatus.ENDED: (StandingStatus.ACTIVE, StandingStatus.PAUSED),
            }[status]
            vendor = await tx.vendors.get(standing.vendor_id)
            if standing.status is status:
                return Managed(standing, vendor, as_team)  # a second tap: nothing to do
            if standing.status not in allowed:
                raise StaleAction("standing order changed")
            standing = await tx.standing_orders.set_status(standing.id, status, self.clock())
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action=f"standing.{status}",
                entity="standing_order",
                entity_id=standing.id,
                details={},
            )
            return Managed(standing, vendor, as_team)

    # -- one occurrence, from its notice --------------------------------------------------

    async def skip(self, user_id: int, standing_id: int, delivery: date) -> Moved:
        """This one is not placed (the standing order goes on)."""
        async with self.store.tx() as tx:
            await self._authorized(tx, user_id, standing_id)
            moved = await tx.standing_orders.finish(
                standing_id, delivery, OccurrenceStatus.SKIPPED, self.clock(), reason="customer"
            )
            return Moved(await self._occurrence(tx, standing_id, delivery), moved)

    async def edit(self, user_id: int, standing_id: int, delivery: date) -> Moved:
        """This one's lines go into the cart, for its delivery day; the customer places it
        (it is no longer placed by itself). One transaction: nothing is lost between."""
        now = self.clock()
        async with self.store.tx() as tx:
            standing, as_team = await self._authorized(tx, user_id, standing_id)
            contact = await tx.contacts.by_user(user_id)
            if as_team or contact is None:
                raise NotAllowed("the customer edits their order")
            customer = await tx.customers.get(standing.customer_id)
            vendor = await tx.vendors.get(standing.vendor_id)
            option = check_delivery_date(
                delivery,
                now=now,
                tz=zone(vendor.timezone),
                delivery_days=effective_delivery_days(
                    vendor.delivery_days, customer.delivery_days_overridden
                ),
                cutoff=effective_cutoff(vendor.cutoff, customer.cutoff_overridden),
                closures=vendor.closure_dates,
            )
            moved = await tx.standing_orders.finish(
                standing_id, delivery, OccurrenceStatus.EDITING, now
            )
            if moved:
                await tx.state.set_active_customer(user_id, customer.id)
                cart = await tx.carts.get(contact.id, customer.id)
                current = {ln.product.id: ln.quantity for ln in cart.lines}
                catalogue = {p.product_id: p for p in await tx.catalogs.products_for(customer)}
                for line in standing.lines:
                    product = catalogue.get(line.product_id)
                    if product is None or not product.available:
                        continue  # the review shows what is missing; the rest goes in
                    total = min(current.get(product.id, Decimal(0)) + line.quantity, MAX_QUANTITY)
                    await tx.carts.set_quantity(contact.id, customer.id, product.id, total)
                await tx.carts.set_delivery(contact.id, customer.id, delivery, option.warning)
            return Moved(await self._occurrence(tx, standing_id, delivery), moved)

    async def place_now(self, user_id: int, standing_id: int, delivery: date) -> Moved:
        """Place this one at once (as the clock would, under the same rules)."""
        async with self.store.read() as tx:
            await self._authorized(tx, user_id, standing_id)
        moved = await self.runs.place(standing_id, delivery, self.clock(), by=user_id)
        async with self.store.read() as tx:
            return Moved(await self._occurrence(tx, standing_id, delivery), bool(moved))

    # -- who may ------------------------------------------------------------------------

    async def _occurrence(self, tx: Tx, standing_id: int, delivery: date) -> Occurrence:
        found = await tx.standing_orders.occurrence(standing_id, delivery)
        if found is None:
            raise StaleAction("no such occurrence")
        return found

    async def _authorized(
        self, tx: Tx, user_id: int, standing_id: int
    ) -> tuple[StandingOrder, bool]:
        """The standing order, if the user is a contact of its customer or manages it (then
        ``True``: they act as the team). A forged id is refused like a foreign one."""
        standing = await tx.standing_orders.find(standing_id)
        if standing is None:
            raise NotAllowed("no such standing order")
        contact_id = await self._contact_or_team(
            tx, user_id, standing.vendor_id, standing.customer_id
        )
        return standing, contact_id is None

    async def _contact_or_team(
        self, tx: Tx, user_id: int, vendor_id: int, customer_id: int
    ) -> int | None:
        """The user's contact id when they order for that customer, None when they manage it
        as the team; NotAllowed for anyone else."""
        contact = await tx.contacts.by_user(user_id)
        if contact is not None and customer_id in await tx.contacts.customer_ids_of(contact.id):
            return contact.id
        if can_manage_customer(await actor(tx, user_id), vendor_id, customer_id):
            return None
        raise NotAllowed("not your customer")
