"""Broadcasts: choose an audience by labels, store every delivery before the first send,
then a background sender works through them at Telegram's pace, resumes after a restart and
reports progress in place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.i18n import Renderer, pick_language
from bot.services.team import Seat, seat_of
from domain.enums import Role
from domain.errors import InvalidInput, NotAllowed, NotLinked
from domain.rules.audience import MODES, matches
from domain.rules.telegram_html import check
from store import Store
from store.models import Broadcast, Delivery
from store.repos import Tx

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
PER_CHAT = 1.0  # seconds between two messages to one chat


class BroadcastService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def _seat(self, tx: Tx, user_id: int) -> Seat:
        return await seat_of(tx, user_id)

    async def seat(self, user_id: int) -> Seat:
        async with self.store.read() as tx:
            return await self._seat(tx, user_id)

    async def _recipients(
        self, tx: Tx, seat: Seat, audience: dict[str, Any]
    ) -> tuple[int, list[tuple[int, int, str | None]]]:
        mode = str(audience.get("mode", "everyone"))
        if mode not in MODES:
            raise InvalidInput("bad audience", value=mode)
        labels = [str(x) for x in audience.get("labels", [])]
        customers = [
            c
            for c in await tx.customers.search(
                seat.vendor.id, only_ids=seat.customer_scope, limit=1_000_000
            )
            if matches(c.labels, labels, mode)
        ]
        seen: set[int] = set()
        recipients: list[tuple[int, int, str | None]] = []
        for customer in customers:
            for contact in await tx.contacts.of_customer(customer):
                if contact.muted or contact.id in seen:
                    continue
                seen.add(contact.id)
                state = await tx.state.get(contact.telegram_user_id)
                recipients.append(
                    (contact.id, contact.telegram_user_id, state.language or contact.language)
                )
        return len(customers), recipients

    async def reach(self, user_id: int, audience: dict[str, Any]) -> tuple[int, int]:
        """How many customers and contacts the audience reaches."""
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            customers, recipients = await self._recipients(tx, seat, audience)
            return customers, len(recipients)

    async def create(
        self,
        user_id: int,
        chat_id: int,
        audience: dict[str, Any],
        text: str,
        photo_file_id: str | None,
    ) -> Broadcast:
        check(text, caption=photo_file_id is not None)
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            _customers, recipients = await self._recipients(tx, seat, audience)
            broadcast = await tx.broadcasts.create(
                vendor_id=seat.vendor.id,
                created_by=user_id,
                chat_id=chat_id,
                audience=audience,
                text=text,
                photo_file_id=photo_file_id,
                recipients=recipients,
            )
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="broadcast.create",
                entity="broadcast",
                entity_id=broadcast.id,
                details={"recipients": len(recipients), "audience": audience},
            )
            return broadcast

    async def cancel(self, user_id: int, broadcast_id: int) -> bool:
        async with self.store.tx() as tx:
            seat = await self._seat(tx, user_id)
            broadcast = await tx.broadcasts.get(broadcast_id)
            if broadcast.vendor_id != seat.vendor.id or (
                seat.member.role is not Role.ADMIN and broadcast.created_by != user_id
            ):
                raise NotAllowed("not this member's broadcast")
            done = await tx.broadcasts.finish(broadcast_id, "cancelled")
            await tx.audit.record(
                vendor_id=seat.vendor.id,
                actor=user_id,
                action="broadcast.cancel",
                entity="broadcast",
                entity_id=broadcast_id,
            )
            return done

    async def history(self, user_id: int) -> list[tuple[Broadcast, dict[str, int]]]:
        async with self.store.read() as tx:
            seat = await self._seat(tx, user_id)
            out = []
            for broadcast in await tx.broadcasts.of_vendor(seat.vendor.id):
                if seat.member.role is Role.ADMIN or broadcast.created_by == user_id:
                    out.append((broadcast, await tx.broadcasts.counts(broadcast.id)))
            return out

    async def set_muted(self, user_id: int, muted: bool) -> None:
        async with self.store.tx() as tx:
            contact = await tx.contacts.by_user(user_id)
            if contact is None:
                raise NotLinked("not a contact")
            await tx.contacts.set_muted(contact.id, muted)


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
        bot: Bot,
        *,
        rate: float,
        clock: Callable[[], datetime],
        progress_every: float = 1.0,
        concurrency: int = 8,
    ) -> None:
        self.store = store
        self.renderer = renderer
        self.bot = bot
        self.pacer = Pacer(rate)
        self.clock = clock
        self.progress_every = progress_every
        self.semaphore = asyncio.Semaphore(concurrency)
        self.inflight: set[asyncio.Task[None]] = set()
        self.claimed: set[tuple[int, int]] = set()
        self.last_sent: dict[int, float] = {}
        self.stopping = asyncio.Event()
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.shown: dict[int, dict[str, int]] = {}
        self.last_progress = 0.0

    def start(self) -> None:
        self.task = asyncio.create_task(self.run(), name="broadcast-sender")

    async def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self.task), 10)
        if self.inflight:
            await asyncio.wait(self.inflight, timeout=10)

    def poke(self) -> None:
        self.wake.set()

    async def run(self) -> None:
        while not self.stopping.is_set():
            try:
                busy = await self.step()
            except Exception:  # noqa: BLE001 - keep sending after any surprise
                log.exception("broadcast sender step failed")
                busy = False
            if not busy:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), 0.5)

    async def step(self) -> bool:
        async with self.store.read() as tx:
            now = time.monotonic()
            if len(self.last_sent) > 10_000:
                self.last_sent = {k: v for k, v in self.last_sent.items() if now - v < PER_CHAT}
            due = [
                d
                for d in await tx.broadcasts.due(limit=40)
                if (d.broadcast_id, d.contact_id) not in self.claimed
                # never two messages in one second to one chat (two broadcasts at once)
                and now - self.last_sent.get(d.telegram_user_id, -PER_CHAT) >= PER_CHAT
            ]
            active = await tx.broadcasts.active()
        dispatched = 0
        for delivery in due:
            if self.stopping.is_set():
                break
            chat = delivery.telegram_user_id
            if time.monotonic() - self.last_sent.get(chat, -PER_CHAT) < PER_CHAT:
                continue  # this chat had a message under a second ago: next round
            await self.pacer.wait()
            self.last_sent[chat] = time.monotonic()
            dispatched += 1
            await self.semaphore.acquire()
            key = (delivery.broadcast_id, delivery.contact_id)
            self.claimed.add(key)
            task = asyncio.create_task(self._deliver(delivery))
            self.inflight.add(task)
            task.add_done_callback(self._done(key))
            if time.monotonic() - self.last_progress >= self.progress_every:
                await self._progress(active)
        if not due:
            await self._progress(active, finish=not self.inflight)
        return dispatched > 0

    def _done(self, key: tuple[int, int]) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            self.inflight.discard(task)
            self.claimed.discard(key)
            self.semaphore.release()

        return done

    async def _deliver(self, delivery: Delivery) -> None:
        async with self.store.read() as tx:
            broadcast = await tx.broadcasts.get(delivery.broadcast_id)
            vendor = await tx.vendors.get(broadcast.vendor_id)
        if broadcast.status != "sending":
            return
        language = pick_language(delivery.language)
        text = self.renderer.render(
            language, "customer/broadcast.j2", vendor=vendor, text=broadcast.text
        )
        status, error, retry_at = "sent", None, None
        try:
            if broadcast.photo_file_id:
                await self.bot.send_photo(
                    delivery.telegram_user_id,
                    broadcast.photo_file_id,
                    caption=text,
                    parse_mode="HTML",
                )
            else:
                await self.bot.send_message(delivery.telegram_user_id, text, parse_mode="HTML")
        except RetryAfter as exc:
            delay = exc.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            self.pacer.pause(seconds)
            status, error = "pending", f"429 retry after {seconds}"
            retry_at = datetime.now(UTC) + timedelta(seconds=seconds)
        except Forbidden as exc:
            status, error = "unreachable", str(exc)
        except BadRequest as exc:
            status, error = "failed", str(exc)
        except TelegramError as exc:
            if delivery.attempts + 1 >= MAX_ATTEMPTS:
                status, error = "failed", str(exc)
            else:
                status, error = "pending", str(exc)
                retry_at = datetime.now(UTC) + timedelta(seconds=min(60, 2**delivery.attempts))
        async with self.store.tx() as tx:
            if status == "pending":
                await tx._conn.execute(  # noqa: SLF001 - keep it pending, count the attempt
                    "UPDATE broadcast_deliveries SET attempts = attempts + 1, error = ?, "
                    "next_attempt_at = ? WHERE broadcast_id = ? AND contact_id = ? "
                    "AND status = 'pending'",
                    (
                        error,
                        (retry_at or datetime.now(UTC)).isoformat(timespec="microseconds"),
                        delivery.broadcast_id,
                        delivery.contact_id,
                    ),
                )
            else:
                await tx.broadcasts.mark(
                    delivery.broadcast_id, delivery.contact_id, status, error=error
                )
                if status == "unreachable":
                    await tx.contacts.set_unreachable(delivery.contact_id, True)

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
                from telegram import InlineKeyboardMarkup

                message = await self.bot.send_message(
                    broadcast.chat_id,
                    text,
                    parse_mode="HTML",
                    reply_markup=InlineKeyboardMarkup.de_json(markup, self.bot) if markup else None,
                )
                async with self.store.tx() as tx:
                    await tx.broadcasts.set_progress_message(broadcast.id, message.message_id)
            else:
                from telegram import InlineKeyboardMarkup

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
