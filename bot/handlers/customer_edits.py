"""Editing a customer from their card: every field, reps, catalogue, cutoff, delivery days,
payment, standing, the sales chart, the invite link and deletion (with confirmation)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import answer, button, language, reply, show
from bot.handlers.customers import AWAIT_CHART, AWAIT_FIELD, set_awaiting, show_card
from bot.services.chart import render_png, summarize
from bot.services.customers import period_bounds
from domain.enums import CutoffKind, PaymentMethod, Standing
from domain.errors import StaleAction

# One-tap choices on the card: action -> (customer field, values, label macro, its argument)
CHOICES: dict[str, tuple[str, type[PaymentMethod] | type[Standing], str, str]] = {
    "paym": ("payment_method", PaymentMethod, "payment", "p"),
    "stan": ("standing", Standing, "standing", "s"),
}


async def on_edit(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    customer_id = data.int_arg(0) if data else None
    if data is None or customer_id is None:
        raise StaleAction("undecodable button")
    service = context.services.customers
    await service.seat(user.id)  # a forged press by someone outside the team changes nothing
    lang = await language(update, context)
    action, arg = data.action, data.arg(1)
    field = {
        "cust": "customer_number",
        "name": "name",
        "addr": "address",
        "disc": "discount_percent",
        "cuti": "cutoff_time",
    }.get(action)
    if field is not None:
        await service.card(user.id, customer_id)  # authorizes
        await answer(update, context)
        await set_awaiting(
            context, user.id, {"state": AWAIT_FIELD, "customer": customer_id, "field": field}
        )
        await reply(update, context, "team/field_prompt.j2", field=field)
        return
    await answer(update, context)
    card = await service.card(user.id, customer_id)
    c = card.customer
    if action == "cata":
        if arg is not None:
            await service.set_catalog(user.id, customer_id, int(arg))
            await show_card(update, context, customer_id)
            return
        rows = [
            [
                (
                    button(
                        context,
                        lang,
                        "choice",
                        label=cat.name,
                        on=(cat.id == c.catalog_id) or (cat.is_main and c.catalog_id is None),
                    ),
                    encode("ce", "cata", customer_id, cat.id),
                )
            ]
            for cat in card.catalogs
        ]
    elif action == "cuto":
        if arg == "on" or arg == "off":
            await service.set_cutoff(user.id, customer_id, enabled=arg == "on")
        elif arg in ("strict", "flexible"):
            await service.set_cutoff(user.id, customer_id, kind=CutoffKind(arg))
        card = await service.card(user.id, customer_id)
        c = card.customer
        on = c.cutoff_override
        kind = c.cutoff_kind or card.vendor.cutoff_kind
        shown = (c.cutoff_time or card.vendor.cutoff_time).strftime("%H:%M")
        rows = [
            [
                (
                    button(
                        context, lang, "toggle", on=on, label=button(context, lang, "own_cutoff")
                    ),
                    encode("ce", "cuto", customer_id, "off" if on else "on"),
                )
            ],
            [
                (
                    button(
                        context,
                        lang,
                        "choice",
                        label=button(context, lang, "strict"),
                        on=on and kind is CutoffKind.STRICT,
                    ),
                    encode("ce", "cuto", customer_id, "strict"),
                ),
                (
                    button(
                        context,
                        lang,
                        "choice",
                        label=button(context, lang, "flexible"),
                        on=on and kind is CutoffKind.FLEXIBLE,
                    ),
                    encode("ce", "cuto", customer_id, "flexible"),
                ),
            ],
            [
                (
                    button(context, lang, "cutoff_time", value=shown),
                    encode("ce", "cuti", customer_id),
                )
            ],
        ]
    elif action == "days":
        if arg in ("on", "off"):
            await service.set_days(user.id, customer_id, enabled=arg == "on")
        elif arg is not None and arg.isdigit():
            await service.set_days(user.id, customer_id, toggle=int(arg))
        card = await service.card(user.id, customer_id)
        c = card.customer
        days = (
            c.delivery_days_overridden
            if c.delivery_days_overridden is not None
            else card.vendor.delivery_days
        )
        from babel.dates import get_day_names

        names = get_day_names("wide", locale=lang)
        rows = [
            [
                (
                    button(
                        context,
                        lang,
                        "toggle",
                        on=c.delivery_days_override,
                        label=button(context, lang, "own_days"),
                    ),
                    encode("ce", "days", customer_id, "off" if c.delivery_days_override else "on"),
                )
            ]
        ]
        rows += [
            [
                (
                    button(
                        context,
                        lang,
                        "weekday",
                        name=names[d],
                        on=d in days,
                        default=d in card.vendor.delivery_days,
                    ),
                    encode("ce", "days", customer_id, d),
                )
            ]
            for d in range(7)
        ]
    elif action in CHOICES:
        field, options, macro, keyword = CHOICES[action]
        if arg in [v.value for v in options]:
            await service.update(user.id, customer_id, **{field: options(arg)})
            await show_card(update, context, customer_id)
            return
        rows = [
            [
                (
                    button(
                        context,
                        lang,
                        "choice",
                        label=button(context, lang, macro, **{keyword: value}),
                        on=getattr(c, field) == value,
                    ),
                    encode("ce", action, customer_id, value.value),
                )
            ]
            for value in options
        ]
    elif action == "reps":
        if arg is not None and arg.isdigit():
            await service.toggle_rep(user.id, customer_id, int(arg))
            card = await service.card(user.id, customer_id)
        rows = [
            [
                (
                    button(
                        context,
                        lang,
                        "toggle",
                        on=customer_id in m.assigned_customer_ids,
                        label=m.name or str(m.telegram_user_id),
                    ),
                    encode("ce", "reps", customer_id, m.id),
                )
            ]
            for m in card.all_reps
        ]
    elif action == "char":
        if arg in ("30d", "90d", "year"):
            await send_chart(update, context, customer_id, arg or "")
            return
        if arg == "custom":
            await set_awaiting(context, user.id, {"state": AWAIT_CHART, "customer": customer_id})
            await reply(update, context, "team/chart_dates_prompt.j2")
            return
        rows = [
            [(button(context, lang, "period", p=p), encode("ce", "char", customer_id, p))]
            for p in ("30d", "90d", "year", "custom")
        ]
        rows.append([(button(context, lang, "back"), encode("cu", "v", customer_id))])
        await show(update, context, "team/chart_pick.j2", rows=rows, c=c)
        return
    elif action == "invi":
        link = await service.invite_link(user.id, customer_id)
        await reply(update, context, "team/invite_customer.j2", c=c, link=link)
        return
    elif action == "dele":
        if arg == "yes":
            await service.delete(user.id, customer_id)
            await show(update, context, "team/deleted.j2", c=c)
            return
        rows = [
            [
                (button(context, lang, "yes_delete"), encode("ce", "dele", customer_id, "yes")),
                (button(context, lang, "no_keep"), encode("cu", "v", customer_id)),
            ]
        ]
        await show(update, context, "team/delete_confirm.j2", rows=rows, c=c)
        return
    else:
        raise StaleAction("unknown edit")
    rows.append([(button(context, lang, "back"), encode("cu", "v", customer_id))])
    await show_card(update, context, customer_id, rows=rows)


async def send_chart(
    update: Update,
    context: Ctx,
    customer_id: int,
    period: str,
    custom: tuple[str, str] | None = None,
) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    lang = await language(update, context)
    service = context.services.customers
    seat = await service.seat(user.id)
    first, last = period_bounds(period, seat.vendor.timezone, context.services.clock(), custom)
    customer, vendor, orders = await service.purchases(user.id, customer_id, first, last)
    last_day = (last - timedelta(days=1)).date()
    if not orders:
        await reply(
            update, context, "team/chart_empty.j2", c=customer, first=first.date(), last=last_day
        )
        return
    summary = summarize(orders, first, last, vendor.timezone)
    renderer = context.services.renderer
    png = await asyncio.to_thread(  # off the event loop: other chats go on meanwhile
        render_png,
        summary,
        title=f"{customer.name} · {first.date()} – {last_day}",
        ylabel=vendor.currency,
    )
    caption = renderer.render(
        lang,
        "team/chart_caption.j2",
        c=customer,
        first=first.date(),
        last=last_day,
        summary=summary,
        currency=vendor.currency,
    )
    await context.bot.send_photo(
        chat.id, InputFile(png, filename="sales.png"), caption=caption[:1024], parse_mode="HTML"
    )


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [CallbackQueryHandler(on_edit, pattern=r"^ce:")]
