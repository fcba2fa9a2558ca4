"""Pacing requests the way Telegram limits them, and nothing more: about 30 messages/s for
the bot, about 1/s per private chat after a short burst, 20/min per group.

Each chat has its own bucket, so a busy group makes only that group wait; the bot-wide bucket
keeps a small reserve that bulk sends (broadcasts) may not take, so a reply in a private chat
is never queued behind a broadcast. A 429 pauses only the chat it concerns, for its
``retry_after``. Requests without a chat (getUpdates, answerCallbackQuery...) are not paced."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
RateLimitArgs = dict[str, Any]

# Requests that put a message in a chat; edits are counted in groups only.
SENDS = frozenset(
    {
        "sendmessage", "sendphoto", "senddocument", "sendvideo", "sendaudio", "sendvoice",
        "sendanimation", "sendsticker", "sendmediagroup", "sendlocation", "sendcontact",
        "sendpoll", "senddice", "sendvenue", "sendvideonote", "copymessage", "copymessages",
        "forwardmessage", "forwardmessages",
    }
)  # fmt: skip
EDITS = frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagemedia", "editmessagereplymarkup"}
)


@dataclass
class Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)
    paused_until: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def wait_for(self, now: float, need: float = 1.0) -> float:
        """Seconds until ``need`` tokens are there (0: take one now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self.tokens >= need else (need - self.tokens) / self.rate


@dataclass(frozen=True)
class Pace:
    enabled: bool = True  # off: requests go straight through (benchmarks without limits)
    overall_per_second: float = 30.0
    overall_burst: float = 30.0
    bulk_reserve: float = 3.0  # tokens of the bot-wide bucket only replies may use
    private_per_second: float = 1.0
    private_burst: float = 3.0
    group_per_minute: float = 20.0
    group_burst: float = 10.0
    pause_base: float = 1.0  # first pause when Telegram is unreachable, doubling
    max_pause: float = 30.0


class TelegramRateLimiter(BaseRateLimiter[RateLimitArgs]):
    """``rate_limit_args={"bulk": True}`` marks a broadcast send: it yields to replies and
    its 429s are handed back at once to the sender, which pauses itself.
    ``{"paced": True}`` marks a send whose caller already waited its turn with :meth:`pace`
    (the outbox and the broadcast sender wait first, then send and record the outcome while
    holding the one-send-in-doubt lock)."""

    def __init__(self, pace: Pace | None = None, *, max_retries: int = 2) -> None:
        self.config = pace or Pace()
        self.max_retries = max_retries
        self.overall = Bucket(self.config.overall_per_second, self.config.overall_burst)
        self.chats: dict[str, Bucket] = {}
        self.throttled = 0  # requests that had to wait (for the benches)
        # Telegram unreachable (network errors, 5xx): everything waits, doubling the pause,
        # and then one request at a time probes; the first success opens the gate again.
        self.failures = 0
        self.unreachable_until = 0.0
        self.probing = False
        self.failed_requests = 0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _chat_bucket(self, chat: str) -> Bucket:
        bucket = self.chats.get(chat)
        if bucket is None:
            if len(self.chats) > 50_000:  # forget idle chats (their buckets are full again)
                now = time.monotonic()
                self.chats = {
                    k: b for k, b in self.chats.items() if now - b.stamp < 60 or b.paused_until
                }
            private = not chat.startswith("-") and not chat.startswith("@")
            bucket = (
                Bucket(self.config.private_per_second, self.config.private_burst)
                if private
                else Bucket(self.config.group_per_minute / 60.0, self.config.group_burst)
            )
            self.chats[chat] = bucket
        return bucket

    async def pace(
        self, chat_id: int | str | None, method: str = "sendMessage", *, bulk: bool = False
    ) -> None:
        """Wait until ``method`` to ``chat_id`` may go; the caller then sends it ``paced``."""
        if self._counted(method, None if chat_id is None else str(chat_id)):
            await self._acquire(self._chat_bucket(str(chat_id)), bulk)

    def _counted(self, method: str, chat: str | None) -> bool:
        if not self.config.enabled or chat is None:
            return False
        group = chat.startswith("-") or chat.startswith("@")
        name = method.lower()
        return name in SENDS or (group and name in EDITS)

    async def _gate(self) -> bool:
        """Wait while Telegram is thought unreachable; True when this request is the probe."""
        while True:
            now = time.monotonic()
            if now < self.unreachable_until:
                await asyncio.sleep(min(self.unreachable_until - now, 1.0))
                continue
            if self.failures == 0:
                return False
            if not self.probing:
                self.probing = True
                return True
            await asyncio.sleep(0.05)

    def _outcome(self, probe: bool, failed: bool) -> None:
        if probe:
            self.probing = False
        if not failed:
            if self.failures:
                log.warning("Telegram answers again")
            self.failures = 0
            self.unreachable_until = 0.0  # waiters wake within their next short sleep
            return
        self.failed_requests += 1
        self.failures += 1
        pause = min(self.config.max_pause, self.config.pause_base * 2 ** min(self.failures - 1, 10))
        self.unreachable_until = max(self.unreachable_until, time.monotonic() + pause)
        if self.failures == 1:
            log.warning("Telegram unreachable: requests wait and retry with back-off")

    async def _acquire(self, chat: Bucket | None, bulk: bool) -> None:
        need = 1.0 + (self.config.bulk_reserve if bulk else 0.0)
        waited = False
        while True:
            now = time.monotonic()
            wait = chat.wait_for(now) if chat is not None else 0.0
            wait = max(wait, self.overall.wait_for(now, need))
            if wait <= 0:
                if chat is not None:
                    chat.tokens -= 1
                self.overall.tokens -= 1
                if waited:
                    self.throttled += 1
                return
            waited = True
            await asyncio.sleep(min(wait, 5.0))

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RateLimitArgs | None,
    ) -> Result:
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        paced = bool(rate_limit_args and rate_limit_args.get("paced"))
        chat_id = data.get("chat_id")
        chat = None if chat_id is None else str(chat_id)
        counted = self._counted(endpoint, chat)
        polling = endpoint.lower() == "getupdates"  # has its own back-off; never the probe
        attempt = 0
        while True:
            bucket = self._chat_bucket(chat) if chat is not None else None
            probe = False if polling else await self._gate()
            try:
                if counted and not (paced and attempt == 0):
                    await self._acquire(bucket, bulk)
                result = await callback(*args, **kwargs)
            except (NetworkError, TimedOut) as exc:
                self._outcome(probe, failed=not isinstance(exc, BadRequest))
                raise
            except RetryAfter as exc:
                self._outcome(probe, failed=False)
                seconds = retry_after_seconds(exc)
                target = bucket if bucket is not None else self.overall
                target.paused_until = max(target.paused_until, time.monotonic() + seconds)
                attempt += 1
                if bulk or attempt > self.max_retries:
                    raise
                log.info("429 on %s for chat %s: waiting %.0f s", endpoint, chat, seconds)
                continue
            except asyncio.CancelledError:
                self.probing = self.probing and not probe
                raise
            except BaseException:  # Telegram answered (403, ...): it is reachable
                self._outcome(probe, failed=False)
                raise
            self._outcome(probe, failed=False)
            return result


def retry_after_seconds(exc: RetryAfter) -> float:
    """A 429's retry_after in seconds (PTB gives an int or, later, a timedelta)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
