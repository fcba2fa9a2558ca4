"""Builds the PTB Application: services, handlers in explicit groups, jobs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    TypeHandler,
)

from bot import outbox
from bot.config import Settings
from bot.context import SERVICES_KEY, Ctx, Services, services_of
from bot.handlers import (
    broadcast,
    catalog_import,
    checkout,
    common,
    customer,
    customer_edits,
    customers,
    errors,
    my_orders,
    shop,
    standing_orders,
    team,
    team_text,
    text,
    vendor_orders,
    warehouse,
)
from bot.handlers import settings as settings_handlers
from bot.handlers.common import toast
from bot.http import AiohttpRequest
from bot.i18n import LANGUAGES, Renderer
from bot.inbox import Inbox, new_owner, owner_is_gone
from bot.outbox import Outbox
from bot.ratelimit import Pace, TelegramRateLimiter
from bot.services import notify
from bot.services.broadcast_sender import BroadcastSender
from bot.services.broadcasts import BroadcastService
from bot.services.catalog_imports import CatalogImportService
from bot.services.customers import CustomerService
from bot.services.export_runner import ExportRunner
from bot.services.order_edits import OrderEditService
from bot.services.ordering import OrderingService
from bot.services.reminders import ReminderService
from bot.services.standing_orders import StandingOrderService
from bot.services.standing_runs import StandingRuns
from bot.services.team import TeamService
from bot.services.ticker import Ticker
from bot.services.usual import UsualService
from bot.services.vendor_orders import VendorOrderService
from bot.services.vendor_settings import SettingsService
from bot.services.warehouse import WarehouseService
from store import Store, open_store
from store.models import Bot, OutboxMessage
from store.repos import Tx

log = logging.getLogger(__name__)

App = Application[Any, Ctx, Any, Any, Any, Any]
Clock = Callable[[], datetime]

# Handler groups, lowest first.  PTB gives every group its chance at an update, and within
# a group the first matching handler wins, so one group holds the whole conversation, ordered:
# commands and buttons, then plain text, then the fallback for buttons nobody recognised.
GROUP_LOG = -1  # one log line per handled update
GROUP_TEAM_TEXT = 0  # a team member's awaited answer; stops the update when consumed
GROUP_CONVERSATION = 1

COMMANDS = (
    "order",
    "cart",
    "orders",
    "standing",
    "language",
    "help",
    "cancel",
    "mute",
    "unmute",
)


def utc_now() -> datetime:
    return datetime.now(UTC)


async def log_update(update: Update, context: Ctx) -> None:
    """One INFO line per handled update (redeliveries never get here: the inbox keeps them)."""
    log.info("update %s: %s", update.update_id, describe(update))


def describe(update: Update) -> str:
    """One short line for the log: what kind of update, from whom, in which chat."""
    kind = next(
        (
            name
            for name in ("callback_query", "message", "my_chat_member", "chat_member")
            if getattr(update, name, None) is not None
        ),
        "other",
    )
    user = update.effective_user.id if update.effective_user else "-"
    chat = update.effective_chat.id if update.effective_chat else "-"
    return f"{kind} from user {user} in chat {chat}"


async def stale_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    if query is None:
        return
    lang = await common.language(update, context)
    await toast(update, context.services.renderer.macro(lang, "plain/toasts.j2", "stale"))


def _outbox_hooks(services: Services, bot: Any) -> tuple[outbox.Prepare, outbox.AfterSent]:
    """Order cards are rendered with the order's status at sending time, recorded once
    sent, and edited at once if the status changed while they were on their way."""
    rendered_status: dict[int, str] = {}  # outbox id -> the order status its card showed

    async def in_topic(payload: dict[str, Any]) -> dict[str, Any]:
        """Post in the customer's forum topic, creating it on first need (once)."""
        customer_id = payload.get("topic_customer_id")
        if customer_id is None:
            return payload
        params = dict(payload["params"])
        chat_id = int(params["chat_id"])
        async with services.store.read() as tx:
            thread = await tx.topics.thread_of(int(customer_id), chat_id)
            customer = await tx.customers.get(int(customer_id), include_deleted=True)
        if thread is None:
            name = f"{customer.name} ({customer.customer_number})"[:128]
            topic = await bot.create_forum_topic(chat_id, name)
            thread = topic.message_thread_id
            async with services.store.tx() as tx:
                await tx.topics.set_thread(customer.id, chat_id, thread)
        params["message_thread_id"] = thread
        return {**payload, "params": params}

    async def prepare(message: OutboxMessage) -> dict[str, Any]:
        if message.kind == "day_file":
            return await services.warehouse.file_payload(message.payload)
        if message.kind != "order_card":
            return await in_topic(message.payload)
        async with services.store.read() as tx:
            order = await tx.orders.find(int(message.payload["order_id"]))
            vendor = await tx.vendors.get(order.vendor_id) if order else None
        if order is None or vendor is None:
            return message.payload
        params = dict(message.payload["params"])
        language = str(message.payload.get("language") or vendor.language)
        params["text"] = services.renderer.render(
            language, "vendor/order_card.j2", **notify.card_values(order)
        )
        params["reply_markup"] = {
            "inline_keyboard": notify.card_keyboard(services.renderer, language, order)
        }
        rendered_status[message.id] = str(order.status)
        return await in_topic({**message.payload, "params": params})

    async def after_sent(tx: Tx, message: OutboxMessage, result: dict[str, Any] | None) -> None:
        if not result or "message_id" not in result:
            return
        if message.kind == "relay":
            await tx.topics.remember_relay(
                int(message.payload["params"]["chat_id"]),
                int(result["message_id"]),
                int(message.payload["relay_customer_id"]),
            )
            return
        if message.kind != "order_card":
            return
        order_id = int(message.payload["order_id"])
        # A status change committing meanwhile either sees this card (and redraws it) or is
        # seen here (and the card is redrawn below): on PostgreSQL both could miss it.
        await tx.orders.lock(order_id)
        await tx.orders.record_card(
            order_id, int(message.payload["params"]["chat_id"]), int(result["message_id"])
        )
        order = await tx.orders.get(order_id)
        if rendered_status.pop(message.id, str(order.status)) != str(order.status):
            vendor = await tx.vendors.get(order.vendor_id)
            await notify.refresh_cards(tx, services.renderer, order, vendor)

    return prepare, after_sent


