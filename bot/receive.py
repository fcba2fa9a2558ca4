"""Receiving updates durably: long polling that moves the ``getUpdates`` offset on only after
the updates are stored, and a webhook server that answers 200 only after storing them."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging

from aiohttp import web
from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.inbox import Inbox
from bot.ratelimit import retry_after_seconds

log = logging.getLogger(__name__)

MAX_POLL_BACKOFF = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Poller:
    """One ``getUpdates`` loop.  Telegram forgets an update only when a later call passes an
    offset past it, and that call is made only after the update is in the store."""

    def __init__(self, bot: Bot, inbox: Inbox, *, timeout: int = 10, limit: int = 100) -> None:
        self.bot = bot
        self.inbox = inbox
        self.timeout = timeout
        self.limit = limit
        self.offset: int | None = None
        self.task: asyncio.Task[None] | None = None
        self.failures = 0
        self.received = 0

    async def start(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        self.task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def _run(self) -> None:
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=self.offset,
                    timeout=self.timeout,
                    limit=self.limit,
                    allowed_updates=None,
                    read_timeout=self.timeout + 10,
                )
            except InvalidToken:
                log.error("Telegram refused the bot token; polling stops")
                return
            except RetryAfter as exc:
                await self._pause(exc, retry_after_seconds(exc))
                continue
            except (NetworkError, Conflict) as exc:  # Telegram away, or a second poller
                await self._pause(exc, None)
                continue
            except TelegramError as exc:
                await self._pause(exc, None)
                continue
            if self.failures:
                log.warning("Telegram answers again after %s failed poll(s)", self.failures)
                self.failures = 0
            if not updates:
                continue
            try:
                self.received += await self.inbox.receive(updates)
            except Exception:  # noqa: BLE001 - not stored: ask for the same updates again
                log.exception("could not store %s update(s); asking again", len(updates))
                await asyncio.sleep(1.0)
                continue
            self.offset = updates[-1].update_id + 1

    async def _pause(self, exc: Exception, seconds: float | None) -> None:
        """Back off 1, 2, 4 ... 30 s; one warning when the trouble starts, no traceback."""
        self.failures += 1
        delay = seconds if seconds is not None else min(MAX_POLL_BACKOFF, 2 ** (self.failures - 1))
        if self.failures == 1 or self.failures % 10 == 0:
            log.warning("polling failed (%s); trying again in %.0f s", exc, delay)
        await asyncio.sleep(delay)


class WebhookServer:
    """Telegram posts updates here; each is stored before the 200 that acknowledges it.
    A request without the secret token is refused with 403."""

    def __init__(
        self,
        bot: Bot,
        inbox: Inbox,
        *,
        listen: str,
        port: int,
        path: str,
        url: str,
        secret_token: str | None,
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.listen, self.port, self.path = listen, port, "/" + path.lstrip("/")
        self.url = url
        self.secret_token = secret_token
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        app.router.add_post(self.path, self._on_update)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, self.listen, self.port).start()
        await self.bot.set_webhook(self.url, secret_token=self.secret_token)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def _on_update(self, request: web.Request) -> web.Response:
        if self.secret_token is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            return web.Response(status=400)
        try:
            await self.inbox.receive_raw(data)
        except Exception:  # noqa: BLE001 - not stored: Telegram must send it again
            log.exception("could not store update %s", data.get("update_id"))
            return web.Response(status=500)
        return web.Response(status=200)
