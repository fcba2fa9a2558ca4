"""The one error path: a domain error becomes a translated message; anything else is logged
with its traceback and answered politely, never leaking details."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.context import Ctx, language_of
from bot.handlers.common import answered, tell_error
from bot.handlers.customer import send_customer_choice
from domain.errors import ComandaError, StaleAction

log = logging.getLogger(__name__)


async def on_error(update: object, context: Ctx) -> None:
    error = context.error
    if isinstance(error, ComandaError) and isinstance(update, Update):
        log.info("refused: %s (%s)", error, error.key)
        try:
            if isinstance(error, StaleAction) and error.params.get("choose"):
                await send_customer_choice(update, context)
                return
            await tell_error(update, context, error)
        except TelegramError:
            log.warning("could not tell the user why", exc_info=True)
        return
    log.error("unhandled error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None and not answered(update, context):
            await update.callback_query.answer()
        text = context.services.renderer.render(language_of(update), "error_generic.j2")
        await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)
