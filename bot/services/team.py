"""The vendor team's use cases: team chat set-up, invites, the order list, bulk actions,
exports, and the chat between team and customers (editing an order: order_edits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.callbacks import encode
from bot.services import notify
from bot.services.export_runner import EXPORT_LIMIT
from bot.services.vendor_orders import actor
from domain.enums import InviteKind, OrderStatus, Role
from domain.errors import AlreadyInStatus, InvalidTransition, NotAllowed, NotLinked
from domain.rules.delivery import zone
from domain.rules.permissions import can_manage_customer, is_admin
from store import Store
from store.models import Invite, Order, OrderQuery, TeamMember, Vendor
from store.repos import Tx
from store.repos.orders import SORTS

DATE_FILTERS = ("all", "today", "7d", "30d", "custom")
STATUS_FILTERS = ("all", "unconfirmed", "confirmed", "delivered", "cancelled")
PAGE_SIZE = 8


@dataclass
class ListView:
    """What a team member's order list shows; stored between presses."""

    date: str = "all"
    since: str | None = None  # ISO dates for "custom"
    until: str | None = None
    status: str = "all"
    sort: str = "new"
    text: str = ""
    page: int = 0
    selecting: bool = False
    selected: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, data: dict[str, Any] | None) -> ListView:
        view = cls()
        for key, value in (data or {}).items():
            if hasattr(view, key):
                setattr(view, key, value)
        if view.date not in DATE_FILTERS:
            view.date = "all"
        if view.status not in STATUS_FILTERS:
            view.status = "all"
        if view.sort not in SORTS:
            view.sort = "new"
        return view

    def dump(self) -> dict[str, Any]:
        return dict(self.__dict__)


def date_bounds(view: ListView, tz_name: str, now: datetime) -> tuple[str | None, str | None]:
    """UTC ISO bounds of the order-date filter, on the vendor's calendar."""
    tz = zone(tz_name)
    today = now.astimezone(tz).date()
    first: date | None
    last: date | None
    if view.date == "today":
        first, last = today, today
    elif view.date == "7d":
        first, last = today - timedelta(days=6), today
    elif view.date == "30d":
        first, last = today - timedelta(days=29), today
    elif view.date == "custom" and view.since and view.until:
        first, last = date.fromisoformat(view.since), date.fromisoformat(view.until)
    else:
        return None, None

    def utc(day: date) -> str:
        local = datetime(day.year, day.month, day.day, tzinfo=tz)
        return local.astimezone(zone("UTC")).isoformat(timespec="microseconds")

    return utc(first), utc(last + timedelta(days=1))


@dataclass(frozen=True)
class Seat:
    """A team member at work: who, for which vendor."""

    member: TeamMember
    vendor: Vendor

    @property
    def customer_scope(self) -> frozenset[int] | None:
        """None for admins (every customer), else the rep's assigned customers."""
        if self.member.role is Role.ADMIN:
            return None
        return self.member.assigned_customer_ids


async def seat_of(tx: Tx, user_id: int) -> Seat:
    """The team member at work (their first vendor); NotLinked for anyone else."""
    members = await tx.team.memberships(user_id)
    if not members:
        raise NotLinked("not a team member")
    return Seat(members[0], await tx.vendors.get(members[0].vendor_id))


