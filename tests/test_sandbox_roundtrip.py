"""A PTB bot does a full round trip against the sandbox, in polling and webhook mode."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sandbox import SandboxServer
from sandbox.runner import polling, webhook


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "Pick <b>one</b>:",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Press me", callback_data="rt:1")]]
        ),
    )


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"You pressed <i>{query.data}</i>", parse_mode="HTML")


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    file = await message.document.get_file()
    data = bytes(await file.download_as_bytearray())
    await message.reply_document(data.upper(), filename="echo.txt", caption=f"{len(data)} bytes")


def round_trip_app(make: Callable[..., Application]) -> Application:  # type: ignore[type-arg]
    app = make()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed, pattern=r"^rt:"))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    return app


def runner(mode: str, app: Application) -> AbstractAsyncContextManager[Any]:  # type: ignore[type-arg]
    return polling(app) if mode == "polling" else webhook(app)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_full_round_trip(
    mode: str, sandbox: SandboxServer, ptb_app: Callable[..., Application]
) -> None:  # type: ignore[type-arg]
    world = sandbox.world
    ana = world.create_user("Ana", language_code="es")
    async with runner(mode, round_trip_app(ptb_app)):
        if mode == "webhook":
            assert world.webhook.url.endswith("/hook") and world.webhook.secret_token
        world.send_text(ana.id, ana.id, "/start")
        card = await world.next_bot_message(ana.id)
        assert card["text"] == "Pick one:"
        assert card["entities"] == [{"type": "bold", "offset": 5, "length": 3}]
        button = card["reply_markup"]["inline_keyboard"][0][0]
        assert button == {"text": "Press me", "callback_data": "rt:1"}

        query = world.press(ana.id, card["message_id"], ana.id, text="Press me")
        await world.wait_for(lambda: query.answer is not None)
        assert query.answer == {"text": "noted", "show_alert": False}
        edited = await world.wait_for(
            lambda: (
                world.chat(ana.id).messages[card["message_id"]].get("edit_date")
                and world.chat(ana.id).messages[card["message_id"]]
            )
        )
        assert edited["text"] == "You pressed rt:1"
        assert "reply_markup" not in edited  # an edit without markup removes the keyboard

        upload = world.upload(
            ana.id,
            ana.id,
            kind="document",
            file_name="order.txt",
            data=b"2 cs romaine",
            mime_type="text/plain",
        )
        reply = await world.next_bot_message(ana.id, after=upload["message_id"])
        assert reply["caption"] == "12 bytes"
        assert reply["document"]["file_name"] == "echo.txt"
        assert world.files[reply["document"]["file_id"]].data == b"2 CS ROMAINE"
    assert world.updates == [] or mode == "polling"
    assert not world.unexpected_rejections()


async def test_webhook_rejects_wrong_secret_and_sandbox_retries(
    sandbox: SandboxServer, ptb_app: Callable[..., Application]
) -> None:  # type: ignore[type-arg]
    world = sandbox.world
    ana = world.create_user("Ana")
    async with webhook(round_trip_app(ptb_app), secret_token="right-secret"):
        world.webhook.secret_token = "wrong-secret"  # the bot's server must refuse these
        world.send_text(ana.id, ana.id, "/start")
        await world.wait_for(lambda: world.webhook.last_error_message, timeout=5)
        assert "403" in (world.webhook.last_error_message or "")
        assert world.bot_messages(ana.id) == []
        world.webhook.secret_token = "right-secret"  # retried with back-off, then delivered
        message = await world.next_bot_message(ana.id, timeout=10)
        assert message["text"] == "Pick one:"


async def test_webhook_endpoint_down_never_crashes_sandbox(sandbox: SandboxServer) -> None:
    world = sandbox.world
    ana = world.create_user("Ana")
    world.webhook.url = "http://127.0.0.1:9/nowhere"  # nothing listens on the discard port
    world.send_text(ana.id, ana.id, "hello")
    await world.wait_for(lambda: world.webhook.last_error_message, timeout=5)
    assert world.webhook.last_error_message.startswith("Connection failed")
    assert len(world.updates) == 1  # kept for a later delivery, not lost
