"""/broadcast: choose an audience by labels, write with Telegram's own formatting (bold,
italic, links) or send a photo with a caption, preview
exactly as customers will see it, send or cancel.  /broadcasts lists past ones; customers
use /mute and /unmute."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, reply, show
from domain.errors import InvalidInput, StaleAction
from domain.rules.audience import MODES
from domain.rules.telegram_html import check

AWAIT_TEXT = "b_text"


async def _draft(context: Ctx, user_id: int) -> dict[str, Any]:
    async with context.services.store.read() as tx:
        view = (await tx.state.get(user_id)).view or {}
    return dict(view.get("broadcast", {"mode": "everyone", "labels": []}))


async def _save(context: Ctx, user_id: int, draft: dict[str, Any] | None) -> None:
    async with context.services.store.tx() as tx:
        view = dict((await tx.state.get(user_id)).view or {})
        if draft is None:
            view.pop("broadcast", None)
        else:
            view["broadcast"] = draft
        await tx.state.set_view(user_id, view)


async def show_audience(update: Update, context: Ctx, *, new: bool = False) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    draft = await _draft(context, user.id)
    service = context.services.broadcasts
    customers, contacts = await service.reach(user.id, draft)
    labels = await context.services.customers.labels(user.id)
    rows: list[list[Button]] = [
        [
            (
                button(context, lang, "audience_mode", mode=mode, on=draft["mode"] == mode),
                encode("bc", "m", mode),
            )
            for mode in MODES
        ]
    ]
    if draft["mode"] != "everyone":
        rows += [
            [
                (
                    button(context, lang, "toggle", on=lb.name in draft["labels"], label=lb.name),
                    encode("bc", "l", lb.id),
                )
            ]
            for lb in labels
        ]
    if contacts:
        rows.append([(button(context, lang, "write_broadcast"), encode("bc", "w"))])
    rows.append([(button(context, lang, "cancel_draft"), encode("bc", "c"))])
    values = dict(draft=draft, customers=customers, contacts=contacts)
    await show(update, context, "team/broadcast_audience.j2", rows=rows, **values, new=new)


async def broadcast_command(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    await context.services.broadcasts.seat(user.id)
    await _save(context, user.id, {"mode": "everyone", "labels": []})
    await show_audience(update, context, new=True)


async def on_button(update: Update, context: Ctx) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    data = decode(query.data)
    if data is None:
        raise StaleAction("undecodable button")
    service = context.services.broadcasts
    await service.seat(user.id)
    if data.action == "x":
        broadcast_id = data.int_arg(0)
        if broadcast_id is None:
            raise StaleAction("no broadcast")
        await answer(update, context)
        if await service.cancel(user.id, broadcast_id):
            await context.services.sender.show_final(broadcast_id)
        return
    await answer(update, context)
    draft = await _draft(context, user.id)
    if data.action == "m" and data.arg(0) in MODES:
        draft["mode"] = data.arg(0)
    elif data.action == "l" and data.int_arg(0) is not None:
        labels = {lb.id: lb.name for lb in await context.services.customers.labels(user.id)}
        name = labels.get(data.int_arg(0) or 0)
        if name is None:
            raise StaleAction("unknown label")
        chosen = list(draft["labels"])
        draft["labels"] = [x for x in chosen if x != name] if name in chosen else [*chosen, name]
    elif data.action == "w":
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": AWAIT_TEXT})
        await reply(update, context, "team/broadcast_write.j2")
        return
    elif data.action == "s":
        if "text" not in draft or data.arg(0) != draft.get("nonce"):
            raise StaleAction("no message to send")
        broadcast = await service.create(
            user.id,
            chat.id,
            {"mode": draft["mode"], "labels": draft["labels"]},
            draft["text"],
            draft.get("photo"),
        )
        await _save(context, user.id, None)
        context.services.sender.poke()
        await reply(update, context, "team/broadcast_started.j2", count=None, b=broadcast)
        return
    elif data.action == "c":
        await _save(context, user.id, None)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, None)
        await show(update, context, "team/broadcast_cancelled.j2")
        return
    await _save(context, user.id, draft)
    await show_audience(update, context)


async def awaited(
    update: Update,
    context: Ctx,
    kind: str,
    awaiting: dict[str, object],
    text: str,
    photo: str | None = None,
) -> None:
    """The broadcast's text (or a photo's caption): validated, then previewed."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    check(text, caption=photo is not None)
    draft = await _draft(context, user.id)
    import secrets

    draft.update(text=text, photo=photo, nonce=secrets.token_hex(4))
    await _save(context, user.id, draft)
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user.id, None)
    lang = await language(update, context)
    seat = await context.services.broadcasts.seat(user.id)
    preview = context.services.renderer.render(
        lang, "customer/broadcast.j2", vendor=seat.vendor, text=text
    )
    await reply(update, context, "team/broadcast_preview_intro.j2")
    if photo:
        await context.bot.send_photo(chat.id, photo, caption=preview, parse_mode="HTML")
    else:
        await context.bot.send_message(chat.id, preview, parse_mode="HTML")
    _customers, contacts = await context.services.broadcasts.reach(user.id, draft)
    await reply(
        update,
        context,
        "team/broadcast_confirm.j2",
        contacts=contacts,
        rows=[
            [
                (
                    button(context, lang, "send_broadcast", count=contacts),
                    encode("bc", "s", draft["nonce"]),
                ),
                (button(context, lang, "cancel_draft"), encode("bc", "c")),
            ]
        ],
    )


async def on_photo(update: Update, context: Ctx) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.photo:
        return
    async with context.services.store.read() as tx:
        awaiting = (await tx.state.get(user.id)).awaiting or {}
    if awaiting.get("state") != AWAIT_TEXT:
        return
    # the caption as written in Telegram: its entities as HTML, special characters escaped
    caption = (message.caption_html if message.caption else "") or ""
    await awaited(update, context, AWAIT_TEXT, awaiting, caption, photo=message.photo[-1].file_id)


async def history(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    items = await context.services.broadcasts.history(user.id)
    await reply(update, context, "team/broadcasts.j2", items=items)


async def mute(update: Update, context: Ctx) -> None:
    await _set_muted(update, context, True)


async def unmute(update: Update, context: Ctx) -> None:
    await _set_muted(update, context, False)


async def _set_muted(update: Update, context: Ctx, muted: bool) -> None:
    """/mute, /unmute: announcements; /mute reminders, /unmute reminders: cutoff reminders."""
    user = update.effective_user
    assert user is not None
    reminders = [a.lower() for a in context.args or []] in (
        ["reminders"],
        ["rappels"],
        ["recordatorios"],
    )
    await context.services.broadcasts.set_muted(user.id, muted, reminders=reminders)
    await reply(update, context, "customer/muted.j2", muted=muted, reminders=reminders)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("broadcast", broadcast_command, filters=private),
        CommandHandler("broadcasts", history, filters=private),
        CommandHandler("mute", mute, filters=private),
        CommandHandler("unmute", unmute, filters=private),
        CallbackQueryHandler(on_button, pattern=r"^bc:"),
        MessageHandler(private & filters.PHOTO, on_photo),
    ]


STATES = (AWAIT_TEXT,)
__all__ = ["InvalidInput", "STATES", "awaited", "handlers"]
