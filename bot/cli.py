"""The ``comanda`` command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path

from bot import cli_inbox, cli_vendor
from bot.config import Settings, WebhookConfig
from domain.enums import CutoffKind, InviteKind, Role
from domain.errors import ComandaError, InvalidInput
from domain.rules import catalog_plan
from domain.rules.catalog_import import ParsedCatalog, parse_csv
from domain.rules.catalog_plan import ImportPlan
from domain.rules.delivery import (
    Cutoff,
    delivery_options,
    parse_cutoff_time,
    parse_weekdays,
    zone,
)
from store.repos.catalogs import ImportReport

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments: exit 2 with a one-line message."""


def _now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"bad --now {text!r}: use ISO 8601, e.g. 2026-11-23T15:00") from exc


def cmd_delivery_dates(args: argparse.Namespace) -> int:
    if args.count < 1 or args.count > 366:
        raise UsageError("--count must be between 1 and 366")
    tz = zone(args.timezone)
    options = delivery_options(
        now=_now(args.now) if args.now else datetime.now(tz),
        tz=tz,
        delivery_days=parse_weekdays(args.days),
        cutoff=Cutoff(parse_cutoff_time(args.cutoff), CutoffKind(args.kind)),
        closures=cli_vendor.iso_dates(args.closed) if args.closed else frozenset(),
        count=args.count,
    )
    print(json.dumps([o.as_json() for o in options]))
    return 0


async def _migrate(settings: Settings) -> list[str]:
    from store.db import migrate

    return await migrate(settings.database)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    applied = asyncio.run(_migrate(settings))
    if applied:
        print(f"applied {len(applied)} migration(s): {', '.join(applied)}")
    else:
        print("database is up to date")
    return 0


def cmd_import_catalog(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    parsed = parse_csv(text)
    if parsed.errors:
        lines = [
            f"line {e.line}: {e.reason}" + (f" ({e.value})" if e.value else "")
            for e in parsed.errors
        ]
        print("import refused, nothing changed:\n" + "\n".join(lines), file=sys.stderr)
        return 1
    unlisted = args.unlisted == "unavailable"
    plan, report = asyncio.run(_apply_import(args, parsed, settings, unlisted))
    examples = ", ".join(p.product_id for p in plan.unlisted[:5])
    print(
        f"{'would change' if report is None else 'the file changes'}: {len(plan.added)} new, "
        f"{len(plan.renamed)} renamed, {len(plan.repriced)} repriced, "
        f"{len(plan.made_unavailable)} made unavailable, {plan.other_changes} other, "
        f"{plan.unchanged} unchanged; {len(plan.unlisted)} available products not in the file"
        + (f" ({examples}{', ...' if len(plan.unlisted) > 5 else ''})" if examples else "")
        + (
            " are made unavailable"
            if unlisted and plan.unlisted
            else " stay as they are (--unlisted unavailable to disable them)"
            if plan.unlisted
            else ""
        )
    )
    if report is None:
        print("dry run: nothing changed")
        return 0
    print(
        f"imported: {report.added} added, {report.updated} updated, "
        f"{report.made_unavailable} made unavailable"
    )
    return 0


async def _apply_import(
    args: argparse.Namespace, parsed: ParsedCatalog, settings: Settings, unlisted: bool
) -> tuple[ImportPlan, ImportReport | None]:
    from store import open_store

    store = await open_store(settings.database)
    try:
        async with store.tx() as tx:
            vendor = await tx.vendors.resolve(args.vendor)
            plan = catalog_plan.plan(await tx.catalogs.as_rows(vendor.id), parsed)
            if args.dry_run:
                return plan, None
            report = await tx.catalogs.apply_import(
                vendor.id, parsed, unlisted_unavailable=unlisted
            )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=None,
                action="catalog.import",
                entity="vendor",
                entity_id=vendor.id,
                details={
                    "added": report.added,
                    "updated": report.updated,
                    "made_unavailable": report.made_unavailable,
                },
            )
        return plan, report
    finally:
        await store.close()


