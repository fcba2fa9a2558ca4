"""What every handler needs: the reader's language, replying and editing with templates,
inline keyboards, and answering callback queries."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.callbacks import encode
from bot.context import Ctx
from bot.handling import current as current_handling
from bot.i18n import pick_language, supported_language
from domain.errors import ComandaError

log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply
Button = tuple[str, str]  # (label, callback data)


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    built = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(built) if built else None


async def language(update: Update, context: Ctx) -> str:
    """The reader's chosen language, else Telegram's, else (team members) the vendor's,
    else English."""
    user = update.effective_user
    if user is None:
        return pick_language(None)
    cache = context.user_data if context.user_data is not None else {}
    cached = cache.get("lang")
    if isinstance(cached, str):
        return cached
    async with context.services.store.read() as tx:
        state = await tx.state.get(user.id)
        lang = supported_language(state.language) or supported_language(user.language_code)
        if lang is None:
            # a team member whose Telegram language Comanda does not speak reads the
            # vendor's; everyone else reads English
            members = await tx.team.memberships(user.id)
            vendor = await tx.vendors.find(members[0].vendor_id) if members else None
            lang = vendor.language if vendor is not None else pick_language(None)
    cache["lang"] = lang
    return lang


def forget_language(context: Ctx) -> None:
    if context.user_data is not None:
        context.user_data.pop("lang", None)


def render(context: Ctx, lang: str, template: str, /, **values: object) -> str:
    return context.services.renderer.render(lang, template, **values)


def button(context: Ctx, lang: str, name: str, /, **values: object) -> str:
    return context.services.renderer.button(lang, name, **values)


async def reply(
    update: Update,
    context: Ctx,
    template: str,
    /,
    *,
    rows: Sequence[Sequence[Button]] = (),
    markup: ReplyMarkup | None = None,
    **values: object,
) -> Message | None:
    lang = await language(update, context)
    chat = update.effective_chat
    if chat is None:
        return None
    text = render(context, lang, template, **values)
    thread = None
    message = update.effective_message
    if message is not None and message.is_topic_message:
        thread = message.message_thread_id
    return await context.bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        message_thread_id=thread,
        reply_markup=markup if markup is not None else keyboard(rows),
    )


async def show(
    update: Update,
    context: Ctx,
    template: str,
    /,
    *,
    rows: Sequence[Sequence[Button]] = (),
    new: bool = False,
    **values: Any,
) -> None:
    """Edit the pressed message into this view (or send it when there is none, or when
    ``new`` asks for a fresh message)."""
    query = update.callback_query
    if new or query is None or query.message is None or not isinstance(query.message, Message):
        await reply(update, context, template, rows=rows, **values)
        return
    lang = await language(update, context)
    text = render(context, lang, template, **values)
    try:
        await query.message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard(rows))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def answer(update: Update, context: Ctx, error: ComandaError | None = None) -> None:
    """Answer the pressed button (with the error as a toast when there is one).

    Inside the inbox the answer is recorded and sent after the work is done, so a press is
    never lost to a "query is too old" error; outside it (a plain PTB run) it goes at once."""
    lang = await language(update, context) if error is not None else ""
    await toast(update, error_text(context, lang, error)[:200] if error else None, alert=True)


async def toast(
    update: Update, text: str | None = None, *, alert: bool = False, replace: bool = False
) -> None:
    """The button's one answer: a short private notice (or none) to the person who pressed.
    ``replace`` lets a refusal take the place of a plain answer recorded before it."""
    query = update.callback_query
    if query is None:
        return
    handling = current_handling()
    if handling is not None:
        if not handling.answered or (replace and handling.answer_text is None and text):
            handling.answered = True
            handling.answer_text = text
            handling.answer_alert = alert and bool(text)
        return
    try:
        await query.answer(text, show_alert=alert and bool(text))
    except BadRequest as exc:  # "query is too old": the work is what matters
        log.info("button answer refused: %s", exc)


def answered(update: Update, context: Ctx) -> bool:
    """True when the button was answered already (the answer itself may still be waiting
    for the work to finish)."""
    handling = current_handling()
    return handling is not None and handling.answered


def error_text(context: Ctx, lang: str, error: ComandaError) -> str:
    renderer = context.services.renderer
    name = error.key.split(".", 1)[-1]
    if not renderer.has_macro("errors.j2", name):
        name = "generic"
    accepted = renderer.macro_arguments("errors.j2", name)
    params = {k: v for k, v in error.params.items() if k in accepted}
    return renderer.macro(lang, "errors.j2", name, **params)


async def tell_error(update: Update, context: Ctx, error: ComandaError) -> None:
    """The one place a domain error becomes a translated message. A refused button press in
    a group is a private toast, never a message the whole group reads."""
    chat = update.effective_chat
    in_group = chat is not None and chat.type != "private"
    if update.callback_query is not None and (in_group or not answered(update, context)):
        lang = await language(update, context)
        await toast(update, error_text(context, lang, error)[:200], alert=True, replace=True)
        return
    lang = await language(update, context)
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id, error_text(context, lang, error), parse_mode=ParseMode.HTML
        )


async def location_rows(
    update: Update, context: Ctx, active_customer_id: int, screen: str, locations: int = 2
) -> list[list[Button]]:
    """For a person ordering for several locations: one button per other location, which
    switches to it and shows the same screen (`screen`: cat, cart or my). `locations`:
    how many the person orders for, when known (1 asks nothing more)."""
    user = update.effective_user
    if user is None or locations < 2:
        return []
    choices = await context.services.ordering.choices(user.id)
    if len(choices) < 2:
        return []
    lang = await language(update, context)
    return [
        [
            (
                context.services.renderer.button(lang, "switch_location", name=c.name),
                encode("cust", "sw", c.id, screen),
            )
        ]
        for c, _vendor in choices
        if c.id != active_customer_id
    ][:5]
