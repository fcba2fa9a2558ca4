"""Running Comanda's Application: PTB's start-up and shut-down order (initialize, post_init,
start ... stop, post_stop, shutdown, post_shutdown) around our own durable receivers and the
inbox processor, inside a running event loop (``comanda run``, the demo, tests, benches)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from bot.config import WebhookConfig
from bot.context import services_of
from bot.receive import Poller, WebhookServer

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]


@asynccontextmanager
async def serving(
    app: App,
    *,
    webhook: WebhookConfig | None = None,
    poll_timeout: int = 10,
    receive: bool = True,
) -> AsyncIterator[App]:
    """Receive (polling or webhook), handle through the inbox, stop in order. Without
    ``receive`` (a worker) it only handles what another process received."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        inbox = services_of(app).inbox
        await inbox.start()
        receiver: Poller | WebhookServer | None
        if not receive:
            receiver = None
        elif webhook is None:
            receiver = Poller(app.bot, inbox, timeout=poll_timeout)
        else:
            receiver = WebhookServer(
                app.bot,
                inbox,
                listen=webhook.listen,
                port=webhook.port,
                path=webhook.path,
                url=webhook.url,
                secret_token=webhook.secret_token,
            )
        if receiver is not None:
            await receiver.start()
        try:
            yield app
        finally:
            if receiver is not None:
                await receiver.stop()
            await inbox.stop()
    finally:
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def run_until_signalled(
    app: App,
    *,
    webhook: WebhookConfig | None = None,
    receive: bool = True,
    early_stop: threading.Event | None = None,
) -> None:
    """``comanda run`` (or ``comanda worker``, without ``receive``): serve until SIGINT or
    SIGTERM, then stop cleanly. ``early_stop`` is set by a signal that came before this loop's
    handlers were in place: then nothing starts at all."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    if early_stop is not None and early_stop.is_set():
        log.warning("interrupted while starting: stopped")
        return
    async with serving(app, webhook=webhook, receive=receive):
        await stop.wait()
