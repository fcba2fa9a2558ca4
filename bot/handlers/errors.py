"""The one error path: a domain error becomes a translated message; anything else is logged
with its traceback and answered politely, never leaking details."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.context import Ctx, language_of
from bot.handlers.common import tell_error, toast
from bot.handlers.customer import send_customer_choice, send_menu
from bot.handling import current as current_handling
from domain.errors import ComandaError, NotLinked, StaleAction

log = logging.getLogger(__name__)


def is_transient(error: BaseException | None) -> bool:
    """Telegram unreachable or busy (not the request's fault): worth trying again later.
    PTB's BadRequest is a NetworkError subclass, but it is the request's fault."""
    return isinstance(error, (NetworkError, TimedOut, RetryAfter)) and not isinstance(
        error, BadRequest
    )


async def on_error(update: object, context: Ctx) -> None:
    error = context.error
    handling = current_handling()
    if is_transient(error) and handling is not None:
        # Telegram could not be reached: the inbox tries the update again after a pause.
        log.warning("update %s waits for Telegram: %s", handling.update_id, error)
        handling.error, handling.transient = error, True
        return
    if isinstance(error, ComandaError) and isinstance(update, Update):
        log.info("refused: %s (%s)", error, error.key)
        try:
            if isinstance(error, StaleAction) and error.params.get("choose"):
                await send_customer_choice(update, context)
                return
            chat = update.effective_chat
            if isinstance(error, NotLinked) and chat is not None and chat.type == "private":
                # the home screen says why: not linked yet, or the account was removed
                await toast(update)
                await send_menu(update, context)
                return
            await tell_error(update, context, error)
        except TelegramError:
            log.warning("could not tell the user why", exc_info=True)
        return
    log.error("unhandled error while handling an update", exc_info=error)
    if handling is not None:
        handling.error = error
        if not handling.final_attempt:
            return  # tried again shortly; the person hears of it only if it keeps failing
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await toast(update)
        text = context.services.renderer.render(language_of(update), "error_generic.j2")
        await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)
