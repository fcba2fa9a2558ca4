"""Customers join, share their phone, pick who they order for, and switch language."""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.callbacks import decode, encode, pattern
from bot.context import Ctx
from bot.handlers.common import answer, button, forget_language, language, reply, show
from bot.i18n import LANGUAGES
from bot.services.views import Ordering
from domain.enums import InviteKind
from domain.errors import NotAllowed, NotLinked, StaleAction

MAX_NAME = 64
AWAIT_PHONE = "phone"


def display_name(update: Update) -> str:
    user = update.effective_user
    if user is None:
        return ""
    return (user.full_name or user.first_name or "")[:MAX_NAME]


async def menu_rows(
    context: Ctx, lang: str, o: Ordering | None = None
) -> list[list[tuple[str, str]]]:
    count = 0
    if o is not None:
        count = len((await context.services.ordering.cart(o)).lines)
    rows = [
        [
            (button(context, lang, "order"), encode("cat", "home")),
            (button(context, lang, "cart", count=count), encode("cart", "v")),
        ],
        [
            (button(context, lang, "my_orders"), encode("my", "list", 0)),
            (button(context, lang, "language"), encode("lang", "pick")),
        ],
        [(button(context, lang, "message_vendor"), encode("cust", "chat"))],
    ]
    if o is not None and o.vendor.customers_edit_number:
        rows.append([(button(context, lang, "my_number"), encode("cust", "num"))])
    return rows


async def send_menu(update: Update, context: Ctx) -> None:
    """The contact's home screen, or the team's, or how to get linked."""
    user = update.effective_user
    assert user is not None
    services = context.services
    try:
        o = await services.ordering.current(user.id)
    except StaleAction:
        await send_customer_choice(update, context)
        return
    except NotLinked:
        async with services.store.read() as tx:
            memberships = await tx.team.memberships(user.id)
            vendors = [await tx.vendors.get(m.vendor_id) for m in memberships]
        removed = [] if memberships else await services.ordering.removed_accounts(user.id)
        if memberships:
            await reply(
                update, context, "team/menu.j2", vendor=vendors[0], role=str(memberships[0].role)
            )
        elif removed:
            lang = await language(update, context)
            customer, vendor = removed[0]
            rows = [[(button(context, lang, "my_orders"), encode("my", "list", 0))]]
            await reply(
                update, context, "customer/removed.j2", rows=rows, customer=customer, vendor=vendor
            )
        else:
            await reply(update, context, "unlinked.j2", name=user.first_name)
        return
    lang = await language(update, context)
    cart = await services.ordering.cart(o)
    example, _search = await services.ordering.examples(o)
    await reply(
        update,
        context,
        "customer/menu.j2",
        customer=o.customer,
        vendor=o.vendor,
        example=example,
        cart_count=len(cart.lines),
        rows=await menu_rows(context, lang, o),
    )


