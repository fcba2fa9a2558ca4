"""Work that starts when the clock says so: cutoff reminders, the day's pick list at the last
cutoff. Every process looks every ``interval`` seconds; each job makes its work once through
the store (a row per reminder or pick list), so restarts and extra processes never double it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[int]]  # how many messages it queued


class Ticker:
    def __init__(self, jobs: Sequence[Job], *, interval: float, after: Callable[[], None]) -> None:
        self.jobs = list(jobs)
        self.interval = interval
        self.after = after  # wakes the outbox when a job queued messages
        self.stopping = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.stopping.clear()
        self.task = asyncio.create_task(self._run(), name="ticker")

    async def stop(self) -> None:
        self.stopping.set()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def tick(self) -> int:
        queued = 0
        for job in self.jobs:
            try:
                queued += await job()
            except Exception:  # noqa: BLE001 - one failing job never stops the others
                log.exception("a timed job failed this time (%s)", getattr(job, "__name__", job))
        if queued:
            self.after()
        return queued

    async def _run(self) -> None:
        while not self.stopping.is_set():
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.interval)
