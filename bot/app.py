"""Builds the PTB Application: services, handlers in explicit groups, jobs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    TypeHandler,
)

from bot import outbox
from bot.config import Settings
from bot.context import SERVICES_KEY, Ctx, Services, services_of
from bot.handlers import (
    broadcast,
    checkout,
    common,
    customer,
    customer_edits,
    customers,
    errors,
    my_orders,
    shop,
    team,
    text,
    vendor_orders,
)
from bot.handlers import settings as settings_handlers
from bot.i18n import LANGUAGES, Renderer
from bot.services import notify
from bot.services.broadcasts import BroadcastSender, BroadcastService
from bot.services.customers import CustomerService
from bot.services.ordering import OrderingService
from bot.services.team import TeamService
from bot.services.vendor_orders import VendorOrderService
from bot.services.vendor_settings import SettingsService
from store import open_store
from store.models import OutboxMessage
from store.repos import Tx

log = logging.getLogger(__name__)

App = Application[Any, Ctx, Any, Any, Any, Any]
Clock = Callable[[], datetime]

# Handler groups, lowest first.  PTB gives every group its chance at an update, and within
# a group the first matching handler wins, so one group holds the whole conversation, ordered:
# commands and buttons, then plain text, then the fallback for buttons nobody recognised.
GROUP_ONCE = -1  # an update Telegram delivers twice is handled once
GROUP_TEAM_TEXT = 0  # a team member's awaited answer; stops the update when consumed
GROUP_CONVERSATION = 1

COMMANDS = ("order", "cart", "orders", "language", "help", "cancel", "mute", "unmute")


def utc_now() -> datetime:
    return datetime.now(UTC)


async def handle_once(update: Update, context: Ctx) -> None:
    """Stops a repeated delivery of an update already handled (webhook retries)."""
    async with context.services.store.tx() as tx:
        first = await tx.updates.first_time(update.update_id)
        if update.update_id % 500 == 0:
            await tx.updates.prune()
    if not first:
        log.info("update %s was delivered again; ignored", update.update_id)
        raise ApplicationHandlerStop
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
    await query.answer(context.services.renderer.macro(lang, "plain/toasts.j2", "stale"))


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
        if message.kind != "order_card":
            return await in_topic(message.payload)
        async with services.store.read() as tx:
            order = await tx.orders.find(int(message.payload["order_id"]))
            vendor = await tx.vendors.get(order.vendor_id) if order else None
        if order is None or vendor is None:
            return message.payload
        params = dict(message.payload["params"])
        params["text"] = services.renderer.render(
            vendor.language, "vendor/order_card.j2", **notify.card_values(order)
        )
        params["reply_markup"] = {
            "inline_keyboard": notify.card_keyboard(services.renderer, vendor.language, order)
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
        await tx.orders.record_card(
            order_id, int(message.payload["params"]["chat_id"]), int(result["message_id"])
        )
        order = await tx.orders.get(order_id)
        if rendered_status.pop(message.id, str(order.status)) != str(order.status):
            vendor = await tx.vendors.get(order.vendor_id)
            await notify.refresh_cards(tx, services.renderer, order, vendor)

    return prepare, after_sent


async def _dispatch_outbox(context: Ctx) -> None:
    prepare, after_sent = _outbox_hooks(context.services, context.bot)
    await outbox.run_once(
        context.bot,
        context.services.store,
        prepare=prepare,
        after_sent=after_sent,
        retry_base=context.services.settings.outbox_retry_base,
    )


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


def _post_init(clock: Clock) -> Callable[[App], Any]:
    async def post_init(application: App) -> None:
        settings: Settings = application.bot_data["comanda.settings"]
        store = await open_store(settings.database)
        renderer = Renderer()
        application.bot_data[SERVICES_KEY] = Services(
            settings=settings,
            store=store,
            renderer=renderer,
            clock=clock,
            ordering=OrderingService(store, clock, renderer),
            vendor_orders=VendorOrderService(store, renderer),
            team=TeamService(
                store, renderer, clock, lambda: settings.bot_username or application.bot.username
            ),
            customers=CustomerService(
                store, clock, lambda: settings.bot_username or application.bot.username
            ),
            vendor_settings=SettingsService(store),
            broadcasts=BroadcastService(store),
            sender=BroadcastSender(
                store, renderer, application.bot, rate=settings.broadcast_rate, clock=clock
            ),
        )
        application.bot_data[SERVICES_KEY].sender.start()
        await _register_commands(application, renderer)
        if application.job_queue is not None:
            application.job_queue.run_repeating(
                _dispatch_outbox, interval=settings.outbox_interval, first=0.0, name="outbox"
            )

    return post_init


async def _post_stop(application: App) -> None:
    """Before the bot's connection closes: let in-flight broadcast sends finish."""
    services = application.bot_data.get(SERVICES_KEY)
    if services is not None:
        await services.sender.stop()


async def _post_shutdown(application: App) -> None:
    services = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        await services.store.close()


def build_application(
    settings: Settings, *, rate_limit: bool = True, clock: Clock = utc_now
) -> App:
    builder = (
        Application.builder()
        .token(settings.bot_token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=Ctx))
        .post_init(_post_init(clock))
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application: App = builder.build()
    application.bot_data["comanda.settings"] = settings
    application.add_handler(TypeHandler(Update, handle_once), group=GROUP_ONCE)
    application.add_handler(team.text_interceptor(), group=GROUP_TEAM_TEXT)
    for module in (
        team,
        customers,
        customer_edits,
        settings_handlers,
        broadcast,
        customer,
        shop,
        checkout,
        my_orders,
        vendor_orders,
        text,
    ):
        application.add_handlers(module.handlers(), group=GROUP_CONVERSATION)
    application.add_handler(CallbackQueryHandler(stale_button), group=GROUP_CONVERSATION)
    application.add_error_handler(errors.on_error)
    return application


__all__ = ["build_application", "services_of"]
