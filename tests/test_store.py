"""The store on a real SQLite file and on a real PostgreSQL database."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from decimal import Decimal

import pytest

from domain.enums import CutoffKind, InviteKind, OrderStatus, OutboxStatus, Role, Standing
from domain.errors import (
    AlreadyInStatus,
    DuplicateCustomerNumber,
    InvalidTransition,
    InviteInvalid,
    SchemaTooNew,
)
from domain.rules.catalog_import import parse_csv
from domain.rules.order_number import is_order_number
from store import Store, open_store
from store.db import migrate
from store.errors import IntegrityError
from store.migrate import latest_version
from store.models import NewOrderLine
from tests.databases import execute, rows


async def make_vendor(store: Store, name: str = "Fresh Foods") -> int:
    async with store.tx() as tx:
        vendor = await tx.vendors.create(name=name, timezone="Europe/Paris")
    return vendor.id


async def tables(database: str) -> set[str]:
    if "://" in database:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {r[0] for r in await rows(database, sql)}


async def test_migrations_from_empty_and_rerun_noop(empty_database: str) -> None:
    applied = await migrate(empty_database)
    assert applied == [
        "0001_initial.sql",
        "0002_ordering.sql",
        "0003_team.sql",
        "0004_broadcasts.sql",
        "0005_updates.sql",
        "0006_inbox.sql",
        "0007_export_and_review.sql",
        "0008_catalog_imports.sql",
        "0009_team_language.sql",
        "0010_scale.sql",
        "0011_phrases.sql",
        "0012_update_effects.sql",
        "0013_line_phrases.sql",
        "0014_bots.sql",
        "0015_sender_leases.sql",
        "0016_reminders.sql",
        "0017_pick_list_at_cutoff.sql",
        "0018_standing_orders.sql",
    ]
    assert {
        "vendors",
        "customers",
        "orders",
        "order_lines",
        "outbox",
        "audit_log",
        "invites",
        "contacts",
        "labels",
        "catalogs",
        "products",
        "catalog_imports",
        "order_search",
    } <= await tables(empty_database)
    if "://" not in empty_database:
        with sqlite3.connect(empty_database) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert await migrate(empty_database) == []
    store = await open_store(empty_database)
    assert await store.schema_version() == latest_version()
    await store.close()


async def test_newer_database_is_refused(empty_database: str) -> None:
    await migrate(empty_database)
    if "://" in empty_database:
        await execute(empty_database, f"UPDATE comanda_schema SET version = {latest_version() + 1}")
    else:
        with sqlite3.connect(empty_database) as conn:
            conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(SchemaTooNew, match="newer"):
        await open_store(empty_database)


async def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError):
        async with store.tx() as tx:
            await tx.customers.create(vendor_id=999, name="Ghost", customer_number="1")


async def test_vendor_settings_round_trip(store: Store) -> None:
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        await tx.vendors.update(
            vendor_id,
            cutoff_time=time(11, 15),
            cutoff_kind=CutoffKind.FLEXIBLE,
            delivery_days=frozenset({1, 3}),
            minimum_order_value=Decimal("50.00"),
        )
        await tx.vendors.set_closures(vendor_id, frozenset({date(2026, 12, 25)}))
    async with store.read() as tx:
        vendor = await tx.vendors.get(vendor_id)
        main = await tx.catalogs.main(vendor_id)
    assert vendor.cutoff.time == time(11, 15) and vendor.cutoff.kind is CutoffKind.FLEXIBLE
    assert vendor.delivery_days == frozenset({1, 3})
    assert vendor.minimum_order_value == Decimal("50.00")
    assert vendor.closure_dates == frozenset({date(2026, 12, 25)})
    assert main.is_main


async def test_customer_numbers_unique_per_vendor(store: Store) -> None:
    a = await make_vendor(store, "A")
    b = await make_vendor(store, "B")
    async with store.tx() as tx:
        await tx.customers.create(vendor_id=a, name="Bistro", customer_number="C-1")
        await tx.customers.create(vendor_id=b, name="Bistro", customer_number="C-1")
    with pytest.raises(DuplicateCustomerNumber):
        async with store.tx() as tx:
            await tx.customers.create(vendor_id=a, name="Other", customer_number="C-1")
    async with store.tx() as tx:
        other = await tx.customers.create(vendor_id=a, name="Other", customer_number="C-2")
    with pytest.raises(DuplicateCustomerNumber):
        async with store.tx() as tx:
            await tx.customers.update(other.id, customer_number="C-1")
    async with store.read() as tx:
        assert (await tx.customers.get(other.id)).customer_number == "C-2"


async def _order(store: Store, vendor_id: int, customer_id: int, key: str | None = None):
    async with store.tx() as tx:
        vendor = await tx.vendors.get(vendor_id)
        customer = await tx.customers.get(customer_id)
        contact = await tx.contacts.upsert(1001, "Ana", "es")
        await tx.contacts.link(customer.id, contact.id)
        order, created = await tx.orders.create(
            vendor=vendor,
            customer=customer,
            contact=contact,
            lines=[
                NewOrderLine(
                    product_id="P1",
                    product_name="Romaine",
                    unit="case",
                    unit_price=Decimal("12.50"),
                    quantity=Decimal(2),
                )
            ],
            delivery_date=date(2026, 11, 25),
            local_date=date(2026, 11, 23),
            idempotency_key=key,
        )
        await tx.outbox.enqueue(
            kind="order_card",
            vendor_id=order.vendor_id,
            chat_id=-100,
            dedupe_key=f"card:{order.id}",
            payload={
                "method": "sendMessage",
                "params": {"chat_id": -100, "text": order.order_number},
            },
        )
    return order, created


async def test_orders_snapshot_and_soft_delete_keeps_them(store: Store) -> None:
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(
            vendor_id=vendor_id, name="Bistro", customer_number="C-1", address="1 Rue"
        )
    order, created = await _order(store, vendor_id, customer.id)
    assert created and is_order_number(order.order_number)
    assert order.order_number.startswith("O261123")
    assert order.customer_name == "Bistro" and order.delivery_address == "1 Rue"
    assert order.placed_by_name == "Ana"
    assert order.lines[0].quantity_ordered == Decimal(2)
    async with store.tx() as tx:
        await tx.customers.update(customer.id, name="Renamed", address="2 Rue")
        await tx.customers.soft_delete(customer.id)
    async with store.read() as tx:
        assert await tx.customers.find(customer.id) is None
        deleted = await tx.customers.get(customer.id, include_deleted=True)
        assert deleted.deleted
        kept = await tx.orders.get(order.id)
        contact = await tx.contacts.by_user(1001)
        assert contact is not None
        assert await tx.contacts.customer_ids_of(contact.id) == []
        assert await tx.customers.search(vendor_id) == []
    assert kept.customer_name == "Bistro" and kept.delivery_address == "1 Rue"
    # the deleted customer's number may be given to a new customer
    async with store.tx() as tx:
        await tx.customers.create(vendor_id=vendor_id, name="New", customer_number="C-1")


async def test_idempotent_order_and_status_race(store: Store) -> None:
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(vendor_id=vendor_id, name="B", customer_number="1")
    first, created1 = await _order(store, vendor_id, customer.id, key="tap-1")
    second, created2 = await _order(store, vendor_id, customer.id, key="tap-1")
    assert created1 and not created2 and first.id == second.id
    async with store.tx() as tx:
        confirmed = await tx.orders.set_status(
            first.id, OrderStatus.CONFIRMED, actor=7, vendor_comment="see you"
        )
    assert confirmed.status is OrderStatus.CONFIRMED and confirmed.vendor_comment == "see you"
    with pytest.raises(AlreadyInStatus):
        async with store.tx() as tx:
            await tx.orders.set_status(first.id, OrderStatus.CONFIRMED)
    with pytest.raises(InvalidTransition):
        async with store.tx() as tx:
            await tx.orders.set_status(first.id, OrderStatus.CANCELLED)


async def test_outbox_commits_or_rolls_back_with_its_cause(store: Store) -> None:
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(vendor_id=vendor_id, name="B", customer_number="1")
    order, _ = await _order(store, vendor_id, customer.id)
    async with store.read() as tx:
        due = await tx.outbox.due()
    assert [m.dedupe_key for m in due] == [f"card:{order.id}"]

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with store.tx() as tx:
            await tx.orders.set_status(order.id, OrderStatus.CANCELLED)
            await tx.outbox.enqueue(
                kind="status",
                vendor_id=order.vendor_id,
                chat_id=1,
                payload={"method": "x"},
                dedupe_key="cancel",
            )
            raise Boom
    async with store.read() as tx:
        assert (await tx.orders.get(order.id)).status is OrderStatus.UNCONFIRMED
        assert len(await tx.outbox.due()) == 1
    async with store.tx() as tx:
        assert await tx.outbox.mark_sent(due[0].id, {"message_id": 5})
        assert not await tx.outbox.mark_sent(due[0].id, {"message_id": 6})
        assert (
            await tx.outbox.enqueue(
                kind="order_card",
                vendor_id=order.vendor_id,
                chat_id=-100,
                payload={},
                dedupe_key=f"card:{order.id}",
            )
            is None
        )
    async with store.read() as tx:
        assert await tx.outbox.count(OutboxStatus.SENT) == 1
        sent = await tx.outbox.get(due[0].id)
    assert sent is not None and sent.result == {"message_id": 5}


async def test_invites(store: Store) -> None:
    from datetime import timedelta

    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(vendor_id=vendor_id, name="B", customer_number="1")
        valid = await tx.invites.create(
            vendor_id=vendor_id, kind=InviteKind.CUSTOMER, customer_id=customer.id
        )
        expired = await tx.invites.create(
            vendor_id=vendor_id,
            kind=InviteKind.CUSTOMER,
            customer_id=customer.id,
            ttl=timedelta(seconds=-1),
        )
        team = await tx.invites.create(
            vendor_id=vendor_id, kind=InviteKind.TEAM, role=Role.REP, max_uses=1
        )
        revoked = await tx.invites.create(
            vendor_id=vendor_id, kind=InviteKind.TEAM, role=Role.ADMIN
        )
        await tx.invites.revoke(revoked.id)
    assert len(valid.token) >= 16
    async with store.tx() as tx:
        await tx.invites.consume(valid.token)
        await tx.invites.consume(valid.token)  # customer links serve several contacts
        await tx.invites.consume(team.token)
    for token, reason in (
        (expired.token, "expired"),
        (team.token, "used"),
        (revoked.token, "revoked"),
        ("nope", "unknown"),
    ):
        with pytest.raises(InviteInvalid) as err:
            async with store.tx() as tx:
                await tx.invites.consume(token)
        assert err.value.params["reason"] == reason


async def test_catalog_import_and_additional_catalogs(store: Store) -> None:
    vendor_id = await make_vendor(store)
    parsed = parse_csv(
        "product_id,name,unit,price,category,available,catalogs\n"
        "P1,Romaine,case,12.50,Veg,yes,Bistros\n"
        "P2,Milk,l,1.10,Dairy,,\n"
        "P3,Truffle,g,3.00,Luxury,no,Bistros|Hotels\n"
    )
    assert parsed.ok, parsed.errors
    async with store.tx() as tx:
        report = await tx.catalogs.apply_import(vendor_id, parsed)
        cats = {c.name: c for c in await tx.catalogs.of_vendor(vendor_id)}
        customer = await tx.customers.create(
            vendor_id=vendor_id, name="B", customer_number="1", catalog_id=cats["Bistros"].id
        )
        everyone = await tx.customers.create(vendor_id=vendor_id, name="C", customer_number="2")
        narrow = [p.product_id for p in await tx.catalogs.products_for(customer)]
        wide = [p.product_id for p in await tx.catalogs.products_for(everyone)]
    assert (report.added, report.updated, report.made_unavailable) == (3, 0, 0)
    assert set(report.catalogs_created) == {"Bistros", "Hotels"}
    assert sorted(narrow) == ["P1", "P3"] and sorted(wide) == ["P1", "P2", "P3"]
    # a one-row file changes that product only: the others stay, and so do the
    # category and catalogue membership it does not name
    second = parse_csv("product_id,name,unit,price\nP1,Romaine,case,13.00\n")
    async with store.tx() as tx:
        report = await tx.catalogs.apply_import(vendor_id, second)
        p1 = await tx.catalogs.product(vendor_id, "P1")
        p2 = await tx.catalogs.product(vendor_id, "P2")
        narrow = [p.product_id for p in await tx.catalogs.products_for(customer)]
    assert (report.added, report.updated, report.made_unavailable) == (0, 1, 0)
    assert p1 is not None and p1.price == Decimal("13.00") and p1.category == "Veg"
    assert p2 is not None and p2.available and sorted(narrow) == ["P1", "P3"]
    # unlisted products become unavailable only when asked
    async with store.tx() as tx:
        report = await tx.catalogs.apply_import(vendor_id, second, unlisted_unavailable=True)
        p2 = await tx.catalogs.product(vendor_id, "P2")
    assert (report.added, report.updated, report.made_unavailable) == (0, 0, 1)
    assert p2 is not None and not p2.available


async def test_team_labels_audit(store: Store) -> None:
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(vendor_id=vendor_id, name="B", customer_number="1")
        rep = await tx.team.add(vendor_id, 55, "Rita", Role.REP)
        await tx.team.assign(rep.id, customer.id)
        label = await tx.labels.create(vendor_id, "zone-north")
        await tx.labels.assign(customer.id, label.id)
        await tx.customers.update(customer.id, standing=Standing.DO_NOT_SELL)
        await tx.audit.record(
            vendor_id=vendor_id,
            actor=55,
            action="customer.standing",
            entity="customer",
            entity_id=customer.id,
            details={"standing": "do_not_sell"},
        )
    async with store.read() as tx:
        member = await tx.team.member(vendor_id, 55)
        found = await tx.customers.search(vendor_id, label="zone-north")
        log = await tx.audit.for_entity("customer", customer.id)
    assert member is not None and member.assigned_customer_ids == {customer.id}
    assert [c.id for c in found] == [customer.id] and found[0].labels == ("zone-north",)
    assert found[0].standing is Standing.DO_NOT_SELL
    assert log[0].details == {"standing": "do_not_sell"} and log[0].actor == 55


async def test_choosing_the_same_day_again_keeps_the_review(store: Store) -> None:
    """An update handled twice (a crash before it was marked done) chooses the same day
    again: the review the customer is looking at stays valid; another day renews it."""
    vendor_id = await make_vendor(store)
    async with store.tx() as tx:
        customer = await tx.customers.create(vendor_id=vendor_id, name="B", customer_number="1")
        contact = await tx.contacts.upsert(1001, "Ana", "es")
        await tx.carts.set_delivery(contact.id, customer.id, date(2026, 11, 24), False)
        first = (await tx.carts.get(contact.id, customer.id)).nonce
        await tx.carts.set_delivery(contact.id, customer.id, date(2026, 11, 24), False)
        assert (await tx.carts.get(contact.id, customer.id)).nonce == first
        await tx.carts.set_delivery(contact.id, customer.id, date(2026, 11, 25), False)
        assert (await tx.carts.get(contact.id, customer.id)).nonce != first
