"""/start for people the bot does not know yet."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CommandHandler

from bot.context import Ctx, language_of


async def start(update: Update, context: Ctx) -> None:
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    text = context.services.renderer.render(
        language_of(update), "unlinked.j2", name=user.first_name
    )
    await message.reply_text(text, parse_mode=ParseMode.HTML)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [CommandHandler("start", start)]
