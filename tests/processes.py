"""For the crash test and the drills: `comanda run` as a real process against an in-process
sandbox, killed with SIGKILL and started again; customers driven as people would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import ClientSession

from sandbox import Limits, SandboxServer
from sandbox.world import User, World
from store import Store, open_store
from tests.harness import Clock, Harness, Seed, seed

ROOT = Path(__file__).resolve().parents[1]
HELD = 600.0  # seconds: longer than any test, so a held call only ends when its client does


def hold(world: World, method: str, chat_id: int) -> None:
    """Telegram holds every ``method`` call to ``chat_id`` until the faults are cleared: the
    bot gives up on each at its read timeout and tries again, held again, so nothing gets
    through however long the process lives (one held call would end at the read timeout
    and let the retry through, and a kill just then is a send the next process repeats)."""
    world.faults.delay(HELD, count=None, method=method, chat_id=chat_id)


class BotProcess:
    """`python -m bot.cli run`, its log kept in a file so tracebacks can be counted."""

    def __init__(
        self,
        sandbox: SandboxServer,
        db: Path | str,
        log: Path,
        command: tuple[str, ...] = ("bot.cli", "run"),
        **env: str,
    ) -> None:
        self.sandbox, self.db, self.log = sandbox, db, log
        self.command = command
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COMANDA_")}
        self.env.update(
            COMANDA_BOT_TOKEN=sandbox.token(),
            COMANDA_API_URL=sandbox.url,
            COMANDA_DATABASE=str(db),
            COMANDA_OUTBOX_INTERVAL="0.2",
            COMANDA_OUTBOX_RETRY_BASE="0.2",
            COMANDA_INBOX_RETRY_BASE="0.2",
            COMANDA_LOG_LEVEL="WARNING",
        )
        self.env.update(env)
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", *self.command],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a crash or an OOM kill."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    async def kill_and_heal(self) -> None:
        """SIGKILL, then clear the sandbox's faults once it has read what the killed
        process had sent: each such call meets the faults still set, none slips through
        after they are cleared as a message the next process would send again."""
        self.kill()
        async with (  # a call of our own, read after the dead process's ones: a barrier
            ClientSession() as session,
            session.get(f"{self.sandbox.url}/sandbox/version") as answer,
        ):
            await answer.read()
        self.sandbox.world.faults.clear()

    def stop(self) -> int:
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = -9
        self.proc = None
        return code

    def tracebacks(self) -> int:
        return self.log.read_text(errors="replace").count("Traceback")


def last_text(h: Harness, chat_id: int) -> str:
    messages = h.world.bot_messages(chat_id)
    return str(messages[-1].get("text", "")) if messages else ""


def button_data(message: dict[str, Any], label: str) -> str:
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if label in button["text"]:
                return str(button["callback_data"])
    raise KeyError(label)


async def to_review(h: Harness, user: User, text: str = "2 romaine") -> tuple[dict[str, Any], str]:
    """Fill the cart by typing, check out, choose the first day: the review and its
    "Place order" callback data."""
    await h.say(user, text)
    await h.expect(user.id, "Added to your cart", 15)
    await h.say(user, "/cart")
    cart = await h.expect(user.id, "Your cart", 15)
    await h.press(user, cart, "Checkout")
    days = await h.expect(user.id, "Delivery day", 15)
    h.mark(user.id)
    first = days["reply_markup"]["inline_keyboard"][0][0]
    h.world.press(user.id, days["message_id"], user.id, callback_data=first["callback_data"])
    shown = await h.world.wait_for(
        lambda: next(
            (
                m
                for m in h.changed(user.id)
                if "Review your order" in m.get("text", "") or "Yes, I accept" in str(m)
            ),
            None,
        ),
        15,
    )
    if "Review your order" not in shown.get("text", ""):
        await h.press(user, shown, "Yes, I accept")
        shown = await h.expect(user.id, "Review your order", 15)
    return shown, button_data(shown, "Place order")


async def wait_until(predicate: Callable[[], Any], timeout: float, world: Any) -> bool:
    try:
        await world.wait_for(predicate, timeout)
        return True
    except TimeoutError:
        return False


@dataclass
class Drill:
    """What every drill starts from: a sandbox, the seeded wholesaler, a bot process."""

    folder: Path
    sandbox: SandboxServer
    store: Store
    admin: User
    seed: Seed
    h: Harness
    bot: BotProcess

    @property
    def world(self) -> World:
        return self.sandbox.world


@asynccontextmanager
async def drill_setup(
    prefix: str, limits: Limits, database: str | None = None, **env: str
) -> AsyncIterator[Drill]:
    """A fresh folder and database (a SQLite file in the folder, or the empty PostgreSQL
    database ``database``), the sandbox with ``limits``, the seeded wholesaler (admin Vera)
    and a `comanda run` process, started; stopped and closed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    db: Path | str = database or folder / "drill.db"
    async with SandboxServer(limits=limits) as sandbox:
        store = await open_store(db)
        bot = BotProcess(sandbox, db, folder / "bot.log", **env)
        try:
            admin = sandbox.world.create_user("Vera Admin")
            seeded = await seed(store, admin)
            h = Harness(sandbox, store, Clock(datetime.now(UTC)), seeded)
            bot.start()
            yield Drill(folder, sandbox, store, admin, seeded, h, bot)
        finally:
            bot.stop()
            await store.close()
