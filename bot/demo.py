"""``comanda demo``: the sandbox, the bot and a messenger-like page in one process, seeded
with a realistic wholesaler, so the product can be tried without a Telegram account."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.config import Settings
from bot.runtime import serving
from domain.enums import CutoffKind, OrderStatus, Role, Standing
from domain.rules.catalog_import import parse_csv
from sandbox import Limits, SandboxServer
from sandbox.world import User, World
from store import Store, open_store
from store.models import Contact, Customer, NewOrderLine, Product
from store.repos import Tx
from store.repos.standing_orders import StandingLine

STATIC = Path(__file__).resolve().parents[1] / "sandbox" / "static"

CATALOG = (resources.files("bot") / "demo_data" / "paris.csv").read_text("utf-8")

MADRID_CATALOG = (resources.files("bot") / "demo_data" / "madrid.csv").read_text("utf-8")


@dataclass(frozen=True)
class Person:
    name: str
    language: str
    phone: str


CUSTOMERS = [  # name, number, address, labels, contact
    (
        "Bistro 42",
        "C-042",
        "42 Rue des Halles, 75001 Paris",
        ["north", "bistro", "rita"],
        Person("Chef Ana", "en", "+33 6 12 34 56 78"),
    ),
    (
        "Café Lumière",
        "C-105",
        "5 Quai de la Tournelle, 75005 Paris",
        ["south", "cafe"],
        Person("Amélie", "fr", "+33 6 22 33 44 55"),
    ),
    (
        "Le Petit Four",
        "C-230",
        "18 Rue Cler, 75007 Paris",
        ["north", "bakery"],
        Person("Marc", "fr", "+33 6 98 76 54 32"),
    ),
    (
        "Sushi Kaze",
        "C-311",
        "9 Rue Sainte-Anne, 75001 Paris",
        ["east", "restaurant", "rita"],
        Person("Pablo", "es", "+34 612 345 678"),
    ),
    (
        "Épicerie Martin",
        "C-404",
        "77 Rue Oberkampf, 75011 Paris",
        ["east", "shop"],
        Person("Sofía", "es", "+34 622 111 222"),
    ),
    (
        "Hotel Riviera",
        "C-512",
        "3 Avenue Foch, 75116 Paris",
        ["west", "hotel"],
        Person("Tom", "en", "+44 7700 900123"),
    ),
]


MADRID_CUSTOMERS = [  # name, number, address, contact
    (
        "Taberna La Latina",
        "M-101",
        "Calle de la Cava Baja 12, 28005 Madrid",
        Person("Lucía", "es", "+34 611 222 333"),
    ),
    (
        "Restaurante Sol",
        "M-102",
        "Calle Mayor 5, 28013 Madrid",
        Person("Javier", "es", "+34 622 333 444"),
    ),
]


@dataclass
class Cast:
    contacts: list[User]
    admin: User
    rep: User
    team_chat_id: int
    madrid_contacts: list[User]
    madrid_admin: User
    madrid_team_chat_id: int


def cast(world: World) -> Cast:
    """The demo's people, created in a fixed order so their ids never change."""
    contacts = [
        world.create_user(c[4].name, language_code=c[4].language, phone=c[4].phone)
        for c in CUSTOMERS
    ]
    admin = world.create_user("Vera (admin)", language_code="en", phone="+33 1 40 00 00 01")
    rep = world.create_user("Rita (sales rep)", language_code="fr", phone="+33 1 40 00 00 02")
    group = world.create_group("Fresh Foods team", members=[admin.id, rep.id], forum=True)
    madrid = [
        world.create_user(c[3].name, language_code=c[3].language, phone=c[3].phone)
        for c in MADRID_CUSTOMERS
    ]
    marta = world.create_user("Marta (admin)", language_code="es", phone="+34 91 000 00 01")
    equipo = world.create_group("Frescos Madrid equipo", members=[marta.id])
    return Cast(contacts, admin, rep, group.id, madrid, marta, equipo.id)


