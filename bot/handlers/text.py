"""Plain text in a private chat: the answer the bot awaits, a free-text order or a search."""

from __future__ import annotations

import re
from decimal import Decimal

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.checkout import show_review
from bot.handlers.common import Button, answer, button, reply
from bot.handlers.customer import AWAIT_PHONE, phone_skipped, send_menu
from bot.handlers.shop import (
    AWAIT_COMMENT,
    AWAIT_QUANTITY,
    added,
    set_awaiting,
    show_products,
)
from bot.i18n import LANGUAGES
from domain.errors import InvalidInput, NotLinked, StaleAction, TooLong
from domain.rules.free_text import parse
from domain.rules.intent import SEARCH_WORDS, Intent, decide, is_courtesy, leftover
from domain.rules.quantity import parse_quantity

MAX_TEXT = 2000
AWAIT_CHAT = "chat"
AWAIT_NUMBER = "my_number"
MAX_COMMENT = 500


async def on_text(update: Update, context: Ctx) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    text = message.text.strip()
    if len(text) > MAX_TEXT:
        raise TooLong("message too long")
    async with context.services.store.read() as tx:
        state = await tx.state.get(user.id)
    awaiting = state.awaiting or {}
    kind = awaiting.get("state")
    if kind == AWAIT_PHONE:
        # the phone question is answered by sharing the number, or dropped by writing
        await set_awaiting(context, user.id, None)
        skip = {context.services.renderer.button(lang, "skip").lower() for lang in LANGUAGES}
        if text.lower() in skip or is_courtesy(text):  # the Skip button, "no thanks"
            await phone_skipped(update, context)
            return
        # anything else ("2 milk") is read as usual
    if kind == AWAIT_QUANTITY:
        o = await context.services.ordering.current(user.id)
        product = await context.services.ordering.product(o, int(awaiting["product"]))
        quantity = parse_quantity(text, product.unit)
        await set_awaiting(context, user.id, None)
        await added(update, context, product.id, quantity, replace=bool(awaiting.get("replace")))
        return
    if kind == AWAIT_COMMENT:
        if len(text) > MAX_COMMENT:
            raise TooLong("comment too long")
        o = await context.services.ordering.current(user.id)
        await context.services.ordering.set_comment(o, text)
        await set_awaiting(context, user.id, None)
        await show_review(update, context)
        return
    if kind == AWAIT_NUMBER:
        await context.services.ordering.set_own_number(user.id, text)
        await set_awaiting(context, user.id, None)
        await send_menu(update, context)
        return
    if kind == AWAIT_CHAT:
        await relay(update, context, text)  # first: a crash in between relays it once
        await set_awaiting(context, user.id, None)
        return
    try:
        o = await context.services.ordering.current(user.id)
    except NotLinked:
        await send_menu(update, context)
        return
    await free_text(update, context, o, text)


async def free_text(update: Update, context: Ctx, o: object, text: str) -> None:
    """Proposed lines from the customer's catalogue, else a product search."""
    from bot.services.views import Ordering

    assert isinstance(o, Ordering)
    service = context.services.ordering
    catalogue = [p for p in await service.products(o)]
    by_id = {p.product_id: p for p in catalogue}
    available = [p for p in catalogue if p.available]
    learned, usual = await service.reading_aids(o)
    parsed = parse(
        text,
        [(p.product_id, p.name) for p in available],
        units={p.product_id: p.unit for p in available},
        learned=learned,
        usual=usual,
    )
    unavailable = [p for p in catalogue if not p.available]
    gone = []
    if unavailable and not parsed.lines and not parsed.unsure:
        names = [(p.product_id, p.name) for p in unavailable]
        units = {p.product_id: p.unit for p in unavailable}
        gone = parse(text, names, units=units).lines + [
            line  # a name typed alone ("white asparagus") reads as one of it
            for part in parsed.other
            for line in parse(f"1 {part}", names, units=units).lines
        ]
    results = (
        await service.products(o, text=text[:40])
        if not parsed.lines and not parsed.unsure and not gone and len(text.split()) <= SEARCH_WORDS
        else []
    )
    intent = decide(text, parsed, unavailable_hits=len(gone), search_hits=len(results))
    if intent is Intent.MESSAGE:
        await relay(update, context, text)  # names no product: a message for the supplier
        return
    if intent is Intent.UNAVAILABLE:
        shown = list(dict.fromkeys(by_id[line.product_id].name for line in gone))
        await reply(update, context, "customer/not_available_now.j2", names=shown)
        return
    if intent is Intent.NOT_FOUND:
        send = await offer_to_send(update, context, text, "send_to_supplier")
        await reply(update, context, "customer/not_found.j2", rows=[send], text=text)
        return
    if intent is Intent.SEARCH:
        if context.user_data is not None:
            context.user_data["search"] = text[:40]
        await show_products(update, context, results, 0, search=text[:40], nav=("cat", "s"))
        return
    added_lines = []
    for line in parsed.lines:
        product = by_id[line.product_id]
        try:
            await service.add(o, product.id, line.quantity, phrase=line.phrase or None)
        except InvalidInput:
            parsed.unmatched.append(line.span)
            continue
        added_lines.append({"quantity": line.quantity, "name": product.name})
    unsure = parsed.unsure[0] if parsed.unsure else None
    rows: list[list[Button]] = []
    lang = await _lang(update, context)
    if unsure is not None:
        quantity = unsure.quantity
        async with context.services.store.tx() as tx:  # a pick teaches the vendor's phrase
            await tx.state.set_note(user_id(update), "clarify", {"phrase": unsure.phrase})
        for candidate in unsure.candidates:
            product = by_id[candidate.product_id]
            rows.append(
                [
                    (
                        button(context, lang, "candidate", name=product.name, unit=product.unit),
                        encode("ft", "pick", product.id, _q(quantity)),
                    )
                ]
            )
        rows.append([(button(context, lang, "none_of_these"), encode("ft", "none"))])
    left = leftover(parsed)
    if intent is Intent.PARTIAL:  # words that named no product: one tap sends them on
        rest_text = " … ".join(left)[:MAX_TEXT]
        rows.append(await offer_to_send(update, context, rest_text, "send_rest_to_supplier"))
    rows.append([(button(context, lang, "cart"), encode("cart", "v"))])
    await reply(
        update,
        context,
        "customer/freetext.j2",
        rows=rows,
        added=added_lines,
        unsure=unsure.span if unsure else None,
        unmatched=left + [u.span for u in parsed.unsure[1:]],
    )