async def _invite(args: argparse.Namespace, settings: Settings) -> str:
    from store import open_store

    store = await open_store(settings.database)
    try:
        async with store.tx() as tx:
            vendor = await tx.vendors.resolve(args.vendor)
            ttl = timedelta(days=args.days)
            if args.customer:
                customer = await tx.customers.by_number(vendor.id, args.customer)
                invite = await tx.invites.create(
                    vendor_id=vendor.id, kind=InviteKind.CUSTOMER, customer_id=customer.id, ttl=ttl
                )
            else:
                invite = await tx.invites.create(
                    vendor_id=vendor.id,
                    kind=InviteKind.TEAM,
                    role=Role(args.role),
                    ttl=ttl,
                    max_uses=1,
                )
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=None,
                action="invite.create",
                entity="invite",
                entity_id=invite.id,
                details={"kind": str(invite.kind)},
            )
            own = await tx.bots.get(vendor.bot) if vendor.bot is not None else None
    finally:
        await store.close()
    # the link opens the bot that speaks for the vendor: its own, else the shared one
    username = own.username if own else settings.bot_username or await _bot_username(settings)
    return f"https://t.me/{username}?start={invite.token}"


async def _bot_username(settings: Settings) -> str:
    if not settings.bot_token:
        raise UsageError("set COMANDA_BOT_USERNAME (or COMANDA_BOT_TOKEN) to build invite links")
    from telegram import Bot

    async with Bot(settings.bot_token, base_url=settings.base_url) as bot:
        return bot.username


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.bot_token:
        raise UsageError("no bot token: set COMANDA_BOT_TOKEN")
    webhook = None
    if args.webhook_url:
        host, _, port = args.listen.rpartition(":")
        if not port.isdigit() or not host:
            raise UsageError(f"bad --listen {args.listen!r}: use HOST:PORT")
        webhook = WebhookConfig(args.webhook_url, host, int(port), args.secret_token or None)
    return _serve_until_signalled(settings, webhook=webhook, receive=True)


def cmd_worker(settings: Settings) -> int:
    """Handle what `comanda run` received: claim updates from the shared inbox, deliver the
    outbox, send broadcasts. As many as the database takes (PostgreSQL); none polls."""
    if not settings.bot_token:
        raise UsageError("no bot token: set COMANDA_BOT_TOKEN")
    return _serve_until_signalled(settings, webhook=None, receive=False)


