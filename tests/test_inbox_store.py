"""The durable inbox, outbox and broadcast claims in the store: per-chat order, leases that
expire or are freed, retries that count or not, parking, redelivery."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from bot.inbox import chat_key, new_owner, owner_is_gone, retry_delay
from store import Store

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def row(update_id: int, chat: int) -> tuple[int, int, str]:
    return (update_id, chat, json.dumps({"update_id": update_id}))


async def test_receive_is_idempotent(store: Store) -> None:
    async with store.tx() as tx:
        assert await tx.inbox.receive([row(1, 10), row(2, 10)], T0) == 2
        assert await tx.inbox.receive([row(2, 10), row(3, 11)], T0) == 1  # 2 redelivered
    async with store.tx() as tx:
        (item,) = await tx.inbox.claim("a", T0, T0 + LEASE, 1)
        assert await tx.inbox.done(item.update_id, "a", T0)
        assert await tx.inbox.receive([row(1, 10)], T0) == 0  # handled: stays handled
        assert (await tx.inbox.counts())["done"] == 1


async def test_an_effect_is_made_once_per_update_and_forgotten_with_it(store: Store) -> None:
    async with store.tx() as tx:
        assert await tx.inbox.first_time("7:1:cart+3", T0)
        assert await tx.inbox.first_time("7:2:cart+3", T0)  # the update's second effect
        assert await tx.inbox.first_time("8:1:cart+3", T0 + LEASE)
    async with store.tx() as tx:  # the same update handled again: already made
        assert not await tx.inbox.first_time("7:1:cart+3", T0)
    async with store.tx() as tx:
        await tx.inbox.prune(T0 + timedelta(seconds=1))
    async with store.tx() as tx:  # update 7's records are gone with it, 8's are kept
        assert await tx.inbox.first_time("7:1:cart+3", T0 + LEASE)
        assert not await tx.inbox.first_time("8:1:cart+3", T0 + LEASE)
    with pytest.raises(RuntimeError):  # recorded in a transaction that fails: not recorded
        async with store.tx() as tx:
            assert await tx.inbox.first_time("9:1:cart+3", T0)
            raise RuntimeError("the effect's own write failed")
    async with store.tx() as tx:
        assert await tx.inbox.first_time("9:1:cart+3", T0)


async def test_one_chat_in_order_chats_side_by_side(store: Store) -> None:
    async with store.tx() as tx:
        await tx.inbox.receive([row(1, 10), row(2, 10), row(3, 11), row(4, 12)], T0)
        claimed = await tx.inbox.claim("a", T0, T0 + LEASE, 10)
        # one per chat: chat 10's second update waits for its first
        assert [i.update_id for i in claimed] == [1, 3, 4]
        assert await tx.inbox.claim("b", T0, T0 + LEASE, 10) == []  # all leased
        assert await tx.inbox.done(1, "a", T0)
        assert [i.update_id for i in await tx.inbox.claim("b", T0, T0 + LEASE, 10)] == [2]


async def test_expired_lease_is_taken_over_and_late_owner_cannot_finish(store: Store) -> None:
    async with store.tx() as tx:
        await tx.inbox.receive([row(1, 10)], T0)
        (first,) = await tx.inbox.claim("a", T0, T0 + LEASE, 1)
        later = T0 + LEASE + timedelta(seconds=1)
        (again,) = await tx.inbox.claim("b", later, later + LEASE, 1)
        assert again.update_id == 1 and again.attempts == 2
        assert not await tx.inbox.done(1, "a", later)  # "a" lost its claim
        assert await tx.inbox.done(1, "b", later)


async def test_retry_backs_off_and_uncounted_tries_never_park(store: Store) -> None:
    async with store.tx() as tx:
        await tx.inbox.receive([row(1, 10), row(2, 10)], T0)
        (item,) = await tx.inbox.claim("a", T0, T0 + LEASE, 5)
        await tx.inbox.retry(1, "a", "NetworkError: down", T0 + timedelta(seconds=4), counted=False)
        # neither 1 (backing off) nor 2 (behind 1 in the same chat) is due
        assert await tx.inbox.claim("a", T0 + timedelta(seconds=1), T0 + LEASE, 5) == []
        (item,) = await tx.inbox.claim("a", T0 + timedelta(seconds=5), T0 + LEASE, 5)
        assert (
            item.update_id == 1 and item.attempts == 1 and item.last_error == "NetworkError: down"
        )
        await tx.inbox.park(1, "ValueError: poison")
        (nxt,) = await tx.inbox.claim("a", T0 + timedelta(seconds=6), T0 + LEASE, 5)
        assert nxt.update_id == 2  # a parked update no longer holds its chat up
        (parked,) = await tx.inbox.parked()
        assert parked.update_id == 1 and parked.last_error == "ValueError: poison"
        assert await tx.inbox.requeue(1, T0)
        assert not await tx.inbox.requeue(1, T0)
        assert (await tx.inbox.get(1)).status == "pending"  # type: ignore[union-attr]


async def test_released_owners_free_their_leases(store: Store) -> None:
    async with store.tx() as tx:
        await tx.inbox.receive([row(1, 10)], T0)
        await tx.inbox.claim("dead", T0, T0 + LEASE, 1)
        assert await tx.inbox.lease_owners() == ["dead"]
        assert await tx.inbox.release(["dead"]) == 1
        assert [i.update_id for i in await tx.inbox.claim("b", T0, T0 + LEASE, 1)] == [1]


def test_owner_names_tell_a_dead_local_process() -> None:
    me = new_owner()
    assert not owner_is_gone(me)  # this process
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    host = me.split(":")[0]
    assert owner_is_gone(f"{host}:{proc.stdout.strip()}:abcd1234")
    assert not owner_is_gone(f"another-host:{proc.stdout.strip()}:abcd1234")
    assert not owner_is_gone("garbage")


def test_retry_delay_doubles_up_to_a_cap() -> None:
    assert [retry_delay(n, 1.0).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(50, 1.0) == timedelta(seconds=30)


def test_chat_key_of_updates() -> None:
    from telegram import Update

    message = Update.de_json(
        {
            "update_id": 5,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": -100, "type": "group", "title": "Team"},
                "from": {"id": 7, "is_bot": False, "first_name": "Vera"},
                "text": "hi",
            },
        },
        None,
    )
    assert chat_key(message) == -100
    assert chat_key(Update.de_json({"update_id": 6}, None)) == 0


async def test_outbox_claims_keep_chat_order_and_skip_busy_chats(store: Store) -> None:
    async with store.tx() as tx:
        for chat in (1, 1, 2):
            await tx.outbox.enqueue(
                kind="notice", vendor_id=0, chat_id=chat, payload={"method": "x"}
            )
        now = datetime.now(UTC)
        claimed = await tx.outbox.claim("a", now=now, lease_until=now + LEASE, limit=10)
        assert [(m.chat_id, m.id) for m in claimed] == [(1, 1), (1, 2), (2, 3)]
        assert await tx.outbox.claim("b", now=now, lease_until=now + LEASE, limit=10) == []
        await tx.outbox.mark_retry(1, "500", now + timedelta(minutes=1))
        await tx.outbox.release([2, 3], "a")
        # message 2 waits behind message 1's retry; chat 2 is free, unless busy here
        again = await tx.outbox.claim("b", now=now, lease_until=now + LEASE, limit=10)
        assert [m.id for m in again] == [3]
        await tx.outbox.release([3], "b")
        busy = await tx.outbox.claim(
            "b", now=now, lease_until=now + LEASE, limit=10, busy_chats=[2]
        )
        assert busy == []
        assert await tx.outbox.release_owners(["a", "b"]) == 0  # nothing left leased


async def test_a_savepoint_undoes_only_its_own_step(store: Store) -> None:
    async with store.tx() as tx:
        await tx.inbox.receive([row(1, 10)], T0)
        try:
            async with tx.savepoint():
                await tx.inbox.receive([row(2, 10)], T0)
                raise KeyError("hook failed")
        except KeyError:
            pass
    async with store.read() as tx:
        assert await tx.inbox.get(1) is not None
        assert await tx.inbox.get(2) is None


async def test_a_cancelled_transaction_never_stays_open(store: Store) -> None:
    """Tasks are cancelled at shutdown, or while Telegram is slow: whatever moment the cancel
    comes, the transaction is ended and the store stays usable."""
    import asyncio

    for delay in (0.0, 0.0, 0.0005, 0.001, 0.002, 0.005):

        async def work() -> None:
            async with store.tx() as tx:
                await tx.inbox.receive([row(99, 10)], T0)
                await asyncio.sleep(0.01)

        task = asyncio.create_task(work())
        await asyncio.sleep(delay)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        async with store.tx() as tx:  # would fail: "cannot start a transaction within..."
            assert await tx.inbox.get(99) is None


async def test_one_process_at_a_time_sends_a_bots_broadcasts(store: Store) -> None:
    soon, later = T0 + timedelta(seconds=5), T0 + timedelta(seconds=6)
    async with store.tx() as tx:
        assert await tx.broadcasts.hold_sending("a", T0, soon)
        assert await tx.broadcasts.hold_sending("a", T0, soon)  # renewed by its holder
        assert not await tx.broadcasts.hold_sending("b", T0, soon)  # held: b waits
        # another bot's broadcasts have a sender of their own
        assert await tx.for_bot(42).broadcasts.hold_sending("b", T0, soon)
        assert await tx.broadcasts.hold_sending("b", later, later + LEASE)  # a stopped renewing
        assert not await tx.broadcasts.hold_sending("a", later, later + LEASE)
        await tx.broadcasts.release_owners(["b"])  # b stops (or is found dead): handed over
        assert await tx.broadcasts.hold_sending("a", later, later + LEASE)
