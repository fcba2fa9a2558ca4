"""`kill -9` at the worst moment, deterministically: the order is committed and the bot is
stuck sending the customer its confirmation (the sandbox holds that one request). A new
process takes the update over and the customer sees the order; nothing is doubled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sandbox import SandboxServer
from sandbox.world import User
from store import open_store
from tests.databases import database_at, rows, until
from tests.harness import Clock, Harness, inbox_settled, sandbox_limits, seed
from tests.processes import BotProcess, button_data, hold, to_review


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
        hold(world, "editMessageText", ana.id)
        world.press(ana.id, review["message_id"], ana.id, callback_data=place)

        async def one_order() -> bool:
            return len(await orders_in(db)) == 1

        await until(one_order, 15)
        # the card went out and was recorded (a send caught mid-flight could be sent twice)
        await until(lambda: card_sent(db), 15)
        await bot.kill_and_heal()
        shown = world.chat(ana.id).messages[review["message_id"]]["text"]
        assert "placed" not in shown  # the customer has not been told yet
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


@asynccontextmanager
async def ana_and_a_bot(
    sandbox: SandboxServer, tmp_path: Path, **env: str
) -> AsyncIterator[tuple[str, Harness, BotProcess, User]]:
    """A `comanda run` process (``env``: more of its settings) and a customer who joined; the
    process stops cleanly after."""
    db = database_at(tmp_path)
    store = await open_store(db)
    world = sandbox.world
    h = Harness(sandbox, store, Clock(datetime.now(UTC)), await seed(store, world.create_user("V")))
    bot = BotProcess(sandbox, db, tmp_path / "bot.log", COMANDA_PRIVATE_BURST="40", **env)
    bot.start()
    try:
        yield db, h, bot, await h.join()
    finally:
        code = bot.stop()
        await store.close()
    assert code == 0 and bot.tracebacks() == 0


async def restart_once_in_the_cart(db: str, h: Harness, bot: BotProcess) -> None:
    """The cart is written and Telegram holds the reply: kill -9 there, start again."""

    async def in_cart() -> bool:
        return await rows(db, "SELECT quantity FROM cart_lines") != []

    await until(in_cart, 15)
    await bot.kill_and_heal()
    bot.start()


async def settled_cart_quantity(db: str, h: Harness) -> Decimal:
    counts = await inbox_settled(h.store)
    assert counts["pending"] == 0 and counts["parked"] == 0
    ((quantity,),) = await rows(db, "SELECT quantity FROM cart_lines")
    return Decimal(str(quantity))


async def test_kill_after_a_typed_line_before_the_reply(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A typed "2 romaine" is in the cart and the bot is killed while Telegram holds the
    reply: the new process handles the update again, answers it, and the cart still holds 2
    (adding is not repeated: the first attempt's effect is recorded with its work)."""
    async with ana_and_a_bot(sandbox, tmp_path) as (db, h, bot, ana):
        hold(h.world, "sendMessage", ana.id)
        await h.say(ana, "2 romaine")
        await restart_once_in_the_cart(db, h, bot)
        await h.expect(ana.id, "Added to your cart", 30)
        assert await settled_cart_quantity(db, h) == 2
        texts = [m.get("text", "") for m in h.world.bot_messages(ana.id)]
        assert sum("Added to your cart" in t for t in texts) == 1


async def test_kill_after_order_again_before_the_reply(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """ "Order again" copied the order into the cart and the bot dies while Telegram holds the
    reply: handled again after the restart, the lines are not copied a second time."""
    async with ana_and_a_bot(sandbox, tmp_path) as (db, h, bot, ana):
        review, place = await to_review(h, ana, "3 romaine")
        h.mark(ana.id)
        h.world.press(ana.id, review["message_id"], ana.id, callback_data=place)
        await h.expect(ana.id, "placed", 15)
        (number,) = await orders_in(db)
        await h.say(ana, "/orders")
        listing = await h.expect(ana.id, "Your orders", 15)
        await h.press(ana, listing, number)
        details = await h.expect(ana.id, f"Order {number}", 15)
        hold(h.world, "sendMessage", ana.id)
        again = button_data(details, "Order again")
        h.world.press(ana.id, details["message_id"], ana.id, callback_data=again)
        await restart_once_in_the_cart(db, h, bot)
        await h.expect(ana.id, "are in your cart", 30)
        assert await settled_cart_quantity(db, h) == 3


__all__ = ["sandbox_limits"]