async def _recover(store: Store) -> int:
    """Free the claims of processes on this machine that were killed, so their updates,
    messages and broadcast deliveries are taken over at once (not when leases expire)."""
    async with store.read() as tx:
        owners = {
            *await tx.inbox.lease_owners(),
            *await tx.outbox.lease_owners(),
            *await tx.broadcasts.lease_owners(),
        }
    gone = [owner for owner in owners if owner_is_gone(owner)]
    if gone:
        async with store.tx() as tx:
            freed = (
                await tx.inbox.release(gone)
                + await tx.outbox.release_owners(gone)
                + await tx.broadcasts.release_owners(gone)
            )
            log.info("took over %s claim(s) of %s stopped process(es)", freed, len(gone))
        return freed
    return 0


async def _register_commands(application: App, renderer: Renderer) -> None:
    for language in LANGUAGES:
        commands = [
            BotCommand(name, renderer.macro(language, "plain/commands.j2", name))
            for name in COMMANDS
        ]
        try:
            await application.bot.set_my_commands(
                commands, language_code=None if language == "en" else language
            )
        except TelegramError:
            log.warning("could not register the bot's commands", exc_info=True)


def _pace_of(application: App) -> outbox.Pace:
    """The rate limiter's turn-taking, for senders that record what they send."""
    limiter = application.bot.rate_limiter
    if not isinstance(limiter, TelegramRateLimiter):
        return outbox.no_pace

    async def pace(chat_id: int | None, method: str, bulk: bool) -> None:
        await limiter.pace(chat_id, method, bulk=bulk)

    return pace


