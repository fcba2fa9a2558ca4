"""The team corrects an order before confirming it: another product in place of a line. The
customer is told, the order is found by its new product, and the vendor's phrase memory
learns what the customer's words meant: the next time they match at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from domain.rules.catalog_import import parse_csv
from domain.rules.free_text import parse
from sandbox import SandboxServer
from tests.harness import Harness, comanda, sandbox_limits
from tests.processes import button_data
from tests.test_e2e_customer import place_order

LITTLE_GEM = """product_id,name,unit,price,category
VEG-005,Little gem lettuce,case 6 pcs,9.00,Vegetables
"""
__all__ = ["sandbox_limits"]  # the end-to-end tests' Telegram limits (a fixture)


async def open_line_editor(
    h: Harness, number: str, line_label: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The order's card, and the question about one of its lines (from the card's editor)."""
    admin = h.seed.admin
    card = await h.expect(admin.id, number)
    await h.press(admin, card, "Edit quantities")
    editor = await h.expect(admin.id, "Edit order")
    await h.press(admin, editor, line_label)
    return card, await h.expect(admin.id, "New quantity of")


async def test_team_replaces_a_line_and_the_customers_words_are_learned(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        number = await place_order(h, ana, "2 lettuce")  # read as the only lettuce: romaine
        async with h.store.tx() as tx:  # the vendor now stocks little gems too
            await tx.catalogs.apply_import(h.seed.vendor_id, parse_csv(LITTLE_GEM))
            catalogue = await tx.catalogs.all_products(h.seed.vendor_id)
        # without what the team teaches below, "2 lettuce" would need a clarification
        names = [(p.product_id, p.name) for p in catalogue if p.available]
        units = {p.product_id: p.unit for p in catalogue}
        assert parse("2 lettuce", names, units=units).lines == []

        _card, prompt = await open_line_editor(h, number, "Romaine lettuce × 2")
        await h.press(admin, prompt, "Replace product")
        await h.expect(admin.id, "Which product goes in place of Romaine lettuce?")
        await h.say(admin, "zzz")  # names nothing: why, then the same question
        await h.expect(admin.id, "No available product of this customer's catalogue matches")
        await h.expect(admin.id, "Which product goes in place of Romaine lettuce?")
        await h.say(admin, "white asparagus")  # unavailable: not offered
        await h.expect(admin.id, "matches “white asparagus”")
        await h.say(admin, "gem")
        results = await h.expect(admin.id, "Tap the product to put in place of Romaine lettuce")
        assert h.buttons(results, admin.id) == ["Little gem lettuce (case 6 pcs)"]
        await h.press(admin, results, "Little gem lettuce")
        editor = await h.expect(admin.id, "Edit order")
        assert "2 × Little gem lettuce" in editor["text"]
        assert "(instead of Romaine lettuce)" in editor["text"]
        assert "€18.00" in editor["text"]  # the new product's price, the quantity kept

        h.mark(ana.id)
        await h.press(admin, editor, "Done editing")
        notice = await h.expect(ana.id, f"Your supplier changed order {number}")
        assert "Little gem lettuce" in notice["text"]
        assert "(instead of Romaine lettuce)" in notice["text"]
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
            (line,) = order.lines
            replaced = [
                e.details
                for e in await tx.audit.for_entity("order", order.id)
                if e.action == "order.replace_line"
            ]
            found, _ = await tx.orders.search(h.seed.vendor_id, text="gem", limit=10)
            gone, _ = await tx.orders.search(h.seed.vendor_id, text="romaine", limit=10)
        assert (line.product_id, line.quantity, line.unit_price) == ("VEG-005", 2, Decimal("9.00"))
        assert (line.phrase, line.replaced_name) == ("lettuce", "Romaine lettuce")
        assert replaced == [
            {"position": 1, "before": "VEG-001", "after": "VEG-005", "phrase": "lettuce"}
        ]
        assert [o.order_number for o in found] == [number] and gone == []

        # the next time (any customer of the vendor) the same words mean little gems at once
        h.mark(ana.id)
        await h.say(ana, "2 lettuce")
        added = await h.expect(ana.id, "Added to your cart")
        assert "Little gem lettuce" in added["text"]
        assert await h.cart_lines(ana) == {"VEG-005": Decimal(2)}


async def test_replacing_refuses_forged_and_stale_buttons(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        number = await place_order(h, ana, "2 romaine, 3 kg carrots")
        card, prompt = await open_line_editor(h, number, "Carrots × 3")
        await h.press(admin, prompt, "Replace product")
        await h.expect(admin.id, "Which product goes in place of Carrots?")
        await h.say(admin, "tomato")
        results = await h.expect(admin.id, "Tap the product to put in place of Carrots")
        pick = button_data(results, "Plum tomatoes")
        _ns, _action, order_id, position, row_id = pick.split(":")

        async def lines() -> list[str]:
            async with h.store.read() as tx:
                order = await tx.orders.by_number(number)
            return [ln.product_id for ln in order.lines]

        # a product of no catalogue of this customer, a line the order does not have
        forged = await h.press_data(admin, results, f"ord:rp:{order_id}:{position}:999999")
        assert "That product is not in your catalogue." in forged.answer["text"]
        forged = await h.press_data(admin, results, f"ord:rp:{order_id}:9:{row_id}")
        assert "This button is out of date" in forged.answer["text"]
        # a customer forging the team's button in their own chat is refused
        theirs = h.world.bot_messages(ana.id)[-1]
        refused = await h.press_data(ana, theirs, pick)
        assert "You are not allowed to do that." in refused.answer["text"]
        assert await lines() == ["VEG-001", "VEG-003"]
        # pressed twice (or handled again after a crash): replaced once
        done = await h.press_data(admin, results, pick)
        assert done.answer["text"] == "Replaced by Plum tomatoes."
        await h.expect(admin.id, "(instead of Carrots)")
        await h.press_data(admin, results, pick)
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
            replaced = [
                e
                for e in await tx.audit.for_entity("order", order.id)
                if e.action == "order.replace_line"
            ]
        assert [ln.product_id for ln in order.lines] == ["VEG-001", "VEG-002"]
        assert order.lines[1].phrase == "carrot" and len(replaced) == 1
        # once confirmed, the order's lines stay as they are
        await h.press(admin, card, "Confirm")
        await h.expect(admin.id, "Confirmed")
        late = await h.press_data(admin, results, f"ord:rp:{order_id}:{position}:{row_id}")
        assert "Not possible: the order is confirmed." in late.answer["text"]
        assert await lines() == ["VEG-001", "VEG-002"]
