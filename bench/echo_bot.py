"""A bare PTB echo bot (the yardstick for bench/throughput.py): long polling, one reply per
message, PTB's defaults (one update at a time), no store.
Reads COMANDA_BOT_TOKEN and COMANDA_API_URL."""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    api = os.environ["COMANDA_API_URL"].rstrip("/")
    app = (
        Application.builder()
        .token(os.environ["COMANDA_BOT_TOKEN"])
        .base_url(api + "/bot")
        .base_file_url(api + "/file/bot")
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
