"""`comanda worker` processes share one database with whoever receives the updates: they
claim from the inbox, answer, and take over what a killed worker held. On SQLite (one
file, several processes) and on PostgreSQL (SKIP LOCKED claims, LISTEN/NOTIFY wake-ups)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sandbox import SandboxServer
from store import Store, open_store
from tests.databases import database_at, rows, until
from tests.harness import inbox_settled, sandbox_limits, seed
from tests.processes import BotProcess, hold


async def receive(sandbox: SandboxServer, store: Store) -> list[int]:
    """Play `comanda run`'s receiving part: what Telegram holds goes into the shared inbox
    (no process here polls)."""
    pending: list[dict[str, Any]] = list(sandbox.world.updates)
    sandbox.world.updates.clear()
    async with store.tx() as tx:
        await tx.inbox.receive(
            [
                (u["update_id"], u["message"]["chat"]["id"], json.dumps(u))
                for u in pending
                if "message" in u
            ],
            datetime.now(UTC),
        )
    return [u["update_id"] for u in pending]


def registered(sandbox: SandboxServer) -> int:
    """How many processes are (nearly) up: each registers its commands, the default language's
    first, at the end of its start-up, its signal handlers already in place."""
    return sum(
        c.method == "setMyCommands" and "language_code" not in c.params for c in sandbox.world.calls
    )


def worker(sandbox: SandboxServer, tmp_path: Path, name: str) -> BotProcess:
    return BotProcess(
        sandbox, database_at(tmp_path), tmp_path / f"{name}.log", ("bot.cli", "worker")
    )


async def test_workers_answer_what_another_process_received(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    store = await open_store(database_at(tmp_path))
    world = sandbox.world
    seeded = await seed(store, world.create_user("Vera"))
    first, second = worker(sandbox, tmp_path, "first"), worker(sandbox, tmp_path, "second")
    first.start()
    second.start()
    try:  # both up (each registers its commands) before anything arrives: either may claim
        await world.wait_for(lambda: registered(sandbox) >= 2, 60)
        cooks = [world.create_user(f"Cook {i}") for i in range(6)]
        for cook in cooks:
            world.send_text(cook.id, cook.id, f"/start {seeded.invite_token}")
        await receive(sandbox, store)
        for cook in cooks:  # each joined once, whichever worker took the update
            welcome = await world.wait_for(lambda c=cook: world.bot_messages(c.id), 30)
            assert "Bistro 42" in welcome[0]["text"]
        for cook in cooks:
            world.send_text(cook.id, cook.id, "/help")
        await receive(sandbox, store)

        def texts(cook_id: int) -> list[str]:
            return [m.get("text", "") for m in world.bot_messages(cook_id)]

        for cook in cooks:
            await world.wait_for(lambda c=cook: any("How to order" in t for t in texts(c.id)), 30)
        counts = await inbox_settled(store, 10)
        assert counts == {"pending": 0, "done": 12, "parked": 0}
        for cook in cooks:  # nothing twice: welcome, the phone question, help
            assert len(texts(cook.id)) == 3, texts(cook.id)
    finally:
        assert first.stop() == 0 and second.stop() == 0
        await store.close()
    assert first.tracebacks() == 0 and second.tracebacks() == 0


async def test_a_killed_worker_s_update_is_taken_over(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Worker A claims an update and is killed while Telegram holds its answer; worker B,
    already running, takes the update over (A is seen to be gone) and answers once."""
    db = database_at(tmp_path)
    store = await open_store(db)
    world = sandbox.world
    seeded = await seed(store, world.create_user("Vera"))
    a, b = worker(sandbox, tmp_path, "a"), worker(sandbox, tmp_path, "b")
    a.start()
    try:
        ana = world.create_user("Ana")
        world.send_text(ana.id, ana.id, f"/start {seeded.invite_token}")
        hold(world, "sendMessage", ana.id)
        (update_id,) = await receive(sandbox, store)

        async def held() -> bool:
            found = await rows(db, "SELECT lease_owner FROM inbox WHERE update_id = ?", update_id)
            return bool(found and found[0][0])

        await until(held, 30)  # A holds it, stuck on its answer

        by_a = registered(sandbox)
        b.start()
        await world.wait_for(lambda: registered(sandbox) >= 2 * by_a, 30)  # B is up, A alive
        await a.kill_and_heal()  # B may try while A dies: held too, it tries again after
        welcome = await world.wait_for(lambda: world.bot_messages(ana.id), 30)
        assert "Bistro 42" in welcome[0]["text"]
        counts = await inbox_settled(store, 10)
        assert counts["pending"] == 0 and counts["parked"] == 0
        texts = [m.get("text", "") for m in world.bot_messages(ana.id)]
        assert sum("Welcome!" in t for t in texts) == 1 and len(texts) == 2, texts
        async with store.read() as tx:
            contact = await tx.contacts.by_user(ana.id)
            assert contact is not None
            assert await tx.contacts.customer_ids_of(contact.id) == [seeded.customer_id]
    finally:
        a.stop()
        assert b.stop() == 0
        await store.close()
    assert b.tracebacks() == 0


__all__ = ["sandbox_limits"]
