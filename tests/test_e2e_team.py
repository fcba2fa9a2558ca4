"""The vendor's team, end to end: team chat, cards, editing, confirming, lists, exports,
roles and the chat with customers."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from domain.enums import InviteKind, OrderStatus, Role
from sandbox import SandboxServer
from tests.databases import database_at, execute
from tests.harness import PARIS, Harness, comanda, make_order, sandbox_limits
from tests.processes import button_data
from tests.test_e2e_customer import place_order


async def orders(h: Harness) -> dict[str, OrderStatus]:
    async with h.store.read() as tx:
        found = await tx.orders.of_customers([h.seed.customer_id], limit=100)
    return {o.order_number: o.status for o in found}


async def test_setup_plain_group_and_reply_relay(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        group = h.world.create_group("Fresh Foods team", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat of Fresh Foods")
        ana = await h.join()
        number = await place_order(h, ana)
        card = await h.expect(group.id, number)
        assert "message_thread_id" not in card
        assert h.buttons(card, group.id)[:2] == ["🔎 Details", "💬 Go to chat"]
        h.mark(group.id)
        await h.say(ana, "Could you bring the crates back on Tuesday?")
        await h.expect(ana.id, "Sent to Fresh Foods")
        relayed = await h.expect(group.id, "Could you bring the crates back")
        assert "Bistro 42" in relayed["text"] and "+33600000001" in relayed["text"]
        h.mark(ana.id)
        h.world.send_text(group.id, admin.id, "Yes, of course!", reply_to=relayed["message_id"])
        answer = await h.expect(ana.id, "Yes, of course!")
        assert answer["text"].startswith("💬 Fresh Foods:")
        # plain chatter in the group that answers nobody stays in the group
        h.mark(ana.id)
        h.world.send_text(group.id, admin.id, "lunch?")
        assert h.changed(ana.id) == []


async def test_forum_topics_created_once_per_customer(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        forum = h.world.create_group("Team", members=[admin.id], forum=True)
        await h.say(admin, "/setup", chat_id=forum.id)
        await h.expect(forum.id, "Each customer gets a topic")
        ana = await h.join()
        first = await place_order(h, ana)
        card = await h.expect(forum.id, first)
        thread = card["message_thread_id"]
        assert forum.topics[thread] == "Bistro 42 (C-042)"
        second = await place_order(h, ana, "1 carrots")
        card2 = await h.expect(forum.id, second)
        assert card2["message_thread_id"] == thread and len(forum.topics) == 1
        h.mark(forum.id)
        await h.say(ana, "Please call me when you arrive, the door is locked")
        relayed = await h.expect(forum.id, "door is locked")
        assert relayed["message_thread_id"] == thread
        h.mark(ana.id)
        h.world.send_text(forum.id, admin.id, "Will do 👍", thread_id=thread)
        await h.expect(ana.id, "Will do 👍")
        await h.press(admin, card, "Go to chat", chat_id=forum.id)
        hint = await h.expect(forum.id, "is in its topic")
        assert f"https://t.me/c/1/{thread}" in hint["text"]


async def test_card_details_edit_confirm_with_comment(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        number = await place_order(h, ana, "2 romaine, 3 kg carrots")
        card = await h.expect(admin.id, number)
        for text in ("Bistro 42 · No. C-042", "Products: 2", "€32.30", "Unconfirmed"):
            assert text in card["text"]
        await h.press(admin, card, "Details")
        details = await h.expect(admin.id, "Requested by")
        for text in (
            "Chef Ana, +33600000001",
            "42 Rue des Halles",
            "VEG-001",
            "VEG-003",
            "Romaine lettuce (case 12 pcs) × 2",
            "Back door please",
            "C-042",
        ):
            assert text in details["text"]
        await h.press(admin, card, "Edit quantities")
        editor = await h.expect(admin.id, "Edit order")
        await h.press(admin, editor, "Carrots × 3")
        await h.expect(admin.id, "New quantity of Carrots")
        await h.say(admin, "abc")
        await h.expect(admin.id, "greater than zero")
        await h.say(admin, "2.5")
        editor = await h.expect(admin.id, "Edit order")
        assert "2.5 × Carrots" in editor["text"]
        await h.press(admin, editor, "Romaine lettuce × 2")
        await h.expect(admin.id, "New quantity of Romaine")
        await h.say(admin, "0")
        editor = await h.expect(admin.id, "Edit order")
        assert "(removed)" in editor["text"]
        h.mark(ana.id)
        await h.press(admin, editor, "Done editing")
        notice = await h.expect(ana.id, f"Your supplier changed order {number}")
        assert "2.5 × Carrots" in notice["text"] and "<s>3</s>" not in notice["text"]
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
            edits = [
                e.details
                for e in await tx.audit.for_entity("order", order.id)
                if e.action == "order.edit_line"
            ]
        assert {(e["product_id"], e["ordered"], e["after"]) for e in edits} == {
            ("VEG-003", "3", "2.5"),
            ("VEG-001", "2", "0"),
        }
        assert [ln.quantity_ordered for ln in order.lines] == [Decimal(2), Decimal(3)]
        card = h.world.chat(admin.id).messages[card["message_id"]]
        await h.press(admin, card, "Confirm with comment")
        await h.expect(admin.id, "Type the comment for Bistro 42")
        h.mark(ana.id)
        await h.say(admin, "Delivery at 7am, no romaine this week")
        notice = await h.expect(ana.id, f"Order {number} confirmed")
        assert "Delivery at 7am, no romaine this week" in notice["text"]
        assert (await orders(h))[number] is OrderStatus.CONFIRMED


async def test_concurrent_confirm_confirms_once(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        number = await place_order(h, ana)
        card = await h.expect(admin.id, number)
        async with h.store.tx() as tx:
            vera2 = h.world.create_user("Second Admin")
            await tx.team.add(h.seed.vendor_id, vera2.id, "Second Admin", Role.ADMIN)
        data = next(
            b["callback_data"]
            for row in card["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"].endswith("Confirm")
        )
        h.world.chat(vera2.id).messages[card["message_id"]] = dict(card)
        one = h.world.press(admin.id, card["message_id"], admin.id, callback_data=data)
        two = h.world.press(vera2.id, card["message_id"], vera2.id, callback_data=data)
        await h.world.wait_for(lambda: one.answer is not None and two.answer is not None)
        texts = sorted([one.answer["text"], two.answer["text"]])
        assert texts[0].startswith("Nothing to do: the order is already confirmed")
        assert texts[1] == f"Order {number} confirmed."
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
            confirms = [
                e
                for e in await tx.audit.for_entity("order", order.id)
                if e.action == "order.confirmed"
            ]
        assert len(confirms) == 1
        await h.world.wait_for(
            lambda: (
                len(
                    [
                        m
                        for m in h.world.bot_messages(ana.id)
                        if f"Order {number} confirmed" in m["text"]
                    ]
                )
                == 1
            )
        )


async def test_team_invite_roles_and_forged_buttons(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        number = await place_order(h, ana)
        await h.say(admin, "/invite rep")
        link = await h.expect(admin.id, "Invite link for a new sales rep")
        token = link["text"].split("start=")[1].strip()
        rita = h.world.create_user("Rita")
        await h.say(rita, f"/start {token}")
        await h.expect(rita.id, "You are a sales rep")
        await h.say(rita, "/invite admin")
        await h.expect(rita.id, "not allowed")
        await h.say(rita, "/orders")
        empty = await h.expect(rita.id, "No orders match")
        assert number not in empty["text"]
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
        h.world.chat(rita.id).messages[empty["message_id"]] = dict(empty)
        query = await h.press_data(rita, empty, f"ord:cf:{order.id}")
        assert "not allowed" in query.answer["text"]
        query = await h.press_data(rita, empty, f"ol:v:{order.id}")
        await h.expect(rita.id, "not allowed")
        assert (await orders(h))[number] is OrderStatus.UNCONFIRMED
        async with h.store.tx() as tx:
            member = await tx.team.member(h.seed.vendor_id, rita.id)
            assert member is not None
            await tx.team.assign(member.id, h.seed.customer_id)
        await h.say(rita, "/orders")
        listing = await h.expect(rita.id, "Orders")
        assert number in " ".join(h.buttons(listing, rita.id))
        await h.press(rita, listing, number)
        await h.expect(rita.id, "Requested by")


async def test_order_list_filters_sorts_search_bulk_and_export(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        async with h.store.tx() as tx:
            other = await tx.customers.create(
                vendor_id=h.seed.vendor_id,
                name="Alpha Cafe",
                customer_number="A-001",
                address="1 Main St",
            )
        now = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
        ids = {}
        for day in range(12):  # one order a day for 12 days, alternating customers
            customer = h.seed.customer_id if day % 2 else other.id
            lines = (
                [("VEG-001", "1")]
                + [("DAI-001", "2")] * 0
                + ([("VEG-003", str(day + 1))] if day % 3 == 0 else [])
            )
            ids[day] = await make_order(
                h,
                customer,
                lines,
                created=now - timedelta(days=day),
                delivery=(now + timedelta(days=day % 5 + 1)).date(),
                status="confirmed" if day in (3, 4) else "unconfirmed",
            )
        await h.say(admin, "/orders")
        listing = await h.expect(admin.id, "Orders")
        assert "· 12" in listing["text"] and "page 1 of 2" in listing["text"]

        async def current() -> dict:  # type: ignore[type-arg]
            """The newest list message (a search or date answer posts a fresh one)."""
            return [
                m for m in h.world.bot_messages(admin.id) if m.get("text", "").startswith("Orders")
            ][-1]

        def rows(message: dict) -> list[str]:  # type: ignore[type-arg]
            return [b for b in h.buttons(message, admin.id) if " O26" in b]

        first_page = rows(listing)
        assert len(first_page) == 8
        await h.press(admin, listing, "▶️")
        page2 = await h.expect(admin.id, "page 2 of 2")
        assert len(rows(page2)) == 4
        await h.press(admin, page2, "Any date")  # -> today
        today = await h.expect(admin.id, "Today")
        assert "· 1\n" in today["text"]
        await h.press(admin, today, "Today")  # -> last 7 days
        week = await h.expect(admin.id, "Last 7 days")
        assert "· 7\n" in week["text"]
        await h.press(admin, week, "Any status")  # -> unconfirmed
        unconfirmed = await h.expect(admin.id, "Unconfirmed")
        assert "· 5\n" in unconfirmed["text"]
        await h.press(admin, unconfirmed, "Newest first")  # -> oldest first
        oldest = await h.expect(admin.id, "Oldest first")
        async with h.store.read() as tx:
            o6 = await tx.orders.get(ids[6])
        assert o6.order_number in rows(oldest)[0]
        await h.press(admin, oldest, "Oldest first")  # -> customer A-Z
        az = await h.expect(admin.id, "Customer A-Z")
        assert "Alpha Cafe" in rows(az)[0] and "Bistro 42" in rows(az)[-1]
        for label, after in (
            ("Customer A-Z", "Delivery, latest first"),
            ("Delivery, latest first", "Delivery, soonest first"),
            ("Delivery, soonest first", "Fewest products"),
        ):
            await h.press(admin, await current(), label)
            await h.expect(admin.id, after)
        fewest = await current()
        await h.press(admin, fewest, "Fewest products")
        most = await h.expect(admin.id, "Most products")
        async with h.store.read() as tx:
            two = {(await tx.orders.get(ids[d])).order_number for d in (0, 6)}
        assert {r.split(" ")[1] for r in rows(most)[:2]} == two  # days 0 and 6: two products
        await h.press(admin, most, "Search")
        await h.expect(admin.id, "Type a customer name")
        await h.say(admin, "carrot")
        found = await h.expect(admin.id, "🔍 “carrot”")
        assert len(rows(found)) == 2  # days 0 and 6 within the week, unconfirmed
        await h.press(admin, found, "Clear search")
        cleared = await h.expect(admin.id, "Most products")
        await h.press(admin, cleared, "Last 7 days")  # -> last 30 days
        await h.expect(admin.id, "Last 30 days")
        await h.press(admin, await current(), "Last 30 days")  # -> custom
        await h.expect(admin.id, "Type the first and last order dates")
        await h.say(admin, "2026-11-20 2026-11-21")
        custom = await h.expect(admin.id, "Custom range")
        assert "· 1\n" in custom["text"]  # day 2 only (day 3 is confirmed)
        await h.press(admin, custom, "Custom range")  # -> any date
        await h.expect(admin.id, "Any date")
        await h.press(admin, await current(), "Select")
        selecting = await h.expect(admin.id, "Tap orders to select")
        picks = rows(selecting)[:2]
        for count, pick in enumerate(picks, start=1):
            await h.press(admin, await current(), pick.split(" ", 1)[1][:20])
            await h.world.wait_for(
                lambda c=count: (
                    f"({c})"
                    in str(
                        [
                            m
                            for m in h.world.bot_messages(admin.id)
                            if m.get("text", "").startswith("Orders")
                        ][-1].get("reply_markup")
                    )
                )
            )
        message = await current()
        assert sum(1 for r in rows(message) if r.startswith("☑")) == 2
        await h.press(admin, message, "Export selected (2)")
        await h.world.wait_for(
            lambda: len([m for m in h.world.bot_messages(admin.id) if "document" in m]) == 2
        )
        docs = [m for m in h.world.bot_messages(admin.id) if "document" in m]
        csv_doc = next(m for m in docs if m["document"]["file_name"].endswith(".csv"))
        xlsx_doc = next(m for m in docs if m["document"]["file_name"].endswith(".xlsx"))
        table = list(
            csv.reader(
                io.StringIO(h.world.files[csv_doc["document"]["file_id"]].data.decode("utf-8-sig"))
            )
        )
        assert table[0][:4] == ["order_number", "order_date", "delivery_date", "status"]
        numbers = {r[0] for r in table[1:]}
        assert len(numbers) == 2 and all(r[3] == "unconfirmed" for r in table[1:])
        book = load_workbook(io.BytesIO(h.world.files[xlsx_doc["document"]["file_id"]].data))
        sheet_rows = list(book.active.iter_rows(values_only=True))
        assert sheet_rows[0][0] == "order_number" and len(sheet_rows) == len(table)
        assert {r[0] for r in sheet_rows[1:]} == numbers
        header = sheet_rows[0]
        romaine = dict(zip(header, next(r for r in sheet_rows[1:] if "VEG-001" in r), strict=True))
        assert romaine["quantity"] == 1 and romaine["unit_price"] == 14.5
        assert romaine["line_total"] == 14.5 and romaine["discount_percent"] == 0
        await h.press(admin, await current(), "Confirm selected (2)")
        await h.expect(admin.id, "Confirmed 2 order(s)")
        statuses = await orders(h)
        assert sum(1 for n in numbers if statuses.get(n) is OrderStatus.CONFIRMED) == len(
            [n for n in numbers if n in statuses]
        )


async def test_cli_export_orders(sandbox: SandboxServer, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal as D

    from bot.cli import main
    from domain.enums import PaymentMethod

    async with comanda(sandbox, tmp_path) as h:
        async with h.store.tx() as tx:
            await tx.customers.update(
                h.seed.customer_id,
                discount_percent=D("15"),
                payment_method=PaymentMethod.SEPA_DIRECT_DEBIT,
            )
        first = await make_order(
            h,
            h.seed.customer_id,
            [("VEG-001", "3"), ("DAI-001", "2")],
            comment="=cmd|' /C calc'!A0",
            # 00:30 in Paris is still the day before in UTC: the row must say the 2nd
            created=datetime(2026, 11, 2, 0, 30, tzinfo=PARIS),
        )
        async with h.store.tx() as tx:
            await tx.orders.set_status(
                first, OrderStatus.CONFIRMED, vendor_comment="Tomatoes from the new farm"
            )
        await make_order(
            h,
            h.seed.customer_id,
            [("VEG-002", "1.5")],
            status="confirmed",
            created=datetime(2026, 10, 1, 9, tzinfo=PARIS),
        )
    monkeypatch.setenv("COMANDA_DATABASE", database_at(tmp_path))
    out = tmp_path / "x.csv"
    argv = ["export-orders", "--vendor", "Fresh Foods", "--since", "2026-11-01"]
    assert await asyncio.to_thread(main, [*argv, "--format", "csv", "-o", str(out)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r["product_id"] for r in table] == ["VEG-001", "DAI-001"]
    romaine = table[0]
    assert romaine["order_date"] == "2026-11-02"  # the vendor's day, not UTC's
    assert romaine["quantity"] == "3" and romaine["unit_price"] == "14.50"
    assert romaine["discount_percent"] == "15" and romaine["net_unit_price"] == "12.33"
    assert romaine["line_total"] == "36.99"  # 12.33 x 3: every row adds up
    assert romaine["payment_method"] == "sepa_direct_debit"
    assert romaine["vendor_comment"] == "Tomatoes from the new farm"
    assert romaine["comment"].startswith("'=")  # no formula injection into spreadsheets
    for row in table:
        for column in ("unit_price", "net_unit_price", "line_total"):
            assert re.fullmatch(r"\d+\.\d\d", row[column]), (column, row[column])
        assert D(row["net_unit_price"]) * D(row["quantity"]) == D(row["line_total"])
    xlsx = tmp_path / "x.xlsx"
    assert (
        await asyncio.to_thread(
            main,
            ["export-orders", "--vendor", "1", "--status", "confirmed", "--format", "xlsx"]
            + ["-o", str(xlsx)],
        )
        == 0
    )
    sheet = load_workbook(xlsx)["orders"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert tuple(header) == export_columns()
    body = list(sheet.iter_rows(min_row=2))
    by_name = [{h: c for h, c in zip(header, r, strict=True)} for r in body]
    assert [r["product_id"].value for r in by_name] == ["VEG-002", "VEG-001", "DAI-001"]
    assert by_name[0]["quantity"].value == 1.5
    assert by_name[1]["line_total"].value == 36.99
    assert by_name[1]["line_total"].number_format == "0.00"


def export_columns() -> tuple[str, ...]:
    from bot.services.export import COLUMNS

    return COLUMNS


__all__ = ["InviteKind", "sandbox_limits"]


async def test_rep_gets_private_cards_when_asked(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        group = h.world.create_group("Team", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat")
        rita = h.world.create_user("Rita")
        async with h.store.tx() as tx:
            member = await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
            await tx.team.assign(member.id, h.seed.customer_id)
        ana = await h.join()
        first = await place_order(h, ana)
        await h.expect(group.id, first)
        assert not any(first in m["text"] for m in h.world.bot_messages(rita.id))
        await h.say(rita, "/cards on")
        await h.expect(rita.id, "You will also get your customers' order cards here")
        second = await place_order(h, ana, "1 carrots")
        card = await h.expect(rita.id, second)
        await h.press(rita, card, "Confirm")
        await h.world.wait_for(
            lambda: (
                "Confirmed"
                in h.world.chat(group.id).messages[
                    next(
                        m["message_id"]
                        for m in h.world.bot_messages(group.id)
                        if second in m["text"]
                    )
                ]["text"]
            ),
            10,
        )


def test_long_details_are_split_within_telegram_limits() -> None:
    from domain.rules.telegram_html import split_text

    text = "\n".join(
        f"• <code>P{i:04d}</code> Product number {i} (case 6 kg) × {i}" for i in range(400)
    )
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("x" * 9000) == ["x" * 4096, "x" * 4096, "x" * 808]


async def test_a_refused_press_in_the_team_group_is_a_private_toast(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        group = h.world.create_group("Fresh Foods team", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat of Fresh Foods")
        rita = h.world.create_user("Rita")
        async with h.store.tx() as tx:  # a rep with no customer of her own
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
        h.world.add_member(group.id, rita.id)
        ana = await h.join()
        number = await place_order(h, ana)
        card = await h.expect(group.id, number)
        h.mark(group.id)
        for label in ("Details", "Confirm"):
            data = next(
                b["callback_data"]
                for row in card["reply_markup"]["inline_keyboard"]
                for b in row
                if b["text"].endswith(label)
            )
            query = h.world.press(group.id, card["message_id"], rita.id, callback_data=data)
            await h.world.wait_for(lambda q=query: q.answer is not None, 8)  # type: ignore[misc]
            assert "not allowed" in query.answer["text"] and query.answer["show_alert"], label
            assert h.changed(group.id) == [], label  # nothing posted for the group to read
        assert (await orders(h))[number] is OrderStatus.UNCONFIRMED


async def test_team_help_and_start_know_the_team(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        await h.say(admin, "/start")
        home = await h.expect(admin.id, "Fresh Foods")
        assert "Run /setup" in home["text"] and "/settings" in home["text"]
        await h.say(admin, "/help")
        helped = await h.expect(admin.id, "Team commands")
        assert "/orders" in helped["text"] and "/invite" in helped["text"]
        assert "/cart" not in helped["text"]  # not the customers' help
        group = h.world.create_group("Fresh Foods team", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat of Fresh Foods")
        await h.say(admin, "/start")
        home = await h.expect(admin.id, "Fresh Foods")
        assert "Run /setup" not in home["text"]
        rita = h.world.create_user("Rita", language_code="es")
        async with h.store.tx() as tx:
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
        await h.say(rita, "/help")
        helped = await h.expect(rita.id, "Comandos del equipo")
        assert "/cards" in helped["text"] and "/settings" not in helped["text"]


async def test_order_opened_from_the_list_has_the_cards_buttons(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        first = await place_order(h, ana, "2 romaine, 3 kg carrots")
        second = await place_order(h, ana, "1 romaine")
        await h.say(admin, "/orders")
        listing = await h.expect(admin.id, "Orders")
        await h.press(admin, listing, first)
        details = await h.expect(admin.id, "Ordered on")
        for text in (
            "Ordered on: Monday 23 November 2026",
            "Requested delivery: Tuesday 24 November 2026",
            "× 2 · €14.50 = €29.00",
            "× 3 · €1.10 = €3.30",
            "Total: €32.30",
        ):
            assert text in details["text"], (text, details["text"])
        assert h.buttons(details, admin.id) == [
            "✅ Confirm",
            "✅💬 Confirm with comment",
            "✏️ Edit quantities",
            "✖️ Cancel order",
            "💬 Go to chat",
            "🔁 Repeat every week",
            "⬅️ Back to the list",
        ]
        h.mark(ana.id)
        await h.press(admin, details, "Confirm")
        await h.expect(ana.id, f"Order {first} confirmed")
        redrawn = h.world.chat(admin.id).messages[details["message_id"]]
        assert "Confirmed" in redrawn["text"]
        assert h.buttons(redrawn, admin.id) == [
            "💬 Go to chat",
            "🔁 Repeat every week",
            "⬅️ Back to the list",
        ]
        await h.press(admin, redrawn, "Back to the list")
        back = await h.world.wait_for(
            lambda: (
                h.world.chat(admin.id).messages[details["message_id"]]
                if h.world.chat(admin.id)
                .messages[details["message_id"]]["text"]
                .startswith("Orders")
                else None
            )
        )
        await h.press(admin, back, second)
        details = await h.expect(admin.id, second)
        await h.press(admin, details, "Cancel order")
        prompt = await h.expect(admin.id, "Type the reason the customer will read")
        assert h.buttons(prompt, admin.id) == ["✖️ Cancel without a reason", "No, keep it"]
        h.mark(ana.id)
        await h.say(admin, "Out of romaine & lettuce <until Friday>")
        told = await h.expect(ana.id, f"Your supplier cancelled order {second}")
        assert "💬 Out of romaine & lettuce <until Friday>" in told["text"]
        statuses = await orders(h)
        assert statuses[first] is OrderStatus.CONFIRMED
        assert statuses[second] is OrderStatus.CANCELLED
        # the same cancel again: refused with the reason, nothing more sent to the customer
        h.mark(ana.id)
        again = await h.press_data(admin, details, button_data(details, "Cancel order"))
        assert "already" in str(again.answer).lower(), again.answer
        assert h.changed(ana.id) == []


async def test_reps_in_the_team_chat_warned_and_cards_kept_private(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        rita, bob = h.world.create_user("Rita"), h.world.create_user("Bob")
        async with h.store.tx() as tx:
            alpha = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Alpha Cafe", customer_number="A-1"
            )
            member = await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
            await tx.team.assign(member.id, h.seed.customer_id)
            member = await tx.team.add(h.seed.vendor_id, bob.id, "Bob", Role.REP)
            await tx.team.assign(member.id, alpha.id)
        group = h.world.create_group("Fresh Foods team", members=[admin.id, rita.id])
        h.mark(admin.id)
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat")
        warning = await h.expect(admin.id, "Rita has customers assigned")
        assert "Bob" not in warning["text"]  # Bob is not in the chat
        assert "“Fresh Foods team”" in warning["text"]
        assert not any("assigned" in m["text"] for m in h.world.bot_messages(group.id))
        # a rep joining later: the admins are warned again, naming the newcomer
        h.mark(admin.id)
        h.world.add_member(group.id, bob.id)
        joined = await h.expect(admin.id, "Bob has customers assigned")
        await h.press(admin, joined, "Privately, to each rep and the admins")
        await h.expect(admin.id, "private, to that rep and the admins")
        async with h.store.read() as tx:
            assert (await tx.vendors.get(h.seed.vendor_id)).rep_cards == "private"
        ana = await h.join()  # Bistro 42, Rita's customer
        number = await place_order(h, ana)
        await h.expect(rita.id, number)
        await h.expect(admin.id, number)
        await asyncio.sleep(0.5)  # the outbox has long sent everything by now
        assert not any(number in m["text"] for m in h.world.bot_messages(group.id))
        assert not any(number in m["text"] for m in h.world.bot_messages(bob.id))
        # Bob pressing a forged confirm on Rita's customer's order is refused privately
        async with h.store.read() as tx:
            order = await tx.orders.by_number(number)
        await h.say(bob, "/help")
        await h.world.wait_for(lambda: h.world.bot_messages(bob.id))
        decoy = h.world.bot_messages(bob.id)[-1]
        forged = f"ord:cf:{order.id}"
        query = h.world.press(bob.id, decoy["message_id"], bob.id, callback_data=forged)
        await h.world.wait_for(lambda: query.answer is not None)
        assert (await orders(h))[number] is OrderStatus.UNCONFIRMED
        # back to the group: the next card goes to the team chat
        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Settings")
        await h.press(admin, settings, "Rep cards")
        await h.expect(admin.id, "in the team chat, for everyone")
        second = await place_order(h, ana, "1 carrots")
        await h.expect(group.id, second)


async def test_team_language_group_cards_and_private_screens(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        await h.say(admin, "/settings")
        settings = await h.expect(admin.id, "Team language: English")
        await h.press(admin, settings, "Team language")
        await h.expect(admin.id, "Team language: Français")
        # an admin whose Telegram language Comanda does not speak reads the vendor's
        hans = h.world.create_user("Hans", language_code="de")
        esteban = h.world.create_user("Esteban", language_code="es")
        async with h.store.tx() as tx:
            await tx.team.add(h.seed.vendor_id, hans.id, "Hans", Role.ADMIN, "de")
            await tx.team.add(h.seed.vendor_id, esteban.id, "Esteban", Role.ADMIN, "es")
        await h.say(hans, "/settings")
        await h.expect(hans.id, "Paramètres")
        await h.say(esteban, "/settings")
        await h.expect(esteban.id, "Ajustes")
        # no team chat yet: each admin gets the card in private, in their own language
        ana = await h.join()
        number = await place_order(h, ana)
        assert "Non confirmée" in (await h.expect(hans.id, number))["text"]
        assert "Sin confirmar" in (await h.expect(esteban.id, number))["text"]
        group = h.world.create_group("Équipe", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.world.wait_for(lambda: h.world.bot_messages(group.id))
        second = await place_order(h, ana, "1 carrots")
        card = await h.expect(group.id, second)
        assert "Non confirmée" in card["text"], card["text"]
        assert "Confirmer" in str(card["reply_markup"])


async def test_a_list_beyond_the_count_cap_says_more_than(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Above 10,000 matching orders the list does not count on: "more than 10,000", and
    pages still turn."""
    from store.repos.orders import COUNT_CAP

    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        first = await make_order(h, h.seed.customer_id, [("VEG-001", "1")])
        # many more orders of the same customer, bulk, as bench/scale.py builds
        await execute(
            database_at(tmp_path),
            "INSERT INTO orders (vendor_id, customer_id, order_number, status, "
            "customer_number, customer_name, delivery_date, currency, created_at) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "SELECT o.vendor_id, o.customer_id, 'X' || i, o.status, o.customer_number, "
            "o.customer_name, o.delivery_date, o.currency, o.created_at "
            "FROM n, orders o WHERE o.id = ?",
            COUNT_CAP + 5,
            first,
        )
        await h.say(admin, "/orders")
        listing = await h.expect(admin.id, "Orders")
        assert "more than 10,000" in listing["text"], listing["text"]
        assert "page 1\n" in listing["text"] + "\n"
        await h.press(admin, listing, "▶️")
        await h.expect(admin.id, "page 2")