async def send_customer_choice(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    choices = await context.services.ordering.choices(user.id)
    rows = [
        [
            (
                button(context, lang, "customer", name=c.name, vendor=v.name),
                encode("cust", "pick", c.id),
            )
        ]
        for c, v in choices
    ]
    await reply(update, context, "customer/pick_customer.j2", rows=rows)


async def start(update: Update, context: Ctx) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    if context.args:
        token = context.args[0][:64]
        joined = await context.services.ordering.join(
            user.id, display_name(update), user.language_code, token
        )
        if joined.kind is InviteKind.TEAM:
            await reply(
                update, context, "team/joined.j2", vendor=joined.vendor, role=str(joined.role)
            )
            return
        await reply(
            update, context, "customer/joined.j2", customer=joined.customer, vendor=joined.vendor
        )
        if joined.ask_phone:
            await ask_phone(update, context, joined.vendor)
            return
    await send_menu(update, context)


async def ask_phone(update: Update, context: Ctx, vendor: object) -> None:
    """Telegram's contact button, and a Skip button; any other text also skips."""
    user = update.effective_user
    assert user is not None
    lang = await language(update, context)
    share = ReplyKeyboardMarkup(
        [
            [KeyboardButton(button(context, lang, "share_phone"), request_contact=True)],
            [KeyboardButton(button(context, lang, "skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user.id, {"state": AWAIT_PHONE})
    await reply(update, context, "customer/phone_ask.j2", vendor=vendor, markup=share)


async def phone_skipped(update: Update, context: Ctx) -> None:
    user = update.effective_user
    assert user is not None
    await context.services.ordering.save_phone(user.id, None)
    await reply(
        update, context, "customer/phone_saved.j2", phone=None, markup=ReplyKeyboardRemove()
    )
    await send_menu(update, context)


async def contact_shared(update: Update, context: Ctx) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.contact is None:
        return
    if message.contact.user_id != user.id:
        await reply(update, context, "customer/phone_not_own.j2")
        return
    await context.services.ordering.save_phone(user.id, message.contact.phone_number)
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user.id, None)
    await reply(
        update,
        context,
        "customer/phone_saved.j2",
        phone=message.contact.phone_number,
        markup=ReplyKeyboardRemove(),
    )
    await send_menu(update, context)


async def on_callback(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        return
    if data.namespace == "cust" and data.action == "pick":
        customer_id = data.int_arg(0)
        if customer_id is None:
            return
        await context.services.ordering.choose(user.id, customer_id)
        await send_menu(update, context)
    elif data.namespace == "cust" and data.action == "sw":
        customer_id = data.int_arg(0)
        if customer_id is None:
            raise StaleAction("no location")
        await context.services.ordering.choose(user.id, customer_id)  # re-authorized there
        screen = data.arg(1)
        if screen == "cart":
            from bot.handlers.shop import show_cart

            await show_cart(update, context)
        elif screen == "my":
            from bot.handlers.my_orders import show_list

            await show_list(update, context, 0)
        else:
            from bot.handlers.shop import show_categories

            await show_categories(update, context)
    elif data.namespace == "cust" and data.action == "num":
        o = await context.services.ordering.current(user.id)
        if not o.vendor.customers_edit_number:
            raise NotAllowed("the vendor keeps customer numbers")
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": "my_number"})
        await reply(update, context, "customer/number_prompt.j2", vendor=o.vendor)
    elif data.namespace == "cust" and data.action == "chat":
        o = await context.services.ordering.current(user.id)
        async with context.services.store.tx() as tx:
            await tx.state.set_awaiting(user.id, {"state": "chat"})
        await reply(update, context, "customer/chat_prompt.j2", vendor=o.vendor)
    elif data.namespace == "lang" and data.action == "pick":
        await show_languages(update, context)
    elif data.namespace == "lang" and data.action == "set":
        code = data.arg(0)
        if code not in LANGUAGES:
            return
        async with context.services.store.tx() as tx:
            await tx.state.set_language(user.id, code)
            contact = await tx.contacts.by_user(user.id)
            if contact is not None:
                await tx.contacts.set_language(contact.id, code)
        forget_language(context)
        await show(update, context, "customer/language_set.j2")
        await send_menu(update, context)


async def show_languages(update: Update, context: Ctx) -> None:
    lang = await language(update, context)
    rows = [
        [(button(context, lang, f"lang_{code}"), encode("lang", "set", code))] for code in LANGUAGES
    ]
    await reply(update, context, "customer/language_pick.j2", rows=rows)


async def language_command(update: Update, context: Ctx) -> None:
    await show_languages(update, context)


async def help_command(update: Update, context: Ctx) -> None:
    """A team member's /help lists the team's commands; a customer's, how to order."""
    user = update.effective_user
    if user is not None:
        async with context.services.store.read() as tx:
            memberships = await tx.team.memberships(user.id)
        if memberships:
            await reply(update, context, "team/help.j2", role=str(memberships[0].role))
            return
    example = search = ""
    if user is not None:
        try:
            o = await context.services.ordering.current(user.id)
            example, search = await context.services.ordering.examples(o)
        except (NotLinked, StaleAction):
            pass  # not ordering yet: the help without examples
    await reply(update, context, "customer/help.j2", example=example, search=search)


async def menu_command(update: Update, context: Ctx) -> None:
    await send_menu(update, context)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("start", start, filters=private),
        CommandHandler("language", language_command, filters=private),
        CommandHandler("help", help_command, filters=private),
        CommandHandler("menu", menu_command, filters=private),
        MessageHandler(private & filters.CONTACT, contact_shared),
        CallbackQueryHandler(on_callback, pattern=r"^(cust|lang):"),
    ]


__all__ = ["handlers", "pattern", "send_menu"]
