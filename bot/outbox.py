"""Delivers the outbox: every pending message reaches its chat once, in order, with
retries and back-off through outages, resuming after a restart."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from store import Store
from store.models import OutboxMessage
from store.repos import Tx

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int, base: float = 1.0) -> timedelta:
    """base, 2 x base, 4 x base ... capped at five minutes."""
    return min(MAX_BACKOFF, timedelta(seconds=base * 2 ** min(attempts, 16)))


def _as_dict(result: Any) -> dict[str, Any] | None:
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if k in ("message_id", "chat", "date")}
    return None


Prepare = Callable[[OutboxMessage], Awaitable[dict[str, Any]]]
AfterSent = Callable[[Tx, OutboxMessage, dict[str, Any] | None], Awaitable[None]]


async def as_stored(message: OutboxMessage) -> dict[str, Any]:
    return message.payload


async def nothing_after(tx: Tx, message: OutboxMessage, result: dict[str, Any] | None) -> None:
    return None


async def deliver(bot: Bot, payload: dict[str, Any]) -> dict[str, Any] | None:
    method = str(payload["method"])
    params = dict(payload.get("params", {}))
    with warnings.catch_warnings():
        # do_api_request prefers named Bot methods; the outbox stores plain Bot API calls.
        warnings.simplefilter("ignore", PTBUserWarning)
        result = await bot.do_api_request(method, api_kwargs=params)
    return _as_dict(result)


async def run_once(
    bot: Bot,
    store: Store,
    *,
    limit: int = 50,
    prepare: Prepare = as_stored,
    after_sent: AfterSent = nothing_after,
    retry_base: float = 1.0,
) -> int:
    """Deliver what is due now; returns how many were sent.  ``prepare`` may refresh a
    payload just before sending (e.g. an order card's current status); ``after_sent`` runs in
    the transaction that marks the message sent."""
    async with store.read() as tx:
        due = await tx.outbox.due(limit=limit)
    sent = 0
    for message in due:
        now = datetime.now(UTC)
        try:
            result = await deliver(bot, await prepare(message))
        except RetryAfter as exc:
            delay = exc.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            async with store.tx() as tx:
                await tx.outbox.mark_retry(
                    message.id, f"429: {exc}", now + timedelta(seconds=seconds)
                )
            break  # the whole bot is being throttled: stop this run
        except (Forbidden, BadRequest) as exc:
            log.warning("outbox message %s refused by Telegram: %s", message.id, exc)
            async with store.tx() as tx:
                await tx.outbox.mark_failed(message.id, f"{type(exc).__name__}: {exc}")
            continue
        except TelegramError as exc:
            log.info("outbox message %s will be retried: %s", message.id, exc)
            async with store.tx() as tx:
                await tx.outbox.mark_retry(
                    message.id,
                    f"{type(exc).__name__}: {exc}",
                    now + backoff(message.attempts, retry_base),
                )
            continue
        async with store.tx() as tx:
            if await tx.outbox.mark_sent(message.id, result):
                await after_sent(tx, message, result)
                sent += 1
    return sent
