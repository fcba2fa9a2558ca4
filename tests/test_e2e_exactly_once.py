"""No action lost, none doubled: answers after the work, a stale answer ignored, a failed
reply retried until the customer sees the result, one chat never waiting on another, a
poison update parked (and put back from the CLI)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from sandbox import SandboxServer
from tests.databases import database_at, execute
from tests.harness import Harness, comanda, inbox_settled, sandbox_limits
from tests.test_e2e_customer import checkout, fill_cart, orders_of


async def review_of(h: Harness, user) -> tuple[dict, str]:  # type: ignore[no-untyped-def]
    await fill_cart(h, user)
    await checkout(h, user, "Tuesday 24 Nov")
    review = await h.expect(user.id, "Review your order")
    place = next(
        b["callback_data"]
        for row in review["reply_markup"]["inline_keyboard"]
        for b in row
        if "Place order" in b["text"]
    )
    return review, place


def cards(h: Harness, number: str) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in h.world.bot_messages(h.seed.admin.id) if number in m["text"]]


async def test_a_press_answered_too_late_still_places_the_order(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        review, place = await review_of(h, ana)
        h.world.callback_timeout = 0.0  # the bot was away: Telegram calls every answer too old
        h.world.expect_rejection(400, "query is too old")
        h.mark(ana.id)
        h.world.press(ana.id, review["message_id"], ana.id, callback_data=place)
        await h.expect(ana.id, "placed")
        (order,) = await orders_of(h)
        await h.world.wait_for(lambda: len(cards(h, order.order_number)) == 1, 8)
        rejected = [c for c in h.world.rejections() if c.method == "answerCallbackQuery"]
        assert len(rejected) == 1  # answered once, after the work; the refusal was harmless


async def test_reply_lost_after_the_commit_is_retried_until_the_customer_sees_it(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        review, place = await review_of(h, ana)
        # The order commits, then Telegram fails the reply twice (the worst moment).
        h.world.faults.fail_next(2, method="editMessageText", chat_id=ana.id, status=502)
        h.mark(ana.id)
        query = h.world.press(ana.id, review["message_id"], ana.id, callback_data=place)
        await h.expect(ana.id, "placed", timeout=15)
        await h.world.wait_for(lambda: query.answer is not None, 8)
        (order,) = await orders_of(h)
        await h.world.wait_for(lambda: len(cards(h, order.order_number)) >= 1, 8)
        assert len(cards(h, order.order_number)) == 1
        failed = [c for c in h.world.calls if c.method == "editMessageText" and c.status == 502]
        assert len(failed) == 2
        counts = await inbox_settled(h.store)
        assert counts["pending"] == 0 and counts["parked"] == 0


async def test_pressing_place_again_shows_the_placed_order(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        review, place = await review_of(h, ana)
        await h.press_data(ana, review, place)
        await h.expect(ana.id, "placed")
        # The customer, unsure, finds the old review (e.g. after the bot was restarted) and
        # presses again: the same order is shown, nothing new is placed.
        await h.say(ana, "/cart")
        await h.expect(ana.id, "Your cart")
        h.world.expect_rejection(400, "message is not modified")
        query = await h.press_data(ana, review, place)
        assert query.answer is not None
        shown = h.world.chat(ana.id).messages[review["message_id"]]["text"]
        assert "placed" in shown  # the message pressed shows the order, as it should
        edits = [
            c
            for c in h.world.calls
            if c.method == "editMessageText" and "placed" in str(c.params.get("text"))
        ]
        assert len(edits) == 2  # the second press rendered the placed order again
        assert len(await orders_of(h)) == 1


async def test_one_slow_chat_never_delays_another(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        ben = h.world.create_user("Ben")
        h.world.faults.delay(4.0, count=1, method="sendMessage", chat_id=ana.id)
        await h.say(ana, "/help")
        await h.say(ben, "/help")
        await h.expect(ben.id, "")  # Ben is answered...
        assert h.changed(ana.id) == []  # ...while Ana's reply is still on its way
        await h.expect(ana.id, "How to order", timeout=10)


async def test_a_poison_update_is_parked_once_and_put_back_from_the_cli(
    sandbox: SandboxServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        ana = await h.join()
        db = database_at(tmp_path)
        # damaged data: every update of Ana's now fails
        await execute(
            db, "UPDATE user_state SET awaiting = '{damaged' WHERE telegram_user_id = ?", ana.id
        )
        await h.say(ana, "2 romaine")
        await h.expect(ana.id, "something went wrong", timeout=20)

        async def parked_updates() -> list:  # type: ignore[type-arg]
            async with h.store.read() as tx:
                return await tx.inbox.parked()

        for _ in range(100):  # told on the last try; parked right after it
            if await parked_updates():
                break
            await asyncio.sleep(0.05)
        (parked,) = await parked_updates()
        assert parked.attempts == 5 and "JSONDecodeError" in (parked.last_error or "")
        polite = [m for m in h.world.bot_messages(ana.id) if "something went wrong" in m["text"]]
        assert len(polite) == 1  # told once, on the last try, not five times
        assert "Traceback" not in str(h.world.bot_messages(ana.id))
        ben = h.world.create_user("Ben")
        await h.say(ben, "/help")  # everyone else goes on
        await h.expect(ben.id, "")

        monkeypatch.setenv("COMANDA_DATABASE", db)
        assert await asyncio.to_thread(main, ["inbox", "parked"]) == 0
        listed = capsys.readouterr().out
        assert f'"update_id": {parked.update_id}' in listed and "JSONDecodeError" in listed
        # the data is repaired...
        await execute(
            db, "UPDATE user_state SET awaiting = NULL WHERE telegram_user_id = ?", ana.id
        )
        h.mark(ana.id)
        assert (
            await asyncio.to_thread(main, ["inbox", "retry", str(parked.update_id)]) == 0
        )  # ...and it is put back
        await h.expect(ana.id, "Added to your cart")
        assert (
            await asyncio.to_thread(main, ["inbox", "retry", str(parked.update_id)]) == 1
        )  # no longer parked
        assert "is not parked" in capsys.readouterr().err


__all__ = ["sandbox_limits"]


async def _twin(sandbox: SandboxServer, card: dict) -> dict:  # type: ignore[type-arg]
    """What a kill between Telegram's accepting a card and our commit leaves: the same card
    a second time in the chat, that the bot never recorded (sent here with the bot's own
    token, as the restarted bot sends the card again)."""
    from telegram import Bot, InlineKeyboardMarkup

    async with Bot(sandbox.token(), base_url=sandbox.url + "/bot") as bot:
        sent = await bot.send_message(
            card["chat"]["id"],
            card["text"],
            reply_markup=InlineKeyboardMarkup.de_json(card["reply_markup"], bot),
        )
    return sandbox.world.chat(card["chat"]["id"]).messages[sent.message_id]


async def test_a_pressed_twin_card_is_removed_and_an_unrecorded_card_adopted(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from tests.test_e2e_customer import place_order

    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        ana = await h.join()
        early = await place_order(h, ana)  # no team chat yet: the card goes to Vera privately
        private_card = await h.expect(admin.id, early)
        group = h.world.create_group("Team", members=[admin.id])
        await h.say(admin, "/setup", chat_id=group.id)
        await h.expect(group.id, "is now the team chat")
        number = await place_order(h, ana, "1 carrots")
        card = await h.expect(group.id, number)
        twin = await _twin(h.sandbox, card)
        assert twin["message_id"] != card["message_id"]
        # the twin is pressed: the order is confirmed once, the recorded card shows it, and
        # the twin is gone
        h.mark(ana.id)
        await h.press(admin, twin, "Confirm", chat_id=group.id)
        await h.expect(ana.id, f"Order {number} confirmed")
        await h.world.wait_for(lambda: twin["message_id"] not in h.world.chat(group.id).messages)
        await h.world.wait_for(
            lambda: "Confirmed" in h.world.chat(group.id).messages[card["message_id"]]["text"]
        )
        # a card never recorded in a chat (here: the early order's, copied into the group)
        # is adopted on its first press and kept up to date from then on
        copy = await _twin(h.sandbox, {**private_card, "chat": {"id": group.id}})
        await h.press(admin, copy, "Details", chat_id=group.id)
        await h.press(admin, private_card, "Confirm")
        await h.world.wait_for(
            lambda: "Confirmed" in h.world.chat(group.id).messages[copy["message_id"]]["text"]
        )
        assert copy["message_id"] in h.world.chat(group.id).messages
