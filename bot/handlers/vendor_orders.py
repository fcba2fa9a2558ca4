"""The team acts on order cards: details, go to chat, confirm (with a comment), edit
quantities, cancel.  Every press is re-authorized by the services."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import (
    Button,
    answer,
    button,
    keyboard,
    language,
    reply,
    show,
    toast,
)
from bot.services import notify
from bot.services.order_edits import line_at
from bot.services.views import order_totals
from domain.enums import OrderStatus
from domain.errors import AlreadyInStatus, StaleAction
from domain.rules.delivery import zone
from domain.rules.pricing import discounted_unit_price
from domain.rules.telegram_html import split_text
from store.models import Order, OrderLine


async def notice(update: Update, context: Ctx, name: str, **values: object) -> None:
    lang = await language(update, context)
    await toast(update, context.services.renderer.macro(lang, "plain/toasts.j2", name, **values))


log = logging.getLogger(__name__)


def detail_rows(context: Ctx, lang: str, order: Order, *, back: bool) -> list[list[Button]]:
    """The card's buttons on the order's details (and a way back to the list)."""
    card = notify.card_keyboard(context.services.renderer, lang, order, on_details=True)
    rows: list[list[Button]] = [[(b["text"], b["callback_data"]) for b in row] for row in card]
    if back:
        rows.append([(button(context, lang, "back_to_list"), encode("ol", "bk"))])
    return rows


async def send_details(
    update: Update, context: Ctx, order_id: int, *, back: bool = False, edit: bool = False
) -> None:
    """The order's details with the card's buttons, split into several messages when too
    long for one (the buttons go with the last). `edit` redraws the pressed message."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    order = await context.services.vendor_orders.details(user.id, order_id)
    async with context.services.store.read() as tx:
        vendor = await tx.vendors.get(order.vendor_id)
    totals, total = order_totals(order)
    prices = [
        discounted_unit_price(ln.unit_price, order.discount_percent, order.currency)
        for ln in order.lines
    ]
    lang = await language(update, context)
    values: dict[str, Any] = dict(
        order=order,
        totals=totals,
        prices=prices,
        total=total,
        ordered_on=order.created_at.astimezone(zone(vendor.timezone)).date(),
    )
    rows = detail_rows(context, lang, order, back=back)
    if chat.type == "private":  # a rep sets a customer's standing order up from an order
        rows.insert(
            -1 if back else len(rows),
            [(button(context, lang, "standing_make"), encode("so", "new", order.id))],
        )
    text = context.services.renderer.render(lang, "vendor/order_details.j2", **values)
    parts = split_text(text)
    if edit and len(parts) == 1:
        await show(update, context, "vendor/order_details.j2", rows=rows, **values)
        return
    message = update.effective_message
    thread = message.message_thread_id if message is not None and message.is_topic_message else None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await context.bot.send_message(
            chat.id,
            part,
            parse_mode="HTML",
            message_thread_id=thread,
            reply_markup=keyboard(rows) if last else None,
        )


async def send_editor(update: Update, context: Ctx, order_id: int, *, new: bool = False) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    order = await context.services.order_edits.editable_order(user.id, order_id)
    totals, _total = order_totals(order)
    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "edit_line",
                    name=ln.product_name[:40],
                    quantity=format(ln.quantity.normalize(), "f"),
                ),
                encode("ord", "el", order.id, ln.position),
            )
        ]
        for ln in order.lines[:40]
    ]
    rows.append([(button(context, lang, "done_editing"), encode("ord", "ex", order.id))])
    await show(update, context, "team/edit.j2", rows=rows, order=order, totals=totals, new=new)


async def edited_line(
    update: Update, context: Ctx, order_id: int, position: int | None
) -> OrderLine:
    """The line of an order being edited that a button names (re-authorized)."""
    user = update.effective_user
    assert user is not None
    order = await context.services.order_edits.editable_order(user.id, order_id)
    line = next((ln for ln in order.lines if ln.position == position), None)
    if line is None:
        raise StaleAction("no such line")
    return line


async def heal_card(update: Update, context: Ctx, order_id: int) -> None:
    """After a press on an order card: adopt a card that was never recorded, delete an
    unrecorded twin of the recorded one (see VendorOrderService.adopt_card)."""
    query, user = update.callback_query, update.effective_user
    message = query.message if query is not None else None
    if user is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    pressed = [b.callback_data for row in message.reply_markup.inline_keyboard for b in row]
    if encode("ord", "dt", order_id) not in pressed:
        return  # not a card: the details, an editor, a confirmation
    twin = await context.services.vendor_orders.adopt_card(
        user.id, order_id, message.chat_id, message.message_id
    )
    if twin:
        try:
            await message.delete()
        except TelegramError:
            log.warning("could not delete a doubled card of order %s", order_id, exc_info=True)


