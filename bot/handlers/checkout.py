"""Checkout: the delivery day (with the cutoff's warning), the review and placing."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import Callback, decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, show
from bot.handlers.shop import current_ordering, show_cart
from domain.errors import StaleAction, TermsChanged
from domain.rules.review import ReviewChanges


async def show_delivery(update: Update, context: Ctx) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    choice = await context.services.ordering.delivery_choice(o)
    from babel.dates import format_date

    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "day",
                    label=format_date(opt.date, "EEEE d MMM", locale=lang),
                    warning=opt.warning,
                ),
                encode("chk", "day", f"{opt.date:%Y%m%d}"),
            )
        ]
        for opt in choice.options
    ]
    rows.append([(button(context, lang, "edit_cart"), encode("cart", "v"))])
    await show(
        update,
        context,
        "customer/delivery.j2",
        rows=rows,
        options=choice.options,
        strict_passed=choice.strict_cutoff_passed,
        cutoff=choice.cutoff_time,
        warning=any(opt.warning for opt in choice.options),
    )


def _day(data: Callback) -> date | None:
    text = data.arg(0) or ""
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


async def choose_day(update: Update, context: Ctx, day: date, accept_late: bool) -> None:
    from domain.errors import LateNotAccepted

    o = await current_ordering(update, context)
    lang = await language(update, context)
    try:
        await context.services.ordering.choose_delivery(o, day, accept_late=accept_late)
    except LateNotAccepted:
        choice = await context.services.ordering.delivery_choice(o)
        rows = [
            [(button(context, lang, "accept_late"), encode("chk", "late", f"{day:%Y%m%d}"))],
            [(button(context, lang, "other_day"), encode("chk", "d"))],
        ]
        await show(
            update,
            context,
            "customer/late_warning.j2",
            rows=rows,
            cutoff=choice.cutoff_time,
            day=day,
        )
        return
    await show_review(update, context)


async def show_review(update: Update, context: Ctx, changes: ReviewChanges | None = None) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    cart = await context.services.ordering.review(o)
    if cart.empty:
        await show_cart(update, context)
        return
    if cart.delivery_date is None:
        await show_delivery(update, context)
        return
    rows = [
        [(button(context, lang, "place"), encode("chk", "pl", cart.nonce))],
        [
            (button(context, lang, "comment"), encode("cart", "c")),
            (button(context, lang, "change_day"), encode("chk", "d")),
        ],
        [(button(context, lang, "edit_cart"), encode("cart", "v"))],
    ]
    await show(
        update,
        context,
        "customer/review.j2",
        rows=rows,
        cart=cart,
        vendor=o.vendor,
        customer=o.customer,
        changes=changes,
    )


async def place(update: Update, context: Ctx, nonce: str) -> None:
    user = update.effective_user
    assert user is not None
    # A second tap, or the same tap handled again after a crash, finds the order already
    # placed: show it all the same, so the customer always ends up seeing the result.
    try:
        order, _created = await context.services.ordering.place(user.id, nonce)
    except TermsChanged as changed:
        await show_review(update, context, changed.params["changes"])
        return
    from bot.services.views import order_totals

    totals, total = order_totals(order)
    o = await current_ordering(update, context)
    lang = await language(update, context)
    rows = [
        [
            (button(context, lang, "order_details"), encode("my", "dt", order.id)),
            (button(context, lang, "order"), encode("cat", "home")),
        ]
    ]
    await show(
        update,
        context,
        "customer/placed.j2",
        rows=rows,
        order=order,
        totals=totals,
        total=total,
        vendor_name=o.vendor.name,
    )


# -- routing -------------------------------------------------------------------------


async def on_callback(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        raise StaleAction("undecodable button")
    action = data.action
    if action == "d":
        await show_delivery(update, context)
    elif action in ("day", "late"):
        day = _day(data)
        if day is None:
            raise StaleAction("bad date")
        await choose_day(update, context, day, accept_late=action == "late")
    elif action == "rv":
        await show_review(update, context)
    elif action == "pl" and data.arg(0):
        await place(update, context, data.arg(0) or "")


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [CallbackQueryHandler(on_callback, pattern=r"^chk:")]
