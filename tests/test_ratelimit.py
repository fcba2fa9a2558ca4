"""The rate limiter against the sandbox with Telegram's limits on: a busy group waits alone,
a private reply never queues behind it or behind bulk sends, a 429 pauses only its chat, and
when Telegram is unreachable everything waits while one request at a time probes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from telegram.error import NetworkError, RetryAfter
from telegram.ext import Application

from bot.ratelimit import Pace, TelegramRateLimiter
from sandbox import SandboxServer

Factory = Callable[..., Application]  # type: ignore[type-arg]


async def test_group_waits_alone_and_replies_skip_the_queue(
    sandbox: SandboxServer, ptb_app: Factory
) -> None:
    world = sandbox.world
    group = world.create_group("Team").id
    ana = world.create_user("Ana").id
    limiter = TelegramRateLimiter(Pace(group_burst=3))
    app = ptb_app(rate_limiter=limiter)
    async with app.bot:
        cards = [asyncio.create_task(app.bot.send_message(group, f"card {i}")) for i in range(6)]
        bulk = [
            asyncio.create_task(
                app.bot.send_message(
                    world.create_user(f"R{i}").id, "news", rate_limit_args={"bulk": True}
                )
            )
            for i in range(40)
        ]
        await asyncio.sleep(0.2)
        await app.bot.send_message(ana, "your reply")
        sent_cards = len(world.bot_messages(group))
        bulk_done = sum(task.done() for task in bulk)
        await asyncio.gather(*bulk)
        for task in cards:
            task.cancel()
    # The group got its burst and then waits (20 a minute); the reply did not wait for it,
    # nor for the bulk sends queued before it (a reserve of the bot-wide bucket is its own).
    assert sent_cards == 3
    assert bulk_done < 40
    assert [c for c in world.calls if c.status == 429] == []


async def test_a_429_pauses_only_its_chat(sandbox: SandboxServer, ptb_app: Factory) -> None:
    world = sandbox.world
    ana, ben = world.create_user("Ana").id, world.create_user("Ben").id
    world.faults.force_429(2, count=1, method="sendMessage", chat_id=ana)
    world.expect_rejection(429, "Too Many Requests")
    app = ptb_app(rate_limiter=TelegramRateLimiter())
    async with app.bot:
        to_ana = asyncio.create_task(app.bot.send_message(ana, "after the pause"))
        await asyncio.sleep(0.3)
        await app.bot.send_message(ben, "not paused")
        assert not to_ana.done()  # Ana's chat waits out retry_after; Ben's did not
        assert (await to_ana).text == "after the pause"
        # bulk sends get the 429 back at once (the broadcast sender pauses itself)
        world.faults.force_429(1, count=1, method="sendMessage", chat_id=ben)
        with pytest.raises(RetryAfter):
            await app.bot.send_message(ben, "bulk", rate_limit_args={"bulk": True})


async def test_unreachable_telegram_is_probed_not_hammered(
    sandbox: SandboxServer, ptb_app: Factory
) -> None:
    world = sandbox.world
    users = [world.create_user(f"Cook {i}").id for i in range(10)]
    limiter = TelegramRateLimiter(Pace(pause_base=0.2, max_pause=0.4))
    app = ptb_app(rate_limiter=limiter)
    async with app.bot:
        world.faults.go_offline(2.0)

        async def keep_trying(user: int) -> Any:
            while True:
                try:
                    return await app.bot.send_message(user, "hello")
                except NetworkError:
                    continue

        results = await asyncio.gather(*(keep_trying(u) for u in users))
    assert len(results) == 10 and all(len(world.bot_messages(u)) == 1 for u in users)
    failed = [c for c in world.calls if c.status == 502]
    # Without the gate ten tight loops make hundreds of failed calls in two seconds; with it,
    # the first wave and then one probe per pause.
    assert len(failed) <= 10 + 2.0 / 0.2 + 2, len(failed)
    assert limiter.failures == 0  # open again
