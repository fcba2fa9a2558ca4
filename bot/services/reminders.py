"""Cutoff reminders (issue 18): a customer who usually orders for tomorrow's delivery day and
has not yet gets one reminder some hours before the cutoff (a vendor setting), with a button
that adds their usual. ``run_once`` runs every minute (bot/services/ticker.py); the store
makes each reminder once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from bot.callbacks import encode
from bot.services import notify
from bot.services.vendor_orders import actor
from domain.errors import NotLinked
from domain.rules.delivery import effective_cutoff, effective_delivery_days, vendor_local, zone
from domain.rules.permissions import can_manage_customer
from domain.rules.reminders import reminder_due, usual_weekdays
from domain.rules.standing import may_order
from domain.rules.usual import WINDOW
from store import Store
from store.models import Customer, Vendor
from store.repos import Tx
from store.repos.reminders import Reminded

log = logging.getLogger(__name__)


class ReminderService:
    def __init__(self, store: Store, render: notify.Render, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.render = render
        self.clock = clock

    async def run_once(self) -> int:
        """Remind whoever is due now (this bot's vendors); how many customers were."""
        now = self.clock()
        async with self.store.read() as tx:
            vendors = [v for v in await tx.vendors.of_bot() if v.reminder_hours > 0]
        reminded = 0
        for vendor in vendors:
            local = vendor_local(now, zone(vendor.timezone))
            tomorrow = local.date() + timedelta(days=1)
            if tomorrow in vendor.closure_dates:
                continue
            async with self.store.tx() as tx:
                reminded += await self._remind(tx, vendor, local, tomorrow, now)
        return reminded

    async def _remind(
        self, tx: Tx, vendor: Vendor, local: datetime, delivery: date, now: datetime
    ) -> int:
        recent = await tx.reminders.deliveries_since(vendor.id, now - WINDOW, delivery)
        standing = await tx.standing_orders.covering(vendor.id, delivery)
        habitual = [  # a standing order takes care of its days: no reminder for those
            customer_id
            for customer_id, (dates, ordered) in recent.items()
            if not ordered
            and customer_id not in standing
            and delivery.weekday() in usual_weekdays(dates)
        ]
        if not habitual:
            return 0
        customers = await tx.customers.search(
            vendor.id, only_ids=frozenset(habitual), limit=len(habitual)
        )
        count = 0
        for customer in customers:
            if not self._due(vendor, customer, local, delivery):
                continue
            if not await tx.reminders.record(customer.id, delivery, now):
                continue  # reminded already (another process, an earlier minute)
            await self._notify(tx, vendor, customer, delivery)
            count += 1
        return count

    @staticmethod
    def _due(vendor: Vendor, customer: Customer, local: datetime, delivery: date) -> bool:
        days = effective_delivery_days(vendor.delivery_days, customer.delivery_days)
        cutoff = effective_cutoff(vendor.cutoff, customer.cutoff_overridden)
        return (
            may_order(customer.standing)
            and delivery.weekday() in days
            and reminder_due(local, delivery, cutoff.time, vendor.reminder_hours)
        )

    async def _notify(self, tx: Tx, vendor: Vendor, customer: Customer, delivery: date) -> None:
        cutoff = effective_cutoff(vendor.cutoff, customer.cutoff_overridden)
        for contact in await tx.contacts.of_customer(customer):
            if contact.reminders_muted:
                continue
            language = await notify.contact_language(tx, contact)
            text = self.render.render(
                language,
                "customer/reminder.j2",
                vendor=vendor,
                customer=customer,
                delivery=delivery,
                cutoff=cutoff.time,
            )
            keyboard = [
                [{"text": self.render.button(language, name), "callback_data": data}]
                for name, data in (("add_usual", encode("cat", "ua")), ("order", "cat:home"))
            ]
            chat_id = contact.telegram_user_id
            await tx.outbox.enqueue(
                kind="customer_notice",
                vendor_id=vendor.id,
                chat_id=chat_id,
                payload=notify.message(chat_id, text, keyboard=keyboard),
                dedupe_key=f"reminder:{customer.id}:{delivery.isoformat()}:{contact.id}",
            )

    async def of_day(
        self, user_id: int, delivery: date | None
    ) -> tuple[date, list[tuple[Reminded, time]]]:
        """Who was reminded for a delivery day (tomorrow by default) and who ordered after:
        the team's view (a rep sees their customers only)."""
        async with self.store.read() as tx:
            who = await actor(tx, user_id)
            if not who.memberships:
                raise NotLinked("not a team member")
            vendor = await tx.vendors.get(who.memberships[0].vendor_id)
            day = delivery or vendor_local(self.clock(), zone(vendor.timezone)).date() + timedelta(
                days=1
            )
            found = await tx.reminders.of_day(vendor.id, day)
        tz = zone(vendor.timezone)
        return day, [  # each with the time it was sent, on the vendor's clock
            (r, r.reminded_at.astimezone(tz).time())
            for r in found
            if can_manage_customer(who, vendor.id, r.customer_id)
        ]
