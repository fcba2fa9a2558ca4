"""The vendor's team in chat: /setup, /invite, /cards, the order list with filters, sorts,
search, selection, bulk confirm and export, and the text the team types (comments,
quantities, searches, answers to customers)."""

from __future__ import annotations

from decimal import Decimal

from telegram import InputFile, Update
from telegram.constants import ChatType
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import (
    Button,
    answer,
    button,
    language,
    reply,
    show,
    toast,
)
from bot.services.team import DATE_FILTERS, PAGE_SIZE, STATUS_FILTERS, ListView
from domain.enums import Role
from domain.errors import NotLinked, StaleAction
from store.models import OrderQuery
from store.repos.orders import COUNT_CAP, SORTS

AWAIT_VENDOR_COMMENT = "v_comment"
AWAIT_VENDOR_QTY = "v_qty"
AWAIT_REPLACEMENT = "v_replace"
AWAIT_CANCEL_REASON = "v_cancel"
AWAIT_LIST_SEARCH = "l_search"
AWAIT_LIST_DATES = "l_dates"
TEAM_STATES = (
    AWAIT_VENDOR_COMMENT,
    AWAIT_VENDOR_QTY,
    AWAIT_REPLACEMENT,
    AWAIT_CANCEL_REASON,
    AWAIT_LIST_SEARCH,
    AWAIT_LIST_DATES,
)
MAX_COMMENT = 500
MAX_CHAT = 2000
STATUS_ICONS = {"unconfirmed": "🕓", "confirmed": "✅", "delivered": "📦", "cancelled": "✖️"}


async def set_awaiting(context: Ctx, user_id: int, state: dict[str, object] | None) -> None:
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user_id, state)


# -- set-up and invites ----------------------------------------------------------------


async def setup(update: Update, context: Ctx) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        await reply(update, context, "team/setup_not_group.j2")
        return
    vendor = await context.services.team.setup_chat(user.id, chat.id, bool(chat.is_forum))
    await reply(update, context, "team/setup_done.j2", vendor=vendor)
    message = update.effective_message
    _vendor, reps = await context.services.team.assigned_reps(chat.id)
    in_chat = [r for r in reps if await _is_in_chat(context, chat.id, r.telegram_user_id)]
    if in_chat and message is not None:
        await context.services.team.warn_reps_in_chat(
            vendor, in_chat, chat.title or "", f"setup:{chat.id}:{message.message_id}"
        )


async def _is_in_chat(context: Ctx, chat_id: int, user_id: int) -> bool:
    member = await context.bot.get_chat_member(chat_id, user_id)
    return member.status in ("creator", "administrator", "member") or bool(
        getattr(member, "is_member", False)
    )


