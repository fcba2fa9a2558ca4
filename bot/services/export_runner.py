"""Export files are built in a worker process. openpyxl writes an XLSX in pure Python,
holding the interpreter's lock for most of it: in a thread it would still stall the event
loop (a month's export kept a customer's answer waiting 0.9 s in bench/scale.py). In a
process of its own the bot keeps answering every chat meanwhile."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from bot.services import export
from store.models import Order


def build_files(orders: Sequence[Order], timezone: str) -> tuple[bytes, bytes]:
    """The CSV and the XLSX of these orders (runs in the worker)."""
    return export.to_csv(orders, timezone), export.to_xlsx(orders, timezone)


class ExportRunner:
    """One worker process, started on the first export and kept for the next ones."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def build(self, orders: Sequence[Order], timezone: str) -> tuple[bytes, bytes]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, build_files, list(orders), timezone)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


__all__ = ["ExportRunner", "build_files"]
