"""Builds the PTB Application: services, handlers in explicit groups, jobs."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot import outbox
from bot.config import Settings
from bot.context import SERVICES_KEY, Ctx, Services, services_of
from bot.handlers import errors, start
from bot.i18n import Renderer
from store import open_store

log = logging.getLogger(__name__)

App = Application[Any, Ctx, Any, Any, Any, Any]

# Handler groups, lowest first: PTB stops at the first matching handler within a group.
GROUP_COMMANDS = 0


async def _dispatch_outbox(context: Ctx) -> None:
    await outbox.run_once(context.bot, context.services.store)


async def _post_init(application: App) -> None:
    settings: Settings = application.bot_data["comanda.settings"]
    store = await open_store(settings.database)
    application.bot_data[SERVICES_KEY] = Services(
        settings=settings, store=store, renderer=Renderer()
    )
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _dispatch_outbox, interval=settings.outbox_interval, first=0.0, name="outbox"
        )


async def _post_shutdown(application: App) -> None:
    services = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        await services.store.close()


def build_application(settings: Settings, *, rate_limit: bool = True) -> App:
    builder = (
        Application.builder()
        .token(settings.bot_token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=Ctx))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application: App = builder.build()
    application.bot_data["comanda.settings"] = settings
    for handler in start.handlers():
        application.add_handler(handler, group=GROUP_COMMANDS)
    application.add_error_handler(errors.on_error)
    return application


__all__ = ["build_application", "services_of"]
