"""`comanda demo` end to end in a real headless Chromium: order as a cook, confirm as the
admin in the team group, see the cook told."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.demo import Cast
from sandbox.runner import free_port
from sandbox.world import World

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start_demo(tmp_path: Path, port: int) -> tuple[subprocess.Popen[str], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMANDA_")}
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "demo",
            "--port",
            str(port),
            "--data",
            str(tmp_path / "demo"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"the demo exited with {proc.wait()}")
        if "open http://" in line:
            return proc, time.monotonic() - started


async def test_demo_in_a_browser(tmp_path: Path) -> None:
    if shutil.which(CHROMIUM) is None:
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.async_api import async_playwright

    port = free_port()
    proc, startup = await asyncio.to_thread(start_demo, tmp_path, port)
    errors: list[str] = []
    shots = tmp_path / "screenshots"
    shots.mkdir()
    try:
        del startup  # measured by bench/demo_startup.py, never asserted here
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            await page.goto(f"http://127.0.0.1:{port}/")
            messages = page.locator("#messages")

            async def tap(label: str) -> None:
                await messages.locator("button", has_text=label).last.click()

            async def see(text: str, timeout: float = 15_000) -> None:
                await messages.get_by_text(text).last.wait_for(timeout=timeout)

            await page.locator("#chats li", has_text="Chef Ana").click()
            await page.fill("#text", "/order")
            await page.press("#text", "Enter")
            await see("Choose a category")
            await page.screenshot(path=str(shots / "1-catalogue.png"))
            await tap("Légumes")
            await tap("Tomates olivettes")
            await see("How many?")
            await tap("10")
            await see("Added: 10 × Tomates olivettes")
            await tap("Cart")
            await see("Total")
            await tap("Checkout")
            await see("Delivery day")
            await page.screenshot(path=str(shots / "2-delivery-day.png"))
            day = messages.locator(".keyboard button").first
            late = "⚠️" in (await day.inner_text())
            await day.click()
            if late:
                await tap("Yes, I accept")
            await see("Review your order")
            await tap("Place order")
            await see("placed")
            text = await messages.locator(".msg").last.inner_text()
            number = re.search(r"O\d{6}[A-Z]{6}", text)
            assert number, text
            await page.screenshot(path=str(shots / "3-placed.png"))

            await page.locator("#chats li", has_text="Fresh Foods team").click()
            await page.select_option("#actor", label="Vera (admin)")
            card = messages.locator(".msg", has_text=number.group(0)).first
            await card.wait_for(timeout=15_000)
            await page.screenshot(path=str(shots / "4-card.png"))
            await card.locator("button", has_text="Confirm").first.click()
            await (
                messages.locator(".msg", has_text=number.group(0))
                .filter(has_text=re.compile(r"Status: \S+ Confirmed"))
                .first.wait_for(timeout=15_000)
            )
            await page.screenshot(path=str(shots / "5-confirmed.png"))

            await page.locator("#chats li", has_text="Chef Ana").click()
            await see(f"Order {number.group(0)} confirmed")
            await page.screenshot(path=str(shots / "6-customer-told.png"))
            await browser.close()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = await asyncio.to_thread(proc.communicate, None, 20)
    assert proc.returncode == 0, out
    assert "demo stopped" in out
    # Quiet by default: the address, then warnings and errors only, however many requests
    # the page and the bot made.
    assert " INFO " not in out and "getUpdates" not in out, out[:3000]
    assert errors == [], errors
    assert len(list(shots.glob("*.png"))) == 6
    with sqlite3.connect(tmp_path / "demo" / "comanda.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        statuses = [
            r[0]
            for r in conn.execute(
                "SELECT status FROM orders WHERE order_number = ?", (number.group(0),)
            )
        ]
    assert statuses == ["confirmed"]


@asynccontextmanager
async def demo_running(tmp_path: Path, now: datetime) -> AsyncIterator[tuple[World, Cast]]:
    """The demo's data, seeded today, served by the real Application on ``now``'s clock."""
    from bot.demo import cast, seed
    from sandbox import Limits, SandboxServer
    from store import open_store
    from tests.harness import Clock, running

    async with SandboxServer(limits=Limits(private_burst=40)) as sandbox:
        people = cast(sandbox.world)
        db = tmp_path / "demo.db"
        store = await open_store(db)
        try:
            await seed(store, people, datetime.now(UTC))
            async with running(sandbox, db, Clock(now)):
                yield sandbox.world, people
        finally:
            await store.close()


async def test_demo_cooks_order_in_their_own_words(tmp_path: Path) -> None:
    """The demo's Paris catalogue is French and its Madrid wholesaler Spanish: each cook's
    help example comes from their own catalogue and works when typed."""
    from tests.harness import PARIS

    clock = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    async with demo_running(tmp_path, clock) as (world, people):
        amelie, lucia = people.contacts[1], people.madrid_contacts[0]
        for cook, added in (
            (amelie, "Ajouté à votre panier"),
            (lucia, "Añadido a tu carrito"),
        ):
            world.send_text(cook.id, cook.id, "/help")
            helped = await world.wait_for(
                lambda c=cook: next((m for m in world.bot_messages(c.id) if "«" in m["text"]), None)
            )
            example = helped["text"].split("«")[1].split("»")[0].strip()
            assert example and example[0].isdigit(), helped["text"]
            world.send_text(cook.id, cook.id, example)
            got = await world.wait_for(
                lambda c=cook, a=added: next(
                    (m for m in world.bot_messages(c.id) if a in m["text"]), None
                )
            )
            assert got["text"].count("•") == 2, got["text"]
        # a Spanish cook orders in Spanish words from the Spanish catalogue
        javier = people.madrid_contacts[1]
        world.send_text(javier.id, javier.id, "2 cajas de lechuga romana, 3 kg de tomates pera")
        got = await world.wait_for(
            lambda: next(
                (m for m in world.bot_messages(javier.id) if "Lechuga romana" in m["text"]),
                None,
            )
        )
        assert "Tomates pera" in got["text"], got["text"]
        # and an unavailable product typed by name says so, in Spanish
        world.send_text(javier.id, javier.id, "pimientos del piquillo")
        await world.wait_for(
            lambda: any("no disponible ahora" in m["text"] for m in world.bot_messages(javier.id))
        )


async def test_the_demo_shows_a_standing_order_at_once(tmp_path: Path) -> None:
    """A new user of the demo finds Bistro 42's standing order in /standing (issue 18)."""
    async with demo_running(tmp_path, datetime.now(UTC)) as (world, people):
        ana = people.contacts[0]
        world.send_text(ana.id, ana.id, "/standing")
        shown = await world.wait_for(
            lambda: next(
                (m for m in world.bot_messages(ana.id) if "Standing orders" in m["text"]),
                None,
            )
        )
        assert "every" in shown["text"] and "▶️ active" in shown["text"], shown["text"]
        assert shown["text"].count("× ") == 2
