"""The team manages customers from chat: list, card, edits, reps, labels, create, delete,
invite links and the sales chart."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, reply, show
from bot.services.customers import PAGE_SIZE
from domain.errors import StaleAction
from domain.rules.dates import parse_range

TEXT_FIELDS = ("customer_number", "name", "address", "discount_percent", "cutoff_time")
AWAIT_FIELD = "c_field"
AWAIT_NEW = "c_new"
AWAIT_SEARCH = "c_search"
AWAIT_LABEL = "c_label"
AWAIT_CHART = "c_chart"


async def set_awaiting(context: Ctx, user_id: int, state: dict[str, object] | None) -> None:
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user_id, state)


async def _view(context: Ctx, user_id: int) -> dict[str, object]:
    async with context.services.store.read() as tx:
        view = (await tx.state.get(user_id)).view or {}
    return dict(view.get("customers", {}))


async def _save_view(context: Ctx, user_id: int, customers_view: dict[str, object]) -> None:
    async with context.services.store.tx() as tx:
        view = dict((await tx.state.get(user_id)).view or {})
        view["customers"] = customers_view
        await tx.state.set_view(user_id, view)


# -- the list --------------------------------------------------------------------------


async def show_list(update: Update, context: Ctx, *, new: bool = False) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    view = await _view(context, user.id)
    text, label = str(view.get("text", "")), view.get("label")
    page = int(view.get("page", 0))  # type: ignore[call-overload]
    selecting = bool(view.get("selecting"))
    selected = list(view.get("selected", []))  # type: ignore[call-overload]
    service = context.services.customers
    seat, customers, total = await service.page(
        user.id, text=text, label=str(label) if label else None, page=page
    )
    pages = max(1, -(-total // PAGE_SIZE))
    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "customer_row",
                    name=c.name[:30],
                    number=c.customer_number,
                    selecting=selecting,
                    selected=c.id in selected,
                ),
                encode("cu", "t" if selecting else "v", c.id),
            )
        ]
        for c in customers
    ]
    arrows: list[Button] = []
    if page > 0:
        arrows.append((button(context, lang, "prev"), encode("cu", "p", page - 1)))
    if page < pages - 1:
        arrows.append((button(context, lang, "next"), encode("cu", "p", page + 1)))
    rows.append(arrows)
    rows.append(
        [
            (button(context, lang, "search"), encode("cu", "q")),
            (button(context, lang, "label_filter", label=label or ""), encode("cu", "lf")),
        ]
    )
    if selecting:
        rows.append(
            [
                (button(context, lang, "edit_labels"), encode("cu", "lb")),
                (button(context, lang, "stop_selecting"), encode("cu", "m")),
            ]
        )
    else:
        rows.append(
            [
                (button(context, lang, "select"), encode("cu", "m")),
                (button(context, lang, "new_customer"), encode("cu", "n")),
            ]
        )
    values = dict(
        vendor=seat.vendor,
        customers=customers,
        total=total,
        text=text,
        label=label,
        page=page,
        pages=pages,
        selecting=selecting,
    )
    await show(update, context, "team/customers.j2", rows=rows, **values, new=new)


async def customers_command(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    await context.services.customers.seat(user.id)
    await _save_view(context, user.id, {})
    await show_list(update, context, new=True)


# -- the card --------------------------------------------------------------------------


async def show_card(
    update: Update,
    context: Ctx,
    customer_id: int,
    *,
    new: bool = False,
    rows: list[list[Button]] | None = None,
) -> None:
    """The customer card: with its field buttons, or with an edit screen's ``rows``."""
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    card = await context.services.customers.card(user.id, customer_id)
    c = card.customer
    if rows is None:
        fields = ["customer_number", "name", "address"]
        if card.can_change_catalog:
            fields.append("catalog")
        fields += ["cutoff", "days", "discount_percent", "payment", "standing"]
        if card.is_admin:
            fields.append("reps")
        fields += ["chart", "invite"]
        if card.is_admin:
            fields.append("delete")
        buttons = [
            (button(context, lang, "field", name=f), encode("ce", f[:4], c.id)) for f in fields
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([(button(context, lang, "back"), encode("cu", "l"))])
    days = (
        c.delivery_days_overridden
        if c.delivery_days_overridden is not None
        else card.vendor.delivery_days
    )
    await show(
        update,
        context,
        "team/customer_card.j2",
        rows=rows,
        new=new,
        c=c,
        vendor=card.vendor,
        catalog_name=card.catalog.name if card.catalog else "—",
        cutoff=c.cutoff_overridden or card.vendor.cutoff,
        days=sorted(days),
        contacts=card.contacts,
        reps=card.reps,
        orders=card.orders,
    )


async def on_list(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    if data is None:
        raise StaleAction("undecodable button")
    # Who is asking comes first: a forged press by someone outside the team changes nothing.
    await context.services.customers.seat(user.id)
    await answer(update, context)
    view = await _view(context, user.id)
    first = data.int_arg(0)
    action = data.action
    if action == "v" and first is not None:
        await show_card(update, context, first)
        return
    if action == "l":
        await show_list(update, context)
        return
    if action == "p" and first is not None:
        view["page"] = max(first, 0)
    elif action == "q":
        await set_awaiting(context, user.id, {"state": AWAIT_SEARCH})
        await reply(update, context, "team/search_prompt.j2")
        return
    elif action == "lf":
        labels = [lb.name for lb in await context.services.customers.labels(user.id)]
        options = ["", *labels]
        current = str(view.get("label") or "")
        view["label"] = (
            options[(options.index(current) + 1) % len(options)] if current in options else ""
        )
        view["page"] = 0
    elif action == "m":
        view["selecting"] = not view.get("selecting")
        view["selected"] = []
    elif action == "t" and first is not None:
        selected = list(view.get("selected", []))  # type: ignore[call-overload]
        view["selected"] = (
            [i for i in selected if i != first] if first in selected else [*selected, first]
        )
    elif action == "lb":
        await show_labels(update, context)
        return
    elif action == "ls":
        name = data.arg(0)
        by_id = {str(lb.id): lb.name for lb in await context.services.customers.labels(user.id)}
        if name not in by_id:
            raise StaleAction("unknown label")
        selected = list(view.get("selected", []))  # type: ignore[call-overload]
        if selected:
            await context.services.customers.bulk_label(user.id, selected, by_id[name])
        await show_labels(update, context)
        return
    elif action == "n":
        await set_awaiting(context, user.id, {"state": AWAIT_NEW, "step": "name"})
        await reply(update, context, "team/new_customer_prompt.j2", step="name")
        return
    await _save_view(context, user.id, view)
    await show_list(update, context)


async def show_labels(update: Update, context: Ctx, *, new: bool = False) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    view = await _view(context, user.id)
    selected = list(view.get("selected", []))  # type: ignore[call-overload]
    service = context.services.customers
    cards = [await service.card(user.id, cid) for cid in selected]
    rows: list[list[Button]] = []
    for label in await service.labels(user.id):
        have = sum(1 for card in cards if label.name in card.customer.labels)
        state = "all" if cards and have == len(cards) else "some" if have else "none"
        rows.append(
            [
                (
                    button(context, lang, "label_state", name=label.name, state=state),
                    encode("cu", "ls", label.id),
                )
            ]
        )
    rows.append([(button(context, lang, "back"), encode("cu", "l"))])
    await set_awaiting(context, user.id, {"state": AWAIT_LABEL})
    await show(update, context, "team/labels.j2", rows=rows, count=len(selected), new=new)


# -- edits -----------------------------------------------------------------------------


async def awaited(
    update: Update, context: Ctx, kind: str, awaiting: dict[str, object], text: str
) -> None:
    """The text a team member typed for a customer screen."""
    user = update.effective_user
    assert user is not None
    service = context.services.customers
    if kind == AWAIT_FIELD:
        customer_id = int(str(awaiting["customer"]))
        await service.set_text(user.id, customer_id, str(awaiting["field"]), text)
        await set_awaiting(context, user.id, None)
        await reply(update, context, "team/saved.j2")
        await show_card(update, context, customer_id, new=True)
    elif kind == AWAIT_SEARCH:
        view = await _view(context, user.id)
        view.update(text=text[:40], page=0)
        await _save_view(context, user.id, view)
        await set_awaiting(context, user.id, None)
        await show_list(update, context, new=True)
    elif kind == AWAIT_LABEL:
        view = await _view(context, user.id)
        selected = list(view.get("selected", []))  # type: ignore[call-overload]
        if selected:
            await service.bulk_label(user.id, selected, text[:40], assign=True)
        await show_labels(update, context, new=True)
    elif kind == AWAIT_NEW:
        data = dict(awaiting)
        step = str(data.get("step"))
        data[step] = text.strip()[:200]
        if step == "name":
            data["step"] = "address"
        elif step == "address":
            data["step"] = "number"
        else:
            await set_awaiting(context, user.id, None)
            customer, link = await service.create(
                user.id, str(data["name"]), str(data["address"]), str(data["number"])
            )
            await reply(update, context, "team/invite_customer.j2", c=customer, link=link)
            await show_card(update, context, customer.id, new=True)
            return
        await set_awaiting(context, user.id, data)
        await reply(update, context, "team/new_customer_prompt.j2", step=data["step"])
    elif kind == AWAIT_CHART:
        lang = await language(update, context)
        first, last = parse_range(
            text, await context.services.team.today(user.id), lang, prefer="past"
        )
        await set_awaiting(context, user.id, None)
        from bot.handlers.customer_edits import send_chart

        await send_chart(
            update,
            context,
            int(str(awaiting["customer"])),
            "custom",
            (first.isoformat(), last.isoformat()),
        )


STATES = (AWAIT_FIELD, AWAIT_NEW, AWAIT_SEARCH, AWAIT_LABEL, AWAIT_CHART)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("customers", customers_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_list, pattern=r"^cu:"),
    ]
