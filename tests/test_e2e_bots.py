"""One deployment, many bots: a vendor brings its own bot. Its customers and team move to
it (told in the bot they used), order and confirm there, while the shared bot goes on
serving the other vendors; updates, cards and notices stay with their bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.i18n import Renderer
from bot.services.bots import set_vendor_bot
from sandbox import SandboxServer
from tests.harness import Harness, comanda, sandbox_limits, seed
from tests.processes import button_data
from tests.test_e2e_customer import place_order

OWN_BOT = 555000111
__all__ = ["sandbox_limits"]


async def test_a_vendor_moves_to_its_own_bot_and_the_shared_bot_serves_the_rest(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    own_world = sandbox.add_bot(OWN_BOT, username="mar_y_tierra_bot")
    shared_world = sandbox.world
    async with comanda(sandbox, tmp_path) as h:
        marta = shared_world.create_user("Marta", language_code="es")
        second = await seed(h.store, marta)  # a second wholesaler, on the shared bot so far
        async with h.store.tx() as tx:
            await tx.vendors.update(second.vendor_id, name="Mar y Tierra")
        there = Harness(sandbox, h.store, h.clock, second)  # the same people, in its bot
        ben = shared_world.create_user("Ben", language_code="en")
        await h.say(ben, f"/start {second.invite_token}")
        await h.expect(ben.id, "from Mar y Tierra")

        vendor, bot = await set_vendor_bot(
            h.store, Renderer(), str(second.vendor_id), sandbox.token(OWN_BOT), sandbox.url + "/bot"
        )
        assert bot is not None and (vendor.bot, bot.username) == (OWN_BOT, "mar_y_tierra_bot")
        # told where to go on, in the bot they used until now, in their own language
        moved = await h.expect(ben.id, "Mar y Tierra now takes your orders in its own bot")
        assert "https://t.me/mar_y_tierra_bot" in moved["text"]
        await h.expect(marta.id, "Mar y Tierra now speaks through its own bot, @mar_y_tierra_bot")
        # the shared bot no longer serves Mar y Tierra; its invites say where they belong
        await h.say(ben, "/order")
        await h.expect(ben.id, "not linked to a supplier")
        await h.say(ben, f"/start {second.invite_token}")
        await h.expect(ben.id, "This invite link is for @mar_y_tierra_bot")

        there.world = own_world  # from now on Ben and Marta talk to the vendor's own bot
        await there.say(marta, "/orders")  # she opens it (the card will reach her there)
        await there.expect(marta.id, "Pedidos")
        await there.say(ben, "/start")
        await there.expect(ben.id, "Bistro 42 · Mar y Tierra")
        number = await place_order(there, ben)
        card = await there.expect(marta.id, number)
        there.mark(ben.id)
        await there.press(marta, card, "Confirm")
        await there.expect(ben.id, f"Order {number} confirmed")

        # the shared bot went on serving Fresh Foods meanwhile, with its own update ids
        ana = await h.join()
        first = await place_order(h, ana)
        await h.expect(h.seed.admin.id, first)
        assert number not in str(shared_world.bot_messages(marta.id))
        assert first not in str(own_world.bot_messages(marta.id))
        assert not own_world.bot_messages(h.seed.admin.id)  # Vera never opened that bot
        async with h.store.read() as tx:
            shared_inbox = await tx.inbox.counts()
            own_inbox = await tx.for_bot(OWN_BOT).inbox.counts()
        assert own_inbox == {"pending": 0, "done": own_inbox["done"], "parked": 0}
        assert own_inbox["done"] >= 8 and shared_inbox["parked"] == 0
        monkeypatch.setenv("COMANDA_DATABASE", h.store.url)  # the admin's view of each inbox
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["inbox", "--bot", str(OWN_BOT), "status"]) == 0
        assert capsys.readouterr().out.strip() == f"pending=0 done={own_inbox['done']} parked=0"
        # the vendor's card button pressed in the shared bot: that bot does not serve it
        notice = shared_world.bot_messages(marta.id)[-1]
        await h.press_data(marta, notice, button_data(card, "Details"))
        await h.expect(marta.id, "No tienes permiso para hacer eso")


async def test_an_admin_brings_the_vendors_own_bot_in_settings(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    own_world = sandbox.add_bot(OWN_BOT, username="fresh_foods_bot")
    async with comanda(sandbox, tmp_path) as h:
        vera = h.seed.admin
        ana = await h.join()
        await h.say(vera, "/settings")
        settings = await h.expect(vera.id, "Settings")
        await h.press(vera, settings, "Your own bot")
        await h.expect(vera.id, "Send the token @BotFather gave you")
        await h.say(vera, "123:nope")  # refused: why, then the same question
        await h.expect(vera.id, "That is not a bot token Telegram knows")
        await h.expect(vera.id, "Send the token @BotFather gave you")
        h.mark(ana.id)
        await h.say(vera, sandbox.token(OWN_BOT))
        await h.expect(vera.id, "Done: Fresh Foods now speaks through @fresh_foods_bot")
        # a token is a key: neither message stays in the chat
        sent = [m.get("text", "") for m in h.world.chat(vera.id).messages.values()]
        assert not any(sandbox.token(OWN_BOT) in text or "123:nope" in text for text in sent)
        await h.expect(ana.id, "Fresh Foods now takes your orders in its own bot")
        async with h.store.read() as tx:
            vendor = await tx.vendors.get(h.seed.vendor_id)
            moved = [
                e
                for e in await tx.audit.for_entity("vendor", vendor.id)
                if e.action == "vendor.bot"
            ]
        assert vendor.bot == OWN_BOT and moved[0].actor == vera.id
        # the vendor's bot starts without a restart and serves Vera and Ana at once
        there = Harness(sandbox, h.store, h.clock, h.seed)
        there.world = own_world
        await there.say(vera, "/settings")
        await there.expect(vera.id, "Settings", timeout=15)
        await there.say(ana, "/start")
        await there.expect(ana.id, "Bistro 42 · Fresh Foods")


async def test_the_token_message_left_when_it_cannot_be_deleted_is_pointed_out(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.add_bot(OWN_BOT, username="fresh_foods_bot")
    async with comanda(sandbox, tmp_path) as h:
        vera = h.seed.admin
        await h.say(vera, "/settings")
        settings = await h.expect(vera.id, "Settings")
        await h.press(vera, settings, "Your own bot")
        await h.expect(vera.id, "Send the token @BotFather gave you")
        h.world.faults.fail_next(method="deleteMessage", status=500)
        await h.say(vera, sandbox.token(OWN_BOT))
        done = await h.expect(vera.id, "Done: Fresh Foods now speaks through @fresh_foods_bot")
        assert "please delete it yourself" in done["text"]


async def test_a_vendor_bot_that_cannot_start_leaves_the_others_serving(
    sandbox: SandboxServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        marta = h.world.create_user("Marta")
        second = await seed(h.store, marta)
        async with h.store.tx() as tx:  # a token revoked in @BotFather since it was set
            await tx.bots.save(OWN_BOT, "555000111:revoked", "gone_bot", "Gone")
            await tx.bots.set_vendor_bot(second.vendor_id, OWN_BOT)
        await h.world.wait_for(lambda: "bot @gone_bot could not start" in caplog.text, 8)
        ana = await h.join()  # the shared bot goes on serving its vendors
        await h.say(ana, "/help")
        await h.expect(ana.id, "")
