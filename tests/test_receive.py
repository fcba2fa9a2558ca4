"""The receivers' refusals and troubles, taken for real: a webhook body that is no update,
a wrong secret, a second poller (409 Conflict) and Telegram away, all without a traceback and
without losing the updates that wait."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_application
from bot.config import Settings, WebhookConfig
from bot.runtime import serving
from sandbox import SandboxServer
from sandbox.runner import free_port
from tests.databases import database_at, execute


def settings_for(sandbox: SandboxServer, tmp_path: Path) -> Settings:
    return Settings(
        bot_token=sandbox.token(),
        api_url=sandbox.url,
        database=database_at(tmp_path),
        outbox_interval=0.2,
        unreachable_pause=0.1,
    )


async def test_webhook_refuses_what_is_not_an_update(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    port = free_port()
    hook = WebhookConfig(f"http://127.0.0.1:{port}/hook", "127.0.0.1", port, "s3cret")
    async with serving(build_application(settings_for(sandbox, tmp_path)), webhook=hook):
        headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        async with aiohttp.ClientSession() as http:
            for body in (b"not json", b"[1, 2]", b'{"update_id": "x"}'):
                async with http.post(hook.url, data=body, headers=headers) as response:
                    assert response.status == 400, body
            async with http.post(hook.url, json={"update_id": 1}, headers={}) as response:
                assert response.status == 403
        ana = sandbox.world.create_user("Ana")
        sandbox.world.send_text(ana.id, ana.id, "/start")
        reply = await sandbox.world.next_bot_message(ana.id, timeout=10)
        assert "not linked to a supplier" in reply["text"]


async def test_polling_waits_out_a_conflict_and_an_outage(
    sandbox: SandboxServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = sandbox.world
    ana = world.create_user("Ana")
    caplog.set_level(logging.WARNING)
    async with serving(build_application(settings_for(sandbox, tmp_path)), poll_timeout=1):
        # Someone sets a webhook: getUpdates answers 409 until it is removed.
        world.webhook.url = "https://example.invalid/hook"
        world.expect_rejection(409, "Conflict")
        await world.wait_for(
            lambda: any(c.status == 409 for c in world.calls if c.method == "getUpdates"), 10
        )
        world.send_text(ana.id, ana.id, "/start")
        world.webhook.url = ""
        reply = await world.next_bot_message(ana.id, timeout=15)
        assert "not linked to a supplier" in reply["text"]
        # Telegram away for a moment: polling backs off and comes back, nothing lost.
        world.faults.go_offline(1.5)
        world.send_text(ana.id, ana.id, "/help")
        await world.wait_for(lambda: len(world.bot_messages(ana.id)) >= 2, 15)
        await asyncio.sleep(0)
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.receive"]
    assert any("polling failed" in w for w in warnings)
    assert any("answers again" in w for w in warnings)
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("bot."))


async def refuse(database: str, statement: str) -> None:
    """Make the database refuse one kind of write on the inbox (a real failure of the
    database, as a full disk or a broken file would give), or accept it again with
    statement="" ."""
    if "://" in database:
        sql = "DROP TRIGGER IF EXISTS refuse ON inbox;"
        if statement:
            sql += (
                "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'the store refuses'; END $$;"
                f"CREATE TRIGGER refuse BEFORE {statement} ON inbox "
                "FOR EACH ROW EXECUTE FUNCTION refuse();"
            )
    else:
        sql = "DROP TRIGGER IF EXISTS refuse;"
        if statement:
            sql += (
                f"CREATE TRIGGER refuse BEFORE {statement} ON inbox "
                "BEGIN SELECT RAISE(ABORT, 'the store refuses'); END;"
            )
    await execute(database, sql)


async def test_updates_wait_while_the_store_cannot_take_them(
    sandbox: SandboxServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Polling: an update the store cannot write is asked for again (the offset does not
    move); one it cannot claim stays waiting. Nothing is lost once the store recovers."""
    world = sandbox.world
    ana = world.create_user("Ana")
    caplog.set_level(logging.WARNING)
    db = database_at(tmp_path)
    async with serving(build_application(settings_for(sandbox, tmp_path)), poll_timeout=1):
        world.send_text(ana.id, ana.id, "/start")
        await world.next_bot_message(ana.id, timeout=10)
        await refuse(db, "INSERT")
        world.send_text(ana.id, ana.id, "/help")
        await world.wait_for(
            lambda: any("could not store" in r.getMessage() for r in caplog.records), 10
        )
        assert len(world.bot_messages(ana.id)) == 1
        await refuse(db, "UPDATE")  # stored, but not claimed
        await world.wait_for(
            lambda: any("could not claim" in r.getMessage() for r in caplog.records), 10
        )
        assert len(world.bot_messages(ana.id)) == 1
        await refuse(db, "")
        await world.wait_for(lambda: len(world.bot_messages(ana.id)) == 2, 15)
    assert "How to order" in world.bot_messages(ana.id)[1]["text"]


async def test_webhook_answers_500_while_the_store_cannot_take_an_update(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    port = free_port()
    hook = WebhookConfig(f"http://127.0.0.1:{port}/hook", "127.0.0.1", port, "s3cret")
    async with serving(build_application(settings_for(sandbox, tmp_path)), webhook=hook):
        await refuse(database_at(tmp_path), "INSERT")
        headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        ana = sandbox.world.create_user("Ana")
        update = {
            "update_id": 77,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": ana.id, "type": "private"},
                "from": {"id": ana.id, "is_bot": False, "first_name": "Ana"},
                "text": "/help",
            },
        }
        async with aiohttp.ClientSession() as http:
            async with http.post(hook.url, json=update, headers=headers) as response:
                assert response.status == 500  # Telegram keeps it and sends it again
            await refuse(database_at(tmp_path), "")
            async with http.post(hook.url, json=update, headers=headers) as response:
                assert response.status == 200
        await sandbox.world.wait_for(lambda: sandbox.world.bot_messages(ana.id), 10)
