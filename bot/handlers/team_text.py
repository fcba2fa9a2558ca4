"""What the team types: the answer to a question the bot asked (a comment, a quantity, a
search, dates, a setting, a customer field), or a reply to a customer in the team chat.
Refused input keeps the question open: the person reads why, and the question again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.callbacks import encode
from bot.context import Ctx
from bot.handlers.common import language, reply, tell_error
from bot.handlers.team import (
    AWAIT_CANCEL_REASON,
    AWAIT_LIST_DATES,
    AWAIT_LIST_SEARCH,
    AWAIT_REPLACEMENT,
    AWAIT_VENDOR_COMMENT,
    AWAIT_VENDOR_QTY,
    MAX_CHAT,
    MAX_COMMENT,
    TEAM_STATES,
    set_awaiting,
    show_list,
)
from bot.services.order_edits import line_at
from domain.errors import ComandaError, TooLong
from domain.rules.dates import parse_range
from domain.rules.quantity import parse_quantity

# -- what the team types ---------------------------------------------------------------


PROMPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "s_field": ("team/setting_prompt.j2", ("field",)),
    "c_field": ("team/field_prompt.j2", ("field",)),
    "c_new": ("team/new_customer_prompt.j2", ("step",)),
    "c_search": ("team/search_prompt.j2", ()),
    "c_chart": ("team/chart_dates_prompt.j2", ()),
    AWAIT_LIST_SEARCH: ("team/search_prompt.j2", ()),
    AWAIT_LIST_DATES: ("team/dates_prompt.j2", ()),
    AWAIT_REPLACEMENT: ("team/replace_prompt.j2", ("name",)),
}


async def ask_again(
    update: Update, context: Ctx, awaiting: dict[str, object], refused: ComandaError
) -> None:
    """Typed input was refused: the question stays open (whatever the handler had already
    cleared), the person reads why, then the same question again; /cancel leaves."""
    user = update.effective_user
    assert user is not None
    await set_awaiting(context, user.id, awaiting)
    await tell_error(update, context, refused)
    template, keys = PROMPTS.get(str(awaiting.get("state")), ("team/ask_again.j2", ()))
    values: dict[str, Any] = {k: awaiting.get(k) for k in keys}
    await reply(update, context, template, **values)


async def team_text(update: Update, context: Ctx) -> None:
    """Consumes a team member's awaited answer, or an answer to a customer in the team chat;
    anything else goes on to the customer conversation (ApplicationHandlerStop otherwise)."""
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if user is None or message is None or chat is None or message.text is None:
        return
    team = context.services.team
    if not await team.is_team_member(user.id):
        return
    async with context.services.store.read() as tx:
        awaiting = (await tx.state.get(user.id)).awaiting or {}
    kind = awaiting.get("state")
    text = message.text.strip()
    from bot.handlers import broadcast, customers, settings

    if (
        kind in TEAM_STATES
        or kind in customers.STATES
        or kind in broadcast.STATES
        or (kind in settings.STATES)
    ):
        try:
            if kind in TEAM_STATES:
                await _awaited(update, context, str(kind), awaiting, text)
            elif kind in customers.STATES:
                await customers.awaited(update, context, str(kind), awaiting, text)
            elif kind in broadcast.STATES:
                # the message as written in Telegram (its entities as HTML, "&" and "<"
                # escaped): no HTML typed by hand, and what recipients get is exactly it
                await broadcast.awaited(
                    update, context, str(kind), awaiting, message.text_html.strip()
                )
            else:
                await settings.awaited(update, context, str(kind), awaiting, text)
        except ComandaError as refused:
            await ask_again(update, context, awaiting, refused)
        raise ApplicationHandlerStop
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        thread = message.message_thread_id if message.is_topic_message else None
        reply_to = message.reply_to_message.message_id if message.reply_to_message else None
        customer_id = await team.customer_for_reply(chat.id, thread, reply_to)
        if customer_id is not None:
            if len(text) > MAX_CHAT:
                raise TooLong("message too long")
            count = await team.relay_to_customer(user.id, customer_id, text)
            await reply(update, context, "team/relay_sent.j2", count=count)
        raise ApplicationHandlerStop


async def _awaited(
    update: Update, context: Ctx, kind: str, awaiting: dict[str, object], text: str
) -> None:
    user = update.effective_user
    assert user is not None
    team, edits = context.services.team, context.services.order_edits
    if kind in (AWAIT_VENDOR_COMMENT, AWAIT_CANCEL_REASON):
        # the comment sent with a confirmation, or the reason sent with a cancellation
        if len(text) > MAX_COMMENT:
            raise TooLong("comment too long")
        await set_awaiting(context, user.id, None)
        orders = context.services.vendor_orders
        move, done = (
            (orders.confirm, "confirmed")
            if kind == AWAIT_VENDOR_COMMENT
            else (orders.cancel, "cancelled")
        )
        order = await move(user.id, int(str(awaiting["order"])), comment=text)
        lang = await language(update, context)
        toast_text = context.services.renderer.macro(
            lang, "plain/toasts.j2", done, number=order.order_number
        )
        await reply(update, context, "team/done.j2", text=toast_text)
    elif kind == AWAIT_VENDOR_QTY:
        order_id, position = int(str(awaiting["order"])), int(str(awaiting["position"]))
        if text.strip() in ("0", "0.0", "0,0"):
            quantity = Decimal(0)
        else:
            order = await edits.editable_order(user.id, order_id)
            quantity = parse_quantity(text, line_at(order, position).unit)
        await edits.edit_line(user.id, order_id, position, quantity)
        await set_awaiting(context, user.id, None)
        from bot.handlers.vendor_orders import send_editor

        await send_editor(update, context, order_id, new=True)
    elif kind == AWAIT_REPLACEMENT:
        # what the team typed names the product to put in place of the line: its matches
        order_id, position = int(str(awaiting["order"])), int(str(awaiting["position"]))
        found = await edits.replacements(user.id, order_id, position, text)
        lang = await language(update, context)
        rows = [
            [
                (
                    context.services.renderer.button(lang, "candidate", name=p.name, unit=p.unit),
                    encode("ord", "rp", order_id, position, p.id),
                )
            ]
            for p in found
        ]
        await reply(
            update, context, "team/replace_results.j2", rows=rows, name=awaiting.get("name")
        )
    elif kind == AWAIT_LIST_SEARCH:
        view = await team.view(user.id)
        view.text, view.page = text[:40], 0
        await set_awaiting(context, user.id, None)
        await show_list(update, context, view, new=True)
    elif kind == AWAIT_LIST_DATES:
        lang = await language(update, context)
        first, last = parse_range(text, await team.today(user.id), lang, prefer="past")
        view = await team.view(user.id)
        view.date, view.since, view.until, view.page = (
            "custom",
            first.isoformat(),
            last.isoformat(),
            0,
        )
        await set_awaiting(context, user.id, None)
        await show_list(update, context, view, new=True)


def text_interceptor() -> MessageHandler[Ctx, None]:
    """Runs before the customer conversation; stops it when the team's text was handled."""
    return MessageHandler(
        filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
        team_text,
    )


def handlers() -> list[MessageHandler[Ctx, None]]:
    """Text in the team group: an answer to a customer (replying to their message or in
    their topic)."""
    return [
        MessageHandler(
            filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
            team_text,
        )
    ]


__all__ = ["ask_again", "handlers", "text_interceptor"]
