"""Telegram's sending limits as token buckets: a burst, then a steady rate."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field


@dataclass
class Limits:
    """Per bot: ~30 messages/s overall, 1/s per private chat (short burst), 20/min per group."""

    enabled: bool = True
    overall_per_second: float = 30.0
    overall_burst: float = 40.0  # slack for network jitter: arrivals bunch up, Telegram allows it
    private_per_second: float = 1.0
    private_burst: float = 5.0
    group_per_minute: float = 20.0
    group_burst: float = 20.0


@dataclass
class Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_needed(self, now: float) -> float:
        """Seconds until one token is available (0 when one is)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimiter:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._overall: Bucket | None = None
        self._chats: dict[int, Bucket] = {}

    def reset(self) -> None:
        self._overall = None
        self._chats.clear()

    def check(self, chat_id: int, is_private: bool) -> int | None:
        """None when a message may go now (and counts it), else retry_after in seconds."""
        limits = self.limits
        if not limits.enabled:
            return None
        now = time.monotonic()
        if self._overall is None:
            self._overall = Bucket(limits.overall_per_second, limits.overall_burst)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = (
                Bucket(limits.private_per_second, limits.private_burst)
                if is_private
                else Bucket(limits.group_per_minute / 60.0, limits.group_burst)
            )
            self._chats[chat_id] = chat
        wait = max(self._overall.wait_needed(now), chat.wait_needed(now))
        if wait > 0:
            return max(1, math.ceil(wait))
        self._overall.take()
        chat.take()
        return None
