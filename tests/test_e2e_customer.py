"""Customer ordering, case by case, through the sandbox."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from domain.enums import CutoffKind, InviteKind, OrderStatus, OutboxStatus, Role, Standing
from sandbox import SandboxServer
from tests.databases import database_at
from tests.harness import Harness, comanda, sandbox_limits
from tests.processes import button_data


async def orders_of(h: Harness) -> list:
    async with h.store.read() as tx:
        return await tx.orders.of_customers([h.seed.customer_id], limit=50)


async def fill_cart(h: Harness, user, text: str = "2 romaine") -> None:  # type: ignore[no-untyped-def]
    await h.say(user, text)
    await h.expect(user.id, "Added to your cart")


async def checkout(h: Harness, user, day_label: str | None = None):  # type: ignore[no-untyped-def]
    await h.say(user, "/cart")
    cart = await h.expect(user.id, "Your cart")
    await h.press(user, cart, "Checkout")
    days = await h.expect(user.id, "Delivery day")
    if day_label is not None:
        await h.press(user, days, day_label)
    return days


async def test_invites_valid_expired_revoked_reused(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            expired = await tx.invites.create(
                vendor_id=h.seed.vendor_id,
                kind=InviteKind.CUSTOMER,
                customer_id=h.seed.customer_id,
                ttl=timedelta(days=-1),
                now=h.clock(),  # expired by the bot's clock, whatever today's date
            )
            revoked = await tx.invites.create(
                vendor_id=h.seed.vendor_id, kind=InviteKind.CUSTOMER, customer_id=h.seed.customer_id
            )
            await tx.invites.revoke(revoked.id)
            team = await tx.invites.create(
                vendor_id=h.seed.vendor_id, kind=InviteKind.TEAM, role=Role.REP, max_uses=1
            )
        stranger = h.world.create_user("Stranger")
        await h.say(stranger, "hello")
        await h.expect(stranger.id, "not linked to a supplier")
        for token, text in (
            (expired.token, "expired"),
            (revoked.token, "withdrawn"),
            ("nonsense-token", "not valid"),
        ):
            await h.say(stranger, f"/start {token}")
            await h.expect(stranger.id, text)
        async with h.store.read() as tx:
            assert await tx.contacts.by_user(stranger.id) is None
        # a customer's link serves every cook of the restaurant
        ana = await h.join("Ana")
        bob = await h.join("Bob", phone=False)
        async with h.store.read() as tx:
            for user in (ana, bob):
                contact = await tx.contacts.by_user(user.id)
                assert contact is not None
                assert await tx.contacts.customer_ids_of(contact.id) == [h.seed.customer_id]
        rita = h.world.create_user("Rita Rep")
        await h.say(rita, f"/start {team.token}")
        await h.expect(rita.id, "Welcome to the Fresh Foods team")
        await h.say(stranger, f"/start {team.token}")
        await h.expect(stranger.id, "already been used")


async def test_phone_is_asked_once_and_skippable(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = h.world.create_user("Ana")
        await h.say(ana, f"/start {h.seed.invite_token}")
        await h.expect(ana.id, "share your phone number")
        assert h.world.chat(ana.id).reply_keyboard is not None
        keyboard = h.world.chat(ana.id).reply_keyboard["keyboard"]
        assert keyboard[0][0]["request_contact"] is True
        await h.say(ana, "Skip")
        await h.expect(ana.id, "order without it")
        assert h.world.chat(ana.id).reply_keyboard is None
        await h.say(ana, f"/start {h.seed.invite_token}")
        menu = await h.expect(ana.id, "Bistro 42 ·")
        assert "phone" not in menu["text"]


async def test_french_and_spanish_users(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        amelie = h.world.create_user("Amélie", language_code="fr")
        await h.say(amelie, f"/start {h.seed.invite_token}")
        await h.expect(amelie.id, "Bienvenue ! Vous commandez désormais pour Bistro 42")
        await h.say(amelie, "Passer")
        await h.expect(amelie.id, "commander sans")
        await h.expect(amelie.id, "Touchez Commander")
        await h.say(amelie, "/order")
        catalog = await h.expect(amelie.id, "Choisissez une catégorie")
        assert any("Panier" in b for b in h.buttons(catalog, amelie.id))
        pablo = h.world.create_user("Pablo", language_code="es-ES")
        await h.say(pablo, f"/start {h.seed.invite_token}")
        await h.expect(pablo.id, "¡Bienvenido!")
        h.world.share_contact(pablo.id, pablo.id)
        await h.expect(pablo.id, "Gracias, tu número está guardado")
        await h.say(pablo, "/language")
        pick = await h.expect(pablo.id, "Elige tu idioma")
        await h.press(pablo, pick, "English")
        await h.expect(pablo.id, "I will speak English")
        await h.say(pablo, "/cart")
        await h.expect(pablo.id, "Your cart is empty")
        commands = {
            lang: [c["description"] for c in h.world.commands.get(("default", lang), [])]
            for lang in ("", "fr", "es")
        }
        assert "Your orders" in commands[""] and "Vos commandes" in commands["fr"]
        assert "Tus pedidos" in commands["es"]


async def test_browse_unavailable_and_search(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            for i in range(11):
                await tx.catalogs._exec(  # noqa: SLF001 - seeding a long category
                    "INSERT INTO products (vendor_id, product_id, name, unit, price, category, "
                    "available, updated_at) VALUES (?, ?, ?, 'kg', '2.00', 'Dry goods', 1, "
                    "'2026-11-23T09:00:00+00:00')",
                    (h.seed.vendor_id, f"DRY-{i:03d}", f"Dry item {i:02d}"),
                )
        ana = await h.join()
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Dry goods")
        first = await h.expect(ana.id, "page 1 of 2")
        assert "Dry item 07" in first["text"] and "Dry item 08" not in first["text"]
        await h.press(ana, first, "▶️")
        second = await h.expect(ana.id, "page 2 of 2")
        assert "Dry item 10" in second["text"]
        await h.press(ana, second, "Back")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Vegetables")
        page = await h.expect(ana.id, "Vegetables")
        assert "White asparagus — not available" in page["text"]
        await h.press(ana, page, "White asparagus")
        product = await h.expect(ana.id, "Not available at the moment")
        assert not any(b in ("1", "2") for b in h.buttons(product, ana.id))
        # forged "add 2" for the unavailable product is refused and changes nothing
        await h.press_data(ana, product, f"cat:q:{h.seed.product_ids['VEG-004']}:2")
        await h.expect(ana.id, "Not available at the moment: White asparagus")
        assert await h.cart_lines(ana) == {}
        await h.say(ana, "milk")
        results = await h.expect(ana.id, "Results for “milk”")
        assert "Whole milk" in results["text"] and "Oat milk" in results["text"]
        assert "Carrots" not in results["text"]
        await h.say(ana, "<b>caviar</b>")
        empty = await h.expect(ana.id, "Nothing found")
        assert "&lt;b&gt;" not in empty["text"] and "<b>caviar</b>" in empty["text"]
        # nothing is lost: one tap sends it on as a message
        h.mark(h.seed.admin.id)
        await h.press(ana, empty, "Send it to my supplier")
        await h.expect(ana.id, "Sent to Fresh Foods")
        await h.expect(h.seed.admin.id, "<b>caviar</b>")


async def test_cart_edits_and_bad_quantities(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        romaine = h.seed.product_ids["VEG-001"]
        tomatoes = h.seed.product_ids["VEG-002"]
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Vegetables")
        page = await h.expect(ana.id, "Vegetables")
        await h.press(ana, page, "Romaine")
        product = await h.expect(ana.id, "How many?")
        await h.press(ana, product, "Other quantity")
        await h.expect(ana.id, "Type a number")
        for bad, answer in (
            ("abc", "greater than zero"),
            ("-3", "greater than zero"),
            ("1e9", "greater than zero"),
            ("0", "greater than zero"),
            ("2.5", "whole numbers"),
            ("10000", "at most 9,999"),
        ):
            await h.say(ana, bad)
            await h.expect(ana.id, answer)
        assert await h.cart_lines(ana) == {}
        await h.say(ana, "3")
        await h.expect(ana.id, "Added: 3 × Romaine lettuce")
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Vegetables")
        page = await h.expect(ana.id, "Vegetables")
        await h.press(ana, page, "Plum tomatoes")
        product = await h.expect(ana.id, "How many?")
        await h.press(ana, product, "Other quantity")
        await h.expect(ana.id, "Type a number")
        await h.say(ana, "2,5")
        await h.expect(ana.id, "Added: 2.5 × Plum tomatoes")
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(3), "VEG-002": Decimal("2.5")}
        await h.say(ana, "/cart")
        cart = await h.expect(ana.id, "Your cart")
        assert "€51.50" in cart["text"]  # 3 x 14.50 + 2.5 x 3.20
        await h.press(ana, cart, "Romaine lettuce × 3")
        line = await h.expect(ana.id, "In your cart: 3")
        await h.press(ana, line, "+1")
        line = await h.expect(ana.id, "In your cart: 4")
        await h.press(ana, line, "−1")
        line = await h.expect(ana.id, "In your cart: 3")
        await h.say(ana, "7")  # typed while the line is open: replaces the quantity
        await h.expect(ana.id, "7 × Romaine lettuce")
        cart_msg = h.world.bot_messages(ana.id)[-1]
        await h.press(ana, cart_msg, "Plum tomatoes")
        line = await h.expect(ana.id, "In your cart: 2.5")
        await h.press(ana, line, "Remove")
        cart = await h.expect(ana.id, "Your cart")
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(7)}
        assert romaine and tomatoes
        await h.press(ana, cart, "Empty cart")
        confirm = await h.expect(ana.id, "Empty your cart?")
        await h.press(ana, confirm, "No, keep it")
        cart = await h.expect(ana.id, "Your cart")
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(7)}
        await h.press(ana, cart, "Empty cart")
        confirm = await h.expect(ana.id, "Empty your cart?")
        await h.press(ana, confirm, "Yes, empty it")
        await h.expect(ana.id, "Your cart is empty")
        assert await h.cart_lines(ana) == {}


async def test_cart_survives_restart(sandbox: SandboxServer, tmp_path: Path) -> None:
    from tests.harness import running

    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await fill_cart(h, ana, "4 carrots")
    # the first Application is stopped; a new one starts on the same database
    async with running(sandbox, database_at(tmp_path), h.clock):
        h.mark(ana.id)
        h.world.send_text(ana.id, ana.id, "/cart")
        cart = await h.expect(ana.id, "Your cart")
        assert "4 × Carrots" in cart["text"]


async def test_free_text_lines_and_clarification(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await h.say(ana, "2 romaine, 3 kg carrots and 1 caviar")
        result = await h.expect(ana.id, "Added to your cart")
        assert "2 × Romaine lettuce" in result["text"] and "3 × Carrots" in result["text"]
        assert "Not found in your catalogue: 1 caviar" in result["text"]
        await h.say(ana, "6 milk")
        ask = await h.expect(ana.id, "Which product did you mean by “6 milk”?")
        labels = h.buttons(ask, ana.id)
        assert any("Whole milk" in b for b in labels) and any("Oat milk" in b for b in labels)
        await h.press(ana, ask, "Oat milk")
        await h.expect(ana.id, "Added: 6 × Oat milk")
        assert await h.cart_lines(ana) == {"VEG-001": 2, "VEG-003": 3, "DAI-003": 6}
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        await h.press(ana, review, "Place order")
        await h.expect(ana.id, "placed")
        (order,) = await orders_of(h)
        assert {ln.product_id: ln.quantity for ln in order.lines} == {
            "VEG-001": Decimal(2),
            "VEG-003": Decimal(3),
            "DAI-003": Decimal(6),
        }


async def days_offered(h: Harness, user) -> list[str]:  # type: ignore[no-untyped-def]
    days = await checkout(h, user)
    return [b for b in h.buttons(days, user.id) if "Edit cart" not in b]


async def test_delivery_day_rules(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await fill_cart(h, ana)
        # Monday 23 Nov 10:00 in Paris, strict 14:00, Mon-Fri
        assert (await days_offered(h, ana))[:2] == ["Tuesday 24 Nov", "Wednesday 25 Nov"]
        h.clock.set_local(2026, 11, 23, 14, 0)  # at the cutoff: tomorrow is gone
        offered = await days_offered(h, ana)
        assert offered[0] == "Wednesday 25 Nov"
        message = h.world.bot_messages(ana.id)[-1]
        assert "cutoff for next-day delivery (14:00) has passed" in message["text"]
        async with h.store.tx() as tx:
            await tx.vendors.update(h.seed.vendor_id, cutoff_kind=CutoffKind.FLEXIBLE)
            await tx.vendors.set_closures(h.seed.vendor_id, frozenset({date(2026, 11, 26)}))
        offered = await days_offered(h, ana)
        assert offered[:3] == ["⚠️ Tuesday 24 Nov", "Wednesday 25 Nov", "Friday 27 Nov"]
        # the customer's own days and cutoff override the vendor's
        async with h.store.tx() as tx:
            await tx.customers.update(
                h.seed.customer_id,
                delivery_days_override=True,
                delivery_days=frozenset({1, 5}),
                cutoff_override=True,
                cutoff_time=time(16, 0),
                cutoff_kind=CutoffKind.STRICT,
            )
        offered = await days_offered(h, ana)
        assert offered[:3] == ["Tuesday 24 Nov", "Saturday 28 Nov", "Tuesday 1 Dec"]
        h.clock.set_local(2026, 11, 23, 16, 30)
        assert (await days_offered(h, ana))[0] == "Saturday 28 Nov"


async def test_flexible_late_order_needs_acceptance_and_flags_card(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            await tx.vendors.update(h.seed.vendor_id, cutoff_kind=CutoffKind.FLEXIBLE)
        h.clock.set_local(2026, 11, 23, 15, 0)
        ana = await h.join()
        await fill_cart(h, ana)
        days = await checkout(h, ana)
        assert "Tomorrow is after the cutoff" in days["text"]
        await h.press(ana, days, "Tuesday 24 Nov")
        warning = await h.expect(ana.id, "Do you accept?")
        await h.press(ana, warning, "Yes, I accept")
        review = await h.expect(ana.id, "Review your order")
        assert "after the cutoff" in review["text"]
        await h.press(ana, review, "Place order")
        placed = await h.expect(ana.id, "placed")
        number = placed["text"].split("Order ")[1].split(" ")[0]
        card = await h.expect(h.seed.admin.id, number)
        assert "Placed after the cutoff" in card["text"]
        (order,) = await orders_of(h)
        assert order.late_cutoff_accepted and order.delivery_date == date(2026, 11, 24)


async def test_strict_cutoff_rechecked_at_placing(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await fill_cart(h, ana)
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        h.clock.set_local(2026, 11, 23, 14, 5)  # the cutoff passes while reviewing
        await h.press(ana, review, "Place order")
        await h.expect(ana.id, "has passed")
        assert await orders_of(h) == []


async def test_minimum_order_and_do_not_sell(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            await tx.vendors.update(h.seed.vendor_id, minimum_order_value=Decimal("50"))
        ana = await h.join()
        await fill_cart(h, ana)  # 2 x 14.50 = 29.00
        await h.say(ana, "/cart")  # said in the cart, before checking out
        cart = await h.expect(ana.id, "Add €21.00 more to place this order.")
        assert "Message the supplier" in " ".join(h.buttons(cart, ana.id))
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        await h.press(ana, review, "Place order")
        await h.expect(ana.id, "The minimum order is €50.00; your cart comes to €29.00")
        assert await orders_of(h) == []
        async with h.store.tx() as tx:
            await tx.vendors.update(h.seed.vendor_id, minimum_order_value=None)
            await tx.customers.update(h.seed.customer_id, standing=Standing.DO_NOT_SELL)
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")  # still browsable
        assert "Vegetables" in " ".join(h.buttons(catalog, ana.id))
        assert "has paused ordering for your account" in catalog["text"]  # said at once
        await h.press(ana, catalog, "Message the supplier")
        await h.expect(ana.id, "Type your message for Fresh Foods")
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        await h.press(ana, review, "Place order")
        await h.expect(ana.id, "paused ordering for your account")
        assert await orders_of(h) == []
        told = await h.expect(h.seed.admin.id, "tried to place an order")  # the team knows
        assert "Bistro 42 (C-042)" in told["text"] and "do not sell" in told["text"]


async def test_double_tap_places_one_order(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await fill_cart(h, ana)
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        place = next(
            b["callback_data"]
            for row in review["reply_markup"]["inline_keyboard"]
            for b in row
            if "Place order" in b["text"]
        )
        # the second tap shows the placed order again: Telegram says "not modified", handled
        h.world.expect_rejection(400, "message is not modified")
        first = h.world.press(ana.id, review["message_id"], ana.id, callback_data=place)
        second = h.world.press(ana.id, review["message_id"], ana.id, callback_data=place)
        await h.world.wait_for(lambda: first.answer is not None and second.answer is not None)
        await h.expect(ana.id, "placed")
        orders = await orders_of(h)
        assert len(orders) == 1
        await h.world.wait_for(
            lambda: (
                len(
                    [
                        m
                        for m in h.world.bot_messages(h.seed.admin.id)
                        if orders[0].order_number in m["text"]
                    ]
                )
                >= 1
            )
        )
        cards = [
            m for m in h.world.bot_messages(h.seed.admin.id) if orders[0].order_number in m["text"]
        ]
        assert len(cards) == 1


async def place_order(h: Harness, user, text: str = "2 romaine") -> str:  # type: ignore[no-untyped-def]
    await fill_cart(h, user, text)
    await checkout(h, user, "Tuesday 24 Nov")
    review = await h.expect(user.id, "Review your order")
    await h.press(user, review, "Add a comment")
    await h.expect(user.id, "Type your comment")
    await h.say(user, "Back door please")
    review = await h.expect(user.id, "Review your order")
    assert "Back door please" in review["text"]
    await h.press(user, review, "Place order")
    placed = await h.expect(user.id, "placed")
    return str(placed["text"].split("Order ")[1].split(" ")[0])


async def test_my_orders_cancel_confirm_delivered_reorder(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        admin = h.seed.admin
        first = await place_order(h, ana)
        await h.say(ana, "/orders")
        listing = await h.expect(ana.id, "Your orders")
        assert first in listing["text"] and "Unconfirmed" in listing["text"]
        await h.press(ana, listing, first)
        details = await h.expect(ana.id, f"Order {first}")
        assert "Back door please" in details["text"]
        await h.press(ana, details, "Cancel order")
        confirm = await h.expect(ana.id, "Your supplier will be told")
        await h.press(ana, confirm, "Yes, cancel it")
        cancelled = await h.expect(ana.id, "Cancelled")
        assert "Cancel order" not in " ".join(h.buttons(cancelled, ana.id))
        await h.expect(admin.id, f"Bistro 42 cancelled order {first}")
        try:
            card = await h.world.wait_for(
                lambda: next(
                    (
                        m
                        for m in h.world.bot_messages(admin.id)
                        if first in m["text"] and "Cancelled" in m["text"] and "🧾" in m["text"]
                    ),
                    None,
                )
            )
        except TimeoutError:
            raise AssertionError([m["text"] for m in h.world.bot_messages(admin.id)]) from None
        assert "Confirm" not in str(card.get("reply_markup"))  # edited in place

        second = await place_order(h, ana, "1 carrots, 2 milk whole")
        card = await h.expect(admin.id, second)
        h.mark(ana.id)
        await h.press(admin, card, "Confirm", chat_id=admin.id)
        notice = await h.expect(ana.id, f"Order {second} confirmed")
        assert "Carrots" in notice["text"]
        edited = await h.world.wait_for(
            lambda: (
                "Confirmed" in h.world.chat(admin.id).messages[card["message_id"]]["text"]
                and h.world.chat(admin.id).messages[card["message_id"]]
            )
        )
        assert "Confirm" not in str(edited.get("reply_markup"))
        await h.press(ana, notice, "Details")
        details = await h.expect(ana.id, f"Order {second}")
        await h.press(ana, details, "Mark as delivered")
        await h.expect(ana.id, "Delivered")
        await h.expect(admin.id, f"marked order {second} as delivered")
        async with h.store.tx() as tx:  # whole milk leaves the catalogue
            await tx.catalogs._exec(
                "UPDATE products SET available = 0 WHERE product_id = "  # noqa: SLF001
                "'DAI-001'"
            )
        details = h.world.chat(ana.id).messages[details["message_id"]]
        await h.press(ana, details, "Order again")
        again = await h.expect(ana.id, "are in your cart")
        assert "Left out, no longer in your catalogue: Whole milk" in again["text"]
        assert await h.cart_lines(ana) == {"VEG-003": Decimal(1)}
        statuses = {o.order_number: o.status for o in await orders_of(h)}
        assert statuses == {first: OrderStatus.CANCELLED, second: OrderStatus.DELIVERED}


async def test_vendor_card_survives_send_failures_exactly_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        admin = h.seed.admin
        h.world.faults.fail_next(3, method="sendMessage", chat_id=admin.id, status=502)
        number = await place_order(h, ana)
        await h.expect(admin.id, number, timeout=15)
        (order,) = await orders_of(h)
        for _ in range(50):  # the dispatcher marks it sent right after Telegram's answer
            async with h.store.read() as tx:
                pending = await tx.outbox.count(OutboxStatus.PENDING)
                cards = await tx.orders.cards(order.id)
            if pending == 0 and cards:
                break
            await asyncio.sleep(0.1)
        assert pending == 0
        attempts = [
            c
            for c in h.world.calls
            if c.method == "sendMessage" and c.params.get("chat_id") == str(admin.id)
        ]
        assert [c.status for c in attempts] == [502, 502, 502, 200]
        assert len([m for m in h.world.bot_messages(admin.id) if number in m["text"]]) == 1
        assert len(cards) == 1


__all__ = ["sandbox_limits"]  # the fixture, imported for its name


async def test_contact_of_two_customers_picks_one(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            other_vendor = await tx.vendors.create(name="Mar y Tierra", timezone="Europe/Madrid")
            other = await tx.customers.create(
                vendor_id=other_vendor.id, name="Tapas Sol", customer_number="T-1"
            )
            invite = await tx.invites.create(
                vendor_id=other_vendor.id, kind=InviteKind.CUSTOMER, customer_id=other.id
            )
        ana = await h.join()
        await h.say(ana, f"/start {invite.token}")
        await h.expect(ana.id, "Tapas Sol · Mar y Tierra")
        async with h.store.tx() as tx:  # forget the active choice, as after a long pause
            await tx.state.set_active_customer(ana.id, None)
        await h.say(ana, "/order")
        pick = await h.expect(ana.id, "Which business are you ordering for?")
        labels = h.buttons(pick, ana.id)
        assert labels == ["Bistro 42 — Fresh Foods", "Tapas Sol — Mar y Tierra"]
        await h.press(ana, pick, "Tapas Sol")
        await h.expect(ana.id, "Tapas Sol · Mar y Tierra")
        # a forged pick of a customer Ana is not a contact of is refused
        async with h.store.tx() as tx:
            stranger = await tx.customers.create(
                vendor_id=other_vendor.id, name="Not Ana's", customer_number="T-2"
            )
        menu = h.world.bot_messages(ana.id)[-1]
        await h.press_data(ana, menu, f"cust:pick:{stranger.id}")
        await h.expect(ana.id, "not allowed")
        async with h.store.read() as tx:
            assert (await tx.state.get(ana.id)).active_customer_id == other.id


async def test_vendor_cancel_is_told_to_the_customer(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        admin = h.seed.admin
        number = await place_order(h, ana)
        card = await h.expect(admin.id, number)
        h.mark(admin.id)
        await h.press(admin, card, "Cancel order", chat_id=admin.id)
        confirm = await h.expect(admin.id, "The customer will be told")
        h.mark(ana.id)
        await h.press(admin, confirm, "Cancel without a reason", chat_id=admin.id)
        await h.expect(ana.id, f"Your supplier cancelled order {number}")
        (order,) = await orders_of(h)
        assert order.status is OrderStatus.CANCELLED
        # someone outside the vendor's team pressing a (forged) confirm is refused
        mallory = h.world.create_user("Mallory")
        decoy = h.world.bot_messages(admin.id)[-1]
        h.world.chat(mallory.id).messages[decoy["message_id"]] = dict(decoy)
        query = h.world.press(
            mallory.id, decoy["message_id"], mallory.id, callback_data=f"ord:cf:{order.id}"
        )
        await h.world.wait_for(lambda: query.answer is not None)
        assert "not allowed" in query.answer["text"]
        async with h.store.read() as tx:
            assert (await tx.orders.get(order.id)).status is OrderStatus.CANCELLED
            refused = [e.action for e in await tx.audit.for_entity("order", order.id)]
        assert "order.refused" in refused


async def test_an_update_delivered_twice_is_handled_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from bot.app import build_application
    from bot.config import Settings
    from bot.runtime import WebhookConfig, serving
    from sandbox.runner import free_port
    from store import open_store
    from tests.harness import PARIS, Clock, seed

    db = database_at(tmp_path)
    store = await open_store(db)
    admin = sandbox.world.create_user("Vera")
    seeded = await seed(store, admin)
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))
    settings = Settings(
        bot_token=sandbox.token(), api_url=sandbox.url, database=str(db), outbox_interval=0.2
    )
    h = Harness(sandbox, store, clock, seeded)
    try:
        port = free_port()
        hook = WebhookConfig(f"http://127.0.0.1:{port}/hook", "127.0.0.1", port, "sandbox-secret")
        async with serving(build_application(settings, clock=clock), webhook=hook):
            ana = await h.join()
            h.mark(ana.id)
            message = h.world.send_text(ana.id, ana.id, "2 romaine")
            await h.expect(ana.id, "Added to your cart")
            update_id = next(
                uid
                for uid, u in h.world.delivered.items()
                if u.get("message", {}).get("message_id") == message["message_id"]
            )
            h.world.redeliver(update_id)
            await h.world.wait_for(lambda: not h.world.updates, 10)
            await h.say(ana, "/cart")
            await h.expect(ana.id, "Your cart")
            assert await h.cart_lines(ana) == {"VEG-001": Decimal(2)}
            added = [m for m in h.world.bot_messages(ana.id) if "Added to your cart" in m["text"]]
            assert len(added) == 1
    finally:
        await store.close()


async def test_a_very_long_cart_still_fits_in_telegram(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        async with h.store.tx() as tx:
            contact = await tx.contacts.by_user(ana.id)
            assert contact is not None
            for i in range(45):
                row = await tx.catalogs._insert(  # noqa: SLF001 - seeding many products
                    "INSERT INTO products (vendor_id, product_id, name, unit, price, category, "
                    "available, updated_at) VALUES (?, ?, ?, 'case 6 kg', '9.99', 'Bulk', 1, "
                    "'2026-11-23T09:00:00+00:00')",
                    (h.seed.vendor_id, f"BULK-{i:03d}", f"Bulk product with a long name {i}"),
                )
                await tx.carts.set_quantity(contact.id, h.seed.customer_id, row, Decimal(i + 1))
        await h.say(ana, "/cart")
        cart = await h.expect(ana.id, "…and 5 more products.")
        assert len(cart["text"]) <= 4096
        assert len(h.buttons(cart, ana.id)) <= 45
        await h.press(ana, cart, "Checkout")
        days = await h.expect(ana.id, "Delivery day")
        await h.press(ana, days, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        await h.press(ana, review, "Place order")
        placed = await h.expect(ana.id, "placed")
        assert "…and 5 more products." in placed["text"]
        (order,) = await orders_of(h)
        assert len(order.lines) == 45


def _data(message: dict, prefix: str) -> str | None:
    return next(
        (
            b["callback_data"]
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row
            if b.get("callback_data", "").startswith(prefix)
        ),
        None,
    )


async def _review_by_buttons(h: Harness, user, text: str) -> dict:  # type: ignore[no-untyped-def]
    """Fill the cart and reach the review by button data alone (any language)."""

    async def tap(prefix: str, then: str) -> dict:
        message = await h.world.wait_for(
            lambda: next((m for m in reversed(h.changed(user.id)) if _data(m, prefix)), None)
        )
        h.mark(user.id)
        h.world.press(user.id, message["message_id"], user.id, callback_data=_data(message, prefix))
        return await h.world.wait_for(
            lambda: next((m for m in h.changed(user.id) if _data(m, then)), None)
        )

    h.mark(user.id)
    await h.say(user, text)
    await h.world.wait_for(lambda: h.changed(user.id))
    h.mark(user.id)
    await h.say(user, "/cart")
    await tap("chk:d", "chk:day")
    shown = await tap("chk:day", "chk:")
    if _data(shown, "chk:late"):
        shown = await tap("chk:late", "chk:pl")
    return await h.world.wait_for(
        lambda: next((m for m in reversed(h.changed(user.id)) if _data(m, "chk:pl")), None)
    )


async def test_terms_changed_since_review_show_new_review_and_place_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Between the review and "Place order" the supplier changes a price, an availability,
    the discount and the minimum: the tap shows the new review with each difference marked
    (FR, ES) and places nothing."""
    from decimal import Decimal

    from domain.rules.catalog_import import parse_csv
    from tests.harness import CATALOG

    async with comanda(sandbox, tmp_path) as h:
        for language, banner, was in (
            ("fr", "Quelque chose a changé", "avant"),
            ("es", "Algo cambió", "antes"),
        ):
            cook = await h.join(f"Cook {language}", language=language)
            review = await _review_by_buttons(h, cook, "2 romaine, 3 whole milk")
            assert "32,15" in review["text"], review["text"]  # 2 x 14.50 + 3 x 1.05
            async with h.store.tx() as tx:
                await tx.customers.update(h.seed.customer_id, discount_percent=Decimal("10"))
                changed = CATALOG.replace("14.50,Vegetables", "16.00,Vegetables").replace(
                    "Whole milk,l,1.05,Dairy,yes", "Whole milk,l,1.05,Dairy,no"
                )
                await tx.catalogs.apply_import(h.seed.vendor_id, parse_csv(changed))
                await tx.vendors.update(h.seed.vendor_id, minimum_order_value=Decimal("20"))
            h.mark(cook.id)
            h.world.press(
                cook.id, review["message_id"], cook.id, callback_data=_data(review, "chk:pl")
            )
            marked = await h.world.wait_for(
                lambda b=banner, c=cook: next((m for m in h.changed(c.id) if b in m["text"]), None)
            )
            text = marked["text"]
            # the banner (which names the mark), both prices (the discount), the milk, the
            # discount, the total, the minimum
            assert text.count("⚠️") == 8, text
            assert "14,40" in text and "14,50" in text  # 16.00 less 10 %, and the price seen
            assert "10 %" in text and "0 %" in text and "32,15" in text and "20,00" in text
            assert text.count(was) >= 4, text
            assert await orders_of(h) == []
            async with h.store.tx() as tx:  # as before, for the next language
                await tx.customers.update(h.seed.customer_id, discount_percent=Decimal("0"))
                await tx.catalogs.apply_import(h.seed.vendor_id, parse_csv(CATALOG))
                await tx.vendors.update(h.seed.vendor_id, minimum_order_value=None)
            await h.say(cook, "/cart")  # leave the cart for the next cook's own


