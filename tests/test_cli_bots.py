"""`comanda vendor set-bot`: a vendor's own bot from the command line, checked with Telegram
(the sandbox), and the invite links that open it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sandbox import SandboxServer
from store import open_store
from tests.databases import database_at

INVITE = ("invite", "--vendor", "Fresh Foods", "--role", "rep")


async def comanda_cli(db: str, sandbox: SandboxServer, *argv: str) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "COMANDA_DATABASE": db,
        "COMANDA_API_URL": sandbox.url,
        "COMANDA_BOT_USERNAME": "comanda_shared_bot",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        *argv,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_set_bot_checks_the_token_and_invites_open_the_vendors_bot(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.add_bot(777000222, username="fresh_foods_bot")
    db = database_at(tmp_path)
    code, out, err = await comanda_cli(
        db, sandbox, "vendor", "create", "--name", "Fresh Foods", "--timezone", "Europe/Paris"
    )
    assert code == 0, err
    code, out, _ = await comanda_cli(
        db, sandbox, "invite", "--vendor", "Fresh Foods", "--role", "rep"
    )
    assert out.startswith("https://t.me/comanda_shared_bot?start=")

    code, _, err = await comanda_cli(
        db, sandbox, "vendor", "set-bot", "--vendor", "Fresh Foods", "--token", "not-a-token"
    )
    assert code == 2 and "not a bot token" in err
    code, out, err = await comanda_cli(
        db,
        sandbox,
        *("vendor", "set-bot", "--vendor", "Fresh Foods", "--token", sandbox.token(777000222)),
    )
    assert code == 0, err
    assert "speaks through @fresh_foods_bot (777000222)" in out
    code, out, _ = await comanda_cli(
        db, sandbox, "invite", "--vendor", "Fresh Foods", "--role", "rep"
    )
    assert out.startswith("https://t.me/fresh_foods_bot?start=")
    store = await open_store(db)
    try:
        async with store.read() as tx:
            vendor = await tx.vendors.resolve("Fresh Foods")
            assert vendor.bot == 777000222
            assert [b.username for b in await tx.bots.serving()] == ["fresh_foods_bot"]
    finally:
        await store.close()

    code, out, err = await comanda_cli(
        db, sandbox, "vendor", "set-bot", "--vendor", "Fresh Foods", "--shared"
    )
    assert code == 0 and "speaks through the shared bot" in out, err
    code, out, _ = await comanda_cli(
        db, sandbox, "invite", "--vendor", "Fresh Foods", "--role", "rep"
    )
    assert out.startswith("https://t.me/comanda_shared_bot?start=")


async def test_set_bot_says_why_a_token_is_refused(sandbox: SandboxServer, tmp_path: Path) -> None:
    db = database_at(tmp_path)
    code, _, err = await comanda_cli(
        db, sandbox, "vendor", "create", "--name", "Fresh Foods", "--timezone", "Europe/Paris"
    )
    assert code == 0, err
    unknown = "777000222:" + "x" * 40  # well formed, but not a token Telegram knows
    set_bot = ("vendor", "set-bot", "--vendor", "Fresh Foods", "--token")
    code, _, err = await comanda_cli(db, sandbox, *set_bot, unknown)
    assert code == 2 and "Telegram does not know this token" in err
    sandbox.world.faults.go_offline(30)  # Telegram cannot be reached
    code, _, err = await comanda_cli(db, sandbox, *set_bot, sandbox.token(777000222))
    assert code == 2 and "Telegram could not check the token" in err
    sandbox.world.faults.clear()
    store = await open_store(db)
    try:
        async with store.read() as tx:
            assert (await tx.vendors.resolve("Fresh Foods")).bot is None  # nothing changed
            assert await tx.bots.serving() == []
    finally:
        await store.close()
