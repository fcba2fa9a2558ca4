"""Standing orders (issue 18), what the clock does: every minute (bot/services/ticker.py),
announce each delivery day some hours before its cutoff, then place it as a normal
unconfirmed order marked standing, :data:`PLACE_BEFORE` before the cutoff, under the rules
of a typed order. A row per standing order and delivery day (``standing_occurrences``),
opened once and moved on once, makes every notice and order exactly once whatever the
number of processes or restarts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from bot.callbacks import encode
from bot.services import notify
from domain.enums import CutoffKind
from domain.rules.delivery import effective_cutoff, effective_delivery_days, vendor_local, zone
from domain.rules.standing import may_order
from domain.rules.standing_orders import (
    Line,
    Offer,
    Outcome,
    candidate_days,
    decide,
    notice_due,
    past_deadline,
    place_at,
    place_due,
)
from store import Store
from store.models import Customer, NewOrderLine, Vendor
from store.repos import Tx
from store.repos.standing_orders import OccurrenceStatus, StandingOrder, StandingStatus

log = logging.getLogger(__name__)


class StandingRuns:
    def __init__(self, store: Store, render: notify.Render, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.render = render
        self.clock = clock

    async def run_once(self) -> int:
        """Announce and place whatever is due now (this bot's vendors); how many
        occurrences moved on."""
        now = self.clock()
        async with self.store.read() as tx:
            plans = []
            for vendor in await tx.vendors.of_bot():
                local = vendor_local(now, zone(vendor.timezone))
                standing = await tx.standing_orders.of_vendor(vendor.id, active_only=True)
                due = await self._due(tx, vendor, standing, local) if standing else []
                plans.append((vendor, due))
        moved = 0
        for vendor, due in plans:
            for standing_id, delivery in due:  # each checked again in its own transaction
                moved += await self.announce(standing_id, delivery, now)
            async with self.store.read() as tx:
                pending = await tx.standing_orders.pending(vendor.id)
            for occurrence in pending:
                moved += await self.place(
                    occurrence.standing_order_id, occurrence.delivery_date, now
                )
        return moved

    @staticmethod
    async def _due(
        tx: Tx, vendor: Vendor, standing: list[StandingOrder], local: datetime
    ) -> list[tuple[int, date]]:
        """The (standing order, delivery day) pairs whose notice is due and not yet made: found
        in a few reads, so a minute with nothing due writes nothing."""
        ids = frozenset(so.customer_id for so in standing)
        customers = {
            c.id: c for c in await tx.customers.search(vendor.id, only_ids=ids, limit=len(ids))
        }
        days = candidate_days(local)
        opened = await tx.standing_orders.opened(vendor.id, days)
        due = []
        for so in standing:
            customer = customers.get(so.customer_id)
            if customer is None:
                continue
            cutoff = effective_cutoff(vendor.cutoff, customer.cutoff_overridden)
            delivers = effective_delivery_days(
                vendor.delivery_days, customer.delivery_days_overridden
            )
            for delivery in days:
                if (
                    delivery.weekday() in so.weekdays & delivers
                    and (so.id, delivery) not in opened
                    and notice_due(local, delivery, cutoff.time, vendor.standing_notice_hours)
                ):
                    due.append((so.id, delivery))
        return due

    # -- the notice ---------------------------------------------------------------------

    async def announce(self, standing_id: int, delivery: date, now: datetime) -> int:
        """Open the delivery day's occurrence when its notice is due (once): announced with
        its buttons, or found closed, or refused for the customer's standing."""
        async with self.store.tx() as tx:
            so = await tx.standing_orders.get(standing_id)
            vendor = await tx.vendors.get(so.vendor_id)
            customer = await tx.customers.find(so.customer_id)
            if so.status is not StandingStatus.ACTIVE or customer is None:
                return 0
            local = vendor_local(now, zone(vendor.timezone))
            cutoff = effective_cutoff(vendor.cutoff, customer.cutoff_overridden)
            days = effective_delivery_days(vendor.delivery_days, customer.delivery_days_overridden)
            if delivery.weekday() not in days or not notice_due(
                local, delivery, cutoff.time, vendor.standing_notice_hours
            ):
                return 0
            if delivery in vendor.closure_dates:
                outcome: Outcome | None = Outcome.CLOSED
                status, reason = OccurrenceStatus.SKIPPED, str(Outcome.CLOSED)
            elif not may_order(customer.standing):
                outcome = Outcome.BLOCKED
                status, reason = OccurrenceStatus.NOT_PLACED, str(Outcome.BLOCKED)
            else:
                outcome, status, reason = None, OccurrenceStatus.NOTICED, ""
            if not await tx.standing_orders.open_occurrence(so.id, delivery, now, status, reason):
                return 0  # announced already (another process, an earlier minute)
            if outcome is None:
                await self._tell(
                    tx,
                    so,
                    vendor,
                    customer,
                    "notice",
                    delivery,
                    buttons=True,
                    place_time=place_at(delivery, cutoff.time).time(),
                )
            else:
                await self._refused(tx, so, vendor, customer, delivery, outcome, ())
            return 1

    # -- the order ----------------------------------------------------------------------

    async def place(
        self, standing_id: int, delivery: date, now: datetime, *, by: int | None = None
    ) -> int:
        """Place an announced occurrence when due (or at once, ``by`` a person's tap): as a
        normal unconfirmed order marked standing, or not, under the rules of a typed order;
        the customer is told either way. Moved on once: 1 for the transaction that did."""
        async with self.store.tx() as tx:
            so = await tx.standing_orders.get(standing_id)
            vendor = await tx.vendors.get(so.vendor_id)
            customer = await tx.customers.find(so.customer_id)
            occurrence = await tx.standing_orders.occurrence(standing_id, delivery)
            if occurrence is None or occurrence.status is not OccurrenceStatus.NOTICED:
                return 0
            local = vendor_local(now, zone(vendor.timezone))
            if customer is None or so.status is not StandingStatus.ACTIVE:
                # paused or ended after its notice (or the customer was removed): not placed
                moved = await tx.standing_orders.finish(
                    so.id, delivery, OccurrenceStatus.SKIPPED, now, reason=str(so.status)
                )
                return int(moved)
            cutoff = effective_cutoff(vendor.cutoff, customer.cutoff_overridden)
            if (
                by is None
                and not place_due(local, delivery, cutoff.time)
                and local.date() < delivery
            ):
                return 0  # not yet (once the delivery day has begun, it is refused as late)
            catalogue = {p.product_id: p for p in await tx.catalogs.products_for(customer)}
            decision = decide(
                [Line(ln.product_id, ln.quantity) for ln in so.lines],
                {pid: Offer(p.price, p.available) for pid, p in catalogue.items()},
                closed=delivery in vendor.closure_dates,
                may_order=may_order(customer.standing),
                minimum=vendor.minimum_order_value,
                discount_percent=customer.discount_percent,
                currency=vendor.currency,
                past_deadline=past_deadline(local, delivery, cutoff.time),
                flexible=cutoff.kind is CutoffKind.FLEXIBLE and local.date() < delivery,
            )
            names = {ln.product_id: ln.product_name for ln in so.lines}
            dropped = tuple(names[pid] for pid in decision.dropped)
            if decision.outcome is not Outcome.PLACED:
                status = (
                    OccurrenceStatus.SKIPPED
                    if decision.outcome is Outcome.CLOSED
                    else OccurrenceStatus.NOT_PLACED
                )
                if not await tx.standing_orders.finish(
                    so.id, delivery, status, now, reason=str(decision.outcome)
                ):
                    return 0
                await self._refused(tx, so, vendor, customer, delivery, decision.outcome, dropped)
                return 1
            if not await tx.standing_orders.finish(so.id, delivery, OccurrenceStatus.PLACED, now):
                return 0  # placed already: another process, or a tap at the same time
            contact = await tx.contacts.get(so.contact_id) if so.contact_id else None
            order, _created = await tx.orders.create(
                vendor=vendor,
                customer=customer,
                contact=contact,
                lines=[
                    NewOrderLine(
                        product_id=ln.product_id,
                        product_name=catalogue[ln.product_id].name,
                        unit=catalogue[ln.product_id].unit,
                        unit_price=catalogue[ln.product_id].price,
                        quantity=ln.quantity,
                    )
                    for ln in decision.kept
                ],
                delivery_date=delivery,
                local_date=local.date(),
                created_at=now,
                late_cutoff_accepted=decision.late,
                comment=so.comment,
                idempotency_key=f"standing:{so.id}:{delivery.isoformat()}",
                standing_order_id=so.id,
            )
            await tx.standing_orders.attach_order(so.id, delivery, order.id)
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=by or 0,
                action="order.place",
                entity="order",
                entity_id=order.id,
                details={"number": order.order_number, "standing_order": so.id},
            )
            await notify.order_card(tx, self.render, order, vendor)
            await self._tell(
                tx, so, vendor, customer, "placed", delivery, order=order, dropped=dropped
            )
            return 1

    # -- telling ------------------------------------------------------------------------

    async def _refused(
        self,
        tx: Tx,
        so: StandingOrder,
        vendor: Vendor,
        customer: Customer,
        delivery: date,
        outcome: Outcome,
        dropped: tuple[str, ...],
    ) -> None:
        await self._tell(
            tx, so, vendor, customer, "not_placed", delivery, outcome=str(outcome), dropped=dropped
        )
        if outcome in (Outcome.BLOCKED, Outcome.LATE):  # the team should know of these
            await notify.to_team(
                tx,
                self.render,
                vendor,
                customer.id,
                "vendor/standing_not_placed.j2",
                f"standing:{so.id}:{delivery.isoformat()}",
                customer=customer,
                delivery=delivery,
                outcome=str(outcome),
            )

    async def _tell(
        self,
        tx: Tx,
        so: StandingOrder,
        vendor: Vendor,
        customer: Customer,
        kind: str,
        delivery: date,
        *,
        buttons: bool = False,
        **values: object,
    ) -> None:
        """The customer's contacts (the one who set it up, when still there) are told."""
        contacts = await tx.contacts.of_customer(customer)
        mine = [c for c in contacts if c.id == so.contact_id]
        for contact in mine or contacts:
            language = await notify.contact_language(tx, contact)
            text = self.render.render(
                language,
                f"customer/standing_{kind}.j2",
                standing=so,
                vendor=vendor,
                customer=customer,
                delivery=delivery,
                **values,
            )
            keyboard = None
            if buttons:
                when = delivery.strftime("%Y%m%d")
                keyboard = [
                    [
                        {
                            "text": self.render.button(language, f"standing_{name}"),
                            "callback_data": encode("so", action, so.id, when),
                        }
                        for name, action in (("skip", "sk"), ("edit", "ed"))
                    ],
                    [
                        {
                            "text": self.render.button(language, "standing_place_now"),
                            "callback_data": encode("so", "pn", so.id, when),
                        }
                    ],
                ]
            chat_id = contact.telegram_user_id
            await tx.outbox.enqueue(
                kind="customer_notice",
                vendor_id=vendor.id,
                chat_id=chat_id,
                payload=notify.message(chat_id, text, keyboard=keyboard),
                dedupe_key=f"standing:{kind}:{so.id}:{delivery.isoformat()}:{contact.id}",
            )
