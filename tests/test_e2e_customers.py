"""The team manages customers, catalogues and settings from chat, end to end."""

from __future__ import annotations

import io
import struct
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from domain.enums import CutoffKind, PaymentMethod, Role, Standing
from sandbox import SandboxServer
from tests.harness import PARIS, Harness, comanda, make_order, sandbox_limits
from tests.processes import button_data
from tests.test_e2e_customer import checkout, fill_cart


async def card_of(h: Harness, name: str = "Bistro 42") -> dict:  # type: ignore[type-arg]
    admin = h.seed.admin
    await h.say(admin, "/customers")
    listing = await h.expect(admin.id, "Customers")
    await h.press(admin, listing, name)
    return await h.expect(admin.id, "Customer number")


async def customer(h: Harness):  # type: ignore[no-untyped-def]
    async with h.store.read() as tx:
        return await tx.customers.get(h.seed.customer_id, include_deleted=True)


async def latest_card(h: Harness) -> dict:  # type: ignore[type-arg]
    return [
        m for m in h.world.bot_messages(h.seed.admin.id) if "Customer number" in m.get("text", "")
    ][-1]


async def test_list_search_labels_and_rep_scope(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        async with h.store.tx() as tx:
            ids = []
            for i in range(10):
                c = await tx.customers.create(
                    vendor_id=h.seed.vendor_id, name=f"Cafe {i:02d}", customer_number=f"K-{i:03d}"
                )
                ids.append(c.id)
            zone = await tx.labels.create(h.seed.vendor_id, "zone-north")
            await tx.labels.assign(ids[0], zone.id)
            rita = h.world.create_user("Rita")
            member = await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
            await tx.team.assign(member.id, ids[1])
        await h.say(admin, "/customers")
        listing = await h.expect(admin.id, "Customers")
        assert "· 11" in listing["text"] and "page 1 of 2" in listing["text"]
        assert "Bistro 42 · C-042" in listing["text"]
        await h.press(admin, listing, "Search")
        await h.expect(admin.id, "Type a customer name")
        await h.say(admin, "K-007")
        found = await h.expect(admin.id, "🔍 “K-007”")
        assert "Cafe 07" in found["text"] and "Cafe 06" not in found["text"]
        await h.say(admin, "/customers")
        listing = await h.expect(admin.id, "Customers")
        await h.press(admin, listing, "All labels")
        labelled = await h.expect(admin.id, "🏷 zone-north")
        assert "· 1" in labelled["text"] and "Cafe 00" in labelled["text"]
        await h.say(rita, "/customers")
        own = await h.expect(rita.id, "Customers")
        assert "· 1" in own["text"] and "Cafe 01" in own["text"]
        # Rita pressing a forged button for a customer not hers is refused
        h.world.chat(rita.id).messages[own["message_id"]] = dict(own)
        await h.press_data(rita, own, f"cu:v:{h.seed.customer_id}")
        await h.expect(rita.id, "not allowed")
        query = await h.press_data(rita, own, f"ce:disc:{h.seed.customer_id}")
        assert "not allowed" in query.answer["text"]


async def test_card_and_every_edit(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        async with h.store.tx() as tx:
            await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Other", customer_number="C-999"
            )
            rita = h.world.create_user("Rita")
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
        card = await card_of(h)
        for text in (
            "Bistro 42",
            "C-042",
            "42 Rue des Halles",
            "Catalogue: Main",
            "14:00 · strict · vendor default",
            "Monday (default delivery day)",
            "Discount: 0 %",
            "On delivery",
            "No incidents",
            "Chef Ana · +33600000001",
        ):
            assert text in card["text"], text
        # customer number: a duplicate is refused, a new one saved
        await h.press(admin, card, "Customer number")
        await h.expect(admin.id, "new customer number")
        await h.say(admin, "C-999")
        await h.expect(admin.id, "C-999 already belongs to Other.")
        assert (await customer(h)).customer_number == "C-042"
        await h.say(admin, "C-043")
        await h.expect(admin.id, "Customer number")
        assert (await customer(h)).customer_number == "C-043"
        # name and address
        for label, value, field in (
            ("Name", "Bistro Quarante-Deux", "name"),
            ("Address", "1 Quai Sud, Lyon", "address"),
        ):
            await h.press(admin, await latest_card(h), label)
            await h.expect(admin.id, "/cancel to stop")
            await h.say(admin, value)
            await h.expect(admin.id, "Customer number")
            assert getattr(await customer(h), field) == value
        # catalogue: offered because the vendor has a main and an additional catalogue
        await h.press(admin, await latest_card(h), "Catalogue")
        picker = await h.expect(admin.id, "Catalogue: Main")
        await h.press(admin, picker, "Bistro")
        await h.expect(admin.id, "Catalogue: Bistro")
        assert (await customer(h)).catalog_id is not None
        # cutoff: enable, flexible, time
        await h.press(admin, await latest_card(h), "Cutoff")
        screen = await h.expect(admin.id, "Customer number")
        await h.press(admin, screen, "Customer-specific cutoff")
        await h.expect(admin.id, "customer's own")
        await h.press(admin, await latest_card(h), "Flexible")
        await h.expect(admin.id, "flexible · customer's own")
        await h.press(admin, await latest_card(h), "⏰ 14:00")
        await h.expect(admin.id, "cutoff time")
        await h.say(admin, "25:99")
        await h.expect(admin.id, "“25:99” is not a time")
        await h.expect(admin.id, "Type the customer's cutoff time")  # asked again
        await h.say(admin, "11:30")
        await h.expect(admin.id, "Customer number")
        c = await customer(h)
        assert c.cutoff_override and c.cutoff_kind is CutoffKind.FLEXIBLE
        assert c.cutoff_time is not None and c.cutoff_time.strftime("%H:%M") == "11:30"
        # delivery days: enable, toggle Saturday on and Monday off
        await h.press(admin, await latest_card(h), "Delivery days")
        days = await h.expect(admin.id, "Customer number")
        await h.press(admin, days, "Saturday")
        await h.expect(admin.id, "Saturday")
        await h.press(admin, await latest_card(h), "Monday")
        await h.world.wait_for(
            lambda: (
                "Monday"
                not in (
                    h.world.bot_messages(admin.id)[-1]["text"]
                    .split("Delivery days:")[1]
                    .split("\n")[0]
                )
            )
        )
        c = await customer(h)
        assert c.delivery_days_override and c.delivery_days == frozenset({1, 2, 3, 4, 5})
        # discount, payment, standing
        await h.press(admin, await latest_card(h), "Back")
        await h.expect(admin.id, "Customer number")
        await h.press(admin, await latest_card(h), "Discount")
        await h.expect(admin.id, "from 0 to 100")
        await h.say(admin, "150")
        await h.expect(admin.id, "A discount is a percentage from 0 to 100; “150” is not.")
        await h.expect(admin.id, "Type the discount in percent")  # the same question again
        await h.say(admin, "12,5")
        await h.expect(admin.id, "Customer number")
        await h.press(admin, await latest_card(h), "Payment method")
        pay = await h.expect(admin.id, "Customer number")
        await h.press(admin, pay, "SEPA direct debit")
        await h.expect(admin.id, "Payment method: SEPA direct debit")
        await h.press(admin, await latest_card(h), "Standing")
        standing = await h.expect(admin.id, "Customer number")
        await h.press(admin, standing, "Debtor")
        await h.expect(admin.id, "Standing: Debtor")
        await h.press(admin, await latest_card(h), "Sales reps")
        reps = await h.expect(admin.id, "Customer number")
        await h.press(admin, reps, "Rita")
        await h.expect(admin.id, "Sales reps: Rita")
        c = await customer(h)
        assert c.discount_percent == Decimal("12.5")
        assert c.payment_method is PaymentMethod.SEPA_DIRECT_DEBIT
        assert c.standing is Standing.DEBTOR
        async with h.store.read() as tx:
            log = [e.action for e in await tx.audit.for_entity("customer", c.id)]
            member = await tx.team.member(h.seed.vendor_id, rita.id)
        assert log.count("customer.update") >= 10 and "customer.rep" in log
        assert member is not None and c.id in member.assigned_customer_ids
        # the customer sees the discount in prices
        await h.say(ana, "/order")
        catalog = await h.expect(ana.id, "— catalogue")
        await h.press(ana, catalog, "Vegetables")
        page = await h.expect(ana.id, "Vegetables")
        assert "€12.69" in page["text"]  # 14.50 less 12.5 %


async def test_create_invite_and_delete_customer(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        order_id = await make_order(h, h.seed.customer_id, [("VEG-001", "1")])
        await h.say(admin, "/customers")
        listing = await h.expect(admin.id, "Customers")
        await h.press(admin, listing, "New customer")
        await h.expect(admin.id, "business name")
        await h.say(admin, "Chez Marcel")
        await h.expect(admin.id, "delivery address")
        await h.say(admin, "3 Rue Haute")
        await h.expect(admin.id, "customer number")
        await h.say(admin, "M-1")
        link = await h.expect(admin.id, "Send this link")
        token = link["text"].split("start=")[1].strip()
        marcel = h.world.create_user("Marcel")
        await h.say(marcel, f"/start {token}")
        await h.expect(marcel.id, "You now order for Chez Marcel")
        card = await card_of(h)
        await h.press(admin, card, "Delete")
        confirm = await h.expect(admin.id, "Its contacts can no longer order")
        await h.press(admin, confirm, "No, keep it")
        await h.expect(admin.id, "Customer number")
        assert not (await customer(h)).deleted
        await h.press(admin, await latest_card(h), "Delete")
        confirm = await h.expect(admin.id, "Its contacts can no longer order")
        await h.press(admin, confirm, "Yes, delete")
        await h.expect(admin.id, "was deleted")
        assert (await customer(h)).deleted
        await h.say(ana, "/order")  # told what happened, not "not linked yet"
        removed = await h.expect(ana.id, "Fresh Foods has removed the account of Bistro 42")
        async with h.store.read() as tx:
            kept = await tx.orders.get(order_id)
        assert kept.customer_name == "Bistro 42"
        await h.press(ana, removed, "My orders")  # the history stays readable
        history = await h.expect(ana.id, "Your orders")
        assert kept.order_number in history["text"]
        await h.press(ana, history, kept.order_number)
        details = await h.expect(ana.id, f"Order {kept.order_number}")
        assert h.buttons(details, ana.id) == ["⬅️ Back"]  # read only
        await h.say(ana, "/orders")
        await h.expect(ana.id, "Your orders")
        forged = await h.press_data(ana, details, f"my:CX:{order_id}")  # no cancelling it
        assert forged.answer is not None
        await h.expect(ana.id, "not allowed")
        async with h.store.read() as tx:
            assert (await tx.orders.get(order_id)).status == "unconfirmed"
        await h.say(admin, "/orders")
        orders = await h.expect(admin.id, "Orders")
        assert kept.order_number in " ".join(h.buttons(orders, admin.id))


async def test_bulk_labels(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        async with h.store.tx() as tx:
            other = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Alpha", customer_number="A-1"
            )
            vip = await tx.labels.create(h.seed.vendor_id, "vip")
            await tx.labels.assign(other.id, vip.id)
        await h.say(admin, "/customers")
        listing = await h.expect(admin.id, "Customers")
        await h.press(admin, listing, "Select")
        selecting = await h.expect(admin.id, "Tap customers to select")
        await h.press(admin, selecting, "Alpha")
        await h.expect_button(admin.id, "☑ Alpha")
        await h.press(admin, h.world.bot_messages(admin.id)[-1], "Bistro 42")
        await h.expect_button(admin.id, "☑ Bistro 42")
        await h.press(admin, h.world.bot_messages(admin.id)[-1], "Edit labels")
        labels = await h.expect(admin.id, "2 customer(s) selected")
        assert "◩ vip" in h.buttons(labels, admin.id)
        await h.press(admin, labels, "vip")  # some have it: assign to all
        await h.expect_button(admin.id, "☑ vip")
        await h.say(admin, "zone-south")  # a new label, assigned to both
        labels = await h.expect_button(admin.id, "zone-south")
        assert "☑ zone-south" in h.buttons(labels, admin.id)
        await h.press(admin, labels, "☑ vip")  # all have it: unassign from all
        await h.expect_button(admin.id, "☐ vip")
        async with h.store.read() as tx:
            a = await tx.customers.get(other.id)
            b = await tx.customers.get(h.seed.customer_id)
        assert a.labels == ("zone-south",) and b.labels == ("zone-south",)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_catalog_imports(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin

        async def products() -> dict[str, tuple[str, bool]]:
            async with h.store.read() as tx:
                return {
                    p.product_id: (str(p.price), p.available)
                    for p in await tx.catalogs.all_products(h.seed.vendor_id)
                }

        async def upload(name: str, data: bytes, expect: str) -> dict:  # type: ignore[type-arg]
            h.mark(admin.id)
            h.world.upload(admin.id, admin.id, kind="document", file_name=name, data=data)
            return await h.expect(admin.id, expect)

        before = await products()
        bad = b"product_id,name,unit,price,category,colour\n"
        report = await upload("cat.csv", bad, "Import refused")
        assert "line 1: unknown column (colour)" in report["text"]
        bad_rows = (
            b"product_id,name,unit,price\nVEG-001,Romaine,case,15.00\n,No id,kg,1\n"
            b"VEG-001,Again,kg,1\nNEW-1,Thing,kg,cheap\n"
        )
        report = await upload("cat.csv", bad_rows, "Import refused")
        for text in (
            "line 3: missing product_id",
            "line 4: duplicate product_id (VEG-001)",
            "line 5: bad price (cheap)",
        ):
            assert text in report["text"]
        assert await products() == before

        # One row meant to change one price: a preview, and nothing changes before Apply.
        one = b"product_id,name,unit,price\nVEG-001,Romaine lettuce,case 12 pcs,15.50\n"
        preview = await upload("prices.csv", one, "Nothing has changed yet")
        text = preview["text"]
        assert "change 1 prices" in text and "Romaine lettuce: €14.50 → €15.50" in text
        # 6 products were available (VEG-004 is not): 5 are not in the file
        assert "5 available products are not in this file" in text
        assert "They stay as they are" in text
        assert h.buttons(preview, admin.id) == [
            "✅ Apply",
            "⛔ Apply and make the 5 unlisted unavailable",
            "✖️ Cancel",
        ]
        assert await products() == before
        apply = button_data(preview, "Apply")
        await h.press(admin, preview, "Apply")
        done = await h.expect(admin.id, "Catalogue imported")
        assert "Added: 0 · Updated: 1 · Made unavailable: 0" in done["text"]
        assert "You can undo this import until" in done["text"]
        after = await products()
        assert after["VEG-001"] == ("15.50", True)
        assert {k: v for k, v in after.items() if k != "VEG-001"} == {
            k: v for k, v in before.items() if k != "VEG-001"
        }
        async with h.store.read() as tx:  # the category the file did not name is kept
            romaine = await tx.catalogs.product(h.seed.vendor_id, "VEG-001")
        assert romaine is not None and romaine.category == "Vegetables"
        # a second tap on the same preview (a stale button) applies nothing twice
        h.mark(admin.id)
        h.world.press(admin.id, preview["message_id"], admin.id, callback_data=apply)
        await h.world.wait_for(lambda: h.changed(admin.id))
        assert (await products())["VEG-001"] == ("15.50", True)

        # A full file, unlisted products made unavailable on purpose, then undone.
        good = (
            b"product_id,name,unit,price,category,available,catalogs\n"
            b"VEG-001,Romaine hearts,case 12 pcs,15.00,Vegetables,yes,Bistro\n"
            b"VEG-002,Plum tomatoes,kg,3.20,Vegetables,no,\n"
            b"NEW-1,Shallots,kg,4.00,Vegetables,yes,Bistro\n"
        )
        preview = await upload("cat.csv", good, "Nothing has changed yet")
        text = preview["text"]
        assert "add 1 new products" in text and "NEW-1 Shallots — €4.00" in text
        assert "rename 1 products" in text and "Romaine lettuce → Romaine hearts" in text
        assert "make 1 products unavailable (marked so in the file)" in text
        assert "4 available products are not in this file" in text
        before_full = await products()
        await h.press(admin, preview, "Apply and make the 4 unlisted unavailable")
        done = await h.expect(admin.id, "Catalogue imported")
        assert "Added: 1 · Updated: 1 · Made unavailable: 5" in done["text"]
        after = await products()
        assert after["NEW-1"] == ("4.00", True) and after["DAI-001"][1] is False
        undo = button_data(done, "Undo this import")
        await h.press(admin, done, "Undo this import")
        undone = await h.expect(admin.id, "Import undone")
        assert "1 products it had added were removed" in undone["text"]
        assert await products() == before_full
        # the same undo again (a stale button) is refused with the reason
        h.mark(admin.id)
        h.world.press(admin.id, undone["message_id"], admin.id, callback_data=undo)
        await h.expect(admin.id, "Only the latest import can be undone")
        assert await products() == before_full

        # Cancel changes nothing; a late undo is refused.
        data = xlsx(
            [
                ["product_id", "name", "unit", "price", "category"],
                ["DAI-001", "Whole milk", "l", 1.25, "Dairy"],
                [12345, "Flour", "kg", 0.9, "Dry"],
            ]
        )
        preview = await upload("cat.xlsx", data, "Nothing has changed yet")
        await h.press(admin, preview, "Cancel")
        await h.expect(admin.id, "Import cancelled: nothing was changed")
        assert await products() == before_full
        preview = await upload("cat.xlsx", data, "Nothing has changed yet")
        await h.press(admin, preview, "Apply")
        done = await h.expect(admin.id, "Catalogue imported")
        after = await products()
        assert after["DAI-001"] == ("1.25", True) and after["12345"] == ("0.9", True)
        h.clock.now += timedelta(hours=25)
        await h.press(admin, done, "Undo this import")
        await h.expect(admin.id, "can no longer be undone")
        assert (await products())["12345"] == ("0.9", True)

        await upload("photo.png", b"\x89PNG....", "send a .csv or .xlsx file")
        # a customer sending a file imports nothing, and a forged import button does nothing
        ana = await h.join()
        h.world.upload(ana.id, ana.id, kind="document", file_name="cat.csv", data=good)
        pending = await upload("cat.csv", good, "Nothing has changed yet")
        mine = h.world.bot_messages(ana.id)[-1]
        for data in (button_data(pending, "Apply"), "imp:ok:9999", "imp:zz:1"):
            forged = h.world.press(ana.id, mine["message_id"], ana.id, callback_data=data)
            await h.world.wait_for(lambda f=forged: f.answer is not None)
        assert (await products())["DAI-001"] == ("1.25", True)
        assert (await products()).get("NEW-1") is None


async def test_settings_change_delivery_dates(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        await fill_cart(h, ana)
        days = await checkout(h, ana)
        assert h.buttons(days, ana.id)[0] == "Tuesday 24 Nov"
        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Settings")
        assert "Cutoff: 14:00 · strict" in settings["text"]
        await h.press(admin, settings, "Cutoff time")
        await h.expect(admin.id, "default cutoff time")
        await h.say(admin, "09:00")  # it is 10:00: tomorrow is gone
        settings = await h.expect(admin.id, "Cutoff: 09:00")
        await h.press(admin, settings, "Closure dates")
        await h.expect(admin.id, "closure dates")
        await h.say(admin, "2026-11-25, 2026-12-25")
        settings = await h.expect(admin.id, "Closed on")
        await h.press(admin, settings, "Delivery days")
        days_screen = await h.expect(admin.id, "Settings")
        await h.press(admin, days_screen, "Saturday")
        await h.expect(admin.id, "Saturday")
        await h.press(admin, h.world.bot_messages(admin.id)[-1], "Back")
        settings = await h.expect(admin.id, "Settings")
        await h.press(admin, settings, "Minimum order")
        await h.expect(admin.id, "minimum order value")
        await h.say(admin, "25")
        settings = await h.expect(admin.id, "Minimum order: €25.00")
        await h.press(admin, settings, "Strict / flexible")
        settings = await h.expect(admin.id, "09:00 · flexible")
        days = await checkout(h, ana)
        assert h.buttons(days, ana.id)[:3] == [
            "⚠️ Tuesday 24 Nov",
            "Thursday 26 Nov",
            "Friday 27 Nov",
        ]
        assert "Saturday 28 Nov" in h.buttons(days, ana.id)
        await h.press(admin, settings, "Timezone")
        await h.expect(admin.id, "Europe/Paris")
        await h.say(admin, "Mars/Olympus")
        await h.expect(admin.id, "“Mars/Olympus” is not a time zone")
        await h.say(admin, "Europe/" + "x" * 300)  # once crashed /settings (OSError)
        await h.expect(admin.id, "is not a time zone")
        rita = h.world.create_user("Rita")
        async with h.store.tx() as tx:
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
        await h.say(rita, "/settings")
        await h.expect(rita.id, "not allowed")


async def test_sales_chart(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        now = datetime(2026, 11, 23, 10, tzinfo=PARIS)
        for days, qty in ((1, "2"), (5, "3"), (40, "1")):
            await make_order(
                h,
                h.seed.customer_id,
                [("VEG-001", qty), ("DAI-001", "6")],
                created=now - timedelta(days=days),
                status="confirmed",
            )
        await make_order(
            h,
            h.seed.customer_id,
            [("VEG-003", "9")],
            status="cancelled",
            created=now - timedelta(days=2),
        )
        card = await card_of(h)
        await h.press(admin, card, "Sales chart")
        pick = await h.expect(admin.id, "choose a period")
        await h.press(admin, pick, "Last 30 days")
        photo = await h.world.wait_for(
            lambda: next((m for m in h.world.bot_messages(admin.id) if "photo" in m), None)
        )
        caption = photo["caption"]
        assert "Total: €85.10" in caption and "Orders: 2" in caption  # 5 x 14.50 + 12 x 1.05
        assert "Romaine lettuce (€72.50)" in caption
        data = h.world.files[photo["photo"][-1]["file_id"]].data
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (800, 400) and len(data) > 5000
        await h.press(admin, pick, "Custom range")
        await h.expect(admin.id, "first and last day")
        await h.say(admin, "2026-06-01 2026-06-30")
        await h.expect(admin.id, "bought nothing between")
        assert len([m for m in h.world.bot_messages(admin.id) if "photo" in m]) == 1


__all__ = ["sandbox_limits"]


async def test_customer_edits_own_number_when_allowed(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        menu = [m for m in h.world.bot_messages(ana.id) if "Customer number" in m["text"]][-1]
        assert "C-042" in menu["text"]
        assert not any("Edit my customer number" in b for b in h.buttons(menu, ana.id))
        forged = await h.press_data(ana, menu, "cust:num")
        assert forged.answer is not None
        await h.expect(ana.id, "not allowed")
        async with h.store.tx() as tx:
            await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Other", customer_number="C-100"
            )
        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Customers may edit their customer number: no")
        await h.press(admin, settings, "Customers edit their number")
        await h.expect(admin.id, "Customers may edit their customer number: yes")
        await h.say(ana, "/menu")
        menu = await h.expect(ana.id, "Customer number")
        await h.press(ana, menu, "Edit my customer number")
        await h.expect(ana.id, "exactly as on their invoices")
        await h.say(ana, "C-100")
        await h.expect(ana.id, "already used by another customer")
        h.mark(admin.id)
        await h.say(ana, "C-042-B")
        await h.expect(ana.id, "C-042-B")
        assert (await customer(h)).customer_number == "C-042-B"
        told = await h.expect(admin.id, "changed the customer number")  # the team knows
        assert "from C-042 to C-042-B" in told["text"] and "Chef Ana" in told["text"]


async def test_forged_team_buttons_from_outsiders_change_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()  # a cook: not on the team
        menu = [m for m in h.world.bot_messages(ana.id) if "Customer number" in m["text"]][-1]

        async def state() -> tuple[object, object]:
            async with h.store.read() as tx:
                st = await tx.state.get(ana.id)
            return st.view, st.awaiting

        before = await state()
        for data in (
            "cu:m",
            f"cu:t:{h.seed.customer_id}",
            "cu:p:3",
            "cu:lf",
            "cu:q",
            f"ce:disc:{h.seed.customer_id}",
            f"ce:name:{h.seed.customer_id}",
        ):
            query = await h.press_data(ana, menu, data)
            assert query.answer is not None, data  # answered: refused, nothing else
        assert await state() == before
        async with h.store.read() as tx:
            customer = await tx.customers.get(h.seed.customer_id)
        assert customer.name == "Bistro 42" and customer.discount_percent == 0


async def test_refused_input_says_why_and_asks_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A refused answer never drops the question: the reason, then the question again, until
    a good answer or /cancel; no home screen in between. Dates as people type them."""
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin

        def home_screens() -> int:
            return sum("New orders arrive" in m["text"] for m in h.world.bot_messages(admin.id))

        homes = home_screens()
        await h.say(admin, "/customers")
        listing = await h.expect(admin.id, "Customers")
        await h.press(admin, listing, "New customer")
        await h.expect(admin.id, "business name")
        await h.say(admin, "Chez Marcel")
        await h.expect(admin.id, "delivery address")
        await h.say(admin, "3 Rue Haute")
        await h.expect(admin.id, "customer number")
        await h.say(admin, "C-042")
        await h.expect(admin.id, "C-042 already belongs to Bistro 42.")
        again = await h.expect(admin.id, "Type the customer number")
        assert again["text"].startswith("Type the customer number")
        await h.say(admin, "C-105")
        await h.expect(admin.id, "Send this link")
        async with h.store.read() as tx:
            created = await tx.customers.by_number(h.seed.vendor_id, "C-105")
        assert created is not None and created.address == "3 Rue Haute"

        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Settings")
        await h.press(admin, settings, "Cutoff time")
        await h.expect(admin.id, "default cutoff time")
        await h.say(admin, "25:99")
        await h.expect(admin.id, "“25:99” is not a time. Type it as 14:00.")
        await h.expect(admin.id, "Type the default cutoff time")
        await h.say(admin, "/cancel")
        await h.world.wait_for(lambda: h.changed(admin.id))
        async with h.store.read() as tx:
            assert (await tx.vendors.get(h.seed.vendor_id)).cutoff_time.hour == 14
        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Settings")
        await h.press(admin, settings, "Closure dates")
        await h.say(admin, "24/12, 32/12")
        await h.expect(admin.id, "I could not read the date “32/12”")
        await h.expect(admin.id, "Type the closure dates")
        await h.say(admin, "24/12, 25.12.2026, tomorrow, 1 January 2027")
        await h.expect(admin.id, "Closed on")
        async with h.store.read() as tx:
            closed = (await tx.vendors.get(h.seed.vendor_id)).closure_dates
        assert closed == {
            date(2026, 12, 24),
            date(2026, 12, 25),
            date(2026, 11, 24),
            date(2027, 1, 1),
        }

        await h.say(admin, "/orders")
        listing = await h.expect(admin.id, "Orders")
        for _ in range(4):  # any date -> today -> 7 days -> 30 days -> custom
            if "Type the first and last order dates" in h.world.bot_messages(admin.id)[-1]["text"]:
                break
            current = [m for m in h.world.bot_messages(admin.id) if m["text"].startswith("Orders")][
                -1
            ]
            label = next(b for b in h.buttons(current, admin.id) if "📅" in b or "date" in b)
            await h.press(admin, current, label)
        await h.expect(admin.id, "Type the first and last order dates")
        await h.say(admin, "15/11 - 40/11")
        await h.expect(admin.id, "I could not read the date “40/11”")
        await h.expect(admin.id, "Type the first and last order dates")
        await h.say(admin, "1/11 - 15/11")
        await h.expect(admin.id, "Custom range")
        async with h.store.read() as tx:
            view = (await tx.state.get(admin.id)).view or {}
        assert (view.get("since"), view.get("until")) == ("2026-11-01", "2026-11-15"), view
        assert home_screens() == homes


async def test_refused_input_in_french_and_spanish(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        for language, refused, closed in (
            ("fr", "« 25:99 »", "demain, 25 décembre"),
            ("es", "«25:99»", "mañana, 25 de diciembre"),
        ):
            async with h.store.tx() as tx:
                await tx.state.set_language(admin.id, language)
            await h.say(admin, "/settings")
            settings = await h.world.wait_for(
                lambda: next(
                    (m for m in reversed(h.changed(admin.id)) if "st:cutoff" in str(m)), None
                )
            )
            h.mark(admin.id)
            h.world.press(
                admin.id,
                settings["message_id"],
                admin.id,
                callback_data=next(
                    b["callback_data"]
                    for row in settings["reply_markup"]["inline_keyboard"]
                    for b in row
                    if b["callback_data"] == "st:cutoff"
                ),
            )
            await h.world.wait_for(lambda: h.changed(admin.id))
            h.mark(admin.id)
            await h.say(admin, "25:99")
            answers = await h.world.wait_for(
                lambda: (lambda got: got if len(got) >= 2 else None)(h.changed(admin.id))
            )
            assert "25:99" in answers[0]["text"] and "14:00" in answers[0]["text"], answers
            assert refused in answers[0]["text"] or "25:99" in answers[0]["text"]
            assert "/cancel" in answers[1]["text"]
            await h.say(admin, "/cancel")
            await h.say(admin, "/settings")
            settings = await h.world.wait_for(
                lambda: next(
                    (m for m in reversed(h.changed(admin.id)) if "st:closur" in str(m)), None
                )
            )
            h.mark(admin.id)
            h.world.press(admin.id, settings["message_id"], admin.id, callback_data="st:closur")
            await h.world.wait_for(lambda: h.changed(admin.id))
            h.mark(admin.id)
            await h.say(admin, closed)
            await h.world.wait_for(lambda: len(h.changed(admin.id)) >= 2)
            async with h.store.read() as tx:
                days = (await tx.vendors.get(h.seed.vendor_id)).closure_dates
            assert days == {date(2026, 11, 24), date(2026, 12, 25)}, (language, days)
