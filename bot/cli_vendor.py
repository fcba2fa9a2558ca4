"""`comanda vendor create|update`: a wholesaler's settings from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from bot.config import Settings
from bot.i18n import LANGUAGES
from domain.enums import CutoffKind
from domain.errors import InvalidInput
from domain.rules.delivery import parse_cutoff_time, parse_weekdays, zone
from domain.rules.pricing import parse_money


def iso_dates(text: str) -> frozenset[date]:
    """A comma-separated list of YYYY-MM-DD dates (closures) from the command line."""
    try:
        return frozenset(date.fromisoformat(d.strip()) for d in text.split(",") if d.strip())
    except ValueError as exc:
        raise InvalidInput(
            f"bad date list {text!r}: use YYYY-MM-DD,YYYY-MM-DD", value=text[:40]
        ) from exc


def add_parser(sub: Any) -> None:
    vendor = sub.add_parser("vendor", help="manage vendors")
    vsub = vendor.add_subparsers(dest="vendor_command", required=True)
    create = vsub.add_parser("create", help="create a vendor")
    create.add_argument("--name", required=True)
    create.add_argument("--timezone", required=True, help="IANA name, e.g. Europe/Paris")
    create.add_argument("--currency", default="EUR")
    create.add_argument("--cutoff", default="14:00", help="default cutoff time HH:MM")
    create.add_argument("--kind", choices=[k.value for k in CutoffKind], default="strict")
    create.add_argument("--days", default="mon,tue,wed,thu,fri", help="default delivery days")
    create.add_argument("--closed", default="", help="closure dates YYYY-MM-DD,...")
    create.add_argument("--minimum", default="", help="minimum order value")
    create.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="the team's language: group cards, and team members whose Telegram language "
        "Comanda does not speak",
    )
    update = vsub.add_parser("update", help="change a vendor's settings")
    update.add_argument("--vendor", required=True, help="vendor id or name")
    update.add_argument("--name")
    update.add_argument("--timezone", help="IANA name, e.g. Europe/Paris")
    update.add_argument("--currency")
    update.add_argument("--cutoff", help="default cutoff time HH:MM")
    update.add_argument("--kind", choices=[k.value for k in CutoffKind])
    update.add_argument("--days", help="default delivery days, e.g. mon,tue,thu")
    update.add_argument("--minimum", help="minimum order value, or none")
    update.add_argument("--language", choices=LANGUAGES)
    update.add_argument(
        "--standing-notice-hours",
        type=int,
        choices=range(1, 49),
        metavar="1-48",
        help="standing orders announced this many hours before the cutoff",
    )
    update.add_argument(
        "--reminder-hours",
        type=int,
        choices=range(25),
        metavar="0-24",
        help="cutoff reminders this many hours before the cutoff (0: none)",
    )
    update.add_argument(
        "--picklist-at-cutoff",
        choices=("on", "off"),
        help="the day's pick list to the admins once the last cutoff has passed",
    )
    set_bot = vsub.add_parser(
        "set-bot", help="the vendor's own bot (a token from @BotFather), or the shared one"
    )
    set_bot.add_argument("--vendor", required=True, help="vendor id or name")
    which = set_bot.add_mutually_exclusive_group(required=True)
    which.add_argument("--token", help="the bot's token from @BotFather")
    which.add_argument("--shared", action="store_true", help="back to the shared bot")


async def _set_bot(args: argparse.Namespace, settings: Settings) -> str:
    from bot.i18n import Renderer
    from bot.services.bots import set_vendor_bot
    from store import open_store

    store = await open_store(settings.database)
    try:
        vendor, bot = await set_vendor_bot(
            store, Renderer(), args.vendor, None if args.shared else args.token, settings.base_url
        )
    finally:
        await store.close()
    if bot is None:
        return f"vendor {vendor.id} speaks through the shared bot"
    return (
        f"vendor {vendor.id} speaks through @{bot.username} ({bot.telegram_id}); "
        "a running 'comanda run' starts it within 30 s"
    )


def _changes(args: argparse.Namespace) -> dict[str, object]:
    fields: dict[str, object] = {}
    if args.name is not None:
        fields["name"] = args.name.strip()[:100]
    if args.timezone is not None:
        zone(args.timezone)
        fields["timezone"] = args.timezone
    if args.currency is not None:
        fields["currency"] = args.currency.upper()
    if args.cutoff is not None:
        fields["cutoff_time"] = parse_cutoff_time(args.cutoff)
    if args.kind is not None:
        fields["cutoff_kind"] = CutoffKind(args.kind)
    if args.days is not None:
        fields["delivery_days"] = parse_weekdays(args.days)
    if args.minimum is not None:
        none = args.minimum.strip().lower() in ("none", "")
        fields["minimum_order_value"] = None if none else parse_money(args.minimum)
    if args.language is not None:
        fields["language"] = args.language
    if args.reminder_hours is not None:
        fields["reminder_hours"] = args.reminder_hours
    if args.standing_notice_hours is not None:
        fields["standing_notice_hours"] = args.standing_notice_hours
    if args.picklist_at_cutoff is not None:
        fields["picklist_at_cutoff"] = args.picklist_at_cutoff == "on"
    return fields


async def run(args: argparse.Namespace, settings: Settings) -> str:
    from store import open_store

    if args.vendor_command == "set-bot":
        return await _set_bot(args, settings)
    if args.vendor_command == "update":
        fields = _changes(args)  # bad values are refused before the database is opened
        if not fields:
            raise InvalidInput("nothing to change", value="")
    store = await open_store(settings.database)
    try:
        async with store.tx() as tx:
            if args.vendor_command == "update":
                vendor = await tx.vendors.resolve(args.vendor)
                before = {k: str(getattr(vendor, k)) for k in fields}
                vendor = await tx.vendors.update(vendor.id, **fields)
                await tx.audit.record(
                    vendor_id=vendor.id,
                    actor=None,
                    action="vendor.update",
                    entity="vendor",
                    entity_id=vendor.id,
                    details={"before": before, "after": {k: str(v) for k, v in fields.items()}},
                )
                shown = ", ".join(f"{k}={getattr(vendor, k)}" for k in fields)
                return f"vendor {vendor.id} updated: {shown}"
            vendor = await tx.vendors.create(
                name=args.name,
                timezone=args.timezone,
                currency=args.currency,
                cutoff_time=parse_cutoff_time(args.cutoff),
                cutoff_kind=CutoffKind(args.kind),
                delivery_days=parse_weekdays(args.days),
                minimum_order_value=parse_money(args.minimum) if args.minimum else None,
            )
            if args.language != vendor.language:
                vendor = await tx.vendors.update(vendor.id, language=args.language)
            if args.closed:
                await tx.vendors.set_closures(vendor.id, iso_dates(args.closed))
            await tx.audit.record(
                vendor_id=vendor.id,
                actor=None,
                action="vendor.create",
                entity="vendor",
                entity_id=vendor.id,
                details={"name": vendor.name},
            )
        return f"vendor {vendor.id} created: {vendor.name} ({vendor.language})"
    finally:
        await store.close()
