"""The broadcast sender sends only while it holds its bot's sender lease (one process at a
time: Telegram's ~30 messages a second are the bot's, whatever the number of processes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telegram.ext import ExtBot

from bot.i18n import Renderer
from bot.services.broadcast_sender import SENDER_LEASE, BroadcastSender
from sandbox import SandboxServer
from store import Store


def sender(store: Store, sandbox: SandboxServer, owner: str) -> BroadcastSender:
    bot: ExtBot[dict[str, object]] = ExtBot(sandbox.token(), base_url=sandbox.url + "/bot")
    return BroadcastSender(
        store, Renderer(), bot, rate=28.0, clock=lambda: datetime.now(UTC), owner=owner
    )


async def test_a_sender_sends_only_while_it_holds_the_lease(
    store: Store, sandbox: SandboxServer
) -> None:
    first, second = sender(store, sandbox, "first"), sender(store, sandbox, "second")
    assert await first.holding()  # nobody held it
    assert not await second.holding()  # first holds it: second waits
    held = first.held_until
    assert held is not None and await first.holding() and first.held_until == held  # no renewal
    first.held_until = datetime.now(UTC) + timedelta(seconds=1)  # near its end: renewed
    assert await first.holding() and first.held_until > held - timedelta(seconds=1)
    async with store.tx() as tx:  # first stalled past its lease: second took over
        later = datetime.now(UTC) + SENDER_LEASE + timedelta(seconds=1)
        assert await tx.broadcasts.hold_sending("second", later, later + SENDER_LEASE)
    first.held_until = None
    assert not await first.holding()  # it lost the lease: it sends nothing more
    assert first.held_until is None