def _serve_until_signalled(
    settings: Settings, *, webhook: WebhookConfig | None, receive: bool
) -> int:
    """Serve until SIGINT/SIGTERM. A signal that arrives while the process is still starting
    (importing the bot, before the event loop's handler is in place) is kept and stops it as
    cleanly as one that arrives later: exit 0, no traceback, the inbox untouched."""
    log = logging.getLogger("comanda")  # not __name__: that is "__main__" under python -m
    early = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: early.set()) for sig in STOP_SIGNALS}
    try:
        log.info("starting (%s)", "receiving and handling" if receive else "worker: handling only")
        from bot.app import build_application
        from bot.runtime import run_until_signalled

        asyncio.run(
            run_until_signalled(
                build_application(settings), webhook=webhook, receive=receive, early_stop=early
            )
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def cmd_copy_db(args: argparse.Namespace) -> int:
    from store.copy import copy_database

    counts = asyncio.run(copy_database(args.source, args.target))
    print(f"copied {sum(counts.values())} rows in {len(counts)} tables")
    for table, count in counts.items():
        print(f"  {table}: {count}")
    return 0


def cmd_export_orders(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services import export
    from domain.enums import OrderStatus

    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError as exc:
        raise UsageError(f"bad --since {args.since!r}: use YYYY-MM-DD") from exc
    status = OrderStatus(args.status) if args.status else None

    async def load() -> tuple[str, list]:
        from store import open_store

        store = await open_store(settings.database)
        try:
            async with store.read() as tx:
                vendor = await tx.vendors.resolve(args.vendor)
                start = None
                if since is not None:
                    tz = zone(vendor.timezone)
                    start = (
                        datetime(since.year, since.month, since.day, tzinfo=tz)
                        .astimezone(zone("UTC"))
                        .isoformat(timespec="microseconds")
                    )
                orders, _total = await tx.orders.search(
                    vendor.id, created_from=start, status=status, sort="old", limit=1_000_000
                )
                return vendor.timezone, orders
        finally:
            await store.close()

    timezone, orders = asyncio.run(load())
    data = (
        export.to_csv(orders, timezone)
        if args.format == "csv"
        else export.to_xlsx(orders, timezone)
    )
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc}") from exc
    print(f"exported {len(orders)} order(s) to {args.output}")
    return 0


def cmd_parse_order(args: argparse.Namespace) -> int:
    """JSON Lines in ({"text": ...}), one JSON object out per line, in order."""
    import csv as csv_module

    from domain.rules.free_text import parse

    try:
        with open(args.catalog, encoding="utf-8-sig", newline="") as fp:
            catalogue = [
                (row["product_id"], row["name"], row.get("unit", ""))
                for row in csv_module.DictReader(fp)
            ]
    except (OSError, KeyError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read catalogue {args.catalog}: {exc}") from exc
    for raw in sys.stdin:
        if not raw.strip():
            continue
        try:
            case = json.loads(raw)
            text = str(case.get("text", "")) if isinstance(case, dict) else ""
        except ValueError:
            text = ""
        parsed = parse(
            text,
            [(pid, name) for pid, name, _unit in catalogue],
            units={pid: unit for pid, _name, unit in catalogue},
        )
        print(
            json.dumps(
                {
                    "lines": [
                        {"product_id": ln.product_id, "quantity": float(ln.quantity)}
                        for ln in parsed.lines
                    ],
                    "unmatched": parsed.unmatched + [u.span for u in parsed.unsure],
                },
                ensure_ascii=False,
            ),
            flush=False,
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import prepare, run_demo

    if not 1 <= args.port <= 65535:
        raise UsageError("--port must be between 1 and 65535")
    db, fresh = prepare(Path(args.data), args.reset)
    try:
        asyncio.run(run_demo(args.port, db, fresh))
    except OSError as exc:
        raise UsageError(f"cannot start the demo on port {args.port}: {exc}") from exc
    return 0


def version() -> str:
    try:
        return metadata.version("comanda")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="comanda", description="Comanda: ordering in Telegram")
    parser.add_argument("--version", action="version", version=f"comanda {version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the bot (long polling, or a webhook)")
    run.add_argument("--webhook-url", help="public HTTPS URL Telegram posts updates to")
    run.add_argument("--listen", default="127.0.0.1:8443", help="HOST:PORT to serve the webhook")
    run.add_argument("--secret-token", default="", help="required X-Telegram-Bot-Api-Secret-Token")
    run.add_argument("--verbose", action="store_true", help="log every request and job tick")

    sub.add_parser(
        "worker",
        help="handle updates, the outbox and broadcasts from the shared database (no polling)",
    )
    copy = sub.add_parser(
        "copy-db",
        help="copy every row of one database into another, empty one (e.g. to PostgreSQL)",
    )
    copy.add_argument("source", help="the database to copy (a SQLite path, or postgresql://...)")
    copy.add_argument("target", help="where to copy it (migrated first; must hold no data)")

    sub.add_parser("migrate", help="apply pending database migrations")
    cli_inbox.configure(
        sub.add_parser("inbox", help="the update inbox: counts, parked updates, retry")
    )

    demo = sub.add_parser("demo", help="try Comanda in a browser: sandbox, bot and a web page")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--data", default="comanda-demo", help="folder kept between runs")
    demo.add_argument("--reset", action="store_true", help="start over with fresh data")
    demo.add_argument("--verbose", action="store_true", help="log every request and job tick")

    cli_vendor.add_parser(sub)

    imp = sub.add_parser(
        "import-catalog",
        help="import a catalogue CSV (applies whole or not; adds and updates what it lists)",
    )
    imp.add_argument("--vendor", required=True, help="vendor id or name")
    imp.add_argument("file")
    imp.add_argument(
        "--unlisted",
        choices=["keep", "unavailable"],
        default="keep",
        help="products the file does not list: keep them as they are (default) or make "
        "them unavailable",
    )
    imp.add_argument("--dry-run", action="store_true", help="print what would change only")

    inv = sub.add_parser("invite", help="print an invite deep link")
    inv.add_argument("--vendor", required=True, help="vendor id or name")
    who = inv.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", help="customer number")
    who.add_argument("--role", choices=[r.value for r in Role])
    inv.add_argument("--days", type=int, default=30, help="days until the link expires")

    exp = sub.add_parser("export-orders", help="export orders for the ERP (CSV or XLSX)")
    exp.add_argument("--vendor", required=True, help="vendor id or name")
    exp.add_argument("--since", help="first order date, YYYY-MM-DD (vendor's calendar)")
    exp.add_argument("--status", choices=["unconfirmed", "confirmed", "delivered", "cancelled"])
    exp.add_argument("--format", choices=["csv", "xlsx"], required=True)
    exp.add_argument("-o", "--output", required=True)

    po = sub.add_parser("parse-order", help="free-text orders (JSON Lines in and out)")
    po.add_argument("--catalog", required=True, help="CSV: product_id,name,unit,price,category")

    dd = sub.add_parser("delivery-dates", help="print the selectable delivery dates as JSON")
    dd.add_argument("--timezone", required=True)
    dd.add_argument("--days", required=True, help="delivery weekdays, e.g. mon,tue,wed")
    dd.add_argument("--cutoff", required=True, help="HH:MM")
    dd.add_argument("--kind", required=True, choices=[k.value for k in CutoffKind])
    dd.add_argument("--now", help="ISO 8601; with Z or an offset it is converted")
    dd.add_argument("--closed", default="", help="closure dates YYYY-MM-DD,...")
    dd.add_argument("--count", type=int, default=5)
    return parser


# Libraries that log at INFO on every poll or job tick: one line a second says nothing.
CHATTY_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiohttp.access")


def configure_logging(level_name: str, *, quiet: bool, verbose: bool) -> None:
    """`run`: our INFO lines (one per handled update), libraries' warnings only.
    `demo`: the printed address and warnings and errors only. `--verbose`: everything."""
    level = getattr(logging, level_name.upper(), logging.INFO)
    if quiet:
        level = max(level, logging.WARNING)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose else logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(
        settings.log_level,
        quiet=args.command == "demo" and not args.verbose,
        verbose=bool(getattr(args, "verbose", False)),
    )
    try:
        if args.command == "delivery-dates":
            return cmd_delivery_dates(args)
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "migrate":
            return cmd_migrate(args, settings)
        if args.command == "inbox":
            code, text = asyncio.run(cli_inbox.run(args, settings))
            print(text, file=sys.stdout if code == 0 else sys.stderr)
            return code
        if args.command == "run":
            return cmd_run(args, settings)
        if args.command == "worker":
            return cmd_worker(settings)
        if args.command == "copy-db":
            return cmd_copy_db(args)
        if args.command == "vendor":
            print(asyncio.run(cli_vendor.run(args, settings)))
            return 0
        if args.command == "import-catalog":
            return cmd_import_catalog(args, settings)
        if args.command == "parse-order":
            return cmd_parse_order(args)
        if args.command == "export-orders":
            return cmd_export_orders(args, settings)
        if args.command == "invite":
            print(asyncio.run(_invite(args, settings)))
            return 0
    except (UsageError, InvalidInput) as exc:
        print(f"comanda: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ComandaError as exc:
        print(f"comanda: {exc}", file=sys.stderr)
        return 1
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
