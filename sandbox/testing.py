"""pytest fixtures: a sandbox per test and PTB Applications pointed at it.

Enable with ``pytest_plugins = ["sandbox.testing"]``.  At the end of each test the sandbox
fails the test if the bot provoked a 4xx the test did not announce with
``sandbox.world.expect_rejection(status, text)``.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder

from sandbox.limits import Limits
from sandbox.server import SandboxServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def builder_for(server: SandboxServer, token: str | None = None) -> ApplicationBuilder:  # type: ignore[type-arg]
    """An ApplicationBuilder aimed at the sandbox."""
    return (
        Application.builder()
        .token(token or server.token())
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
    )


@asynccontextmanager
async def polling(app: Application, *, poll_timeout: int = 1) -> AsyncIterator[Application]:  # type: ignore[type-arg]
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
async def webhook(app: Application, *, secret_token: str = "sandbox-secret") -> AsyncIterator[int]:  # type: ignore[type-arg]
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


async def _stop(app: Application) -> None:  # type: ignore[type-arg]
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


@pytest.fixture
def sandbox_limits() -> Limits:
    """Override in a test module to change the limits (on by default)."""
    return Limits()


@pytest.fixture
async def sandbox(sandbox_limits: Limits) -> AsyncIterator[SandboxServer]:
    server = SandboxServer(limits=sandbox_limits)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    unexpected = server.world.unexpected_rejections()
    assert not unexpected, f"the bot provoked Bot API errors: {unexpected}"


@pytest.fixture
def ptb_app(sandbox: SandboxServer) -> Callable[..., Any]:
    """A factory for PTB Applications pointed at the sandbox (not started)."""

    def make(**options: Any) -> Application:  # type: ignore[type-arg]
        builder = builder_for(sandbox)
        for name, value in options.items():
            builder = getattr(builder, name)(value)
        return builder.build()

    return make
