"""The inbox processor: claims stored updates from the store (per-chat order, chats side by
side), hands each to PTB's ``process_update``, answers the button after the work, and marks
the update done, retries it with back-off, or parks it after repeated failures.

Claims are leases in the store, so several processes can share one inbox and a killed
process's updates are taken over when its leases expire (at once, on the same machine)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.handling import CURRENT, Handling
from store import Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # an update failing this often (not the network's fault) is parked
LEASE = timedelta(seconds=30)
MAX_BACKOFF = timedelta(seconds=30)
KEEP_DONE = timedelta(days=2)  # a redelivered update within this window is ignored


def new_owner() -> str:
    """host:pid:random: unique per process run, and tells whether the process is alive."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_gone(owner: str, host: str | None = None) -> bool:
    """True only for an owner on this machine whose process no longer exists."""
    parts = owner.split(":")
    if len(parts) != 3 or parts[0] != (host or socket.gethostname()) or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def chat_key(update: Update) -> int:
    """Updates with the same key are handled in order, one after another."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0


def retry_delay(attempts: int, base: float) -> timedelta:
    return min(MAX_BACKOFF, timedelta(seconds=base * 2 ** max(0, min(attempts - 1, 10))))


App = Application[Any, Any, Any, Any, Any, Any]


class Inbox:
    def __init__(
        self,
        application: App,
        store: Store,
        *,
        concurrency: int = 16,
        retry_base: float = 1.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        owner: str | None = None,
    ) -> None:
        self.application = application
        self.store = store
        self.concurrency = concurrency
        self.retry_base = retry_base
        self.clock = clock
        self.owner = owner or new_owner()
        self.wake = asyncio.Event()
        self.stopping = asyncio.Event()
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self.runner: asyncio.Task[None] | None = None
        self.keeper: asyncio.Task[None] | None = None
        self.handled = 0
        self.finished: list[int] = []  # handled, to be marked done with the next claim
        # whether a claim may find something: a new update, a chat's previous one settled,
        # a full claim (there may be more), or a timer round (back-offs and expired leases)
        self.dirty = True
        self.after_update: Callable[[], None] = lambda: None  # e.g. wake the outbox
        # frees the claims of processes on this machine that died (app.py's _recover): run
        # with the lease keeper, so a killed worker's work is taken over in seconds
        self.recover: Callable[[], Awaitable[int]] | None = None

    @property
    def bot(self) -> Bot:
        return self.application.bot

    # -- receiving ------------------------------------------------------------------

    async def receive(self, updates: Sequence[Update]) -> int:
        """Store updates durably (one transaction); only then may Telegram be told."""
        if not updates:
            return 0
        rows = [(u.update_id, chat_key(u), json.dumps(u.to_dict())) for u in updates]
        async with self.store.tx() as tx:
            new = await tx.inbox.receive(rows, datetime.now(UTC))
        self.dirty = True
        self.wake.set()
        return new

    async def receive_raw(self, data: dict[str, Any]) -> int:
        """A webhook body: parsed just enough to find its chat, stored as sent."""
        update = Update.de_json(data, self.bot)
        return await self.receive([update])

    # -- running --------------------------------------------------------------------

    def _heard(self) -> None:
        """Another process stored updates: claim now rather than at the next round."""
        self.dirty = True
        self.wake.set()

    async def start(self) -> None:
        await self.store.subscribe("inbox", self._heard)
        self.stopping.clear()
        self.runner = asyncio.create_task(self._run(), name="inbox")
        self.keeper = asyncio.create_task(self._keep_leases(), name="inbox-leases")

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming; let what is in hand finish (their leases free the rest)."""
        self.stopping.set()
        self.wake.set()
        if self.runner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.runner
            self.runner = None
        if self.tasks:
            await asyncio.wait(list(self.tasks.values()), timeout=timeout)
        finished, self.finished = self.finished, []
        if finished:
            async with self.store.tx() as tx:
                await tx.inbox.done_many(finished, self.owner, self.clock())
        if self.keeper is not None:
            self.keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.keeper
            self.keeper = None

    async def _run(self) -> None:
        while not self.stopping.is_set():
            self.wake.clear()  # before claiming: a wake-up during the claim is kept
            free = self.concurrency - len(self.tasks)
            items = []
            finished, self.finished = self.finished, []
            claiming = free > 0 and (self.dirty or bool(finished))
            self.dirty = False
            if claiming or finished:
                try:
                    now = self.clock()
                    async with self.store.tx() as tx:
                        # handled updates are marked done in the same transaction that claims
                        # the next ones (a chat's next update needs its previous one done)
                        await tx.inbox.done_many(finished, self.owner, now)
                        if claiming:
                            items = await tx.inbox.claim(self.owner, now, now + LEASE, free)
                except Exception:  # noqa: BLE001 - the store may be busy: try again shortly
                    log.warning("could not claim updates", exc_info=True)
                    self.finished.extend(finished)
                    self.dirty = True
            if claiming and len(items) == free:
                self.dirty = True  # a full claim: more may be waiting for a free slot
            for item in items:
                task = asyncio.create_task(
                    self._handle(item.update_id, item.payload, item.attempts),
                    name=f"update-{item.update_id}",
                )
                self.tasks[item.update_id] = task
                task.add_done_callback(self._finished(item.update_id))
            if items and len(self.tasks) < self.concurrency:
                continue
            try:
                await asyncio.wait_for(self.wake.wait(), 0.5)
            except TimeoutError:
                self.dirty = True  # a back-off may have ended, or another process's lease
            await asyncio.sleep(0)  # let other updates finishing now join this round

    def _finished(self, update_id: int) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            self.tasks.pop(update_id, None)
            self.wake.set()  # this chat's next update may be claimed now

        return done

    async def _keep_leases(self) -> None:
        """Every sixth of a lease, take over the claims of dead processes on this machine and
        extend the leases of every update still in hand."""
        while True:
            await asyncio.sleep(LEASE.total_seconds() / 6)
            if self.recover is not None:
                try:
                    freed = await self.recover()
                except Exception:  # noqa: BLE001 - tried again next round
                    log.warning(
                        "could not take over the claims of stopped processes", exc_info=True
                    )
                else:
                    if freed:  # claim them now
                        self.dirty = True
                        self.wake.set()
            if not self.tasks:
                continue
            now = self.clock()
            try:
                async with self.store.tx() as tx:
                    await tx.inbox.extend(self.owner, list(self.tasks), now + LEASE)
            except Exception:  # noqa: BLE001 - tried again shortly; a lease lasts three rounds
                log.warning("could not extend leases", exc_info=True)

    async def _handle(self, update_id: int, payload: dict[str, Any], attempts: int) -> None:
        handling = Handling(update_id, final_attempt=attempts >= MAX_ATTEMPTS)
        token = CURRENT.set(handling)
        update: Update | None = None
        try:
            update = Update.de_json(payload, self.bot)
            await self.application.process_update(update)
        except Exception as exc:  # noqa: BLE001 - process_update reports handler errors itself
            log.error("update %s could not be handled", update_id, exc_info=exc)
            handling.error = exc
        finally:
            CURRENT.reset(token)
        # Marked done right after its work, before the button's answer (a network call): a
        # crash after the work must find as little as possible still to do again.
        await self._settle(update_id, attempts, handling)
        if update is not None and handling.error is None:
            await self._answer(update, handling)
        self.after_update()

    async def _answer(self, update: Update, handling: Handling) -> None:
        """Answer the button once the work is committed; too late is fine, never fatal."""
        query = update.callback_query
        if query is None or handling.transient:
            return
        try:
            await self.bot.answer_callback_query(
                query.id,
                text=handling.answer_text,
                show_alert=handling.answer_alert,
            )
        except TelegramError as exc:  # "query is too old", or Telegram away: the work is done
            log.info("button answer for update %s not delivered: %s", update.update_id, exc)

    async def _settle(self, update_id: int, attempts: int, handling: Handling) -> None:
        now = self.clock()
        if handling.error is None:
            self.handled += 1
            try:
                async with self.store.tx() as tx:
                    await tx.inbox.done(update_id, self.owner, now)
            except Exception:  # noqa: BLE001 - the store is busy: marked with the next claim
                log.warning("could not mark update %s done yet", update_id, exc_info=True)
                self.finished.append(update_id)
            self.dirty = True  # the chat's next update may be claimed now
            self.wake.set()
            if update_id % 1000 == 0:
                async with self.store.tx() as tx:
                    await tx.inbox.prune(now - KEEP_DONE)
            return
        async with self.store.tx() as tx:
            error = f"{type(handling.error).__name__}: {handling.error}"
            if handling.transient:
                # Telegram is away: wait and try again, however long it takes (not counted).
                await tx.inbox.retry(
                    update_id,
                    self.owner,
                    error,
                    now + retry_delay(attempts, self.retry_base),
                    counted=False,
                )
            elif handling.final_attempt:
                log.error("update %s parked after %s attempts: %s", update_id, attempts, error)
                await tx.inbox.park(update_id, error)
            else:
                await tx.inbox.retry(
                    update_id, self.owner, error, now + retry_delay(attempts, self.retry_base)
                )
        self.dirty = True  # the chat's next update, or this one after its back-off
        self.wake.set()
