"""What the inbox knows about the update being handled right now, shared with the handlers
through a context variable: the button's answer waits here until the work is committed, and
the error path records an unexpected failure here so the inbox can retry or park it, and
effects that must not be made twice are numbered here."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.repos import Tx


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
    effects: int = 0  # effects numbered so far in this attempt (see ``effect_key``)

    def effect_key(self, what: str) -> str:
        """The next effect's key: the same in every attempt at this update, as long as the
        handler makes the same effects in the same order (it reads the same update)."""
        self.effects += 1
        return f"{self.update_id}:{self.effects}:{what}"


CURRENT: ContextVar[Handling | None] = ContextVar("comanda_handling", default=None)


def current() -> Handling | None:
    return CURRENT.get()


async def first_time(tx: Tx, what: str, now: datetime) -> bool:
    """Whether an effect that is not idempotent should be made now, in ``tx``: False when an
    earlier attempt at the update being handled made it and committed (the process died before
    the update was marked done). Outside an update (jobs, the CLI) always True."""
    handling = current()
    if handling is None:
        return True
    return await tx.inbox.first_time(handling.effect_key(what), now)