def _post_init(clock: Clock) -> Callable[[App], Any]:
    async def post_init(application: App) -> None:
        settings: Settings = application.bot_data["comanda.settings"]
        bot_key: int = application.bot_data["comanda.bot"]
        # every transaction of this Application serves its bot (see store.repos.base.Repo)
        store = (await open_store(settings.database)).for_bot(bot_key)
        await _recover(store)
        renderer = Renderer()
        owner = new_owner()
        in_doubt = asyncio.Semaphore(settings.sends_in_doubt)
        pace = _pace_of(application)
        ordering = OrderingService(store, clock, renderer)
        runs = StandingRuns(store, renderer, clock)
        services = Services(
            settings=settings,
            store=store,
            renderer=renderer,
            clock=clock,
            ordering=ordering,
            usual=UsualService(store, clock, ordering),
            warehouse=WarehouseService(store, clock, renderer),
            reminders=ReminderService(store, renderer, clock),
            standing_orders=StandingOrderService(store, renderer, clock, ordering, runs),
            vendor_orders=VendorOrderService(store, renderer),
            order_edits=OrderEditService(store, renderer),
            team=TeamService(store, renderer, clock, lambda: username_of(application)),
            customers=CustomerService(store, clock, lambda: username_of(application)),
            vendor_settings=SettingsService(store),
            catalog_imports=CatalogImportService(store, clock),
            exports=ExportRunner(),
            broadcasts=BroadcastService(store),
            sender=BroadcastSender(
                store,
                renderer,
                application.bot,
                rate=settings.broadcast_rate,
                clock=clock,
                owner=owner,
                pace=pace,
                in_doubt=in_doubt,
                retry_base=settings.outbox_retry_base,
                max_attempts=settings.broadcast_max_attempts,
            ),
            inbox=Inbox(
                application,
                store,
                owner=owner,
                concurrency=settings.concurrency,
                retry_base=settings.inbox_retry_base,
            ),
            outbox=Outbox(
                application.bot,
                store,
                owner=owner,
                retry_base=settings.outbox_retry_base,
                interval=settings.outbox_interval,
                pace=pace,
                in_doubt=in_doubt,
                max_attempts=settings.outbox_max_attempts,
            ),
        )
        services.outbox.prepare, services.outbox.after_sent = _outbox_hooks(
            services, application.bot
        )
        services.inbox.after_update = services.outbox.poke
        services.inbox.recover = lambda: _recover(store)
        application.bot_data[SERVICES_KEY] = services
        services.sender.start()
        services.outbox.start()
        services.ticker = Ticker(
            [runs.run_once, services.reminders.run_once, services.warehouse.send_due],
            interval=settings.reminder_interval,
            after=services.outbox.poke,
        )
        services.ticker.start()
        await _register_commands(application, renderer)

    return post_init


async def _post_stop(application: App) -> None:
    """Before the bot's connection closes: let in-flight broadcast sends finish."""
    services = application.bot_data.get(SERVICES_KEY)
    if services is not None:
        if services.ticker is not None:
            await services.ticker.stop()
        await services.sender.stop()
        await services.outbox.stop()


async def _post_shutdown(application: App) -> None:
    services = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        services.exports.close()
        await services.store.close()


def sibling(application: App, bot: Bot) -> App:
    """The Application of a vendor's own bot, built as ``application`` was (same settings,
    clock and rate limiting)."""
    build: Callable[[Bot], App] = application.bot_data["comanda.build"]
    return build(bot)


def username_of(application: App) -> str:
    """The bot's @username, for invite links (the shared bot's may be configured)."""
    settings: Settings = application.bot_data["comanda.settings"]
    shared = application.bot_data["comanda.bot"] == 0
    return (settings.bot_username if shared else None) or application.bot.username


def build_application(
    settings: Settings, *, rate_limit: bool = True, clock: Clock = utc_now, bot: Bot | None = None
) -> App:
    """The Application of the deployment's shared bot, or of a vendor's own ``bot``: the
    same handlers; its own rate limits, inbox, outbox and broadcasts."""
    builder = (
        Application.builder()
        .token(bot.token if bot is not None else settings.bot_token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=Ctx))
        .post_init(_post_init(clock))
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .updater(None)  # updates arrive through the durable inbox (bot/receive.py)
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connections=1))
        .rate_limiter(
            TelegramRateLimiter(
                Pace(
                    enabled=rate_limit and settings.rate_limits,
                    private_burst=settings.private_burst,
                    pause_base=settings.unreachable_pause,
                )
            )
        )
    )
    application: App = builder.build()
    application.bot_data["comanda.settings"] = settings
    application.bot_data["comanda.bot"] = bot.telegram_id if bot is not None else 0
    application.bot_data["comanda.build"] = lambda own: build_application(
        settings, rate_limit=rate_limit, clock=clock, bot=own
    )
    application.add_handler(TypeHandler(Update, log_update), group=GROUP_LOG)
    application.add_handler(team_text.text_interceptor(), group=GROUP_TEAM_TEXT)
    for module in (
        team,
        team_text,
        customers,
        customer_edits,
        settings_handlers,
        catalog_import,
        broadcast,
        customer,
        shop,
        checkout,
        my_orders,
        standing_orders,
        vendor_orders,
        warehouse,
        text,
    ):
        application.add_handlers(module.handlers(), group=GROUP_CONVERSATION)
    application.add_handler(CallbackQueryHandler(stale_button), group=GROUP_CONVERSATION)
    application.add_error_handler(errors.on_error)
    return application


__all__ = ["build_application", "services_of", "sibling"]
