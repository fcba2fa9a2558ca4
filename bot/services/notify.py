"""Messages that must reach someone, written to the outbox inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.callbacks import encode
from bot.i18n import pick_language, supported_language
from bot.services.views import order_totals
from domain.enums import OrderStatus, Role
from domain.rules.standing import flag_on_card
from store.models import Contact, Order, TeamMember, Vendor
from store.repos import Tx

Keyboard = list[list[dict[str, str]]]


class Render(Protocol):
    def render(self, language: str, template: str, /, **values: object) -> str: ...

    def button(self, language: str, name: str, /, **values: object) -> str: ...

    def macro(self, language: str, template: str, name: str, /, **values: object) -> str: ...


def message(
    chat_id: int,
    text: str,
    *,
    thread_id: int | None = None,
    keyboard: Keyboard | None = None,
    topic_customer_id: int | None = None,
) -> dict[str, Any]:
    """A sendMessage payload.  ``topic_customer_id``: post in that customer's forum topic
    (the dispatcher creates the topic on first need)."""
    params: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": "HTML"}
    if thread_id is not None:
        params["message_thread_id"] = thread_id
    if keyboard:
        params["reply_markup"] = {"inline_keyboard": keyboard}
    payload: dict[str, Any] = {"method": "sendMessage", "params": params}
    if topic_customer_id is not None:
        payload["topic_customer_id"] = topic_customer_id
    return payload


@dataclass(frozen=True)
class Destination:
    """A chat that gets a customer's news, in the language its readers read."""

    chat_id: int
    topic_customer_id: int | None  # post in this customer's forum topic
    language: str


def member_language(member: TeamMember, vendor: Vendor) -> str:
    """A team member's own Telegram language when Comanda speaks it, else the vendor's."""
    return supported_language(member.language) or vendor.language


async def contact_language(tx: Tx, contact: Contact) -> str:
    """The language a customer's contact reads: the one they chose, else Telegram's."""
    state = await tx.state.get(contact.telegram_user_id)
    return pick_language(state.language or contact.language)


async def vendor_destinations(tx: Tx, vendor: Vendor, customer_id: int) -> list[Destination]:
    """Where a customer's news goes: the team chat (in the customer's topic when it is a
    forum; the vendor's language), else every admin's private chat; plus the assigned reps
    who asked for cards in private (each in their own language). When the vendor keeps rep
    cards private, a customer with an assigned rep never goes to the team chat: the admins
    and that rep get it privately, so no rep sees another rep's customers."""
    members = await tx.team.of_vendor(vendor.id)
    reps = [m for m in members if m.role is Role.REP and customer_id in m.assigned_customer_ids]
    private_only = vendor.rep_cards == "private" and bool(reps)
    found: list[Destination] = []
    if vendor.team_chat_id is not None and not private_only:
        topic = customer_id if vendor.team_chat_is_forum else None
        found.append(Destination(vendor.team_chat_id, topic, vendor.language))
    else:
        found += [
            Destination(m.telegram_user_id, None, member_language(m, vendor))
            for m in members
            if m.role is Role.ADMIN
        ]
    found += [
        Destination(m.telegram_user_id, None, member_language(m, vendor))
        for m in reps
        if m.private_cards or private_only
    ]
    first: dict[int, Destination] = {}
    for destination in found:  # a chat once, as it first came
        first.setdefault(destination.chat_id, destination)
    return list(first.values())


async def chat_language(tx: Tx, vendor: Vendor, chat_id: int) -> str:
    """The language of the readers of one of the vendor's chats (the team chat: the
    vendor's; a team member's private chat: theirs)."""
    if chat_id == vendor.team_chat_id:
        return vendor.language
    member = await tx.team.member(vendor.id, chat_id)
    return member_language(member, vendor) if member is not None else vendor.language


def card_values(order: Order) -> dict[str, Any]:
    totals, total = order_totals(order)
    return {
        "order": order,
        "totals": totals,
        "total": total,
        "products": sum(1 for ln in order.lines if ln.quantity > 0),
        "flagged": flag_on_card(order.standing),
    }


def card_keyboard(
    render: Render, language: str, order: Order, *, on_details: bool = False
) -> Keyboard:
    """The order card's buttons. `on_details`: the same actions on the order's details
    (no "Details"; "Confirm" redraws the details; "Go to chat" last)."""

    def key(name: str, action: str, *more: object) -> dict[str, str]:
        return {
            "text": render.button(language, name),
            "callback_data": encode("ord", action, order.id, *more),
        }

    rows = [] if on_details else [[key("details", "dt"), key("go_to_chat", "ch")]]
    if order.status is OrderStatus.UNCONFIRMED:
        confirm = key("confirm", "cf", "d") if on_details else key("confirm", "cf")
        rows.append([confirm, key("confirm_comment", "cc")])
        rows.append([key("edit_quantities", "ed"), key("cancel_order", "cx")])
    if on_details:
        rows.append([key("go_to_chat", "ch")])
    return rows


