"""`comanda run` as a real process against the sandbox: long polling, and a webhook that
refuses requests without the secret token."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from sandbox import SandboxServer
from sandbox.runner import free_port
from tests.databases import database_at


def start(sandbox: SandboxServer, tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMANDA_")}
    env.update(
        COMANDA_BOT_TOKEN=sandbox.token(),
        COMANDA_API_URL=sandbox.url,
        COMANDA_DATABASE=database_at(tmp_path),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = await asyncio.to_thread(proc.communicate, None, 30)
    return out


async def test_polling(sandbox: SandboxServer, tmp_path: Path) -> None:
    world = sandbox.world
    ana = world.create_user("Ana", language_code="fr")
    proc = start(sandbox, tmp_path)
    try:
        world.send_text(ana.id, ana.id, "/start")
        reply = await world.next_bot_message(ana.id, timeout=30)
        assert "Vous n'êtes encore lié à aucun fournisseur" in reply["text"]
        await asyncio.sleep(2.5)  # several long-poll rounds and outbox ticks
    finally:
        out = await stop(proc)
    assert proc.returncode == 0, out
    # One INFO line per handled update, never one per poll or per job tick.
    handled = [line for line in out.splitlines() if "bot.app: update " in line]
    assert len(handled) == 1, out
    assert "message from user" in handled[0]
    assert "getUpdates" not in out and "apscheduler" not in out, out


async def test_webhook_with_secret(sandbox: SandboxServer, tmp_path: Path) -> None:
    world = sandbox.world
    ana = world.create_user("Ana")
    port = free_port()
    url = f"http://127.0.0.1:{port}/comanda-hook"
    proc = start(
        sandbox,
        tmp_path,
        "--webhook-url",
        url,
        "--listen",
        f"127.0.0.1:{port}",
        "--secret-token",
        "s3cret-token",
    )
    try:
        await world.wait_for(lambda: world.webhook.url == url, 30)
        assert world.webhook.secret_token == "s3cret-token"
        update = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": ana.id, "type": "private"},
                "from": ana.as_telegram(),
                "text": "hello",
            },
        }
        async with aiohttp.ClientSession() as http:
            for _ in range(100):  # Telegram is told the URL just before the server listens
                try:
                    async with http.post(url, json=update) as response:
                        status = response.status
                    break
                except aiohttp.ClientConnectorError:
                    await asyncio.sleep(0.1)
            assert status == 403  # no secret: refused
            async with http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as response:
                assert response.status == 403
        assert world.bot_messages(ana.id) == []
        world.send_text(ana.id, ana.id, "/start")  # the sandbox posts it with the secret
        reply = await world.next_bot_message(ana.id, timeout=30)
        assert "not linked to a supplier" in reply["text"]
    finally:
        out = await stop(proc)
    assert proc.returncode == 0, out


async def test_a_sigint_while_starting_stops_cleanly(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """SIGINT as soon as the process says it is starting, while it still imports the bot
    (before the event loop's own handler exists): exit 0, no traceback, nothing received."""
    proc = start(sandbox, tmp_path)
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        while not any("comanda: starting" in line for line in seen):
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
            assert line, "".join(seen)
            seen.append(line)
    finally:
        out = await stop(proc)
    assert proc.returncode == 0, "".join(seen) + out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out, out
    assert "interrupted while starting: stopped" in out, out
    assert not any(c.method == "getUpdates" for c in sandbox.world.calls)
