"""Running Comanda's Application: PTB's start-up and shut-down order (initialize, post_init,
start ... stop, post_stop, shutdown, post_shutdown) around our own durable receivers and the
inbox processor, inside a running event loop (``comanda run``, the demo, tests, benches)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.context import services_of
from bot.receive import Poller, WebhookServer

App = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    listen: str
    port: int
    secret_token: str | None = None

    @property
    def path(self) -> str:
        return self.url.split("://", 1)[-1].partition("/")[2]


@asynccontextmanager
async def serving(
    app: App, *, webhook: WebhookConfig | None = None, poll_timeout: int = 10
) -> AsyncIterator[App]:
    """Receive (polling or webhook), handle through the inbox, stop in order."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        inbox = services_of(app).inbox
        await inbox.start()
        receiver: Poller | WebhookServer
        if webhook is None:
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
        await receiver.start()
        try:
            yield app
        finally:
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


async def run_until_signalled(app: App, *, webhook: WebhookConfig | None = None) -> None:
    """``comanda run``: serve until SIGINT or SIGTERM, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with serving(app, webhook=webhook):
        await stop.wait()
