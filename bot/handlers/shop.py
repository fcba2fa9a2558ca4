"""Browsing the catalogue, the cart, the delivery day, the review and placing."""

from __future__ import annotations

import re
from decimal import Decimal

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, location_rows, reply, show
from bot.services.views import Ordering, price_product
from domain.errors import StaleAction
from domain.rules.standing import may_order
from store.models import Product

PAGE_SIZE = 8
PRESETS = (1, 2, 3, 5, 10)
AWAIT_QUANTITY = "quantity"
AWAIT_COMMENT = "comment"
MAX_SHOWN = 40  # cart lines shown (and buttons): the rest is summed up in one line


def _money(context: Ctx, lang: str, amount: Decimal, currency: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=lang)


def _qty(value: Decimal) -> str:
    return format(value.normalize(), "f")


async def current_ordering(update: Update, context: Ctx) -> Ordering:
    user = update.effective_user
    assert user is not None
    return await context.services.ordering.current(user.id)


async def set_awaiting(context: Ctx, user_id: int, state: dict[str, object] | None) -> None:
    async with context.services.store.tx() as tx:
        await tx.state.set_awaiting(user_id, state)


# -- catalogue -----------------------------------------------------------------------


async def show_categories(update: Update, context: Ctx) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    categories = await context.services.ordering.categories(o)
    cart = await context.services.ordering.cart(o)
    usual = await context.services.usual.lines(o)
    rows: list[list[Button]] = [
        [(button(context, lang, "usual_one", name=p.name, quantity=_qty(q)), usual_data(p.id, q))]
        for p, q in usual
    ]
    if len(usual) > 1:
        rows.append([(button(context, lang, "usual_all", count=len(usual)), encode("cat", "ua"))])
    rows += [[(name or "—", encode("cat", "c", i, 0))] for i, name in enumerate(categories)]
    rows.append([(button(context, lang, "cart", count=len(cart.lines)), encode("cart", "v"))])
    blocked = not may_order(o.customer.standing)
    if blocked:  # said at the start, not at the last step; with a way to talk to them
        rows.append([(button(context, lang, "message_vendor"), encode("cust", "chat"))])
    rows += await location_rows(update, context, o.customer.id, "cat", o.locations)
    await show(
        update,
        context,
        "customer/catalog.j2",
        rows=rows,
        vendor=o.vendor,
        customer=o.customer,
        categories=categories,
        blocked=blocked,
        usual=usual,
    )


def usual_data(row_id: int, quantity: Decimal) -> str:
    """A usual product's button: its row and quantity (a hint: re-checked on arrival)."""
    return encode("cat", "u", row_id, _qty(quantity))


USUAL_QUANTITY = re.compile(r"\d{1,7}(\.\d{1,3})?")


