"""Throughput: with the sandbox's limits off, N customers go through the whole order flow at
once (type a line, open the cart, check out, choose the day, place), each acting as soon as
the bot has answered; the same number of people talk to a bare PTB echo bot in the same run.
Prints updates/s for both and the reply latency (p50, p99).
Usage: python -m bench.throughput [--customers 50] [--seconds 30] [--rounds 3]"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sandbox import Limits, SandboxServer
from sandbox.world import User
from tests.processes import BotProcess, drill_setup, to_review


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def echo_run(customers: int, seconds: float) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="comanda-echo-"))
    async with SandboxServer(limits=Limits(enabled=False)) as sandbox:
        world = sandbox.world
        bot = BotProcess(sandbox, folder / "unused.db", folder / "echo.log", ("bench.echo_bot",))
        bot.start()
        people = [world.create_user(f"Echo {i}") for i in range(customers)]
        first = people[0]
        world.send_text(first.id, first.id, "warm-up")
        await world.wait_for(lambda: world.bot_messages(first.id), 30)
        latencies: list[float] = []
        stop_at = time.monotonic() + seconds

        async def talk(user: User) -> int:
            sent = 0
            while time.monotonic() < stop_at:
                count = len(world.bot_messages(user.id))
                began = time.monotonic()
                world.send_text(user.id, user.id, f"ping {sent}")
                await world.wait_for(
                    lambda count=count: len(world.bot_messages(user.id)) > count,  # type: ignore[misc]
                    30,
                )
                latencies.append(time.monotonic() - began)
                sent += 1
            return sent

        began = time.monotonic()
        handled = sum(await asyncio.gather(*(talk(u) for u in people)))
        elapsed = time.monotonic() - began
        bot.stop()
    return {
        "updates": handled,
        "updates/s": round(handled / elapsed, 1),
        "p50 ms": round(1000 * statistics.median(latencies), 1),
        "p99 ms": round(1000 * percentile(latencies, 0.99), 1),
    }


async def comanda_run(
    customers: int, seconds: float, database: str | None = None, workers: int = 0
) -> dict[str, float]:
    """The order flow against `comanda run` (on a new SQLite file, or the empty PostgreSQL
    ``database``), with ``workers`` `comanda worker` processes beside it."""
    env = dict(
        COMANDA_RATE_LIMITS="false",  # as the sandbox's: off
        COMANDA_OUTBOX_INTERVAL="1.0",
    )
    async with drill_setup("comanda-throughput-", Limits(enabled=False), database, **env) as d:
        store, seeded, h, bot = d.store, d.seed, d.h, d.bot
        helpers = [
            BotProcess(d.sandbox, bot.db, d.folder / f"worker{i}.log", ("bot.cli", "worker"), **env)
            for i in range(workers)
        ]
        for helper in helpers:
            helper.start()
        people = await asyncio.gather(*(h.join(f"Cook {i}") for i in range(customers)))
        latencies: list[float] = []
        stop_at = time.monotonic() + seconds

        async def order(user: User) -> int:
            steps = 0
            while time.monotonic() < stop_at:
                began = time.monotonic()
                review, place = await to_review(h, user)
                steps += 4  # line, /cart, checkout, day (an "I accept" press adds one more)
                latencies.append((time.monotonic() - began) / 4)
                began = time.monotonic()
                await h.press_data(user, review, place)
                await h.expect(user.id, "placed", 30)
                latencies.append(time.monotonic() - began)
                steps += 1
            return steps

        began = time.monotonic()
        handled = sum(await asyncio.gather(*(order(u) for u in people)))
        elapsed = time.monotonic() - began
        bot.stop()
        for helper in helpers:
            helper.stop()
        async with store.read() as tx:
            placed = len(await tx.orders.of_customers([seeded.customer_id], limit=100_000))
    return {
        "updates": handled,
        "updates/s": round(handled / elapsed, 1),
        "orders placed": placed,
        "p50 ms": round(1000 * statistics.median(latencies), 1),
        "p99 ms": round(1000 * percentile(latencies, 0.99), 1),
    }


async def main(customers: int, seconds: float, rounds: int) -> None:
    """Echo and Comanda take turns, ``rounds`` times: the machine's pace drifts, and a
    ratio is only fair between runs made side by side."""
    runs: list[dict[str, Any]] = []
    ratios: list[float] = []
    for _ in range(rounds):
        echo = await echo_run(customers, seconds)
        comanda = await comanda_run(customers, seconds)
        ratios.append(round(comanda["updates/s"] / echo["updates/s"], 3))
        runs.append({"bare PTB echo bot": echo, "Comanda order flow": comanda, "ratio": ratios[-1]})
    print(
        json.dumps(
            {
                "customers": customers,
                "seconds": seconds,
                "rounds": runs,
                "median ratio": statistics.median(ratios),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    asyncio.run(main(args.customers, args.seconds, args.rounds))
