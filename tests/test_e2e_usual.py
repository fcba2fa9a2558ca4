"""My usual on /order: the products the customer ordered most often in the last 8 weeks, each
at its usual quantity; one tap adds one, one tap adds them all (issue 18)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from domain.rules.catalog_import import parse_csv
from sandbox import SandboxServer
from tests.harness import comanda, make_order, sandbox_limits
from tests.processes import button_data

__all__ = ["sandbox_limits"]


async def test_my_usual_one_tap_each_or_all(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        customer, now = h.seed.customer_id, h.clock()
        for days, lines, status in (
            (70, [("VEG-002", "5")], "delivered"),  # ten weeks ago: not "lately"
            (30, [("VEG-001", "2"), ("DAI-001", "6")], "delivered"),
            (20, [("VEG-001", "2"), ("VEG-004", "1")], "delivered"),  # asparagus: unavailable
            (15, [("DAI-002", "9")], "cancelled"),  # a cancelled order is nobody's usual
            (6, [("VEG-001", "3"), ("DAI-003", "4")], "confirmed"),
        ):
            await make_order(h, customer, lines, created=now - timedelta(days=days), status=status)
        ana = await h.join()
        await h.say(ana, "/order")
        catalogue = await h.expect(ana.id, "Your usual: tap one to add it")
        labels = h.buttons(catalogue, ana.id)
        assert labels[:4] == [
            "⭐ 2 × Romaine lettuce",  # 3 orders, 2 taken most often
            "⭐ 4 × Oat milk",  # 1 order each: the one ordered last first
            "⭐ 6 × Whole milk",
            "⭐ Add all my usual (3)",
        ]
        assert not any("asparagus" in label or "tomatoes" in label for label in labels)

        await h.press(ana, catalogue, "2 × Romaine lettuce")
        added = await h.expect(ana.id, "Added")
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(2)}
        await h.press(ana, added, "Continue ordering")  # back to the catalogue and the usual
        catalogue = await h.expect(ana.id, "Your usual: tap one to add it")
        await h.press(ana, catalogue, "Add all my usual")
        cart = await h.expect(ana.id, "Your usual is in: 3 product(s)")
        assert "Your cart" in cart["text"]
        assert await h.cart_lines(ana) == {
            "VEG-001": Decimal(4),
            "DAI-003": Decimal(4),
            "DAI-001": Decimal(6),
        }

        # forged buttons: a quantity that is no number, an unavailable product
        await h.press_data(ana, catalogue, f"cat:u:{h.seed.product_ids['VEG-001']}:abc")
        await h.expect(ana.id, "This button is out of date")
        await h.press_data(ana, catalogue, f"cat:u:{h.seed.product_ids['VEG-004']}:2")
        await h.expect(ana.id, "Not available at the moment: White asparagus")
        assert await h.cart_lines(ana) == {
            "VEG-001": Decimal(4),
            "DAI-003": Decimal(4),
            "DAI-001": Decimal(6),
        }
        assert button_data(catalogue, "Add all my usual") == "cat:ua"


async def test_no_usual_without_recent_orders(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        await h.say(ana, "/order")
        catalogue = await h.expect(ana.id, "Choose a category")
        assert "Your usual" not in catalogue["text"]
        assert not any("⭐" in label for label in h.buttons(catalogue, ana.id))


async def test_add_all_skips_a_usual_quantity_its_unit_no_longer_takes(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        customer, now = h.seed.customer_id, h.clock()
        for days in (20, 10):
            await make_order(
                h,
                customer,
                [("VEG-001", "2"), ("VEG-003", "2.5")],
                created=now - timedelta(days=days),
            )
        async with h.store.tx() as tx:  # carrots are now sold by the whole case
            await tx.catalogs.apply_import(
                h.seed.vendor_id,
                parse_csv("product_id,name,unit,price\nVEG-003,Carrots,case 10 kg,9.00\n"),
            )
        ana = await h.join()
        await h.say(ana, "/order")
        catalogue = await h.expect(ana.id, "Your usual")
        await h.press(ana, catalogue, "Add all my usual")
        await h.expect(ana.id, "Your usual is in: 1 product(s)")
        assert await h.cart_lines(ana) == {"VEG-001": Decimal(2)}  # the rest still went in
