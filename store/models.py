"""Pydantic models handed out by the repositories (never rows or cursors)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from domain.enums import (
    CutoffKind,
    InviteKind,
    OrderStatus,
    OutboxStatus,
    PaymentMethod,
    Role,
    Standing,
)
from domain.rules.delivery import Cutoff
from domain.rules.review import ReviewTerms


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Vendor(Model):
    id: int
    name: str
    language: str = "en"
    timezone: str
    currency: str
    cutoff_time: time
    cutoff_kind: CutoffKind
    delivery_days: frozenset[int]
    closure_dates: frozenset[date] = frozenset()
    minimum_order_value: Decimal | None = None
    customers_edit_number: bool = False
    team_chat_id: int | None = None
    team_chat_is_forum: bool = False
    rep_cards: str = "group"  # 'group' or 'private': see migration 0009
    bot: int | None = None  # the vendor's own bot (its Telegram id); None: the shared bot
    reminder_hours: int = 2  # cutoff reminders this long before the cutoff (0: none)
    picklist_at_cutoff: bool = False  # the day's pick list to the admins at the last cutoff
    standing_notice_hours: int = 4  # standing orders announced this long before the cutoff
    created_at: datetime

    @property
    def bot_key(self) -> int:
        """The bot that speaks for this vendor: its own, else the shared one (0)."""
        return self.bot or 0

    @property
    def cutoff(self) -> Cutoff:
        return Cutoff(self.cutoff_time, self.cutoff_kind)


class Bot(Model):
    """A vendor's own bot: what the deployment runs beside the shared one."""

    telegram_id: int
    token: str
    username: str
    name: str


class TeamMember(Model):
    id: int
    vendor_id: int
    telegram_user_id: int
    name: str
    role: Role
    private_cards: bool = False
    assigned_customer_ids: frozenset[int] = frozenset()
    language: str | None = None  # their Telegram language when they joined


class Catalog(Model):
    id: int
    vendor_id: int
    name: str
    is_main: bool


class Product(Model):
    id: int
    vendor_id: int
    product_id: str
    name: str
    unit: str
    price: Decimal
    category: str
    available: bool


class Customer(Model):
    id: int
    vendor_id: int
    name: str
    address: str
    customer_number: str
    catalog_id: int | None
    cutoff_override: bool
    cutoff_time: time | None
    cutoff_kind: CutoffKind | None
    delivery_days_override: bool
    delivery_days: frozenset[int] | None
    discount_percent: Decimal
    payment_method: PaymentMethod
    standing: Standing
    deleted_at: datetime | None
    created_at: datetime
    labels: tuple[str, ...] = ()

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def cutoff_overridden(self) -> Cutoff | None:
        if self.cutoff_override and self.cutoff_time is not None and self.cutoff_kind is not None:
            return Cutoff(self.cutoff_time, self.cutoff_kind)
        return None

    @property
    def delivery_days_overridden(self) -> frozenset[int] | None:
        if self.delivery_days_override and self.delivery_days is not None:
            return self.delivery_days
        return None


class Contact(Model):
    id: int
    telegram_user_id: int
    name: str
    phone: str | None
    language: str | None
    phone_asked: bool
    muted: bool
    unreachable: bool
    reminders_muted: bool = False


class Label(Model):
    id: int
    vendor_id: int
    name: str


class OrderLine(Model):
    id: int
    order_id: int
    position: int
    product_id: str
    product_name: str
    unit: str
    unit_price: Decimal
    quantity_ordered: Decimal
    quantity: Decimal
    phrase: str | None = None  # the customer's words the line was read from (free text)
    replaced_name: str | None = None  # the product as ordered, when the team replaced it

    @property
    def edited(self) -> bool:
        return self.quantity != self.quantity_ordered


class NewOrderLine(Model):
    product_id: str
    product_name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    phrase: str | None = None


class Order(Model):
    id: int
    vendor_id: int
    customer_id: int
    order_number: str
    status: OrderStatus
    placed_by_contact_id: int | None
    placed_by_name: str
    placed_by_phone: str | None
    customer_number: str
    customer_name: str
    delivery_address: str
    delivery_date: date
    late_cutoff_accepted: bool
    standing: Standing
    discount_percent: Decimal
    currency: str
    comment: str
    vendor_comment: str
    created_at: datetime
    payment_method: PaymentMethod = PaymentMethod.ON_DELIVERY
    confirmed_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    standing_order_id: int | None = None  # placed by this standing order (issue 18)
    lines: tuple[OrderLine, ...] = ()


class Invite(Model):
    id: int
    vendor_id: int
    token: str
    kind: InviteKind
    customer_id: int | None
    role: Role | None
    max_uses: int | None
    uses: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime


class OutboxMessage(Model):
    id: int
    kind: str
    chat_id: int | None
    payload: dict[str, Any]
    dedupe_key: str | None
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    sent_at: datetime | None
    lease_owner: str | None = None
    lease_until: datetime | None = None
    bot: int = 0  # the bot that sends it (0: the shared bot)


class InboxItem(Model):
    """One update in the durable inbox (of one bot: update ids are unique per bot)."""

    bot: int = 0
    update_id: int
    chat_key: int
    payload: dict[str, Any]
    status: str
    attempts: int
    lease_owner: str | None
    lease_until: datetime | None
    not_before: datetime
    last_error: str | None
    received_at: datetime
    done_at: datetime | None


class AuditEntry(Model):
    id: int
    vendor_id: int | None
    actor: int | None
    action: str
    entity: str
    entity_id: str | None
    details: dict[str, Any]
    created_at: datetime


class UserState(Model):
    telegram_user_id: int
    language: str | None = None
    active_customer_id: int | None = None
    awaiting: dict[str, Any] | None = None
    view: dict[str, Any] | None = None


class OrderQuery(Model):
    """Which of a vendor's orders (the team list's filters, or chosen ids): what an export
    worker process loads by itself."""

    vendor_id: int
    customer_ids: frozenset[int] | None = None
    text: str = ""
    created_from: str | None = None
    created_to: str | None = None
    status: OrderStatus | None = None
    sort: str = "new"
    only_ids: list[int] | None = None


class CatalogImport(Model):
    """A catalogue file: pending (previewed), applied, cancelled or undone."""

    id: int
    vendor_id: int
    actor: int
    file_name: str
    status: str
    unlisted_unavailable: bool
    created_at: datetime
    applied_at: datetime | None = None


class CartLine(Model):
    product: Product
    quantity: Decimal
    phrase: str | None = None  # the words the free-text reader matched to the product


class Cart(Model):
    contact_id: int
    customer_id: int
    delivery_date: date | None
    late_accepted: bool
    comment: str
    nonce: str
    lines: tuple[CartLine, ...] = ()
    reviewed: ReviewTerms | None = None  # what the last review screen showed


class OrderCard(Model):
    order_id: int
    chat_id: int
    message_id: int


class Broadcast(Model):
    id: int
    vendor_id: int
    created_by: int
    chat_id: int
    audience: dict[str, Any]
    text: str
    photo_file_id: str | None
    status: str
    progress_message_id: int | None
    created_at: datetime
    finished_at: datetime | None


class Delivery(Model):
    broadcast_id: int
    contact_id: int
    telegram_user_id: int
    language: str | None
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    error: str | None
    lease_owner: str | None = None
    lease_until: datetime | None = None
