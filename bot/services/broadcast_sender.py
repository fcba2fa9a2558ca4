"""The background broadcast sender: claims due deliveries from the store (with a lease, so
several processes never send one twice), sends at a steady pace below Telegram's bulk limit,
and records every outcome through the store: sent, unreachable (403), failed (400, or after
``MAX_ATTEMPTS`` network failures), or pending again with back-off (5xx, timeout, 429)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.i18n import Renderer, pick_language
from bot.outbox import Pace, no_pace
from bot.ratelimit import retry_after_seconds
from store import Store
from store.models import Broadcast, Delivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
PER_CHAT = 1.0  # seconds between two messages to one chat
LEASE = timedelta(seconds=60)  # a claimed delivery is someone's for this long
SENDER_LEASE = timedelta(seconds=5)  # a sender that stops renewing hands over after this
SENDER_MARGIN = timedelta(seconds=2)  # renewed this long before its end; never sent past it
# rate limiter: yields to replies, 429s come straight back, one recorded send in flight
BULK = {"bulk": True, "paced": True}


def retry_delay(attempts: int, base: float = 1.0) -> timedelta:
    """base, 2 x base, 4 x base ... at most 60 seconds after the n-th failed try."""
    return timedelta(seconds=min(60.0, base * 2 ** max(0, min(attempts, 10))))


class Pacer:
    """At most ``rate`` sends per second, evenly spaced."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next = time.monotonic()

    async def wait(self) -> None:
        now = time.monotonic()
        if self.next > now:
            await asyncio.sleep(self.next - now)
        self.next = max(self.next, now) + self.interval

    def pause(self, seconds: float) -> None:
        self.next = max(self.next, time.monotonic() + seconds)


