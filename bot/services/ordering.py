"""The customer's use cases: join, choose who to order for, browse, cart, deliver, place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast
from zoneinfo import ZoneInfo

from bot.handling import current as current_handling
from bot.handling import first_time
from bot.services import notify
from bot.services.views import CartView, DeliveryChoice, Ordering, cart_view, review_terms
from domain.enums import CutoffKind, InviteKind, OrderStatus, Role
from domain.errors import (
    BelowMinimumOrder,
    DeliveryDateNotAllowed,
    DoNotSell,
    DuplicateCustomerNumber,
    EmptyCart,
    InvalidInput,
    InviteInvalid,
    LateNotAccepted,
    NotAllowed,
    NotLinked,
    ProductNotFound,
    ProductUnavailable,
    StaleAction,
    TermsChanged,
)
from domain.rules.delivery import (
    Cutoff,
    DeliveryOption,
    check_delivery_date,
    cutoff_passed,
    delivery_options,
    effective_cutoff,
    effective_delivery_days,
    vendor_local,
    zone,
)
from domain.rules.examples import order_example, search_example
from domain.rules.quantity import MAX_QUANTITY, check_quantity
from domain.rules.review import ReviewChanges, changes
from domain.rules.standing import ensure_may_order
from store import Store
from store.models import Customer, NewOrderLine, Order, Product, Vendor
from store.repos import Tx

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Joined:
    kind: InviteKind
    vendor: Vendor
    customer: Customer | None = None
    role: Role | None = None
    ask_phone: bool = False


@dataclass(frozen=True)
class DeliveryRules:
    now: datetime
    tz: ZoneInfo
    delivery_days: frozenset[int]
    cutoff: Cutoff
    closures: frozenset[date]

    def options(self, count: int) -> list[DeliveryOption]:
        return delivery_options(
            now=self.now,
            tz=self.tz,
            delivery_days=self.delivery_days,
            cutoff=self.cutoff,
            closures=self.closures,
            count=count,
        )

    def check(self, day: date) -> DeliveryOption:
        return check_delivery_date(
            day,
            now=self.now,
            tz=self.tz,
            delivery_days=self.delivery_days,
            cutoff=self.cutoff,
            closures=self.closures,
        )


class OrderingService:
    def __init__(self, store: Store, clock: Clock, render: notify.Render) -> None:
        self.store = store
        self.clock = clock
        self.render = render

    # -- who is ordering ----------------------------------------------------------------

    async def join(self, user_id: int, name: str, language: str | None, token: str) -> Joined:
        self._forget(user_id)
        async with self.store.tx() as tx:
            invite = await tx.invites.consume(token, self.clock())
            vendor = await tx.vendors.get(invite.vendor_id)
            if invite.kind is InviteKind.TEAM:
                assert invite.role is not None
                await tx.team.add(vendor.id, user_id, name, invite.role, language)
                await tx.audit.record(
                    vendor_id=vendor.id,
                    actor=user_id,
                    action="team.join",
                    entity="invite",
                    entity_id=invite.id,
                    details={"role": str(invite.role)},
                )
                return Joined(InviteKind.TEAM, vendor, role=invite.role)
            assert invite.customer_id is not None
            customer = await tx.customers.find(invite.customer_id)
            if customer is None:
                raise InviteInvalid("the customer no longer exists", reason="unknown")
            contact = await tx.contacts.upsert(user_id, name, language)
            await tx.contacts.link(customer.id, contact.id)
            await tx.state.set_active_customer(user_id, customer.id)
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="contact.join",
                entity="customer",
                entity_id=customer.id,
                details={"invite": invite.id},
            )
            return Joined(
                InviteKind.CUSTOMER, vendor, customer=customer, ask_phone=not contact.phone_asked
            )

    async def save_phone(self, user_id: int, phone: str | None) -> None:
        self._forget(user_id)
        async with self.store.tx() as tx:
            contact = await tx.contacts.by_user(user_id)
            if contact is None:
                raise NotLinked("not a contact")
            await tx.contacts.set_phone(contact.id, phone[:32] if phone else contact.phone)

    async def choices(self, user_id: int) -> list[tuple[Customer, Vendor]]:
        async with self.store.read() as tx:
            contact = await tx.contacts.by_user(user_id)
            if contact is None:
                return []
            out = []
            for customer_id in await tx.contacts.customer_ids_of(contact.id):
                customer = await tx.customers.get(customer_id)
                out.append((customer, await tx.vendors.get(customer.vendor_id)))
            return out

    async def _ordering(self, tx: Tx, user_id: int, customer_id: int | None) -> Ordering:
        contact = await tx.contacts.by_user(user_id)
        if contact is None:
            raise NotLinked("not a contact")
        linked = await tx.contacts.customer_ids_of(contact.id)
        if not linked:
            raise NotLinked("no customers")
        if customer_id is None:
            state = await tx.state.get(user_id)
            customer_id = state.active_customer_id
            if customer_id not in linked:
                if len(linked) > 1:
                    raise StaleAction("choose a customer first", choose=True)
                customer_id = linked[0]
        elif customer_id not in linked:
            raise NotAllowed("not a contact of that customer")
        customer = await tx.customers.get(customer_id)
        vendor = await tx.vendors.get(customer.vendor_id)
        return Ordering(contact, customer, vendor, locations=len(linked))

    async def current(self, user_id: int) -> Ordering:
        """The contact's active customer; StaleAction(choose=True) when they must pick. Read
        once per update: the steps of one update share it."""
        handling = current_handling()
        key = f"ordering:{user_id}"
        if handling is not None and key in handling.memo:
            return cast(Ordering, handling.memo[key])
        async with self.store.read() as tx:
            ordering = await self._ordering(tx, user_id, None)
        if handling is not None:
            handling.memo[key] = ordering
        return ordering

    def _forget(self, user_id: int) -> None:
        """The contact or their customer changed: the next `current` reads again."""
        handling = current_handling()
        if handling is not None:
            handling.memo.pop(f"ordering:{user_id}", None)

    async def choose(self, user_id: int, customer_id: int) -> Ordering:
        self._forget(user_id)
        async with self.store.tx() as tx:
            ordering = await self._ordering(tx, user_id, customer_id)
            await tx.state.set_active_customer(user_id, customer_id)
            return ordering

    async def set_own_number(self, user_id: int, number: str) -> Ordering:
        """A contact edits their customer number, when the vendor allows it."""
        value = number.strip()
        if not value or len(value) > 40:
            raise InvalidInput("bad customer number", value=value[:40])
        self._forget(user_id)
        async with self.store.tx() as tx:
            o = await self._ordering(tx, user_id, None)
            if not o.vendor.customers_edit_number:
                raise NotAllowed("the vendor keeps customer numbers")
            before = o.customer.customer_number
            try:
                customer = await tx.customers.update(o.customer.id, customer_number=value)
            except DuplicateCustomerNumber as clash:
                # a customer is never told who else holds the number
                raise DuplicateCustomerNumber(str(clash), number=value) from None
            await tx.audit.record(
                vendor_id=o.vendor.id,
                actor=user_id,
                action="customer.update",
                entity="customer",
                entity_id=customer.id,
                details={
                    "before": {"customer_number": before},
                    "after": {"customer_number": value},
                    "by": "contact",
                },
            )
            if before != value:
                versions = len(await tx.audit.for_entity("customer", customer.id))
                await notify.to_team(
                    tx,
                    self.render,
                    o.vendor,
                    customer.id,
                    "vendor/number_changed.j2",
                    f"number:{customer.id}:{versions}",
                    customer=customer,
                    before=before,
                    contact=o.contact,
                )
            return Ordering(o.contact, customer, o.vendor)

    # -- catalogue ----------------------------------------------------------------------

    async def categories(self, o: Ordering) -> list[str]:
        async with self.store.read() as tx:
            return await tx.catalogs.categories_for(o.customer)

    async def products(
        self, o: Ordering, *, category: str | None = None, text: str = ""
    ) -> list[Product]:
        async with self.store.read() as tx:
            return await tx.catalogs.products_for(o.customer, category=category, text=text)

    async def reading_aids(self, o: Ordering) -> tuple[dict[str, str], dict[str, float]]:
        """What helps read this customer's free text: the phrases the vendor's customers
        clarified (phrase -> product_id), and how often this customer orders each product."""
        async with self.store.read() as tx:
            return (
                await tx.phrases.of_vendor(o.vendor.id),
                await tx.phrases.usual(o.customer.id),
            )

    async def remember_phrase(self, o: Ordering, phrase: str, row_id: int) -> None:
        """A customer picked this product for these words: next time they match at once,
        for every customer of the vendor."""
        product = await self.product(o, row_id)
        async with self.store.tx() as tx:
            await tx.phrases.remember(o.vendor.id, phrase, product.product_id)

    async def examples(self, o: Ordering) -> tuple[str, str]:
        """An order and a search word from this customer's catalogue that the bot reads
        as meant (for the home screen, /help and prompts)."""
        available = [(p.product_id, p.name, p.unit) for p in await self.products(o) if p.available]
        return order_example(available), search_example(available)

    async def product(self, o: Ordering, row_id: int) -> Product:
        async with self.store.read() as tx:
            product = await tx.catalogs.product_in_catalog(o.customer, row_id)
        if product is None:
            raise ProductNotFound("not in this customer's catalogue", product=row_id)
        return product

    # -- cart ---------------------------------------------------------------------------

    async def add(
        self,
        o: Ordering,
        row_id: int,
        quantity: Decimal,
        *,
        replace: bool = False,
        phrase: str | None = None,
    ) -> tuple[Product, CartView]:
        """``phrase``: the customer's words the product was read from (free text), kept on
        the line so that a correction by the team teaches the vendor's phrase memory."""
        async with self.store.tx() as tx:
            product = await tx.catalogs.product_in_catalog(o.customer, row_id)
            if product is None:
                raise ProductNotFound("not in this customer's catalogue", product=row_id)
            if not product.available and quantity > 0:
                raise ProductUnavailable("unavailable", name=product.name)
            cart = await tx.carts.get(o.contact.id, o.customer.id)
            current = next(
                (ln.quantity for ln in cart.lines if ln.product.id == row_id), Decimal(0)
            )
            new = quantity if replace else current + quantity
            if new > 0:
                check_quantity(new, product.unit)
            if new > MAX_QUANTITY:  # pragma: no cover - check_quantity refuses it
                raise ValueError
            # adding is not idempotent: made once however often the update is handled
            if replace or await first_time(tx, f"cart+{row_id}", self.clock()):
                await tx.carts.set_quantity(o.contact.id, o.customer.id, row_id, new, phrase)
            return product, cart_view(
                await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor
            )

    async def cart(self, o: Ordering) -> CartView:
        async with self.store.tx() as tx:
            return cart_view(await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor)

    async def review(self, o: Ordering) -> CartView:
        """The cart as the review screen shows it; what it shows is remembered, and "Place
        order" places only if those terms still hold."""
        async with self.store.tx() as tx:
            view = cart_view(await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor)
            if not view.empty:
                await tx.carts.set_reviewed(
                    o.contact.id, o.customer.id, review_terms(view, o.customer, o.vendor)
                )
            return view

    async def clear_cart(self, o: Ordering) -> None:
        async with self.store.tx() as tx:
            await tx.carts.clear(o.contact.id, o.customer.id)

    async def set_comment(self, o: Ordering, comment: str) -> CartView:
        async with self.store.tx() as tx:
            await tx.carts.set_comment(o.contact.id, o.customer.id, comment.strip()[:500])
            return cart_view(await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor)

    # -- delivery -----------------------------------------------------------------------

    def _rules(self, o: Ordering) -> DeliveryRules:
        """The delivery-date rule's inputs for this customer, now."""
        vendor, customer = o.vendor, o.customer
        return DeliveryRules(
            now=self.clock(),
            tz=zone(vendor.timezone),
            delivery_days=effective_delivery_days(
                vendor.delivery_days, customer.delivery_days_overridden
            ),
            cutoff=effective_cutoff(vendor.cutoff, customer.cutoff_overridden),
            closures=vendor.closure_dates,
        )

    async def delivery_choice(self, o: Ordering, count: int = 6) -> DeliveryChoice:
        rules = self._rules(o)
        strict_passed = rules.cutoff.kind is CutoffKind.STRICT and cutoff_passed(
            vendor_local(rules.now, rules.tz), rules.cutoff.time
        )
        return DeliveryChoice(tuple(rules.options(count)), strict_passed, rules.cutoff.time)

    async def choose_delivery(self, o: Ordering, day: date, *, accept_late: bool) -> CartView:
        option = self._rules(o).check(day)
        if option.warning and not accept_late:
            raise LateNotAccepted("tomorrow is after the cutoff", date=day)
        async with self.store.tx() as tx:
            await tx.carts.set_delivery(o.contact.id, o.customer.id, day, option.warning)
            return cart_view(await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor)

    # -- placing ------------------------------------------------------------------------

    async def place(self, user_id: int, nonce: str) -> tuple[Order, bool]:
        """Place the cart whose review carried ``nonce``; a repeated tap returns the same
        order with ``created=False``. A customer in "do not sell" standing is refused, and
        the team is told (in its own transaction: the refusal rolls the placing back). When
        the terms changed since the review, nothing is placed: TermsChanged carries the
        differences (the new terms are remembered, so the next tap places)."""
        try:
            placed = await self._place(user_id, nonce)
        except DoNotSell:
            async with self.store.tx() as tx:
                o = await self._ordering(tx, user_id, None)
                await notify.to_team(
                    tx,
                    self.render,
                    o.vendor,
                    o.customer.id,
                    "vendor/blocked_tried.j2",
                    f"blocked:{o.contact.id}:{o.customer.id}:{nonce}",
                    customer=o.customer,
                    contact=o.contact,
                )
            raise
        if isinstance(placed, ReviewChanges):
            raise TermsChanged("the terms changed since the review", changes=placed)
        return placed

    async def _place(self, user_id: int, nonce: str) -> tuple[Order, bool] | ReviewChanges:
        async with self.store.tx() as tx:
            o = await self._ordering(tx, user_id, None)
            key = f"{o.contact.id}:{o.customer.id}:{nonce}"
            existing = await tx.orders.find_by_key(key)
            if existing is not None:
                return existing, False
            ensure_may_order(o.customer.standing)
            cart = await tx.carts.get(o.contact.id, o.customer.id)
            if cart.nonce != nonce:
                raise StaleAction("the cart changed since this review")
            view = cart_view(cart, o.customer, o.vendor)
            if view.empty:
                raise EmptyCart("nothing to order")
            terms = review_terms(view, o.customer, o.vendor)
            if cart.reviewed is not None:
                changed = changes(cart.reviewed, terms)
                if changed.any:
                    await tx.carts.set_reviewed(o.contact.id, o.customer.id, terms)
                    return changed
            if view.unavailable:
                raise ProductUnavailable(
                    "unavailable products in the cart",
                    name=", ".join(ln.product.name for ln in view.unavailable),
                )
            if cart.delivery_date is None:
                raise DeliveryDateNotAllowed("choose a delivery date", date=None)
            option = self._rules(o).check(cart.delivery_date)
            if option.warning and not cart.late_accepted:
                raise LateNotAccepted("tomorrow is after the cutoff", date=cart.delivery_date)
            minimum = o.vendor.minimum_order_value
            if minimum is not None and view.total < minimum:
                raise BelowMinimumOrder(
                    "below the minimum order value",
                    minimum=minimum,
                    total=view.total,
                    currency=o.vendor.currency,
                )
            contact = await tx.contacts.get(o.contact.id)
            now = self.clock()
            local_today = vendor_local(now, zone(o.vendor.timezone)).date()
            order, created = await tx.orders.create(
                vendor=o.vendor,
                customer=o.customer,
                contact=contact,
                lines=[
                    NewOrderLine(
                        product_id=ln.product.product_id,
                        product_name=ln.product.name,
                        unit=ln.product.unit,
                        unit_price=ln.product.price,
                        quantity=ln.quantity,
                        phrase=ln.phrase,
                    )
                    for ln in view.lines
                ],
                delivery_date=cart.delivery_date,
                local_date=local_today,
                created_at=now,
                late_cutoff_accepted=option.warning,
                comment=cart.comment,
                idempotency_key=key,
            )
            await tx.carts.clear(o.contact.id, o.customer.id)
            await tx.audit.record(
                vendor_id=o.vendor.id,
                actor=user_id,
                action="order.place",
                entity="order",
                entity_id=order.id,
                details={"number": order.order_number},
            )
            await notify.order_card(tx, self.render, order, o.vendor)
            return order, created

    # -- my orders ----------------------------------------------------------------------

    async def recent_orders(self, o: Ordering, limit: int = 10, offset: int = 0) -> list[Order]:
        return await self.past_orders(o.customer, limit, offset)

    async def order(self, user_id: int, order_id: int) -> Order:
        """One of the contact's orders, including those of an account since removed (kept
        readable)."""
        async with self.store.read() as tx:
            contact = await tx.contacts.by_user(user_id)
            order = await tx.orders.find(order_id)
            if contact is not None and order is not None:
                removed = await tx.contacts.removed_customer_ids_of(contact.id)
                if order.customer_id in removed:
                    return order
            return await self._own_order(tx, user_id, order_id)

    async def removed_accounts(self, user_id: int) -> list[tuple[Customer, Vendor]]:
        """Accounts of this contact that their supplier removed (their history stays)."""
        async with self.store.read() as tx:
            contact = await tx.contacts.by_user(user_id)
            if contact is None:
                return []
            found = []
            for customer_id in await tx.contacts.removed_customer_ids_of(contact.id):
                customer = await tx.customers.get(customer_id, include_deleted=True)
                found.append((customer, await tx.vendors.get(customer.vendor_id)))
            return found

    async def past_orders(
        self, customer: Customer, limit: int = 10, offset: int = 0
    ) -> list[Order]:
        async with self.store.read() as tx:
            return await tx.orders.of_customers([customer.id], limit=limit, offset=offset)

    async def _own_order(self, tx: Tx, user_id: int, order_id: int) -> Order:
        contact = await tx.contacts.by_user(user_id)
        order = await tx.orders.find(order_id)
        if contact is None or order is None:
            raise NotAllowed("not your order")
        if order.customer_id not in await tx.contacts.customer_ids_of(contact.id):
            raise NotAllowed("not your order")
        return order

    async def _move(self, user_id: int, order_id: int, target: OrderStatus) -> Order:
        async with self.store.tx() as tx:
            order = await self._own_order(tx, user_id, order_id)
            order = await tx.orders.set_status(order.id, target, actor=user_id)
            await tx.audit.record(
                vendor_id=order.vendor_id,
                actor=user_id,
                action=f"order.{target}",
                entity="order",
                entity_id=order.id,
                details={"by": "customer"},
            )
            await notify.status_changed(tx, self.render, order, by_customer=True)
            return order

    async def cancel(self, user_id: int, order_id: int) -> Order:
        """Before confirmation only; the vendor is told and its cards are updated."""
        return await self._move(user_id, order_id, OrderStatus.CANCELLED)

    async def mark_delivered(self, user_id: int, order_id: int) -> Order:
        """Once confirmed; the vendor is told and its cards are updated."""
        return await self._move(user_id, order_id, OrderStatus.DELIVERED)

    async def reorder(self, user_id: int, order_id: int) -> tuple[CartView, list[str]]:
        """Copy an order's lines into the cart; returns the names left out."""
        async with self.store.tx() as tx:
            order = await self._own_order(tx, user_id, order_id)
            o = await self._ordering(tx, user_id, order.customer_id)
            await tx.state.set_active_customer(user_id, o.customer.id)
            again = not await first_time(tx, f"reorder{order_id}", self.clock())
            cart = await tx.carts.get(o.contact.id, o.customer.id)
            current = {ln.product.id: ln.quantity for ln in cart.lines}
            catalogue = {p.product_id: p for p in await tx.catalogs.products_for(o.customer)}
            missing: list[str] = []
            for line in order.lines:
                product = catalogue.get(line.product_id)
                if product is None or not product.available or line.quantity <= 0:
                    if line.quantity > 0:
                        missing.append(line.product_name)
                    continue
                if again:  # an earlier attempt at this update copied them already
                    continue
                total = current.get(product.id, Decimal(0)) + line.quantity
                if total > MAX_QUANTITY:
                    missing.append(line.product_name)
                    continue
                current[product.id] = total
                await tx.carts.set_quantity(o.contact.id, o.customer.id, product.id, total)
            view = cart_view(await tx.carts.get(o.contact.id, o.customer.id), o.customer, o.vendor)
            return view, missing
