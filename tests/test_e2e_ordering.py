"""Customers order in chat, end to end: sandbox + real Application + real SQLite."""

from __future__ import annotations

from pathlib import Path

from sandbox import SandboxServer
from tests.harness import comanda, sandbox_limits


async def test_join_browse_add_and_place(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Vegetables")
        page = await h.expect(ana.id, "Vegetables")
        assert "Romaine lettuce" in page["text"] and "€14.50" in page["text"]
        await h.press(ana, page, "Romaine")
        product = await h.expect(ana.id, "How many?")
        await h.press(ana, product, "2")
        added = await h.expect(ana.id, "Added: 2 × Romaine lettuce")
        await h.press(ana, added, "Cart")
        cart = await h.expect(ana.id, "Your cart")
        assert "€29.00" in cart["text"]
        await h.press(ana, cart, "Checkout")
        days = await h.expect(ana.id, "Delivery day")
        assert "Tuesday 24 Nov" in h.buttons(days, ana.id)[0]
        await h.press(ana, days, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        assert "42 Rue des Halles" in review["text"]
        await h.press(ana, review, "Place order")
        placed = await h.expect(ana.id, "placed")
        number = placed["text"].split("Order ")[1].split(" ")[0]
        assert number.startswith("O261123") and len(number) == 13
        card = await h.expect(h.seed.admin.id, number)
        assert "Bistro 42" in card["text"] and "Unconfirmed" in card["text"]
        assert await h.cart_lines(ana) == {}


__all__ = ["sandbox_limits"]  # the fixture, imported for its name
