"""A contact's orders: list, details, cancel, mark delivered, order again."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, location_rows, reply, show
from bot.handlers.shop import show_cart
from bot.services.views import order_totals
from domain.enums import OrderStatus
from domain.errors import NotLinked, StaleAction

PAGE_SIZE = 8


async def show_list(update: Update, context: Ctx, page: int) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    locations = 1
    try:
        current = await context.services.ordering.current(user.id)
        customer, locations = current.customer, current.locations
    except NotLinked:
        removed = await context.services.ordering.removed_accounts(user.id)
        if not removed:
            raise
        customer = removed[0][0]  # the supplier removed the account: its history stays
    orders = await context.services.ordering.past_orders(
        customer, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE
    )
    more = len(orders) > PAGE_SIZE
    orders = orders[:PAGE_SIZE]
    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "order_row",
                    number=order.order_number,
                    status_icon={"unconfirmed": "🕓", "confirmed": "✅", "delivered": "📦"}.get(
                        order.status, "✖️"
                    ),
                    day=order.delivery_date.isoformat(),
                ),
                encode("my", "dt", order.id),
            )
        ]
        for order in orders
    ]
    arrows: list[Button] = []
    if page > 0:
        arrows.append((button(context, lang, "prev"), encode("my", "list", page - 1)))
    if more:
        arrows.append((button(context, lang, "next"), encode("my", "list", page + 1)))
    rows.append(arrows)
    rows += await location_rows(update, context, customer.id, "my", locations)
    await show(update, context, "customer/orders.j2", rows=rows, orders=orders, customer=customer)


async def show_order(update: Update, context: Ctx, order_id: int) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    order = await context.services.ordering.order(user.id, order_id)
    totals, total = order_totals(order)
    rows: list[list[Button]] = []
    removed = {c.id for c, _v in await context.services.ordering.removed_accounts(user.id)}
    if order.customer_id in removed:  # readable, nothing more: the account is gone
        rows.append([(button(context, lang, "back"), encode("my", "list", 0))])
        await show(
            update, context, "customer/order.j2", rows=rows, order=order, totals=totals, total=total
        )
        return
    if order.status is OrderStatus.UNCONFIRMED:
        rows.append([(button(context, lang, "cancel_order"), encode("my", "cx", order.id))])
    if order.status is OrderStatus.CONFIRMED:
        rows.append([(button(context, lang, "mark_delivered"), encode("my", "dl", order.id))])
    rows.append(
        [
            (button(context, lang, "reorder"), encode("my", "ro", order.id)),
            (button(context, lang, "standing_make"), encode("so", "new", order.id)),
        ]
    )
    rows.append([(button(context, lang, "back"), encode("my", "list", 0))])
    await show(
        update, context, "customer/order.j2", rows=rows, order=order, totals=totals, total=total
    )


async def on_callback(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        raise StaleAction("undecodable button")
    first = data.int_arg(0)
    service = context.services.ordering
    if data.action == "list":
        await show_list(update, context, max(first or 0, 0))
    elif first is None:
        raise StaleAction("missing order id")
    elif data.action == "dt":
        await show_order(update, context, first)
    elif data.action == "cx":
        lang = await language(update, context)
        order = await service.order(user.id, first)
        await show(
            update,
            context,
            "customer/cancel_confirm.j2",
            order=order,
            rows=[
                [
                    (button(context, lang, "yes_cancel"), encode("my", "CX", first)),
                    (button(context, lang, "no_keep"), encode("my", "dt", first)),
                ]
            ],
        )
    elif data.action == "CX":
        await service.cancel(user.id, first)
        await show_order(update, context, first)
    elif data.action == "dl":
        await service.mark_delivered(user.id, first)
        await show_order(update, context, first)
    elif data.action == "ro":
        order = await service.order(user.id, first)
        _cart, missing = await service.reorder(user.id, first)
        await reply(
            update,
            context,
            "customer/reordered.j2",
            order_number=order.order_number,
            missing=missing,
        )
        await show_cart(update, context)


async def orders_command(update: Update, context: Ctx) -> None:
    await show_list(update, context, 0)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("orders", orders_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_callback, pattern=r"^my:"),
    ]
