"""Export files are built in worker processes, which load the orders themselves. openpyxl
or XlsxWriter write in pure Python, holding the interpreter's lock: in a thread they would
still stall the event loop (a month's export kept a customer's answer waiting 0.9 s in
bench/scale.py). In processes of their own, reading the database through their own
connection, the bot keeps answering every chat meanwhile, and the CSV and the XLSX are built
side by side."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from bot.services import export
from store import open_store
from store.models import OrderQuery

EXPORT_LIMIT = 100_000  # orders in one export


async def _load_and_build(kind: str, path: str, query: OrderQuery, timezone: str) -> bytes:
    store = await open_store(path, migrate_schema=False, readers=0)
    try:
        async with store.read() as tx:
            orders = await tx.orders.select(query, limit=EXPORT_LIMIT)
    finally:
        await store.close()
    if kind == "csv":
        return export.to_csv(orders, timezone)
    return export.to_xlsx(orders, timezone)


def _follow_parent(parent: int) -> None:
    """In each worker: leave when the bot is gone (a `kill -9` never shuts the pool down)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def build_file(kind: str, path: str, query: dict[str, object], timezone: str) -> bytes:
    """One file ("csv" or "xlsx") of the orders `query` names (runs in a worker)."""
    return asyncio.run(_load_and_build(kind, path, OrderQuery.model_validate(query), timezone))


class ExportRunner:
    """Two worker processes, started at the first export and kept for the next ones."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def build(self, path: str, query: OrderQuery, timezone: str) -> tuple[bytes, bytes]:
        """The CSV and the XLSX of the orders `query` names in the database at `path`."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=2,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_follow_parent,
                initargs=(os.getpid(),),
            )
        loop = asyncio.get_running_loop()
        data = query.model_dump(mode="json")
        csv_data, xlsx_data = await asyncio.gather(
            loop.run_in_executor(self._pool, build_file, "csv", path, data, timezone),
            loop.run_in_executor(self._pool, build_file, "xlsx", path, data, timezone),
        )
        return csv_data, xlsx_data

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


__all__ = ["EXPORT_LIMIT", "ExportRunner", "build_file"]