async def members_joined(update: Update, context: Ctx) -> None:
    """A rep with assigned customers joins the team chat: the admins are warned, with the
    choice of where those customers' cards go."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or not message.new_chat_members:
        return
    vendor, reps = await context.services.team.assigned_reps(chat.id)
    joined = {u.id for u in message.new_chat_members}
    newcomers = [r for r in reps if r.telegram_user_id in joined]
    if vendor is not None and newcomers:
        await context.services.team.warn_reps_in_chat(
            vendor, newcomers, chat.title or "", f"join:{chat.id}:{message.message_id}"
        )


async def invite(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    role = (context.args or [""])[0].lower()
    if role not in ("rep", "admin"):
        await reply(update, context, "team/invite_usage.j2")
        return
    _invite, link = await context.services.team.invite(user.id, Role(role))
    await reply(update, context, "team/invite_link.j2", role=role, link=link)


async def cards(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    on = (context.args or ["on"])[0].lower() not in ("off", "no", "0")
    await context.services.team.set_private_cards(user.id, on)
    await reply(update, context, "team/cards_set.j2", on=on)


# -- the order list --------------------------------------------------------------------


async def show_list(update: Update, context: Ctx, view: ListView, *, new: bool = False) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    team = context.services.team
    seat, orders, total = await team.list_orders(user.id, view)
    more = total > COUNT_CAP  # counted up to the cap: the list says "more than"
    pages = max(1, -(-total // PAGE_SIZE))
    if view.page >= pages and not more:
        view.page = pages - 1
        seat, orders, total = await team.list_orders(user.id, view)
    elif more and not orders and view.page > 0:
        view.page = 0
        seat, orders, total = await team.list_orders(user.id, view)
    await team.save_view(user.id, view)
    renderer = context.services.renderer
    date_label = renderer.button(lang, "date_label", key=view.date)
    status_label = renderer.button(lang, "status_label", key=view.status)
    sort_label = renderer.button(lang, "sort_label", key=view.sort)
    rows: list[list[Button]] = []
    for order in orders:
        label = button(
            context,
            lang,
            "list_row",
            selected=order.id in view.selected,
            selecting=view.selecting,
            icon=STATUS_ICONS.get(order.status, ""),
            number=order.order_number,
            customer=order.customer_name[:24],
            day=order.delivery_date.strftime("%d/%m"),
        )
        action = "t" if view.selecting else "v"
        rows.append([(label, encode("ol", action, order.id))])
    arrows: list[Button] = []
    if view.page > 0:
        arrows.append((button(context, lang, "prev"), encode("ol", "p", view.page - 1)))
    if view.page < pages - 1 or (more and len(orders) == PAGE_SIZE):
        arrows.append((button(context, lang, "next"), encode("ol", "p", view.page + 1)))
    rows.append(arrows)
    rows.append(
        [
            (button(context, lang, "filter_date", label=date_label), encode("ol", "d")),
            (button(context, lang, "filter_status", label=status_label), encode("ol", "s")),
        ]
    )
    search_row: list[Button] = [
        (button(context, lang, "sort", label=sort_label), encode("ol", "o")),
        (button(context, lang, "search"), encode("ol", "q")),
    ]
    if view.text:
        search_row.append((button(context, lang, "clear_search"), encode("ol", "Q")))
    rows.append(search_row)
    if view.selecting:
        count = len(view.selected)
        rows.append(
            [
                (button(context, lang, "confirm_selected", count=count), encode("ol", "cs")),
                (button(context, lang, "export_selected", count=count), encode("ol", "xs")),
            ]
        )
        rows.append([(button(context, lang, "stop_selecting"), encode("ol", "m"))])
    else:
        rows.append(
            [
                (button(context, lang, "select"), encode("ol", "m")),
                (button(context, lang, "export_all"), encode("ol", "xa")),
            ]
        )
    values = dict(
        vendor=seat.vendor,
        total=total,
        more=more,
        cap=Decimal(COUNT_CAP),
        orders=orders,
        view=view,
        pages=pages,
        date_label=date_label,
        status_label=status_label,
        sort_label=sort_label,
    )
    await show(update, context, "team/list.j2", rows=rows, **values, new=new)


def _cycle(values: tuple[str, ...], current: str) -> str:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


async def send_export(
    update: Update, context: Ctx, timezone: str, query: OrderQuery, count: int
) -> None:
    chat = update.effective_chat
    assert chat is not None
    lang = await language(update, context)
    caption = context.services.renderer.render(lang, "team/export_caption.j2", count=count)
    stamp = context.services.clock().strftime("%Y%m%d-%H%M")
    # Built by worker processes that load the orders themselves: a big export never holds
    # up another chat.
    csv_data, xlsx_data = await context.services.exports.build(
        context.services.store.url, query, timezone
    )
    await context.bot.send_document(
        chat.id,
        InputFile(csv_data, filename=f"orders-{stamp}.csv"),
        caption=caption,
        parse_mode="HTML",
    )
    await context.bot.send_document(
        chat.id,
        InputFile(xlsx_data, filename=f"orders-{stamp}.xlsx"),
        caption=caption,
        parse_mode="HTML",
    )


async def on_list(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    if data is None:
        raise StaleAction("undecodable button")
    team = context.services.team
    view = await team.view(user.id)
    first = data.int_arg(0)
    action = data.action
    if action in ("cs", "xs") and not view.selected:
        lang = await language(update, context)
        await toast(update, context.services.renderer.render(lang, "team/nothing_selected.j2"))
        return
    await answer(update, context)
    if action == "d":
        view.date = _cycle(DATE_FILTERS, view.date)
        if view.date == "custom":
            await set_awaiting(context, user.id, {"state": AWAIT_LIST_DATES})
            await reply(update, context, "team/dates_prompt.j2")
            return
        view.page = 0
    elif action == "s":
        view.status, view.page = _cycle(STATUS_FILTERS, view.status), 0
    elif action == "o":
        view.sort, view.page = _cycle(SORTS, view.sort), 0
    elif action == "p" and first is not None:
        view.page = max(first, 0)
    elif action == "q":
        await set_awaiting(context, user.id, {"state": AWAIT_LIST_SEARCH})
        await reply(update, context, "team/search_prompt.j2")
        return
    elif action == "Q":
        view.text, view.page = "", 0
    elif action == "m":
        view.selecting = not view.selecting
        view.selected = []
    elif action == "t" and first is not None:
        view.selected = (
            [i for i in view.selected if i != first]
            if first in view.selected
            else [*view.selected, first]
        )
    elif action == "v" and first is not None:
        from bot.handlers.vendor_orders import send_details

        await send_details(update, context, first, back=True)
        return
    elif action == "bk":
        await show_list(update, context, view)
        return
    elif action == "cs":
        confirmed, skipped = await team.bulk_confirm(user.id, view.selected)
        view.selected, view.selecting = [], False
        await reply(update, context, "team/bulk_done.j2", count=len(confirmed), skipped=skipped)
    elif action in ("xs", "xa"):
        vendor, chosen, count = await team.export_selection(
            user.id, view.selected if action == "xs" else None, view
        )
        await send_export(update, context, vendor.timezone, chosen, count)
        return
    await show_list(update, context, view)


async def orders_command(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    if not await context.services.team.is_team_member(user.id):
        from bot.handlers.my_orders import orders_command as customer_orders

        await customer_orders(update, context)
        return
    view = await context.services.team.view(user.id)
    view.page, view.selecting, view.selected = 0, False, []
    await show_list(update, context, view, new=True)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("setup", setup),
        CommandHandler("invite", invite, filters=filters.ChatType.PRIVATE),
        CommandHandler("cards", cards, filters=filters.ChatType.PRIVATE),
        CommandHandler("orders", orders_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_list, pattern=r"^ol:"),
        MessageHandler(
            filters.ChatType.GROUPS & filters.StatusUpdate.NEW_CHAT_MEMBERS, members_joined
        ),
    ]


__all__ = ["NotLinked", "handlers"]
