"""Admins change the vendor's settings (/settings)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, forget_language, language, reply, show
from bot.services.bots import set_vendor_bot
from domain.errors import StaleAction

log = logging.getLogger(__name__)

AWAIT_SETTING = "s_field"
TEXT_SETTINGS = (
    "timezone",
    "cutoff_time",
    "closures",
    "minimum_order_value",
    "currency",
    "bot_token",
    "reminder_hours",
    "standing_notice_hours",
)


async def show_settings(
    update: Update, context: Ctx, *, new: bool = False, days_open: bool = False
) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    vendor = await context.services.vendor_settings.vendor(user.id)
    rows: list[list[Button]] = []
    for name in (
        "timezone",
        "cutoff_time",
        "kind",
        "days",
        "closures",
        "minimum_order_value",
        "currency",
        "number_edit",
        "language",
        "rep_cards",
        "reminder_hours",
        "standing_notice_hours",
        "picklist_at_cutoff",
        "bot_token",
    ):
        rows.append([(button(context, lang, "setting", name=name), encode("st", name[:6]))])
    if days_open:
        from babel.dates import get_day_names

        names = get_day_names("wide", locale=lang)
        rows = [
            [
                (
                    button(context, lang, "weekday", name=names[d], on=d in vendor.delivery_days),
                    encode("st", "day", d),
                )
            ]
            for d in range(7)
        ]
        rows.append([(button(context, lang, "back"), encode("st", "home"))])
    values = dict(
        v=vendor, days=sorted(vendor.delivery_days), closures=sorted(vendor.closure_dates)
    )
    await show(update, context, "team/settings.j2", rows=rows, **values, new=new)


async def settings_command(update: Update, context: Ctx) -> None:
    await show_settings(update, context, new=True)


async def on_settings(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    if data is None:
        raise StaleAction("undecodable button")
    service = context.services.vendor_settings
    await service.vendor(user.id)  # admins only
    await answer(update, context)
    action = data.action
    field = {f[:6]: f for f in TEXT_SETTINGS}.get(action)
    if field is not None:
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": AWAIT_SETTING, "field": field})
        await reply(update, context, "team/setting_prompt.j2", field=field)
        return
    if action == "kind":
        await service.toggle_kind(user.id)
    elif action == "number":
        await service.toggle_number_edit(user.id)
    elif action == "pickli":
        await service.toggle_picklist(user.id)
    elif action == "langua":
        await service.next_language(user.id)
        forget_language(context)
    elif action == "rep_ca":
        await service.toggle_rep_cards(user.id)
    elif action in ("repg", "repp"):
        await service.update(user.id, rep_cards="private" if action == "repp" else "group")
    elif action == "days":
        await show_settings(update, context, days_open=True)
        return
    elif action == "day" and data.int_arg(0) is not None:
        await service.toggle_day(user.id, data.int_arg(0) or 0)
        await show_settings(update, context, days_open=True)
        return
    await show_settings(update, context)


async def awaited(
    update: Update, context: Ctx, kind: str, awaiting: dict[str, object], text: str
) -> None:
    user = update.effective_user
    assert user is not None
    if awaiting.get("field") == "bot_token":
        await own_bot(update, context, text)
        return
    await context.services.vendor_settings.set_text(
        user.id,
        str(awaiting["field"]),
        text,
        today=await context.services.team.today(user.id),
        language=await language(update, context),
    )
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user.id, None)
    await reply(update, context, "team/saved.j2")
    await show_settings(update, context, new=True)


async def own_bot(update: Update, context: Ctx, token: str) -> None:
    """An admin sent their own bot's token: the message goes at once (a token is a key), the
    token is checked with Telegram, and everyone of the vendor's is told where to go on."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    kept = False  # the token's message could not be deleted: the admin is asked to
    if message is not None:
        try:
            await message.delete()
        except TelegramError:
            log.warning("could not delete the message with a bot token", exc_info=True)
            kept = True
    services = context.services
    vendor = await services.vendor_settings.vendor(user.id)  # admins only
    vendor, bot = await set_vendor_bot(
        services.store,
        services.renderer,
        str(vendor.id),
        token,
        services.settings.base_url,
        actor=user.id,
    )
    async with services.store.tx() as tx:
        await tx.state.set_awaiting(user.id, None)
    await reply(update, context, "team/bot_connected.j2", vendor=vendor, bot=bot, kept=kept)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("settings", settings_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_settings, pattern=r"^st:"),
    ]


STATES = (AWAIT_SETTING,)
