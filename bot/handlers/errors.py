"""The one error path: log with the traceback, answer politely, never leak details."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.context import Ctx, language_of

log = logging.getLogger(__name__)


async def on_error(update: object, context: Ctx) -> None:
    log.error("unhandled error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        text = context.services.renderer.render(language_of(update), "error_generic.j2")
        await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)
