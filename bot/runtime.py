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


BOT_CHECK = 30.0  # seconds between looks for vendors' bots added meanwhile


@asynccontextmanager
async def serving_all(
    app: App,
    *,
    webhook: WebhookConfig | None = None,
    poll_timeout: int = 10,
    receive: bool = True,
    check_every: float = BOT_CHECK,
) -> AsyncIterator[App]:
    """The shared bot's Application (``app``) and one per vendor's own bot, each receiving
    (the own bots by polling) and handling its updates, sending its outbox and broadcasts at
    its own pace; a bot a vendor adds meanwhile starts within ``check_every`` seconds."""
    async with serving(app, webhook=webhook, poll_timeout=poll_timeout, receive=receive):
        async with contextlib.AsyncExitStack() as others:
            running: set[str] = set()

            async def start_new() -> None:
                from bot.app import sibling

                async with services_of(app).store.read() as tx:
                    bots = await tx.bots.serving()
                for bot in bots:
                    if bot.token in running:
                        continue
                    running.add(bot.token)  # tried once: a bad token is not tried in a loop
                    try:
                        await others.enter_async_context(
                            serving(sibling(app, bot), poll_timeout=poll_timeout, receive=receive)
                        )
                        log.info("bot @%s (%s) started", bot.username, bot.telegram_id)
                    except Exception:  # noqa: BLE001 - one vendor's bot never stops the rest
                        log.error("bot @%s could not start", bot.username, exc_info=True)

            async def keep_looking() -> None:
                while True:
                    await asyncio.sleep(check_every)
                    try:
                        await start_new()
                    except Exception:  # noqa: BLE001 - the store may be briefly unreachable
                        log.warning("could not look for new bots", exc_info=True)

            await start_new()
            watcher = asyncio.create_task(keep_looking(), name="comanda-bots")
            try:
                yield app
            finally:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher


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
    async with serving_all(app, webhook=webhook, receive=receive):
        await stop.wait()
