"""Faults on purpose: failures, delays, dropped connections, 429s, offline windows."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Fault:
    kind: str  # "fail" | "delay" | "drop" | "429"
    remaining: int | None  # None: until cleared
    method: str | None = None  # only calls to this method (case-insensitive)
    status: int = 500
    seconds: float = 0.0
    retry_after: int = 1
    chat_id: int | None = None  # only calls whose chat_id is this one

    def matches(self, method: str, chat_id: object = None) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)


@dataclass
class Faults:
    active: list[Fault] = field(default_factory=list)
    offline_until: float = 0.0

    def fail_next(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        status: int = 500,
        chat_id: int | None = None,
    ) -> None:
        self.active.append(Fault("fail", count, method, status=status, chat_id=chat_id))

    def delay(
        self,
        seconds: float,
        *,
        count: int | None = None,
        method: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        self.active.append(Fault("delay", count, method, seconds=seconds, chat_id=chat_id))

    def drop_next(
        self, count: int = 1, *, method: str | None = None, chat_id: int | None = None
    ) -> None:
        self.active.append(Fault("drop", count, method, chat_id=chat_id))

    def force_429(
        self,
        retry_after: int = 1,
        *,
        count: int = 1,
        method: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        self.active.append(Fault("429", count, method, retry_after=retry_after, chat_id=chat_id))

    def go_offline(self, seconds: float) -> None:
        self.offline_until = time.monotonic() + seconds

    def clear(self) -> None:
        self.active.clear()
        self.offline_until = 0.0

    @property
    def offline(self) -> bool:
        return time.monotonic() < self.offline_until

    def take(self, method: str, chat_id: object = None) -> list[Fault]:
        """The faults that apply to this call, counting them down."""
        hits: list[Fault] = []
        for fault in list(self.active):
            if not fault.matches(method, chat_id):
                continue
            hits.append(fault)
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.active.remove(fault)
        return hits