async def order_card(tx: Tx, render: Render, order: Order, vendor: Vendor) -> None:
    for to in await vendor_destinations(tx, vendor, order.customer_id):
        text = render.render(to.language, "vendor/order_card.j2", **card_values(order))
        keyboard = card_keyboard(render, to.language, order)
        payload = message(
            to.chat_id, text, keyboard=keyboard, topic_customer_id=to.topic_customer_id
        )
        payload["order_id"] = order.id
        payload["language"] = to.language  # the card is drawn again when sent
        await tx.outbox.enqueue(
            kind="order_card",
            vendor_id=vendor.id,
            chat_id=to.chat_id,
            payload=payload,
            dedupe_key=f"card:{order.id}:{to.chat_id}",
        )


async def refresh_cards(
    tx: Tx, render: Render, order: Order, vendor: Vendor, *, only_chat: int | None = None
) -> None:
    """Edit every posted card of the order in place (or the one in `only_chat`), so no
    chat shows a stale status."""
    version = len(await tx.audit.for_entity("order", order.id))
    for card in await tx.orders.cards(order.id):
        if only_chat is not None and card.chat_id != only_chat:
            continue
        language = await chat_language(tx, vendor, card.chat_id)
        text = render.render(language, "vendor/order_card.j2", **card_values(order))
        keyboard = card_keyboard(render, language, order)
        params: dict[str, Any] = {
            "chat_id": card.chat_id,
            "message_id": card.message_id,
            "text": text,
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": keyboard},
        }
        await tx.outbox.enqueue(
            kind="card_edit",
            vendor_id=vendor.id,
            chat_id=card.chat_id,
            payload={"method": "editMessageText", "params": params},
            dedupe_key=f"card-edit:{order.id}:{card.chat_id}:{version}",
        )


async def to_contacts(
    tx: Tx, render: Render, order: Order, template: str, key: str, **values: Any
) -> None:
    customer = await tx.customers.get(order.customer_id, include_deleted=True)
    totals, total = order_totals(order)
    for contact in await tx.contacts.of_customer(customer):
        language = await contact_language(tx, contact)
        text = render.render(language, template, order=order, totals=totals, total=total, **values)
        keyboard = [
            [
                {
                    "text": render.button(language, "order_details"),
                    "callback_data": encode("my", "dt", order.id),
                }
            ]
        ]
        await tx.outbox.enqueue(
            kind="customer_notice",
            vendor_id=order.vendor_id,
            chat_id=contact.telegram_user_id,
            payload=message(contact.telegram_user_id, text, keyboard=keyboard),
            dedupe_key=f"notice:{key}:{order.id}:{contact.id}",
        )


async def to_team(
    tx: Tx,
    render: Render,
    vendor: Vendor,
    customer_id: int,
    template: str,
    key: str,
    **values: Any,
) -> None:
    """A notice for the vendor's team about one customer (in the vendor's language), once
    per ``key``."""
    for to in await vendor_destinations(tx, vendor, customer_id):
        text = render.render(to.language, template, **values)
        await tx.outbox.enqueue(
            kind="vendor_notice",
            vendor_id=vendor.id,
            chat_id=to.chat_id,
            payload=message(to.chat_id, text, topic_customer_id=to.topic_customer_id),
            dedupe_key=f"team:{key}:{to.chat_id}",
        )


async def status_changed(tx: Tx, render: Render, order: Order, *, by_customer: bool) -> None:
    vendor = await tx.vendors.get(order.vendor_id)
    await refresh_cards(tx, render, order, vendor)
    if by_customer:
        for to in await vendor_destinations(tx, vendor, order.customer_id):
            text = render.render(to.language, "vendor/customer_changed.j2", order=order)
            chat_id = to.chat_id
            await tx.outbox.enqueue(
                kind="vendor_notice",
                vendor_id=vendor.id,
                chat_id=chat_id,
                payload=message(chat_id, text, topic_customer_id=to.topic_customer_id),
                dedupe_key=f"vendor-notice:{order.id}:{order.status}:{chat_id}",
            )
    else:
        template = {
            OrderStatus.CONFIRMED: "customer/notice_confirmed.j2",
            OrderStatus.CANCELLED: "customer/notice_cancelled.j2",
        }.get(order.status)
        if template:
            await to_contacts(tx, render, order, template, str(order.status))


async def quantities_edited(tx: Tx, render: Render, order: Order, version: int) -> None:
    vendor = await tx.vendors.get(order.vendor_id)
    await refresh_cards(tx, render, order, vendor)
    await to_contacts(tx, render, order, "customer/notice_edited.j2", f"edited-{version}")