async def test_discount_changed_since_review_the_next_tap_places_the_new_total(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from decimal import Decimal

    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        review = await _review_by_buttons(h, ana, "2 romaine")
        assert "29.00" in review["text"]
        async with h.store.tx() as tx:
            await tx.customers.update(h.seed.customer_id, discount_percent=Decimal("15"))
        h.mark(ana.id)
        h.world.press(ana.id, review["message_id"], ana.id, callback_data=_data(review, "chk:pl"))
        marked = await h.expect(ana.id, "Something changed since you reviewed")
        assert "was €29.00" in marked["text"] and "15 %, was 0 %" in marked["text"]
        assert await orders_of(h) == []
        h.mark(ana.id)
        h.world.press(ana.id, marked["message_id"], ana.id, callback_data=_data(marked, "chk:pl"))
        await h.expect(ana.id, "placed")
        (order,) = await orders_of(h)
        assert order.discount_percent == Decimal("15")
        # 14.50 less 15 % = 12.33 (rounded half up), x 2
        placed = h.world.bot_messages(ana.id)[-1]["text"]
        assert "24.66" in placed, placed


async def test_messages_for_the_supplier_are_relayed_never_swallowed(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        for text in (
            "Can you deliver on 24/11 instead? thanks",
            "Hi, invoice 12/2026 is wrong, please call me",
            "where is my delivery?",
            "Merci beaucoup !",
            "thanks",
        ):
            await h.say(ana, text)
            sent = await h.expect(ana.id, "Sent to Fresh Foods")
            assert text.replace("'", "&#x27;") in sent["text"] or text in sent["text"]
            relayed = await h.expect(admin.id, text)
            assert "Bistro 42" in relayed["text"]
        assert await orders_of(h) == []
        # part order, part message: the order is taken, the rest is offered to send
        await h.say(ana, "2 romaine, and please leave it at the back door")
        partial = await h.expect(ana.id, "Added to your cart")
        assert "Not found in your catalogue" in partial["text"]
        h.mark(admin.id)
        await h.press(ana, partial, "Send the rest to my supplier")
        await h.expect(ana.id, "Sent to Fresh Foods")
        rest = await h.expect(admin.id, "leave it at the back door")
        assert "romaine" not in rest["text"].lower()
        # the same button again sends nothing twice
        await h.press_data(ana, partial, button_data(partial, "Send the rest"))
        await h.expect(ana.id, "out of date")
        assert sum("back door" in m["text"] for m in h.world.bot_messages(admin.id)) == 1
        # a product that is not available now, typed by name, says so (EN, FR)
        await h.say(ana, "3 kg white asparagus")
        await h.expect(ana.id, "White asparagus: not available now")
        pierre = await h.join("Pierre", language="fr")
        await h.say(pierre, "white asparagus")
        await h.expect(pierre.id, "White asparagus : pas disponible pour le moment")
        # a short search still searches
        await h.say(ana, "tomatoes")
        await h.expect(ana.id, "Plum tomatoes")


async def test_switch_location_in_one_tap(sandbox: SandboxServer, tmp_path: Path) -> None:
    """A chef ordering for two locations sees which one is active on /order, /cart and
    /orders, and switches in one tap; the order and its card name the location."""
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()  # Bistro 42
        async with h.store.tx() as tx:
            north = await tx.customers.create(
                vendor_id=h.seed.vendor_id,
                name="Bistro 42 Nord",
                customer_number="C-043",
                address="1 Rue du Nord",
            )
            invite = await tx.invites.create(
                vendor_id=h.seed.vendor_id, kind=InviteKind.CUSTOMER, customer_id=north.id
            )
        await h.say(ana, f"/start {invite.token}")
        await h.expect(ana.id, "Bistro 42 Nord")
        await h.say(ana, "/order")
        catalogue = await h.expect(ana.id, "Ordering for Bistro 42 Nord")
        assert "📍 Switch to Bistro 42" in h.buttons(catalogue, ana.id)
        await h.press(ana, catalogue, "Switch to Bistro 42")
        back = await h.expect(ana.id, "Ordering for Bistro 42\n")
        assert "📍 Switch to Bistro 42 Nord" in h.buttons(back, ana.id)
        await h.say(ana, "/cart")
        cart = await h.expect(ana.id, "Your cart · 📍 Bistro 42\n")
        await h.press(ana, cart, "Switch to Bistro 42 Nord")
        await h.expect(ana.id, "Your cart · 📍 Bistro 42 Nord")
        number = await place_order(h, ana)
        placed = [m for m in h.world.bot_messages(ana.id) if number in m["text"]][-1]
        assert "📍 Bistro 42 Nord · 1 Rue du Nord" in placed["text"]
        card = await h.expect(h.seed.admin.id, number)
        assert "Bistro 42 Nord" in card["text"]
        await h.say(ana, "/orders")
        mine = await h.expect(ana.id, "Your orders · 📍 Bistro 42 Nord")
        assert number in mine["text"]
        await h.press(ana, mine, "Switch to Bistro 42")
        other = await h.expect(ana.id, "Your orders · 📍 Bistro 42\n")
        assert number not in other["text"]
        # a forged switch to a location that is not theirs changes nothing
        async with h.store.tx() as tx:
            stranger = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Elsewhere", customer_number="X-1"
            )
        await h.press_data(ana, other, f"cust:sw:{stranger.id}:cat")
        async with h.store.read() as tx:
            assert (await tx.state.get(ana.id)).active_customer_id != stranger.id


async def test_a_clarified_phrase_is_learned_and_the_usual_product_preferred(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from tests.harness import make_order

    async with comanda(sandbox, tmp_path) as h:
        # a customer who always orders whole milk: "milk" is their whole milk at once
        async with h.store.tx() as tx:
            regular = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Café Régulier", customer_number="C-777"
            )
            invite = await tx.invites.create(
                vendor_id=h.seed.vendor_id, kind=InviteKind.CUSTOMER, customer_id=regular.id
            )
        for _ in range(3):
            await make_order(h, regular.id, [("DAI-001", "4"), ("VEG-003", "2")])
        tom = h.world.create_user("Tom")
        await h.say(tom, f"/start {invite.token}")
        await h.expect(tom.id, "Café Régulier")
        await h.say(tom, "2 milk")  # the phone question is dropped: the order is read
        added = await h.expect(tom.id, "Added to your cart")
        assert "2 × Whole milk" in added["text"], added["text"]
        # a customer with no history is asked which milk, and their pick is learned
        ana = await h.join()
        await h.say(ana, "2 milk")
        asked = await h.expect(ana.id, "Which product did you mean")
        await h.press(ana, asked, "Oat milk")
        await h.expect(ana.id, "Oat milk")
        assert (await h.cart_lines(ana)) == {"DAI-003": Decimal(2)}
        async with h.store.read() as tx:
            assert await tx.phrases.of_vendor(h.seed.vendor_id) == {"milk": "DAI-003"}
        # next time, for any customer of this vendor, "milk" is oat milk at once
        pierre = await h.join("Pierre")
        await h.say(pierre, "3 milk")
        again = await h.expect(pierre.id, "Added to your cart")
        assert "3 × Oat milk" in again["text"], again["text"]


async def test_skipping_the_phone_then_ordering(sandbox: SandboxServer, tmp_path: Path) -> None:
    """The phone question never traps the chat: a "no thanks" skips it, and the next text
    is an order again (it used to answer "No problem" to everything that followed)."""
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join(phone=False)
        await h.expect(ana.id, "share your phone number")
        await h.say(ana, "no thanks")
        await h.expect(ana.id, "No problem, you can order without it.")
        await h.say(ana, "2 romaine")
        await h.expect(ana.id, "Added to your cart")
        async with h.store.read() as tx:
            contact = await tx.contacts.by_user(ana.id)
            assert contact is not None and (await tx.state.get(ana.id)).awaiting is None
