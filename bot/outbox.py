"""Delivers the outbox: every pending message reaches its chat once, in order, with
retries and back-off through outages, resuming after a restart."""

from __future__ import annotations

import logging
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from store import Store
from store.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """1 s, 2 s, 4 s ... capped at five minutes."""
    return min(MAX_BACKOFF, timedelta(seconds=2 ** min(attempts, 16)))


def _as_dict(result: Any) -> dict[str, Any] | None:
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if k in ("message_id", "chat", "date")}
    return None


async def deliver(bot: Bot, message: OutboxMessage) -> dict[str, Any] | None:
    method = str(message.payload["method"])
    params = dict(message.payload.get("params", {}))
    with warnings.catch_warnings():
        # do_api_request prefers named Bot methods; the outbox stores plain Bot API calls.
        warnings.simplefilter("ignore", PTBUserWarning)
        result = await bot.do_api_request(method, api_kwargs=params)
    return _as_dict(result)


async def run_once(bot: Bot, store: Store, *, limit: int = 50) -> int:
    """Deliver what is due now; returns how many were sent."""
    async with store.read() as tx:
        due = await tx.outbox.due(limit=limit)
    sent = 0
    for message in due:
        now = datetime.now(UTC)
        try:
            result = await deliver(bot, message)
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
                    message.id, f"{type(exc).__name__}: {exc}", now + backoff(message.attempts)
                )
            continue
        async with store.tx() as tx:
            if await tx.outbox.mark_sent(message.id, result):
                sent += 1
    return sent