def _q(quantity: Decimal) -> str:
    return format(quantity.normalize(), "f")


async def _lang(update: Update, context: Ctx) -> str:
    from bot.handlers.common import language

    return await language(update, context)


async def on_pick(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        raise StaleAction("undecodable button")
    if data.action == "send":
        await send_rest(update, context, data.int_arg(0))
        return
    if data.action == "none":
        from bot.handlers.shop import show_cart

        await show_cart(update, context)
        return
    row_id, raw = data.int_arg(0), data.arg(1) or ""
    if row_id is None or not re.fullmatch(r"\d{1,7}(\.\d{1,3})?", raw):
        raise StaleAction("bad pick")
    quantity = Decimal(raw)
    async with context.services.store.read() as tx:
        waiting = ((await tx.state.get(user.id)).view or {}).get("clarify")
    phrase = str(waiting["phrase"]) if isinstance(waiting, dict) and waiting.get("phrase") else None
    await added(update, context, row_id, quantity, replace=False, phrase=phrase)
    async with context.services.store.tx() as tx:
        clarified = await tx.state.take_note(user.id, "clarify")
    if clarified and clarified.get("phrase"):
        o = await context.services.ordering.current(user.id)
        await context.services.ordering.remember_phrase(o, str(clarified["phrase"]), row_id)


async def offer_to_send(update: Update, context: Ctx, text: str, label: str) -> list[Button]:
    """Keep `text` for the person's next tap, and the button (`label`) that sends it to the
    supplier; the button names the message it belongs to, so an older one does nothing."""
    message = update.effective_message
    source = message.message_id if message is not None else 0
    async with context.services.store.tx() as tx:
        await tx.state.set_note(user_id(update), "unsent", {"text": text, "source": source})
    lang = await _lang(update, context)
    return [(button(context, lang, label), encode("ft", "send", source))]


def user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def send_rest(update: Update, context: Ctx, source: int | None) -> None:
    """The words of a part order that named no product, sent to the supplier on request."""
    async with context.services.store.tx() as tx:
        unsent = await tx.state.take_note(user_id(update), "unsent")
    if not unsent or unsent.get("source") != source:
        raise StaleAction("nothing waiting to be sent")
    text = str(unsent["text"])
    vendor = await context.services.team.relay_to_vendor(
        user_id(update),
        text,
        source=f"rest:{update.effective_chat.id if update.effective_chat else 0}:{source}",
    )
    await reply(update, context, "customer/relayed_ok.j2", vendor=vendor, text=text)


async def relay(update: Update, context: Ctx, text: str) -> None:
    user = update.effective_user
    assert user is not None
    message = update.effective_message
    # The Telegram message names the relay: the same message handled again (after a crash)
    # is relayed once.
    source = f"{message.chat_id}:{message.message_id}" if message else None
    vendor = await context.services.team.relay_to_vendor(user.id, text, source=source)
    await reply(update, context, "customer/relayed_ok.j2", vendor=vendor, text=text)


async def cancel(update: Update, context: Ctx) -> None:
    user = update.effective_user
    if user is None:
        return
    await set_awaiting(context, user.id, None)
    await reply(update, context, "customer/cancelled_input.j2", markup=ReplyKeyboardRemove())


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("cancel", cancel),
        CallbackQueryHandler(on_pick, pattern=r"^ft:"),
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
            on_text,
        ),
    ]
