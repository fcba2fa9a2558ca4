"""Run a PTB Application against a Bot API server the way run_polling and run_webhook do
(initialize, post_init, start ... stop, post_stop, shutdown, post_shutdown), inside an
already running event loop: for tests, the demo and the benchmarks."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def polling(app: Application, *, poll_timeout: int = 1) -> AsyncIterator[Application]:
    """Run ``app`` with long polling for the duration of the block."""
    await app.initialize()
    if app.post_init is not None:  # as run_polling does
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
    await app.start()
    try:
        yield app
    finally:
        await _stop(app)


@asynccontextmanager
async def webhook(app: Application, *, secret_token: str = "sandbox-secret") -> AsyncIterator[int]:
    """Run ``app`` as a webhook server on a free local port; yields the port."""
    port = free_port()
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="hook",
        webhook_url=f"http://127.0.0.1:{port}/hook",
        secret_token=secret_token,
    )
    await app.start()
    try:
        yield port
    finally:
        await _stop(app)


async def _stop(app: Application) -> None:
    """Stop as run_polling does: updater, application, post_stop, shutdown, post_shutdown."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