async def on_card(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    order_id = data.int_arg(0) if data else None
    if data is None or order_id is None:
        raise StaleAction("undecodable button")
    service = context.services.vendor_orders
    action = data.action
    if action == "dt":
        await answer(update, context)
        await send_details(update, context, order_id)
    elif action == "cf":
        order = await service.confirm(user.id, order_id)
        await notice(update, context, "confirmed", number=order.order_number)
        if data.arg(1) == "d":  # pressed on the details: show them as they are now
            await send_details(update, context, order_id, back=True, edit=True)
    elif action == "cc":
        order = await service.details(user.id, order_id)
        if order.status != "unconfirmed":
            raise AlreadyInStatus("already handled", status=order.status)
        await answer(update, context)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": "v_comment", "order": order_id})
        await reply(update, context, "team/comment_prompt.j2", order=order)
    elif action == "ed":
        await context.services.order_edits.editable_order(user.id, order_id)
        await answer(update, context)
        await send_editor(update, context, order_id, new=True)
    elif action == "el":
        line = await edited_line(update, context, order_id, data.int_arg(1))
        await answer(update, context)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(
                user.id, {"state": "v_qty", "order": order_id, "position": line.position}
            )
        lang = await language(update, context)
        replace = encode("ord", "rl", order_id, line.position)
        rows = [[(button(context, lang, "replace_product"), replace)]]
        await reply(update, context, "team/qty_prompt.j2", line=line, rows=rows)
    elif action == "rl":  # another product in place of the line: ask which
        line = await edited_line(update, context, order_id, data.int_arg(1))
        await answer(update, context)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(
                user.id,
                {
                    "state": "v_replace",
                    "order": order_id,
                    "position": line.position,
                    "name": line.product_name,
                },
            )
        await reply(update, context, "team/replace_prompt.j2", name=line.product_name)
    elif action == "rp":  # the product picked among the matches of what the team typed
        position, row_id = data.int_arg(1), data.int_arg(2)
        if position is None or row_id is None:
            raise StaleAction("bad replacement")
        order = await context.services.order_edits.replace_line(user.id, order_id, position, row_id)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, None)
        await notice(update, context, "replaced", product=line_at(order, position).product_name)
        await send_editor(update, context, order_id, new=True)
    elif action == "ex":
        order = await context.services.order_edits.finish_editing(user.id, order_id)
        await notice(update, context, "edited", number=order.order_number)
        if isinstance(query.message, Message):
            await query.message.delete()
    elif action == "ch":
        order = await service.details(user.id, order_id)
        await answer(update, context)
        async with context.services.store.read() as tx:
            vendor = await tx.vendors.get(order.vendor_id)
            thread = (
                await tx.topics.thread_of(order.customer_id, vendor.team_chat_id)
                if vendor.team_chat_id is not None and vendor.team_chat_is_forum
                else None
            )
        link = None
        if thread is not None and vendor.team_chat_id is not None:
            internal = int(str(vendor.team_chat_id).removeprefix("-100"))
            link = f"https://t.me/c/{internal}/{thread}"
        await reply(update, context, "team/chat_hint.j2", customer=order.customer_name, link=link)
    elif action == "cx":
        order = await service.details(user.id, order_id)
        if order.status is OrderStatus.CANCELLED:
            raise AlreadyInStatus("already cancelled", status=order.status)
        await answer(update, context)
        lang = await language(update, context)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": "v_cancel", "order": order_id})
        await reply(
            update,
            context,
            "vendor/cancel_confirm.j2",
            order=order,
            rows=[
                [(button(context, lang, "cancel_no_reason"), encode("ord", "CX", order_id))],
                [(button(context, lang, "no_keep"), encode("ord", "keep", order_id))],
            ],
        )
    elif action == "CX":
        order = await service.cancel(user.id, order_id)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, None)
        await notice(update, context, "cancelled", number=order.order_number)
        if isinstance(query.message, Message):
            await query.message.delete()
    elif action == "keep":
        await service.details(user.id, order_id)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, None)
        await notice(update, context, "kept")
        if isinstance(query.message, Message):
            await query.message.delete()
    else:
        raise StaleAction("unknown action")
    await heal_card(update, context, order_id)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [CallbackQueryHandler(on_card, pattern=r"^ord:")]
