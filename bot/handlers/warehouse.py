"""/picklist [day]: the warehouse's day for admins, the pick list and the delivery sheet as
messages, then as an XLSX and a PDF (issue 18)."""

from __future__ import annotations

from datetime import timedelta

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.context import Ctx
from bot.handlers.common import language, reply
from bot.services.warehouse import labels
from domain.rules.dates import parse_day
from domain.rules.telegram_html import split_text


async def picklist(update: Update, context: Ctx) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    service = context.services.warehouse
    lang = await language(update, context)
    today = await service.today(user.id)  # admins only
    typed = " ".join(context.args or []).strip()
    delivery = parse_day(typed, today, lang) if typed else today + timedelta(days=1)
    day = await service.day(user.id, delivery)
    renderer = context.services.renderer
    for template in ("team/pick_list.j2", "team/delivery_sheet.j2"):
        if template == "team/delivery_sheet.j2" and not day.orders:
            break
        for part in split_text(renderer.render(lang, template, day=day)):
            await context.bot.send_message(chat.id, part, parse_mode="HTML")
    if not day.orders:
        return
    xlsx_data, pdf_data = await service.files(day, labels(context.services.renderer, lang))
    caption = renderer.render(lang, "team/warehouse_files.j2", day=day)
    stamp = delivery.isoformat()
    await context.bot.send_document(
        chat.id, InputFile(xlsx_data, filename=f"day-{stamp}.xlsx"), caption=caption
    )
    await context.bot.send_document(
        chat.id, InputFile(pdf_data, filename=f"day-{stamp}.pdf"), caption=caption
    )


async def reminders(update: Update, context: Ctx) -> None:
    """/reminders [day]: who was reminded to order for a delivery day (tomorrow by default)
    and who ordered after; a rep sees their own customers."""
    user = update.effective_user
    assert user is not None
    typed = " ".join(context.args or []).strip()
    delivery = None
    if typed:
        lang = await language(update, context)
        delivery = parse_day(typed, await context.services.team.today(user.id), lang)
    day, reminded = await context.services.reminders.of_day(user.id, delivery)
    await reply(update, context, "team/reminders.j2", day=day, reminded=reminded)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("picklist", picklist, filters=private),
        CommandHandler("reminders", reminders, filters=private),
    ]
