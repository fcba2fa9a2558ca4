"""`kill -9` at the worst moment, deterministically: the order is committed and the bot is
stuck sending the customer its confirmation (the sandbox holds that one request). A new
process takes the update over and the customer sees the order; nothing is doubled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sandbox import SandboxServer
from store import open_store
from tests.databases import database_at, rows, until
from tests.harness import Clock, Harness, inbox_settled, sandbox_limits, seed
from tests.processes import BotProcess, to_review


async def card_sent(db: str) -> bool:
    return await rows(db, "SELECT status FROM outbox WHERE kind = 'order_card'") == [("sent",)]


async def orders_in(db: str) -> list[str]:
    return [r[0] for r in await rows(db, "SELECT order_number FROM orders")]


async def test_kill_after_the_commit_before_the_reply(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    db = database_at(tmp_path)
    store = await open_store(db)
    world = sandbox.world
    admin = world.create_user("Vera Admin")
    h = Harness(sandbox, store, Clock(datetime.now(UTC)), await seed(store, admin))
    bot = BotProcess(sandbox, db, tmp_path / "bot.log", COMANDA_PRIVATE_BURST="40")
    bot.start()
    try:
        ana = await h.join()
        review, place = await to_review(h, ana)
        # The reply after placing hangs: the bot is killed while it waits for Telegram.
        world.faults.delay(60, count=1, method="editMessageText", chat_id=ana.id)
        world.press(ana.id, review["message_id"], ana.id, callback_data=place)

        async def one_order() -> bool:
            return len(await orders_in(db)) == 1

        await until(one_order, 15)
        # the card went out and was recorded (a send caught mid-flight could be sent twice)
        await until(lambda: card_sent(db), 15)
        bot.kill()
        shown = world.chat(ana.id).messages[review["message_id"]]["text"]
        assert "placed" not in shown  # the customer has not been told yet
        world.faults.clear()
        bot.start()

        def told() -> bool:
            return "placed" in world.chat(ana.id).messages[review["message_id"]]["text"]

        await world.wait_for(told, 30)
        (number,) = await orders_in(db)
        await world.wait_for(
            lambda: any(number in m.get("text", "") for m in world.bot_messages(admin.id)), 30
        )
        cards = [m for m in world.bot_messages(admin.id) if number in m.get("text", "")]
        assert len(cards) == 1
        counts = await inbox_settled(store)
        assert counts["pending"] == 0 and counts["parked"] == 0
    finally:
        assert bot.stop() == 0
        await store.close()
    assert bot.tracebacks() == 0


__all__ = ["sandbox_limits"]
