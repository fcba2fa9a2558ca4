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

from telegram.error import RetryAfter
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


class TelegramRateLimiter(BaseRateLimiter[RateLimitArgs]):
    """``rate_limit_args={"bulk": True}`` marks a broadcast send: it yields to replies and
    its 429s are handed back at once to the sender, which pauses itself."""

    def __init__(self, pace: Pace | None = None, *, max_retries: int = 2) -> None:
        self.pace = pace or Pace()
        self.max_retries = max_retries
        self.overall = Bucket(self.pace.overall_per_second, self.pace.overall_burst)
        self.chats: dict[str, Bucket] = {}
        self.throttled = 0  # requests that had to wait (for the benches)

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
                Bucket(self.pace.private_per_second, self.pace.private_burst)
                if private
                else Bucket(self.pace.group_per_minute / 60.0, self.pace.group_burst)
            )
            self.chats[chat] = bucket
        return bucket

    async def _acquire(self, chat: Bucket | None, bulk: bool) -> None:
        need = 1.0 + (self.pace.bulk_reserve if bulk else 0.0)
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
        name = endpoint.lower()
        chat_id = data.get("chat_id")
        chat = None if chat_id is None else str(chat_id)
        group = chat is not None and (chat.startswith("-") or chat.startswith("@"))
        counted = (
            self.pace.enabled and chat is not None and (name in SENDS or (group and name in EDITS))
        )
        attempt = 0
        while True:
            bucket = self._chat_bucket(chat) if chat is not None else None
            if counted:
                await self._acquire(bucket, bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _seconds(exc.retry_after)
                target = bucket if bucket is not None else self.overall
                target.paused_until = max(target.paused_until, time.monotonic() + seconds)
                attempt += 1
                if bulk or attempt > self.max_retries:
                    raise
                log.info("429 on %s for chat %s: waiting %.0f s", endpoint, chat, seconds)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
