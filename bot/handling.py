"""What the inbox knows about the update being handled right now, shared with the handlers
through a context variable: the button's answer waits here until the work is committed, and
the error path records an unexpected failure here so the inbox can retry or park it."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Handling:
    update_id: int
    final_attempt: bool  # the last try before the update is parked
    answer_text: str | None = None
    answer_alert: bool = False
    answered: bool = False  # an answer is recorded (sent once the work is done)
    error: BaseException | None = None  # unexpected: retried, parked after the last try
    transient: bool = False  # the error was the network's, not the update's fault
    # what one update reads several times and does not change (e.g. who the customer is);
    # it lives as long as this attempt at the update
    memo: dict[str, Any] = field(default_factory=dict)


CURRENT: ContextVar[Handling | None] = ContextVar("comanda_handling", default=None)


def current() -> Handling | None:
    return CURRENT.get()
