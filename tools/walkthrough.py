"""Screenshots for docs/day-at-a-wholesaler.md, taken from `comanda demo` in headless
Chromium (Debian's; `scripts/test.sh` installs it). Usage: python tools/walkthrough.py
Writes docs/walkthrough/*.png. The demo runs with a fresh database in a temporary folder."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "walkthrough"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def start_demo(data: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMANDA_")}
    command = [sys.executable, "-m", "bot.cli", "demo", "--port", str(port), "--data", str(data)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "open http://" in line:
            return proc
    raise SystemExit(f"the demo exited with {proc.wait()}")


async def walk(page: Page) -> None:
    messages = page.locator("#messages")

    async def chat(name: str) -> None:
        await page.locator("#chats li", has_text=name).click()

    async def say(text: str) -> None:
        await page.fill("#text", text)
        await page.press("#text", "Enter")

    async def see(text: str) -> None:
        await messages.get_by_text(text).last.wait_for(timeout=15_000)

    async def tap(label: str) -> None:
        await messages.locator("button", has_text=label).last.click()

    async def shot(name: str) -> None:
        await page.wait_for_timeout(400)
        await page.screenshot(path=str(OUT / f"{name}.png"))

    # 7:30 — a cook orders in her own words from her supplier's catalogue
    await chat("Chef Ana")
    await say("/start")
    await see("Customer number")
    await shot("1-home")
    await say("3 laitue romaine, 5 kg tomates olivettes, and can you come before 8?")
    await see("Added to your cart")
    await shot("2-free-text")
    await tap("Cart")
    await see("Total")
    await tap("Checkout")
    await see("Delivery day")
    day = messages.locator(".msg", has_text="Delivery day").last.locator(".keyboard button").first
    late = "⚠️" in (await day.inner_text())
    await day.click()
    if late:
        await tap("Yes, I accept")
    await see("Review your order")
    await shot("3-review")
    await tap("Place order")
    await see("placed")
    text = await messages.locator(".msg").last.inner_text()
    found = re.search(r"O\d{6}[A-Z]{6}", text)
    assert found, text
    number = found.group(0)
    await shot("4-placed")
    # 8:00 — the team confirms from the group
    await chat("Fresh Foods team")
    await page.select_option("#actor", label="Vera (admin)")
    card = messages.locator(".msg", has_text=number).first
    await card.wait_for(timeout=15_000)
    await shot("5-card")
    await card.locator("button", has_text="Confirm").first.click()
    await (
        messages.locator(".msg", has_text=number)
        .filter(has_text=re.compile(r"Confirmed"))
        .first.wait_for(timeout=15_000)
    )
    await shot("6-confirmed")
    # 10:00 — the admin's day: orders, settings
    await chat("Vera (admin)")
    await say("/orders")
    await see("Orders")
    await shot("7-orders")
    await tap(number)
    await see("Ordered on")
    await shot("8-order-details")
    await say("/settings")
    await see("Team language")
    await shot("9-settings")
    # 15:00 — a Spanish cook writes to her Madrid supplier
    await chat("Lucía")
    await say("/help")
    await see("Por ejemplo")
    await shot("10-madrid-help")
    await say("¿Podéis traer el pedido antes de las 9? Gracias")
    await see("Enviado a Frescos Madrid")
    await shot("11-message-relayed")


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        from sandbox.runner import free_port

        port = free_port()
        proc = start_demo(Path(folder) / "demo", port)
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = await browser.new_page(viewport={"width": 1100, "height": 860})
                await page.goto(f"http://127.0.0.1:{port}/")
                await walk(page)
                await browser.close()
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=20)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
