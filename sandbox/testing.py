"""pytest fixtures: a sandbox per test and PTB Applications pointed at it.

Enable with ``pytest_plugins = ["sandbox.testing"]``.  At the end of each test the sandbox
fails the test if the bot provoked a 4xx the test did not announce with
``sandbox.world.expect_rejection(status, text)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder

from sandbox.limits import Limits
from sandbox.server import SandboxServer


def builder_for(server: SandboxServer, token: str | None = None) -> ApplicationBuilder:
    """An ApplicationBuilder aimed at the sandbox."""
    return (
        Application.builder()
        .token(token or server.token())
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
    )


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
    unexpected = [call for world in server.worlds() for call in world.unexpected_rejections()]
    assert not unexpected, f"the bot provoked Bot API errors: {unexpected}"


@pytest.fixture
def ptb_app(sandbox: SandboxServer) -> Callable[..., Any]:
    """A factory for PTB Applications pointed at the sandbox (not started)."""

    def make(**options: Any) -> Application:
        builder = builder_for(sandbox)
        for name, value in options.items():
            builder = getattr(builder, name)(value)
        return builder.build()

    return make
