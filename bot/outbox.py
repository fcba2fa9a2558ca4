"""Delivers the outbox: every pending message reaches its chat once, in order, with retries
and back-off through outages, resuming after a restart.

Messages are claimed from the store with a lease (several processes never send one twice; a
killed process's claims expire, or are freed at once on the same machine). Each chat's
messages go in order, one after another; chats go side by side, so a group waiting on its
20-per-minute limit never holds up a notice to a customer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

from bot.ratelimit import retry_after_seconds
from store import Store
from store.models import OutboxMessage
from store.repos import Tx

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=5)
MAX_ATTEMPTS = 30  # about two hours of failures at the longest back-off: then failed
LEASE = timedelta(seconds=60)


def backoff(attempts: int, base: float = 1.0) -> timedelta:
    """base, 2 x base, 4 x base ... capped at five minutes."""
    return min(MAX_BACKOFF, timedelta(seconds=base * 2 ** min(attempts, 16)))


def _as_dict(result: Any) -> dict[str, Any] | None:
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if k in ("message_id", "chat", "date")}
    return None


PACED = {"paced": True}  # the sender waited its turn with the rate limiter already
Pace = Callable[[int | None, str, bool], Awaitable[None]]  # chat, method, bulk
Prepare = Callable[[OutboxMessage], Awaitable[dict[str, Any]]]
AfterSent = Callable[[Tx, OutboxMessage, dict[str, Any] | None], Awaitable[None]]


async def as_stored(message: OutboxMessage) -> dict[str, Any]:
    return message.payload


async def no_pace(chat_id: int | None, method: str, bulk: bool = False) -> None:
    return None


async def nothing_after(tx: Tx, message: OutboxMessage, result: dict[str, Any] | None) -> None:
    return None


async def deliver(bot: ExtBot[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any] | None:
    method = str(payload["method"])
    params = dict(payload.get("params", {}))
    with warnings.catch_warnings():
        # do_api_request prefers named Bot methods; the outbox stores plain Bot API calls.
        warnings.simplefilter("ignore", PTBUserWarning)
        result = await bot.do_api_request(method, api_kwargs=params, rate_limit_args=PACED)
    return _as_dict(result)


class Outbox:
    """The outbox dispatcher: one loop that claims due messages and one chain per chat."""

    def __init__(
        self,
        bot: ExtBot[dict[str, Any]],
        store: Store,
        *,
        owner: str,
        prepare: Prepare = as_stored,
        after_sent: AfterSent = nothing_after,
        retry_base: float = 1.0,
        interval: float = 1.0,
        limit: int = 100,
        pace: Pace = no_pace,
        in_doubt: asyncio.Semaphore | None = None,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.bot = bot
        self.store = store
        self.owner = owner
        self.prepare = prepare
        self.after_sent = after_sent
        self.retry_base = retry_base
        self.interval = interval
        self.limit = limit
        self.pace = pace
        # Held from the send until its outcome is committed: a crash leaves at most this many
        # messages accepted by Telegram but not marked as sent (shared with broadcasts).
        self.in_doubt = in_doubt or asyncio.Semaphore(1)
        self.max_attempts = max_attempts
        self.chains: dict[int | None, asyncio.Task[None]] = {}
        self.wake = asyncio.Event()
        self.stopping = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.sent = 0

    def start(self) -> None:
        self.stopping.clear()
        self.task = asyncio.create_task(self._run(), name="outbox")

    def poke(self) -> None:
        self.wake.set()

    async def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.wake.set()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        if self.chains:
            await asyncio.wait(list(self.chains.values()), timeout=timeout)
        if all(
            task.done() for task in self.chains.values()
        ):  # nothing on its way: hand back what was claimed, not sent
            async with self.store.tx() as tx:
                await tx.outbox.release_owners([self.owner])

    async def _run(self) -> None:
        while not self.stopping.is_set():
            self.wake.clear()  # before claiming: a wake-up during the claim is kept
            try:
                await self.dispatch()
            except Exception:  # noqa: BLE001 - the store may be busy: try again shortly
                log.warning("outbox dispatch failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.interval)

    async def dispatch(self) -> int:
        """Claim what is due for chats not already busy, start one chain per chat."""
        now = datetime.now(UTC)
        async with self.store.tx() as tx:
            claimed = await tx.outbox.claim(
                self.owner,
                now=now,
                lease_until=now + LEASE,
                limit=self.limit,
                busy_chats=[c for c in self.chains if c is not None],
            )
        by_chat: dict[int | None, list[OutboxMessage]] = {}
        for message in claimed:
            by_chat.setdefault(message.chat_id, []).append(message)
        for chat, messages in by_chat.items():
            task = asyncio.create_task(self._chain(messages), name=f"outbox-{chat}")
            self.chains[chat] = task
            task.add_done_callback(self._chain_done(chat))
        return len(claimed)

    def _chain_done(self, chat: int | None) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            if self.chains.get(chat) is task:
                del self.chains[chat]

        return done

    async def _chain(self, messages: list[OutboxMessage]) -> None:
        for index, message in enumerate(messages):
            if self.stopping.is_set():
                await self._release(messages[index:])
                return
            try:
                go_on = await self.send_one(message)
            except Exception:  # noqa: BLE001 - a bug in a hook must not stop the chat's chain
                log.exception("outbox message %s could not be sent", message.id)
                await self._retry(message, "internal error", backoff(message.attempts))
                go_on = False
            if not go_on:  # keep this chat's order: the rest waits for the retry
                await self._release(messages[index + 1 :])
                return

    async def _release(self, messages: list[OutboxMessage]) -> None:
        if messages:
            async with self.store.tx() as tx:
                await tx.outbox.release([m.id for m in messages], self.owner)

    async def _retry(self, message: OutboxMessage, error: str, delay: timedelta) -> None:
        async with self.store.tx() as tx:
            if message.attempts + 1 >= self.max_attempts:
                log.warning(
                    "outbox message %s failed %s times: %s", message.id, message.attempts + 1, error
                )
                await tx.outbox.mark_failed(message.id, error)
            else:
                await tx.outbox.mark_retry(message.id, error, datetime.now(UTC) + delay)

    async def send_one(self, message: OutboxMessage) -> bool:
        """Send one message and record the outcome; False when the chat must wait."""
        payload = await self.prepare(message)
        await self.pace(message.chat_id, str(payload.get("method", "sendMessage")), False)
        async with self.in_doubt:
            return await self._send_and_record(message, payload)

    async def _send_and_record(self, message: OutboxMessage, payload: dict[str, Any]) -> bool:
        try:
            result = await deliver(self.bot, payload)
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            await self._retry(
                message, f"429: retry after {seconds:g} s", timedelta(seconds=seconds)
            )
            return False
        except (Forbidden, BadRequest) as exc:
            log.warning("outbox message %s refused by Telegram: %s", message.id, exc)
            async with self.store.tx() as tx:
                await tx.outbox.mark_failed(message.id, f"{type(exc).__name__}: {exc}")
            return True
        except TelegramError as exc:
            log.info("outbox message %s will be retried: %s", message.id, exc)
            await self._retry(
                message, f"{type(exc).__name__}: {exc}", backoff(message.attempts, self.retry_base)
            )
            return False
        async with self.store.tx() as tx:
            if await tx.outbox.mark_sent(message.id, result):
                self.sent += 1
                try:  # a failing hook must never undo "sent": that would send it again
                    async with tx.savepoint():
                        await self.after_sent(tx, message, result)
                except Exception:  # noqa: BLE001 - logged; the message stays sent
                    log.exception("after sending outbox message %s", message.id)
        return True
