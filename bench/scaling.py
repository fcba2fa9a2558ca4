"""Scaling on PostgreSQL: the throughput bench's order flow (sandbox limits off, N customers
acting as soon as the bot answers) against `comanda run` alone, then `comanda run` with one
`comanda worker` beside it, each on a fresh database of the same server, in one run.
Prints updates/s, p50 and p99 for both and their ratio; the SQLite figure for reference.

The server is found as the tests find it (tests/postgres.py): COMANDA_TEST_POSTGRES, else
127.0.0.1:5432, else a throwaway cluster.
Usage: python -m bench.scaling [--customers 50] [--seconds 20] [--rounds 1]"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
from typing import Any

from bench.throughput import comanda_run
from tests.postgres import server


async def measure(customers: int, seconds: float, rounds: int, url_for: Any) -> dict[str, Any]:
    results: dict[str, list[dict[str, float]]] = {
        "sqlite, 1 process": [],
        "1 process": [],
        "2 processes": [],
    }
    for _ in range(rounds):
        results["sqlite, 1 process"].append(await comanda_run(customers, seconds))
        for workers, name in ((0, "1 process"), (1, "2 processes")):
            url = await url_for()
            results[name].append(await comanda_run(customers, seconds, url, workers=workers))
    one = statistics.median(r["updates/s"] for r in results["1 process"])
    two = statistics.median(r["updates/s"] for r in results["2 processes"])
    return {
        "customers": customers,
        "seconds": seconds,
        "cores": os.cpu_count(),
        **{name: runs for name, runs in results.items()},
        "2 processes / 1 process": round(two / one, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    with server() as postgres:
        report = asyncio.run(
            measure(args.customers, args.seconds, args.rounds, postgres.new_database)
        )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