def lines_of(products: Sequence[Product], quantity: int) -> list[NewOrderLine]:
    return [
        NewOrderLine(
            product_id=p.product_id,
            product_name=p.name,
            unit=p.unit,
            unit_price=p.price,
            quantity=Decimal(quantity),
        )
        for p in products
    ]


async def link_contact(tx: Tx, user: User, person: Person, customer: Customer) -> Contact:
    """The demo person as the customer's contact, with their phone and language."""
    contact = await tx.contacts.upsert(user.id, person.name, person.language)
    await tx.contacts.link(customer.id, contact.id)
    await tx.contacts.set_phone(contact.id, person.phone)
    await tx.state.set_language(user.id, person.language)
    await tx.state.set_active_customer(user.id, customer.id)
    return contact


async def seed_madrid(store: Store, people: Cast, now: datetime) -> None:
    """A Madrid wholesaler working in Spanish: its catalogue, team and customers."""
    async with store.tx() as tx:
        vendor = await tx.vendors.create(
            name="Frescos Madrid",
            timezone="Europe/Madrid",
            cutoff_time=time(13, 0),
            cutoff_kind=CutoffKind.STRICT,
            delivery_days=frozenset({0, 1, 2, 3, 4}),
        )
        vendor = await tx.vendors.update(vendor.id, language="es")
        await tx.catalogs.apply_import(vendor.id, parse_csv(MADRID_CATALOG))
        await tx.team.add(vendor.id, people.madrid_admin.id, "Marta", Role.ADMIN, "es")
        await tx.vendors.set_team_chat(vendor.id, people.madrid_team_chat_id, False)
        products = await tx.catalogs.all_products(vendor.id)
        for index, (name, number, address, person) in enumerate(MADRID_CUSTOMERS):
            customer = await tx.customers.create(
                vendor_id=vendor.id, name=name, customer_number=number, address=address
            )
            contact = await link_contact(tx, people.madrid_contacts[index], person, customer)
            picks = [p for p in products if p.available][index * 3 : index * 3 + 3]
            await tx.orders.create(
                vendor=vendor,
                customer=customer,
                contact=contact,
                lines=lines_of(picks, 2),
                delivery_date=(now + timedelta(days=1)).date(),
                local_date=now.date(),
            )


async def seed_standing_order(
    tx: Tx,
    vendor_id: int,
    customer: Customer,
    contact: Contact,
    products: dict[str, Product],
    now: datetime,
) -> None:
    """Bistro 42 orders the same every week: a standing order on two delivery days, none of
    them tomorrow (so the demo opens quietly; /standing shows it, and its notice comes some
    hours before its cutoff)."""
    today = now.astimezone(ZoneInfo("Europe/Paris")).date()
    days = frozenset((today + timedelta(days=ahead)).weekday() for ahead in (2, 4)) - {6}
    picks = list(products.values())[:2]
    await tx.standing_orders.create(
        vendor_id=vendor_id,
        customer_id=customer.id,
        contact_id=contact.id,
        weekdays=days or frozenset({1}),
        lines=[
            StandingLine(product_id=p.product_id, product_name=p.name, quantity=Decimal(2))
            for p in picks
        ],
        created_by=contact.telegram_user_id,
        at=now,
    )


async def seed(store: Store, people: Cast, now: datetime) -> None:
    await seed_paris(store, people, now)
    await seed_madrid(store, people, now)


