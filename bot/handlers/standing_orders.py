"""Standing orders (issue 18): "Repeat every week" from the cart or a past order, the days,
/standing to pause, resume or end them, and the notice's skip / edit / place now."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import get_day_names
from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import Callback, decode, encode, pattern
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, show
from bot.handlers.shop import show_cart
from domain.errors import StaleAction
from domain.rules.standing_orders import days_of, mask_of
from store.repos.standing_orders import OccurrenceStatus, StandingStatus

NS = "so"
MAX_LISTED = 10  # standing orders per page: a message holds 4,096 characters
STATUS_OF = {"ps": StandingStatus.PAUSED, "rs": StandingStatus.ACTIVE, "en": StandingStatus.ENDED}


def make_button(context: Ctx, lang: str, source: int) -> Button:
    """ "Repeat every week" for the cart (``source`` 0) or a past order (its id)."""
    return (button(context, lang, "standing_make"), encode(NS, "new", source))


async def show_days(update: Update, context: Ctx, source: int, mask: int) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    draft = await context.services.standing_orders.draft(user.id, source)
    chosen = days_of(mask) & draft.allowed
    names = get_day_names("wide", locale=lang)
    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "standing_day",
                    name=str(names[d]),
                    on=d in chosen,
                ),
                encode(NS, "pk", source, mask_of(chosen ^ {d})),
            )
            for d in sorted(draft.allowed)[start : start + 4]
        ]
        for start in (0, 4)
    ]
    if chosen:
        rows.append([(button(context, lang, "standing_save"), encode(NS, "ok", source, mask))])
    await show(
        update,
        context,
        "customer/standing_days.j2",
        rows=rows,
        customer=draft.customer,
        lines=draft.lines,
        chosen=chosen,
    )


async def save(update: Update, context: Ctx, source: int, mask: int) -> None:
    user = update.effective_user
    assert user is not None
    service = context.services.standing_orders
    made = await service.create(user.id, source, days_of(mask))
    lang = await language(update, context)
    await show(
        update,
        context,
        "customer/standing_set.j2",
        rows=[[(button(context, lang, "standing_list"), encode(NS, "ls"))]],
        standing=made.standing,
        first=made.first,
        by_team=False,
    )


async def show_list(update: Update, context: Ctx, page: int = 0, *, new: bool = False) -> None:
    """A page of the standing orders (a message holds 4,096 characters)."""
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    items, as_team = await context.services.standing_orders.listing(user.id)
    pages = max((len(items) + MAX_LISTED - 1) // MAX_LISTED, 1)
    page = min(page, pages - 1)
    first = page * MAX_LISTED
    items = items[first : first + MAX_LISTED]
    rows: list[list[Button]] = []
    for index, item in enumerate(items, start=first + 1):
        sid, status = item.standing.id, item.standing.status
        toggle = ("standing_resume", "rs") if status is StandingStatus.PAUSED else None
        toggle = toggle or ("standing_pause", "ps")
        rows.append(
            [
                (button(context, lang, toggle[0], index=index), encode(NS, toggle[1], sid)),
                (button(context, lang, "standing_end", index=index), encode(NS, "en", sid)),
            ]
        )
    arrows: list[Button] = []
    if page > 0:
        arrows.append((button(context, lang, "prev"), encode(NS, "ls", page - 1)))
    if page < pages - 1:
        arrows.append((button(context, lang, "next"), encode(NS, "ls", page + 1)))
    rows.append(arrows)
    await show(
        update,
        context,
        "customer/standing_list.j2",
        rows=rows,
        items=items,
        first=first,
        as_team=as_team,
        new=new,
    )


async def changed(update: Update, context: Ctx, data: Callback, standing_id: int) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    managed = await context.services.standing_orders.set_status(
        user.id, standing_id, STATUS_OF[data.action]
    )
    rows: list[list[Button]] = []
    if managed.standing.status is StandingStatus.ENDED:  # one tap ends it; one undoes that
        rows.append([(button(context, lang, "standing_undo"), encode(NS, "rs", standing_id))])
    elif managed.standing.status is StandingStatus.PAUSED:
        rows.append(
            [(button(context, lang, "standing_resume", index=""), encode(NS, "rs", standing_id))]
        )
    rows.append([(button(context, lang, "standing_list"), encode(NS, "ls"))])
    await show(
        update, context, "customer/standing_changed.j2", rows=rows, standing=managed.standing
    )


def _day(text: str | None) -> date | None:
    try:
        return datetime.strptime(text or "", "%Y%m%d").date()
    except ValueError:
        return None


async def occurrence(update: Update, context: Ctx, data: Callback, standing_id: int) -> None:
    user = update.effective_user
    assert user is not None
    delivery = _day(data.arg(1))
    if delivery is None:
        raise StaleAction("bad delivery day")
    service = context.services.standing_orders
    if data.action == "sk":
        done = await service.skip(user.id, standing_id, delivery)
    elif data.action == "ed":
        done = await service.edit(user.id, standing_id, delivery)
    else:
        done = await service.place_now(user.id, standing_id, delivery)
    found, number = done.occurrence, ""
    if found.order_id is not None:
        async with context.services.store.read() as tx:
            order = await tx.orders.find(found.order_id)
        number = order.order_number if order is not None else ""
    # a tap on a notice already dealt with says where it stands, in a message of its own
    await show(
        update,
        context,
        "customer/standing_occurrence.j2",
        occurrence=found,
        number=number,
        new=not done.moved,
    )
    if done.moved and found.status is OccurrenceStatus.EDITING:
        await show_cart(update, context, new=True)


async def on_callback(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        raise StaleAction("undecodable button")
    if data.action == "ls":
        await show_list(update, context, max(data.int_arg(0) or 0, 0))
        return
    first = data.int_arg(0)
    if first is None or first < 0:
        raise StaleAction("missing id")
    if data.action == "new":
        await show_days(update, context, first, 0)
    elif data.action in ("pk", "ok"):
        mask = data.int_arg(1)
        if mask is None or not 0 <= mask < 128:
            raise StaleAction("bad days")
        if data.action == "pk":
            await show_days(update, context, first, mask)
        else:
            await save(update, context, first, mask)
    elif data.action in STATUS_OF:
        await changed(update, context, data, first)
    elif data.action in ("sk", "ed", "pn"):
        await occurrence(update, context, data, first)
    else:
        raise StaleAction(f"unknown action {data.action}")


async def standing_command(update: Update, context: Ctx) -> None:
    await show_list(update, context, new=True)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("standing", standing_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_callback, pattern=pattern(NS)),
    ]
