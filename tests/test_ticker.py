"""The ticker runs the timed jobs (reminders, the pick list at the cutoff) every interval."""

from __future__ import annotations

import asyncio

import pytest

from bot.services.ticker import Ticker


async def test_a_failing_job_never_stops_the_others(caplog: pytest.LogCaptureFixture) -> None:
    woken: list[int] = []

    async def broken() -> int:
        raise RuntimeError("the store is away")

    async def fine() -> int:
        return 2

    ticker = Ticker([broken, fine], interval=60, after=lambda: woken.append(1))
    assert await ticker.tick() == 2 and woken == [1]  # the outbox is woken for what was queued
    assert "a timed job failed this time (broken)" in caplog.text


async def test_it_looks_again_every_interval_until_stopped() -> None:
    calls: list[int] = []

    async def job() -> int:
        calls.append(1)
        return 0

    ticker = Ticker([job], interval=0.05, after=lambda: None)
    ticker.start()
    await asyncio.sleep(0.3)
    await ticker.stop()
    seen = len(calls)
    await asyncio.sleep(0.15)
    assert seen >= 3 and len(calls) == seen  # nothing runs once stopped