async def seed_paris(store: Store, people: Cast, now: datetime) -> None:
    async with store.tx() as tx:
        vendor = await tx.vendors.create(
            name="Fresh Foods Paris",
            timezone="Europe/Paris",
            cutoff_time=time(14, 0),
            cutoff_kind=CutoffKind.FLEXIBLE,
            delivery_days=frozenset({0, 1, 2, 3, 4, 5}),
            minimum_order_value=Decimal("25"),
        )
        await tx.vendors.set_closures(vendor.id, frozenset({date(2026, 12, 25), date(2027, 1, 1)}))
        await tx.catalogs.apply_import(vendor.id, parse_csv(CATALOG))
        catalogs = {c.name: c for c in await tx.catalogs.of_vendor(vendor.id)}
        await tx.team.add(vendor.id, people.admin.id, "Vera", Role.ADMIN)
        rep = await tx.team.add(vendor.id, people.rep.id, "Rita", Role.REP)
        await tx.vendors.set_team_chat(vendor.id, people.team_chat_id, True)
        products = {p.product_id: p for p in await tx.catalogs.all_products(vendor.id)}
        for index, (name, number, address, labels, person) in enumerate(CUSTOMERS):
            customer = await tx.customers.create(
                vendor_id=vendor.id,
                name=name,
                customer_number=number,
                address=address,
                catalog_id=catalogs["Sélection bistrot"].id if name == "Bistro 42" else None,
            )
            for label in labels:
                await tx.labels.assign(customer.id, (await tx.labels.create(vendor.id, label)).id)
            if "rita" in labels:
                await tx.team.assign(rep.id, customer.id)
            if name == "Épicerie Martin":
                await tx.customers.update(customer.id, standing=Standing.DO_NOT_SELL)
            if name == "Hotel Riviera":
                await tx.customers.update(
                    customer.id, standing=Standing.DEBTOR, discount_percent=Decimal(5)
                )
            contact = await link_contact(tx, people.contacts[index], person, customer)
            if name == "Épicerie Martin":
                continue
            if name == "Bistro 42":
                await seed_standing_order(tx, vendor.id, customer, contact, products, now)
            history = (
                [(OrderStatus.DELIVERED, 9), (OrderStatus.CONFIRMED, 2), (OrderStatus.CANCELLED, 5)]
                if index % 2 == 0
                else [(OrderStatus.DELIVERED, 12), (OrderStatus.UNCONFIRMED, 0)]
            )
            for offset, (status, days_ago) in enumerate(history):
                picks = list(products.values())[index * 3 + offset : index * 3 + offset + 3]
                order, _ = await tx.orders.create(
                    vendor=vendor,
                    customer=customer,
                    contact=contact,
                    lines=lines_of(picks, 2 + offset),
                    delivery_date=(now - timedelta(days=days_ago - 1)).date(),
                    local_date=(now - timedelta(days=days_ago)).date(),
                )
                created = (now - timedelta(days=days_ago, hours=3)).astimezone(UTC)
                await tx.orders._exec(  # noqa: SLF001 - a past order, back-dated
                    "UPDATE orders SET created_at = ?, status = ? WHERE id = ?",
                    (created.isoformat(timespec="microseconds"), str(status), order.id),
                )


def prepare(data: Path, reset: bool) -> tuple[Path, bool]:
    """The demo's database file, and whether it must be seeded."""
    if reset and data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    db = data / "comanda.db"
    return db, not db.exists()


async def run_demo(
    port: int,
    db: Path,
    fresh: bool,
    *,
    ready: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    server = SandboxServer(
        "127.0.0.1", port, limits=Limits(private_burst=20), static_dir=str(STATIC)
    )
    people = cast(server.world)
    store = await open_store(db)
    try:
        if fresh:
            await seed(store, people, datetime.now(UTC))
    finally:
        await store.close()
    await server.start()
    settings = Settings(
        bot_token=server.token(),
        api_url=server.url,
        database=str(db),
        outbox_interval=0.5,
        outbox_retry_base=0.5,
    )
    app = build_application(settings)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        async with serving(app):
            print(f"Comanda demo: open {server.url}/ in your browser", flush=True)
            print(
                "Try first: pick 'Chef Ana' on the left, tap Order, add products, Checkout, "
                "choose a day and Place order; then pick 'Fresh Foods team' and confirm the "
                "card as Vera.",
                flush=True,
            )
            print(f"Data: {db.parent} (use --reset to start over). Ctrl-C stops.", flush=True)
            if ready is not None:
                ready.set()
            await stop.wait()
    finally:
        await server.stop()
        print("Comanda demo stopped; the database is kept.", flush=True)
