"""End-to-end harness: Comanda's real Application, polling a sandbox, on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.runtime import serving_all
from domain.enums import CutoffKind, InviteKind, Role
from domain.rules.catalog_import import parse_csv
from sandbox import Limits, SandboxServer
from sandbox.world import User
from store import Store, open_store
from tests.databases import database_at

PARIS = ZoneInfo("Europe/Paris")
CATALOG = """product_id,name,unit,price,category,available,catalogs
VEG-001,Romaine lettuce,case 12 pcs,14.50,Vegetables,yes,Bistro
VEG-002,Plum tomatoes,kg,3.20,Vegetables,yes,Bistro
VEG-003,Carrots,kg,1.10,Vegetables,yes,
VEG-004,White asparagus,kg,12.00,Vegetables,no,Bistro
DAI-001,Whole milk,l,1.05,Dairy,yes,Bistro
DAI-002,Butter <unsalted> & co,block 250 g,2.40,Dairy,yes,Bistro
DAI-003,Oat milk,l,1.90,Dairy,yes,
"""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, year: int, month: int, day: int, hour: int, minute: int = 0) -> None:
        self.now = datetime(year, month, day, hour, minute, tzinfo=PARIS)


@dataclass
class Seed:
    vendor_id: int
    customer_id: int
    admin: User
    invite_token: str
    product_ids: dict[str, int] = field(default_factory=dict)


async def seed(store: Store, admin: User) -> Seed:
    async with store.tx() as tx:
        vendor = await tx.vendors.create(
            name="Fresh Foods",
            timezone="Europe/Paris",
            cutoff_time=time(14, 0),
            cutoff_kind=CutoffKind.STRICT,
        )
        await tx.catalogs.apply_import(vendor.id, parse_csv(CATALOG))
        customer = await tx.customers.create(
            vendor_id=vendor.id,
            name="Bistro 42",
            customer_number="C-042",
            address="42 Rue des Halles, Paris",
        )
        await tx.team.add(vendor.id, admin.id, admin.first_name, Role.ADMIN)
        invite = await tx.invites.create(
            vendor_id=vendor.id, kind=InviteKind.CUSTOMER, customer_id=customer.id
        )
        products = {p.product_id: p.id for p in await tx.catalogs.all_products(vendor.id)}
    return Seed(vendor.id, customer.id, admin, invite.token, products)


class Harness:
    def __init__(self, sandbox: SandboxServer, store: Store, clock: Clock, seed: Seed) -> None:
        self.sandbox = sandbox
        self.world = sandbox.world
        self.store = store
        self.clock = clock
        self.seed = seed
        self._marks: dict[int, dict[int, Any]] = {}

    def mark(self, chat_id: int) -> None:
        self._marks[chat_id] = {
            m["message_id"]: (m.get("edit_date"), m.get("text"), m.get("reply_markup"))
            for m in self.world.bot_messages(chat_id)
        }

    def changed(self, chat_id: int) -> list[dict[str, Any]]:
        before = self._marks.get(chat_id, {})
        return [
            m
            for m in self.world.bot_messages(chat_id)
            if before.get(m["message_id"])
            != (m.get("edit_date"), m.get("text"), m.get("reply_markup"))
        ]

    async def expect(self, chat_id: int, contains: str, timeout: float = 8.0) -> dict[str, Any]:
        """The first bot message, new or edited since the last action, containing text."""

        def find() -> dict[str, Any] | None:
            for message in self.changed(chat_id):
                body = message.get("text") or message.get("caption") or ""
                if contains in body:
                    return message
            return None

        try:
            return await self.world.wait_for(find, timeout)  # type: ignore[no-any-return]
        except TimeoutError:
            seen = [m.get("text") for m in self.changed(chat_id)]
            raise AssertionError(f"no bot message containing {contains!r}; saw {seen}") from None

    async def expect_button(self, chat_id: int, label: str, timeout: float = 8.0) -> dict[str, Any]:
        """The first bot message, new or edited since the last action, with that button."""

        def find() -> dict[str, Any] | None:
            for message in self.changed(chat_id):
                labels = [
                    b["text"]
                    for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                    for b in row
                ]
                if any(label in text for text in labels):
                    return message
            return None

        try:
            return await self.world.wait_for(find, timeout)  # type: ignore[no-any-return]
        except TimeoutError:
            raise AssertionError(f"no button {label!r} appeared") from None

    async def say(self, user: User, text: str, chat_id: int | None = None) -> None:
        chat = chat_id if chat_id is not None else user.id
        self.mark(chat)
        self.world.send_text(chat, user.id, text)

    async def say_formatted(self, user: User, html: str) -> None:
        """Send a message formatted in the app (bold, italic, links), as `html` describes."""
        self.mark(user.id)
        self.world.send_formatted(user.id, user.id, html)

    async def press(
        self, user: User, message: dict[str, Any], label: str, chat_id: int | None = None
    ) -> None:
        """Press the button whose label contains ``label``."""
        chat = chat_id if chat_id is not None else user.id
        current = self.world.chat(chat).messages[message["message_id"]]
        buttons = [
            b for row in current.get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        matching = [b for b in buttons if label in b["text"]]
        assert matching, f"no button {label!r} in {[b['text'] for b in buttons]}"
        self.mark(chat)
        query = self.world.press(
            chat, message["message_id"], user.id, callback_data=matching[0]["callback_data"]
        )
        await self.world.wait_for(lambda: query.answer is not None, 8)

    async def press_data(self, user: User, message: dict[str, Any], data: str) -> Any:
        self.mark(user.id)
        query = self.world.press(user.id, message["message_id"], user.id, callback_data=data)
        await self.world.wait_for(lambda: query.answer is not None, 8)
        return query

    def buttons(self, message: dict[str, Any], chat_id: int) -> list[str]:
        current = self.world.chat(chat_id).messages[message["message_id"]]
        return [
            b["text"]
            for row in current.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row
        ]

    async def join(self, name: str = "Chef Ana", language: str = "en", phone: bool = True) -> User:
        user = self.world.create_user(name, language_code=language, phone="+33600000001")
        await self.say(user, f"/start {self.seed.invite_token}")
        await self.expect(user.id, "Bistro 42")
        if phone:
            self.mark(user.id)
            self.world.share_contact(user.id, user.id)
            await self.expect(user.id, "Bistro 42 ·")
        return user

    async def cart_lines(self, user: User) -> dict[str, Decimal]:
        async with self.store.read() as tx:
            contact = await tx.contacts.by_user(user.id)
            assert contact is not None
            cart = await tx.carts.get(contact.id, self.seed.customer_id)
        return {ln.product.product_id: ln.quantity for ln in cart.lines}


@asynccontextmanager
async def running(
    sandbox: SandboxServer, db: Path | str, clock: Clock, **overrides: Any
) -> AsyncIterator[None]:
    values: dict[str, Any] = dict(
        bot_token=sandbox.token(),
        api_url=sandbox.url,
        database=str(db),
        outbox_interval=0.2,
        outbox_retry_base=0.2,
        inbox_retry_base=0.2,
        unreachable_pause=0.1,
        private_burst=40,  # as the sandbox's limits in these tests (a test cook taps fast)
    )
    settings = Settings(**{**values, **overrides})
    app = build_application(settings, clock=clock)
    # as 'comanda run': the shared bot, and each vendor's own bot (a test may add one)
    async with serving_all(app, poll_timeout=1, check_every=0.3):
        yield


@asynccontextmanager
async def comanda(
    sandbox: SandboxServer, tmp_path: Path, clock: Clock | None = None, **overrides: Any
) -> AsyncIterator[Harness]:
    db = database_at(tmp_path)
    clock = clock or Clock(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))  # Monday 10:00
    store = await open_store(db)
    try:
        admin = sandbox.world.create_user("Vera Vendor", language_code="en")
        seeded = await seed(store, admin)
        async with running(sandbox, db, clock, **overrides):
            yield Harness(sandbox, store, clock, seeded)
    finally:
        await store.close()


@pytest.fixture
def sandbox_limits() -> Limits:
    """Telegram's limits stay on, but a test cook taps far faster than a person: allow a
    longer burst per private chat (the limits themselves are tested in the sandbox tests)."""
    return Limits(private_burst=40)


async def make_order(
    h: Harness,
    customer_id: int,
    lines: list[tuple[str, str]],
    *,
    created: datetime | None = None,
    status: str = "unconfirmed",
    delivery: date | None = None,
    comment: str = "",
) -> int:
    """An order written straight to the store (for list, filter and export tests)."""
    from decimal import Decimal as D

    from store.models import NewOrderLine

    async with h.store.tx() as tx:
        vendor = await tx.vendors.get(h.seed.vendor_id)
        customer = await tx.customers.get(customer_id)
        products = {p.product_id: p for p in await tx.catalogs.all_products(vendor.id)}
        order, _ = await tx.orders.create(
            vendor=vendor,
            customer=customer,
            contact=None,
            lines=[
                NewOrderLine(
                    product_id=pid,
                    product_name=products[pid].name,
                    unit=products[pid].unit,
                    unit_price=products[pid].price,
                    quantity=D(qty),
                )
                for pid, qty in lines
            ],
            delivery_date=delivery or date(2026, 11, 25),
            local_date=date(2026, 11, 23),
            comment=comment,
        )
        stamp = (
            (created or h.clock()).astimezone(ZoneInfo("UTC")).isoformat(timespec="microseconds")
        )
        await tx.orders._exec(  # noqa: SLF001 - back-dating for the test
            "UPDATE orders SET created_at = ?, status = ? WHERE id = ?", (stamp, status, order.id)
        )
        return order.id


async def add_contacts(
    h: Harness, customer_id: int, count: int, *, prefix: str = "Cook", language: str = "en"
) -> list[User]:
    """Contacts linked straight in the store (for broadcast audiences)."""
    users = [h.world.create_user(f"{prefix} {i}", language_code=language) for i in range(count)]
    async with h.store.tx() as tx:
        for user in users:
            contact = await tx.contacts.upsert(user.id, user.first_name, language)
            await tx.contacts.link(customer_id, contact.id)
    return users


async def inbox_settled(store: Store, timeout: float = 5.0) -> dict[str, int]:
    """The inbox's counts once nothing is pending (an update is marked done with the next
    claim, a moment after its answer)."""
    import asyncio

    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        async with store.read() as tx:
            counts = await tx.inbox.counts()
        if counts["pending"] == 0 or asyncio.get_running_loop().time() > deadline:
            return counts
        await asyncio.sleep(0.05)