class TeamService:
    def __init__(
        self,
        store: Store,
        render: notify.Render,
        clock: Callable[[], datetime],
        bot_username: Callable[[], str],
    ) -> None:
        self.store = store
        self.render = render
        self.clock = clock
        self.bot_username = bot_username

    async def seat(self, user_id: int) -> Seat:
        async with self.store.read() as tx:
            return await self._seat(tx, user_id)

    async def _seat(self, tx: Tx, user_id: int) -> Seat:
        return await seat_of(tx, user_id)

    async def today(self, user_id: int) -> date:
        """Today in the team member's vendor's time zone (how typed dates are read)."""
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
        return self.clock().astimezone(zone(seat.vendor.timezone)).date()

    async def is_team_member(self, user_id: int) -> bool:
        async with self.store.read() as tx:
            return bool(await tx.team.memberships(user_id))

    # -- set-up ---------------------------------------------------------------------

    async def setup_chat(self, user_id: int, chat_id: int, is_forum: bool) -> Vendor:
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            if seat.member.role is not Role.ADMIN:
                raise NotAllowed("only admins set up the team chat")
            await tx.vendors.set_team_chat(seat.vendor.id, chat_id, is_forum)
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="team.setup",
                entity="vendor",
                entity_id=seat.vendor.id,
                details={"chat_id": chat_id, "forum": is_forum},
            )
            return await tx.vendors.get(seat.vendor.id)

    async def invite(self, user_id: int, role: Role) -> tuple[Invite, str]:
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            if seat.member.role is not Role.ADMIN:
                raise NotAllowed("only admins invite")
            invite = await tx.invites.create(
                vendor_id=seat.vendor.id,
                kind=InviteKind.TEAM,
                role=role,
                max_uses=1,
                ttl=timedelta(days=7),
                created_by=user_id,
                now=self.clock(),
            )
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="invite.create",
                entity="invite",
                entity_id=invite.id,
                details={"role": str(role)},
            )
        return invite, f"https://t.me/{self.bot_username()}?start={invite.token}"

    async def set_private_cards(self, user_id: int, on: bool) -> None:
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            await tx.team.set_private_cards(seat.member.id, on)

    # -- reps in the team chat ------------------------------------------------------

    async def assigned_reps(self, team_chat_id: int) -> tuple[Vendor | None, list[TeamMember]]:
        """The vendor whose team chat this is, and its reps who have assigned customers
        (none when the vendor already keeps their cards private)."""
        async with self.store.read() as tx:
            vendor = await tx.vendors.by_team_chat(team_chat_id)
            if vendor is None or vendor.rep_cards == "private":
                return vendor, []
            members = await tx.team.of_vendor(vendor.id)
        reps = [m for m in members if m.role is Role.REP and m.assigned_customer_ids]
        return vendor, reps

    async def warn_reps_in_chat(
        self, vendor: Vendor, reps: list[TeamMember], chat_title: str, key: str
    ) -> None:
        """Tell every admin, privately, that these reps read every card in the team chat,
        with the choice: cards for the group, or private cards per rep."""
        async with self.store.tx() as tx:
            members = await tx.team.of_vendor(vendor.id)
            for admin in (m for m in members if m.role is Role.ADMIN):
                language = notify.member_language(admin, vendor)
                text = self.render.render(
                    language,
                    "team/rep_warning.j2",
                    names=", ".join(r.name for r in reps),
                    count=len(reps),
                    chat=chat_title,
                )
                keyboard = [
                    [
                        {
                            "text": self.render.button(language, "rep_cards_group"),
                            "callback_data": encode("st", "repg"),
                        }
                    ],
                    [
                        {
                            "text": self.render.button(language, "rep_cards_private"),
                            "callback_data": encode("st", "repp"),
                        }
                    ],
                ]
                await tx.outbox.enqueue(
                    kind="vendor_notice",
                    vendor_id=vendor.id,
                    chat_id=admin.telegram_user_id,
                    payload=notify.message(admin.telegram_user_id, text, keyboard=keyboard),
                    dedupe_key=f"repwarn:{key}:{admin.telegram_user_id}",
                )

    # -- the order list -------------------------------------------------------------

    async def view(self, user_id: int) -> ListView:
        async with self.store.read() as tx:
            return ListView.load((await tx.state.get(user_id)).view)

    async def save_view(self, user_id: int, view: ListView) -> None:
        async with self.store.tx() as tx:
            await tx.state.set_view(user_id, view.dump())

    async def list_orders(self, user_id: int, view: ListView) -> tuple[Seat, list[Order], int]:
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            first, until = date_bounds(view, seat.vendor.timezone, self.clock())
            orders, total = await tx.orders.search(
                seat.vendor.id,
                customer_ids=seat.customer_scope,
                text=view.text,
                created_from=first,
                created_to=until,
                status=None if view.status == "all" else OrderStatus(view.status),
                sort=view.sort,
                limit=PAGE_SIZE,
                offset=view.page * PAGE_SIZE,
            )
            return seat, orders, total

    async def selection(
        self, user_id: int, ids: list[int] | None, view: ListView
    ) -> tuple[Vendor, OrderQuery]:
        """The orders chosen for a bulk action (ids), or every order the view matches, as a
        query (within what this team member may see)."""
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
        first, until = (
            (None, None)
            if ids is not None
            else date_bounds(view, seat.vendor.timezone, self.clock())
        )
        query = OrderQuery(
            vendor_id=seat.vendor.id,
            customer_ids=seat.customer_scope,
            text="" if ids is not None else view.text,
            created_from=first,
            created_to=until,
            status=None if ids is not None or view.status == "all" else OrderStatus(view.status),
            sort=view.sort,
            only_ids=ids,
        )
        return seat.vendor, query

    async def export_selection(
        self, user_id: int, ids: list[int] | None, view: ListView
    ) -> tuple[Vendor, OrderQuery, int]:
        """What an export of the list (or of the chosen orders) holds, and how many."""
        vendor, query = await self.selection(user_id, ids, view)
        async with self.store.read() as tx:
            count = await tx.orders.count(query, cap=EXPORT_LIMIT)
        return vendor, query, min(count, EXPORT_LIMIT)

    async def selected_orders(
        self, user_id: int, ids: list[int] | None, view: ListView
    ) -> list[Order]:
        _vendor, query = await self.selection(user_id, ids, view)
        async with self.store.read() as tx:
            return await tx.orders.select(query, limit=EXPORT_LIMIT)

    async def bulk_confirm(self, user_id: int, ids: list[int]) -> tuple[list[Order], int]:
        confirmed: list[Order] = []
        skipped = 0
        for order in await self.selected_orders(user_id, ids, ListView()):
            async with self.store.tx() as tx:
                try:
                    updated = await tx.orders.set_status(
                        order.id, OrderStatus.CONFIRMED, actor=user_id
                    )
                except (AlreadyInStatus, InvalidTransition):
                    skipped += 1
                    continue
                await tx.audit.record(
                    vendor_id=order.vendor_id,
                    actor=user_id,
                    action="order.confirmed",
                    entity="order",
                    entity_id=order.id,
                    details={"bulk": True},
                )
                await notify.status_changed(tx, self.render, updated, by_customer=False)
                confirmed.append(updated)
        skipped = len(ids) - len(confirmed)  # already done, not allowed, or gone
        return confirmed, skipped

    # -- chat -----------------------------------------------------------------------

    async def relay_to_vendor(
        self, user_id: int, text: str, *, source: str | None = None
    ) -> Vendor:
        """A customer's message goes to the vendor's team (the customer's topic), once per
        ``source`` (the Telegram message it came from)."""
        async with self.store.tx() as tx:
            contact = await tx.contacts.by_user(user_id)
            state = await tx.state.get(user_id)
            if contact is None:
                raise NotLinked("not a contact")
            linked = await tx.contacts.customer_ids_of(contact.id)
            customer_id = (
                state.active_customer_id
                if state.active_customer_id in linked
                else (linked[0] if linked else None)
            )
            if customer_id is None:
                raise NotLinked("no customer")
            customer = await tx.customers.get(customer_id)
            vendor = await tx.vendors.get(customer.vendor_id)
            count = len(await tx.audit.for_entity("chat", customer.id))
            for to in await notify.vendor_destinations(tx, vendor, customer.id):
                body = self.render.render(
                    to.language, "vendor/relayed.j2", customer=customer, contact=contact, text=text
                )
                chat_id = to.chat_id
                payload = notify.message(chat_id, body, topic_customer_id=to.topic_customer_id)
                payload["relay_customer_id"] = customer.id
                await tx.outbox.enqueue(
                    kind="relay",
                    vendor_id=vendor.id,
                    chat_id=chat_id,
                    payload=payload,
                    dedupe_key=f"relay:{source or f'{customer.id}:{count}'}:{chat_id}",
                )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="chat.in",
                entity="chat",
                entity_id=customer.id,
                details={"text": text[:200]},
            )
            return vendor

    async def customer_for_reply(
        self, chat_id: int, thread_id: int | None, reply_to: int | None
    ) -> int | None:
        async with self.store.read() as tx:
            if thread_id is not None:
                customer_id = await tx.topics.customer_of_thread(chat_id, thread_id)
                if customer_id is not None:
                    return customer_id
            if reply_to is not None:
                return await tx.topics.relayed_customer(chat_id, reply_to)
            return None

    async def relay_to_customer(self, user_id: int, customer_id: int, text: str) -> int:
        """A team member's answer goes to every contact of the customer; returns how many."""
        async with self.store.tx() as tx:
            customer = await tx.customers.get(customer_id)
            who = await actor(tx, user_id)
            if not can_manage_customer(who, customer.vendor_id, customer.id):
                raise NotAllowed("not this member's customer")
            vendor = await tx.vendors.get(customer.vendor_id)
            count = len(await tx.audit.for_entity("chat", customer.id))
            contacts = await tx.contacts.of_customer(customer)
            for contact in contacts:
                language = await notify.contact_language(tx, contact)
                body = self.render.render(
                    language, "customer/from_vendor.j2", vendor=vendor, text=text
                )
                await tx.outbox.enqueue(
                    kind="chat_out",
                    vendor_id=vendor.id,
                    chat_id=contact.telegram_user_id,
                    payload=notify.message(contact.telegram_user_id, body),
                    dedupe_key=f"chat-out:{customer.id}:{count}:{contact.id}",
                )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=user_id,
                action="chat.out",
                entity="chat",
                entity_id=customer.id,
                details={"text": text[:200]},
            )
            return len(contacts)

    async def can_admin(self, user_id: int, vendor_id: int) -> bool:
        async with self.store.read() as tx:
            return is_admin(await actor(tx, user_id), vendor_id)
