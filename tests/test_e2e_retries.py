"""Every failure path of the senders, taken for real through the sandbox: 5xx, dropped
connections (network errors) and 429s for broadcasts and the outbox, each retried through the
store with back-off, recorded, and given up after the maximum number of tries."""
# The outbox's network-error branch is the 5xx branch (PTB raises NetworkError for both).

from __future__ import annotations

import asyncio
from pathlib import Path

from sandbox import SandboxServer
from tests.harness import Harness, add_contacts, comanda, sandbox_limits
from tests.test_e2e_broadcast import finished, labelled, received, start_broadcast
from tests.test_e2e_customer import checkout, fill_cart, orders_of


async def deliveries(h: Harness) -> dict[int, tuple[str, int, str | None]]:
    async with h.store.read() as tx:
        (broadcast,) = await tx.broadcasts.of_vendor(h.seed.vendor_id)
        rows = await tx.broadcasts.deliveries(broadcast.id)
    return {d.telegram_user_id: (d.status, d.attempts, d.error) for d in rows}


async def test_broadcast_retries_5xx_drops_and_429_then_gives_up(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, broadcast_max_attempts=3) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Many", "MANY", [])
        flaky, dropped, limited, dead, fine = await add_contacts(h, customer, 5)
        faults = h.world.faults
        faults.fail_next(2, method="sendMessage", chat_id=flaky.id, status=502)
        faults.drop_next(1, method="sendMessage", chat_id=dropped.id)
        faults.force_429(1, count=1, method="sendMessage", chat_id=limited.id)
        faults.fail_next(50, method="sendMessage", chat_id=dead.id, status=500)
        h.world.expect_rejection(429, "Too Many Requests")
        await start_broadcast(h, admin, "Holiday hours")
        report = await finished(h, admin)
        for user in (flaky, dropped, limited, fine):
            assert received(h, user.id, "Holiday hours") == 1, user.first_name
        assert received(h, dead.id, "Holiday hours") == 0
        rows = await deliveries(h)
        assert rows[flaky.id][:2] == ("sent", 3)  # two failures, then sent: three tries
        assert rows[dropped.id][:2] == ("sent", 2)
        assert rows[limited.id][:2] == ("sent", 1)  # a 429 is pacing, not a failed try
        status, attempts, error = rows[dead.id]
        assert (status, attempts) == ("failed", 3) and error and "Internal Server Error" in error
        assert "Failed: 1" in report["text"]
        tries = [c for c in h.world.calls if c.params.get("chat_id") == str(dead.id)]
        assert len(tries) == 3  # given up: never retried forever


async def test_outbox_retries_429_and_drops_in_order_and_gives_up(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, outbox_max_attempts=3) as h:
        admin = h.seed.admin
        ana = await h.join()
        await fill_cart(h, ana)
        await checkout(h, ana, "Tuesday 24 Nov")
        review = await h.expect(ana.id, "Review your order")
        faults = h.world.faults
        # Three 429s in a row: the rate limiter waits out two itself, the third comes back to
        # the outbox, which records it and tries again after retry_after.
        faults.force_429(1, count=3, method="sendMessage", chat_id=admin.id)
        h.world.expect_rejection(429, "Too Many Requests")
        await h.press(ana, review, "Place order")
        (order,) = await orders_of(h)

        async def card_rows() -> list:  # type: ignore[type-arg]
            async with h.store.read() as tx:
                return await tx.outbox.of_kind("order_card")

        for _ in range(200):
            if all(m.status == "sent" for m in await card_rows()):
                break
            await asyncio.sleep(0.05)
        sent = await card_rows()
        assert [(m.status, m.attempts) for m in sent] == [("sent", 2)]
        assert sent[0].last_error == "429: retry after 1 s"
        limited = [c for c in h.world.calls if c.status == 429]
        assert len(limited) == 3
        cards = [m for m in h.world.bot_messages(admin.id) if order.order_number in m["text"]]
        assert len(cards) == 1

        # A chat Telegram keeps refusing with 5xx: given up after the maximum, recorded.
        faults.fail_next(50, method="sendMessage", chat_id=admin.id, status=502)
        await h.say(ana, "/orders")
        listing = await h.expect(ana.id, "Your orders")
        await h.press(ana, listing, order.order_number)
        details = await h.expect(ana.id, f"Order {order.order_number}")
        await h.press(ana, details, "Cancel order")
        sure = await h.expect(ana.id, "Your supplier will be told")
        await h.press(ana, sure, "Yes, cancel it")
        await h.expect(ana.id, "Cancelled")

        async def vendor_notices() -> list:  # type: ignore[type-arg]
            async with h.store.read() as tx:
                return await tx.outbox.of_kind("vendor_notice")

        for _ in range(200):  # back-off 0.2 s, 0.4 s: given up within a second or two
            if any(m.status == "failed" for m in await vendor_notices()):
                break
            await asyncio.sleep(0.05)
        (failed,) = await vendor_notices()
        assert failed.status == "failed" and failed.attempts == 3
        assert failed.last_error and "Bad Gateway" in failed.last_error


__all__ = ["sandbox_limits"]


async def test_a_failing_hook_after_sending_never_sends_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from bot.services import notify

    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        async with h.store.tx() as tx:  # a relay whose customer is missing: its hook fails
            await tx.outbox.enqueue(
                kind="relay",
                vendor_id=h.seed.vendor_id,
                chat_id=admin.id,
                payload=notify.message(admin.id, "Hook test"),
            )

        async def relays() -> list:  # type: ignore[type-arg]
            async with h.store.read() as tx:
                return await tx.outbox.of_kind("relay")

        for _ in range(100):
            if all(m.status == "sent" for m in await relays()):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # several dispatcher rounds: nothing is sent again
        assert [m.status for m in await relays()] == ["sent"]
        assert received(h, admin.id, "Hook test") == 1
