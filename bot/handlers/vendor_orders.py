"""The team acts on order cards: details, confirm, cancel (re-authorized on every press)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import answer, button, language, reply
from bot.services.views import order_totals
from domain.errors import StaleAction


async def toast(update: Update, context: Ctx, name: str, **values: object) -> None:
    query = update.callback_query
    assert query is not None
    lang = await language(update, context)
    await query.answer(context.services.renderer.macro(lang, "plain/toasts.j2", name, **values))


async def on_card(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    order_id = data.int_arg(0) if data else None
    if data is None or order_id is None:
        raise StaleAction("undecodable button")
    service = context.services.vendor_orders
    if data.action == "dt":
        await answer(update, context)
        order = await service.details(user.id, order_id)
        totals, total = order_totals(order)
        await reply(
            update, context, "vendor/order_details.j2", order=order, totals=totals, total=total
        )
    elif data.action == "cf":
        order = await service.confirm(user.id, order_id)
        await toast(update, context, "confirmed", number=order.order_number)
    elif data.action == "cx":
        await answer(update, context)
        order = await service.details(user.id, order_id)
        lang = await language(update, context)
        await reply(
            update,
            context,
            "vendor/cancel_confirm.j2",
            order=order,
            rows=[
                [
                    (button(context, lang, "yes_cancel"), encode("ord", "CX", order_id)),
                    (button(context, lang, "no_keep"), encode("ord", "keep", order_id)),
                ]
            ],
        )
    elif data.action == "CX":
        order = await service.cancel(user.id, order_id)
        await toast(update, context, "cancelled", number=order.order_number)
        if query.message is not None:
            await query.message.delete()  # type: ignore[union-attr]
    elif data.action == "keep":
        await toast(update, context, "kept")
        if query.message is not None:
            await query.message.delete()  # type: ignore[union-attr]
    else:
        raise StaleAction("unknown action")


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [CallbackQueryHandler(on_card, pattern=r"^ord:")]