class BroadcastSender:
    """One per Application: started in post_init, stopped (in-flight sends finished) before
    the store closes."""

    def __init__(
        self,
        store: Store,
        renderer: Renderer,
        bot: ExtBot[dict[str, Any]],
        *,
        rate: float,
        clock: Callable[[], datetime],
        progress_every: float = 1.0,
        concurrency: int = 8,
        owner: str = "local",
        pace: Pace = no_pace,
        in_doubt: asyncio.Semaphore | None = None,
        retry_base: float = 1.0,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.store = store
        self.renderer = renderer
        self.bot = bot
        self.pacer = Pacer(rate)
        self.clock = clock
        self.progress_every = progress_every
        self.owner = owner
        self.pace = pace
        self.in_doubt = in_doubt or asyncio.Semaphore(1)
        self.retry_base = retry_base
        self.max_attempts = max_attempts
        self.semaphore = asyncio.Semaphore(concurrency)
        self.inflight: set[asyncio.Task[None]] = set()
        self.last_sent: dict[int, float] = {}
        self.stopping = asyncio.Event()
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.shown: dict[int, dict[str, int]] = {}
        self.last_progress = 0.0
        self.held_until: datetime | None = None  # the end of this process's sender lease

    async def holding(self) -> bool:
        """Whether this process may send the bot's broadcasts now: it holds the sender lease
        with a margin, renewing it when the end is near. A holder that lost it (its steps
        were slow, another process took over) sends nothing more: never two at once."""
        wall = datetime.now(UTC)
        if self.held_until is not None and wall + SENDER_MARGIN < self.held_until:
            return True
        async with self.store.tx() as tx:
            held = await tx.broadcasts.hold_sending(self.owner, wall, wall + SENDER_LEASE)
        self.held_until = wall + SENDER_LEASE if held else None
        return held

    def start(self) -> None:
        self.stopping.clear()
        self.task = asyncio.create_task(self.run(), name="broadcast-sender")

    async def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self.task), 10)
            except TimeoutError:  # a step stuck on Telegram: stop it where it is
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task
            except asyncio.CancelledError:
                pass
        if self.inflight:
            await asyncio.wait(self.inflight, timeout=10)
        if all(
            task.done() for task in self.inflight
        ):  # nothing on its way: hand back what was claimed, not sent
            async with self.store.tx() as tx:
                await tx.broadcasts.release_owners([self.owner])

    def poke(self) -> None:
        self.wake.set()

    async def run(self) -> None:
        while not self.stopping.is_set():
            self.wake.clear()  # before looking: a wake-up during the look is kept
            try:
                busy = await self.step()
            except Exception:  # noqa: BLE001 - keep sending after any surprise
                log.exception("broadcast sender step failed")
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), 0.5)

    async def step(self) -> bool:
        now = time.monotonic()
        if len(self.last_sent) > 10_000:
            self.last_sent = {k: v for k, v in self.last_sent.items() if now - v < PER_CHAT}
        # never two messages in one second to one chat (two broadcasts at once)
        recent = [chat for chat, at in self.last_sent.items() if now - at < PER_CHAT]
        # one process at a time sends this bot's broadcasts (its ~30/s are the bot's)
        if not await self.holding():
            return False
        wall = datetime.now(UTC)
        async with self.store.tx() as tx:
            due = await tx.broadcasts.claim(
                self.owner, now=wall, lease_until=wall + LEASE, limit=40, skip_chats=recent
            )
        async with self.store.read() as tx:
            active = await tx.broadcasts.active()
        dispatched = 0
        for delivery in due:
            if self.stopping.is_set():
                break
            chat = delivery.telegram_user_id
            if time.monotonic() - self.last_sent.get(chat, -PER_CHAT) < PER_CHAT:
                await self._release(delivery)  # this chat had a message under a second ago
                continue
            await self.pacer.wait()
            if not await self.holding():  # another process sends from now on
                await self._release(delivery)
                continue
            self.last_sent[chat] = time.monotonic()
            dispatched += 1
            await self.semaphore.acquire()
            task = asyncio.create_task(self._deliver(delivery))
            self.inflight.add(task)
            task.add_done_callback(self._done)
            if time.monotonic() - self.last_progress >= self.progress_every:
                await self._progress(active)
        if not due:
            await self._progress(active, finish=not self.inflight)
        return dispatched > 0

    def _done(self, task: asyncio.Task[None]) -> None:
        self.inflight.discard(task)
        self.semaphore.release()

    async def _release(self, delivery: Delivery) -> None:
        async with self.store.tx() as tx:
            await tx.broadcasts.release(delivery.broadcast_id, delivery.contact_id, self.owner)

    async def _send(self, delivery: Delivery, broadcast: Broadcast, text: str) -> None:
        if broadcast.photo_file_id:
            await self.bot.send_photo(
                delivery.telegram_user_id,
                broadcast.photo_file_id,
                caption=text,
                parse_mode="HTML",
                rate_limit_args=BULK,
            )
        else:
            await self.bot.send_message(
                delivery.telegram_user_id, text, parse_mode="HTML", rate_limit_args=BULK
            )

    async def _deliver(self, delivery: Delivery) -> None:
        async with self.store.read() as tx:
            broadcast = await tx.broadcasts.get(delivery.broadcast_id)
            vendor = await tx.vendors.get(broadcast.vendor_id)
        if broadcast.status != "sending":
            await self._release(delivery)
            return
        language = pick_language(delivery.language)
        text = self.renderer.render(
            language, "customer/broadcast.j2", vendor=vendor, text=broadcast.text
        )
        method = "sendPhoto" if broadcast.photo_file_id else "sendMessage"
        await self.pace(delivery.telegram_user_id, method, True)
        async with self.in_doubt:  # sent and recorded before any other recorded send
            await self._send_and_record(delivery, broadcast, text)

    async def _send_and_record(self, delivery: Delivery, broadcast: Broadcast, text: str) -> None:
        key = (delivery.broadcast_id, delivery.contact_id)
        try:
            await self._send(delivery, broadcast, text)
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            self.pacer.pause(seconds)  # Telegram says the bot as a whole is too fast
            await self._retry(delivery, f"429: retry after {seconds:g} s", seconds, count=False)
            return
        except Forbidden as exc:
            async with self.store.tx() as tx:
                await tx.broadcasts.mark(*key, "unreachable", error=str(exc))
                await tx.contacts.set_unreachable(delivery.contact_id, True)
            return
        except BadRequest as exc:
            async with self.store.tx() as tx:
                await tx.broadcasts.mark(*key, "failed", error=str(exc))
            return
        except TelegramError as exc:  # 5xx, timeouts, network: back off, give up after a few
            error = f"{type(exc).__name__}: {exc}"
            if delivery.attempts + 1 >= self.max_attempts:
                log.warning(
                    "broadcast delivery %s failed %s times: %s", key, delivery.attempts + 1, exc
                )
                async with self.store.tx() as tx:
                    await tx.broadcasts.mark(*key, "failed", error=error)
                return
            delay = retry_delay(delivery.attempts, self.retry_base).total_seconds()
            await self._retry(delivery, error, delay, count=True)
            return
        async with self.store.tx() as tx:
            await tx.broadcasts.mark(*key, "sent")

    async def _retry(self, delivery: Delivery, error: str, seconds: float, *, count: bool) -> None:
        async with self.store.tx() as tx:
            await tx.broadcasts.retry_later(
                delivery.broadcast_id,
                delivery.contact_id,
                error=error,
                retry_at=datetime.now(UTC) + timedelta(seconds=seconds),
                count=count,
            )

    async def _progress(self, active: list[Broadcast], *, finish: bool = False) -> None:
        self.last_progress = time.monotonic()
        for broadcast in active:
            async with self.store.read() as tx:
                counts = await tx.broadcasts.counts(broadcast.id)
                current = await tx.broadcasts.get(broadcast.id)
            remaining = counts["pending"] + counts["sending"]
            done = current.status != "sending" or (finish and remaining == 0)
            if done and current.status == "sending":
                async with self.store.tx() as tx:
                    await tx.broadcasts.finish(broadcast.id, "done")
                current = current.model_copy(update={"status": "done"})
            if self.shown.get(broadcast.id) == counts and not done:
                continue
            self.shown[broadcast.id] = counts
            await self._show(current, counts, remaining, done)
            if done:
                self.shown.pop(broadcast.id, None)

    async def show_final(self, broadcast_id: int) -> None:
        async with self.store.read() as tx:
            broadcast = await tx.broadcasts.get(broadcast_id)
            counts = await tx.broadcasts.counts(broadcast_id)
        self.shown.pop(broadcast_id, None)
        await self._show(broadcast, counts, counts["pending"] + counts["sending"], True)

    async def _show(
        self, broadcast: Broadcast, counts: dict[str, int], remaining: int, done: bool
    ) -> None:
        async with self.store.read() as tx:
            state = await tx.state.get(broadcast.created_by)
        language = pick_language(state.language)
        text = self.renderer.render(
            language,
            "team/broadcast_progress.j2",
            b=broadcast,
            counts=counts,
            remaining=remaining,
            done=done,
        )
        markup = (
            None
            if done
            else {
                "inline_keyboard": [
                    [
                        {
                            "text": self.renderer.button(language, "cancel_broadcast"),
                            "callback_data": f"bc:x:{broadcast.id}",
                        }
                    ]
                ]
            }
        )
        try:
            if broadcast.progress_message_id is None:
                message = await self.bot.send_message(
                    broadcast.chat_id,
                    text,
                    parse_mode="HTML",
                    reply_markup=InlineKeyboardMarkup.de_json(markup, self.bot) if markup else None,
                )
                async with self.store.tx() as tx:
                    await tx.broadcasts.set_progress_message(broadcast.id, message.message_id)
            else:
                await self.bot.edit_message_text(
                    text,
                    chat_id=broadcast.chat_id,
                    message_id=broadcast.progress_message_id,
                    parse_mode="HTML",
                    reply_markup=InlineKeyboardMarkup.de_json(markup, self.bot) if markup else None,
                )
        except TelegramError as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not show broadcast progress: %s", exc)
