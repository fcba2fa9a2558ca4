"""The services every handler reaches through a typed PTB context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.i18n import Renderer, pick_language
from store import Store

if TYPE_CHECKING:
    from bot.inbox import Inbox
    from bot.outbox import Outbox
    from bot.services.broadcast_sender import BroadcastSender
    from bot.services.broadcasts import BroadcastService
    from bot.services.catalog_imports import CatalogImportService
    from bot.services.customers import CustomerService
    from bot.services.export_runner import ExportRunner
    from bot.services.order_edits import OrderEditService
    from bot.services.ordering import OrderingService
    from bot.services.reminders import ReminderService
    from bot.services.standing_orders import StandingOrderService
    from bot.services.team import TeamService
    from bot.services.ticker import Ticker
    from bot.services.usual import UsualService
    from bot.services.vendor_orders import VendorOrderService
    from bot.services.vendor_settings import SettingsService
    from bot.services.warehouse import WarehouseService

SERVICES_KEY = "comanda.services"


@dataclass
class Services:
    """Created once in ``post_init``; closed in ``post_shutdown``."""

    settings: Settings
    store: Store
    renderer: Renderer
    clock: Callable[[], datetime]
    ordering: OrderingService
    usual: UsualService
    warehouse: WarehouseService
    reminders: ReminderService
    standing_orders: StandingOrderService
    vendor_orders: VendorOrderService
    order_edits: OrderEditService
    team: TeamService
    customers: CustomerService
    vendor_settings: SettingsService
    catalog_imports: CatalogImportService
    exports: ExportRunner
    broadcasts: BroadcastService
    sender: BroadcastSender
    inbox: Inbox
    outbox: Outbox
    ticker: Ticker | None = None  # started once the outbox is (post_init)


class Ctx(CallbackContext[ExtBot[dict[str, Any]], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def services(self) -> Services:
        services = self.application.bot_data.get(SERVICES_KEY)
        if services is None:  # pragma: no cover - post_init always runs first
            raise RuntimeError("services are not ready")
        return services


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    return application.bot_data[SERVICES_KEY]


def language_of(update: object, stored: str | None = None) -> str:
    """The reader's language: their chosen one, else Telegram's, else English."""
    if stored:
        return pick_language(stored)
    if isinstance(update, Update) and update.effective_user is not None:
        return pick_language(update.effective_user.language_code)
    return pick_language(None)