async def show_products(
    update: Update,
    context: Ctx,
    products: list[Product],
    page: int,
    *,
    title: str = "",
    search: str = "",
    nav: tuple[str, ...] = (),
) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    pages = max(1, -(-len(products) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = products[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    prices = [price_product(p, o.customer, o.vendor.currency) for p in shown]
    rows: list[list[Button]] = [
        [
            (
                button(
                    context,
                    lang,
                    "product",
                    name=p.name,
                    price=_money(context, lang, price, o.vendor.currency),
                    available=p.available,
                ),
                encode("cat", "p", p.id),
            )
        ]
        for p, price in zip(shown, prices, strict=True)
    ]
    if pages > 1 and nav:
        arrows: list[Button] = []
        if page > 0:
            arrows.append((button(context, lang, "prev"), encode(*nav, page - 1)))
        if page < pages - 1:
            arrows.append((button(context, lang, "next"), encode(*nav, page + 1)))
        rows.append(arrows)
    cart = await context.services.ordering.cart(o)
    rows.append(
        [
            (button(context, lang, "back"), encode("cat", "home")),
            (button(context, lang, "cart", count=len(cart.lines)), encode("cart", "v")),
        ]
    )
    await show(
        update,
        context,
        "customer/products.j2",
        rows=rows,
        products=shown,
        prices=prices,
        currency=o.vendor.currency,
        category=title,
        search=search,
        page=page + 1,
        pages=pages,
    )


async def show_product(update: Update, context: Ctx, row_id: int) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    product = await context.services.ordering.product(o, row_id)
    cart = await context.services.ordering.cart(o)
    in_cart = next((ln.quantity for ln in cart.lines if ln.product.id == row_id), None)
    rows: list[list[Button]] = []
    if product.available:
        rows.append([(str(n), encode("cat", "q", row_id, n)) for n in PRESETS])
        rows.append([(button(context, lang, "other_quantity"), encode("cat", "o", row_id))])
    rows.append(
        [
            (button(context, lang, "back"), encode("cat", "home")),
            (button(context, lang, "cart", count=len(cart.lines)), encode("cart", "v")),
        ]
    )
    await show(
        update,
        context,
        "customer/product.j2",
        rows=rows,
        product=product,
        price=price_product(product, o.customer, o.vendor.currency),
        currency=o.vendor.currency,
        discount=o.customer.discount_percent,
        in_cart=in_cart,
    )


async def added(
    update: Update,
    context: Ctx,
    row_id: int,
    quantity: Decimal,
    *,
    replace: bool,
    phrase: str | None = None,
) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    product, cart = await context.services.ordering.add(
        o, row_id, quantity, replace=replace, phrase=phrase
    )
    rows = [
        [
            (button(context, lang, "continue_shopping"), encode("cat", "home")),
            (button(context, lang, "cart", count=len(cart.lines)), encode("cart", "v")),
        ]
    ]
    if replace:
        await show_cart(update, context)
        return
    await show(
        update,
        context,
        "customer/added.j2",
        rows=rows,
        product=product,
        quantity=quantity,
        cart=cart,
    )


# -- cart ----------------------------------------------------------------------------


async def show_cart(
    update: Update, context: Ctx, *, usual_added: int | None = None, new: bool = False
) -> None:
    """The cart; ``usual_added``: how many usual products were just put in (to adjust);
    ``new``: as a new message (the pressed one keeps what it says)."""
    o = await current_ordering(update, context)
    lang = await language(update, context)
    cart = await context.services.ordering.cart(o)
    rows: list[list[Button]] = [
        [
            (
                button(context, lang, "line", name=ln.product.name, quantity=_qty(ln.quantity)),
                encode("cart", "l", ln.product.id),
            )
        ]
        for ln in cart.lines[:MAX_SHOWN]
    ]
    if not cart.empty:
        rows.append([(button(context, lang, "checkout"), encode("chk", "d"))])
        rows.append([(button(context, lang, "standing_make"), encode("so", "new", 0))])
        rows.append(
            [
                (button(context, lang, "continue_shopping"), encode("cat", "home")),
                (button(context, lang, "empty_cart"), encode("cart", "e")),
            ]
        )
    else:
        rows.append([(button(context, lang, "order"), encode("cat", "home"))])
    minimum = o.vendor.minimum_order_value
    if not cart.empty and minimum is not None and cart.total < minimum:
        rows.append([(button(context, lang, "message_vendor"), encode("cust", "chat"))])
    rows += await location_rows(update, context, o.customer.id, "cart", o.locations)
    await show(
        update,
        context,
        "customer/cart.j2",
        rows=rows,
        cart=cart,
        customer=o.customer,
        discount=o.customer.discount_percent,
        minimum=o.vendor.minimum_order_value,
        usual_added=usual_added,
        new=new,
    )


async def show_line(update: Update, context: Ctx, row_id: int) -> None:
    o = await current_ordering(update, context)
    lang = await language(update, context)
    cart = await context.services.ordering.cart(o)
    line = next((ln for ln in cart.lines if ln.product.id == row_id), None)
    if line is None:
        await show_cart(update, context)
        return
    user = update.effective_user
    assert user is not None
    await set_awaiting(
        context, user.id, {"state": AWAIT_QUANTITY, "product": row_id, "replace": True}
    )
    rows = [
        [
            (button(context, lang, "minus"), encode("cart", "d", row_id)),
            (button(context, lang, "plus"), encode("cart", "i", row_id)),
            (button(context, lang, "remove"), encode("cart", "r", row_id)),
        ],
        [(button(context, lang, "back"), encode("cart", "v"))],
    ]
    await show(update, context, "customer/cart_line.j2", rows=rows, line=line)


async def step_line(update: Update, context: Ctx, row_id: int, delta: int) -> None:
    o = await current_ordering(update, context)
    cart = await context.services.ordering.cart(o)
    line = next((ln for ln in cart.lines if ln.product.id == row_id), None)
    if line is None:
        await show_cart(update, context)
        return
    new = max(line.quantity + delta, Decimal(0))
    await context.services.ordering.add(o, row_id, new, replace=True)
    if new == 0:
        await show_cart(update, context)
    else:
        await show_line(update, context, row_id)


# -- checkout ------------------------------------------------------------------------


async def on_callback(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    await answer(update, context)
    if data is None:
        raise StaleAction("undecodable button")
    ns, action = data.namespace, data.action
    first = data.int_arg(0)
    if ns == "cat":
        if action == "home":
            await show_categories(update, context)
        elif action == "c" and first is not None:
            o = await current_ordering(update, context)
            categories = await context.services.ordering.categories(o)
            if not 0 <= first < len(categories):
                await show_categories(update, context)
                return
            products = await context.services.ordering.products(o, category=categories[first])
            await show_products(
                update,
                context,
                products,
                data.int_arg(1) or 0,
                title=categories[first] or "—",
                nav=("cat", "c", str(first)),
            )
        elif action == "s":
            text = (context.user_data or {}).get("search", "")
            o = await current_ordering(update, context)
            products = await context.services.ordering.products(o, text=text) if text else []
            await show_products(
                update, context, products, first or 0, search=text, nav=("cat", "s")
            )
        elif action == "p" and first is not None:
            await show_product(update, context, first)
        elif action == "u" and first is not None:  # one usual product, at its usual quantity
            raw = data.arg(1) or ""
            if not USUAL_QUANTITY.fullmatch(raw) or Decimal(raw) <= 0:
                raise StaleAction("bad usual quantity")
            await added(update, context, first, Decimal(raw), replace=False)
        elif action == "ua":  # all of them
            o = await current_ordering(update, context)
            _cart, count = await context.services.usual.add_all(o)
            await show_cart(update, context, usual_added=count)
        elif action == "q" and first is not None and data.int_arg(1) in PRESETS:
            await added(update, context, first, Decimal(data.int_arg(1) or 0), replace=False)
        elif action == "o" and first is not None:
            o = await current_ordering(update, context)
            product = await context.services.ordering.product(o, first)
            await set_awaiting(
                context, user.id, {"state": AWAIT_QUANTITY, "product": first, "replace": False}
            )
            await reply(update, context, "customer/qty_prompt.j2", product=product)
    elif ns == "cart":
        if action == "v":
            await set_awaiting(context, user.id, None)
            await show_cart(update, context)
        elif action == "l" and first is not None:
            await show_line(update, context, first)
        elif action in ("i", "d") and first is not None:
            await step_line(update, context, first, 1 if action == "i" else -1)
        elif action == "r" and first is not None:
            o = await current_ordering(update, context)
            await context.services.ordering.add(o, first, Decimal(0), replace=True)
            await set_awaiting(context, user.id, None)
            await show_cart(update, context)
        elif action == "e":
            lang = await language(update, context)
            await show(
                update,
                context,
                "customer/empty_confirm.j2",
                rows=[
                    [
                        (button(context, lang, "yes_empty"), encode("cart", "E")),
                        (button(context, lang, "keep"), encode("cart", "v")),
                    ]
                ],
            )
        elif action == "E":
            await context.services.ordering.clear_cart(await current_ordering(update, context))
            await show_cart(update, context)
        elif action == "c":
            o = await current_ordering(update, context)
            await set_awaiting(context, user.id, {"state": AWAIT_COMMENT})
            await reply(update, context, "customer/comment_prompt.j2", vendor=o.vendor)


async def order_command(update: Update, context: Ctx) -> None:
    await show_categories(update, context)


async def cart_command(update: Update, context: Ctx) -> None:
    await show_cart(update, context)


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("order", order_command, filters=private),
        CommandHandler("cart", cart_command, filters=private),
        CallbackQueryHandler(on_callback, pattern=r"^(cat|cart):"),
    ]
