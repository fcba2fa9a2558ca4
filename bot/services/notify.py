"""Messages that must reach someone, written to the outbox inside the caller's transaction."""

from __future__ import annotations

from typing import Any, Protocol

from bot.callbacks import encode
from bot.i18n import pick_language
from bot.services.views import order_totals
from domain.enums import OrderStatus, Role
from domain.rules.standing import flag_on_card
from store.models import Order, Vendor
from store.repos import Tx

Keyboard = list[list[dict[str, str]]]


class Render(Protocol):
    def render(self, language: str, template: str, /, **values: object) -> str: ...

    def button(self, language: str, name: str, /, **values: object) -> str: ...


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


async def vendor_destinations(
    tx: Tx, vendor: Vendor, customer_id: int
) -> list[tuple[int, int | None]]:
    """Where a customer's news goes, as (chat, topic customer): the team chat (in the
    customer's topic when it is a forum), else every admin's private chat; plus the assigned
    reps who asked for cards in private."""
    destinations: list[tuple[int, int | None]] = []
    members = await tx.team.of_vendor(vendor.id)
    if vendor.team_chat_id is not None:
        destinations.append(
            (vendor.team_chat_id, customer_id if vendor.team_chat_is_forum else None)
        )
    else:
        destinations += [(m.telegram_user_id, None) for m in members if m.role is Role.ADMIN]
    destinations += [
        (m.telegram_user_id, None)
        for m in members
        if m.role is Role.REP and m.private_cards and customer_id in m.assigned_customer_ids
    ]
    return list(dict.fromkeys(destinations))


def card_values(order: Order) -> dict[str, Any]:
    totals, total = order_totals(order)
    return {
        "order": order,
        "totals": totals,
        "total": total,
        "products": sum(1 for ln in order.lines if ln.quantity > 0),
        "flagged": flag_on_card(order.standing),
    }


def card_keyboard(render: Render, language: str, order: Order) -> Keyboard:
    rows = [
        [
            {
                "text": render.button(language, "details"),
                "callback_data": encode("ord", "dt", order.id),
            },
            {
                "text": render.button(language, "go_to_chat"),
                "callback_data": encode("ord", "ch", order.id),
            },
        ]
    ]
    if order.status is OrderStatus.UNCONFIRMED:
        rows.append(
            [
                {
                    "text": render.button(language, "confirm"),
                    "callback_data": encode("ord", "cf", order.id),
                },
                {
                    "text": render.button(language, "confirm_comment"),
                    "callback_data": encode("ord", "cc", order.id),
                },
            ]
        )
        rows.append(
            [
                {
                    "text": render.button(language, "edit_quantities"),
                    "callback_data": encode("ord", "ed", order.id),
                },
                {
                    "text": render.button(language, "cancel_order"),
                    "callback_data": encode("ord", "cx", order.id),
                },
            ]
        )
    return rows


async def order_card(tx: Tx, render: Render, order: Order, vendor: Vendor) -> None:
    language = vendor.language
    text = render.render(language, "vendor/order_card.j2", **card_values(order))
    keyboard = card_keyboard(render, language, order)
    for chat_id, topic in await vendor_destinations(tx, vendor, order.customer_id):
        payload = message(chat_id, text, keyboard=keyboard, topic_customer_id=topic)
        payload["order_id"] = order.id
        await tx.outbox.enqueue(
            kind="order_card",
            chat_id=chat_id,
            payload=payload,
            dedupe_key=f"card:{order.id}:{chat_id}",
        )


async def refresh_cards(tx: Tx, render: Render, order: Order, vendor: Vendor) -> None:
    """Edit every posted card of the order in place, so no chat shows a stale status."""
    language = vendor.language
    text = render.render(language, "vendor/order_card.j2", **card_values(order))
    keyboard = card_keyboard(render, language, order)
    version = len(await tx.audit.for_entity("order", order.id))
    for card in await tx.orders.cards(order.id):
        params: dict[str, Any] = {
            "chat_id": card.chat_id,
            "message_id": card.message_id,
            "text": text,
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": keyboard},
        }
        await tx.outbox.enqueue(
            kind="card_edit",
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
        state = await tx.state.get(contact.telegram_user_id)
        language = pick_language(state.language or contact.language)
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
    text = render.render(vendor.language, template, **values)
    for chat_id, topic in await vendor_destinations(tx, vendor, customer_id):
        await tx.outbox.enqueue(
            kind="vendor_notice",
            chat_id=chat_id,
            payload=message(chat_id, text, topic_customer_id=topic),
            dedupe_key=f"team:{key}:{chat_id}",
        )


async def status_changed(tx: Tx, render: Render, order: Order, *, by_customer: bool) -> None:
    vendor = await tx.vendors.get(order.vendor_id)
    await refresh_cards(tx, render, order, vendor)
    if by_customer:
        text = render.render(vendor.language, "vendor/customer_changed.j2", order=order)
        for chat_id, topic in await vendor_destinations(tx, vendor, order.customer_id):
            await tx.outbox.enqueue(
                kind="vendor_notice",
                chat_id=chat_id,
                payload=message(chat_id, text, topic_customer_id=topic),
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
