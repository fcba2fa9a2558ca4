"""Broadcasts to labelled audiences, at Telegram's pace, that survive a crash."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from domain.enums import Role
from sandbox import SandboxServer
from sandbox.world import User
from tests.databases import database_at
from tests.harness import Harness, add_contacts, comanda, running, sandbox_limits


async def labelled(h: Harness, name: str, number: str, labels: list[str]) -> int:
    async with h.store.tx() as tx:
        customer = await tx.customers.create(
            vendor_id=h.seed.vendor_id, name=name, customer_number=number
        )
        for label in labels:
            found = await tx.labels.create(h.seed.vendor_id, label)
            await tx.labels.assign(customer.id, found.id)
    return customer.id


def received(h: Harness, user_id: int, marker: str) -> int:
    return sum(
        1
        for m in h.world.bot_messages(user_id)
        if marker in (m.get("text") or m.get("caption") or "")
    )


async def start_broadcast(
    h: Harness, user: User, text: str, audience: list[str] = ()
) -> dict[str, Any]:  # type: ignore[assignment]
    """Compose to everyone (or press the audience buttons given) and send."""
    await h.say(user, "/broadcast")
    screen = await h.expect(user.id, "New broadcast")
    for label in audience:
        await h.press(user, screen, label)
        screen = await h.expect(user.id, "Reaches")
    await h.press(user, screen, "Write the message")
    await h.expect(user.id, "Write the announcement")
    await h.say_formatted(user, text)  # formatted in the app, as the HTML says
    confirm = await h.expect(user.id, "Send it to")
    await h.press(user, confirm, "Send to")
    await h.expect(user.id, "Broadcast queued")
    return confirm


async def finished(h: Harness, user: User) -> dict[str, Any]:
    return await h.world.wait_for(
        lambda: next(
            (m for m in h.world.bot_messages(user.id) if "Broadcast finished" in m.get("text", "")),
            None,
        ),
        30,
    )


async def test_audiences_preview_discard_send_and_report(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        north_bistro = await labelled(h, "North Bistro", "N-1", ["north", "bistro"])
        north_shop = await labelled(h, "North Shop", "N-2", ["north", "shop"])
        south_bistro = await labelled(h, "South Bistro", "S-1", ["south", "bistro"])
        nb = await add_contacts(h, north_bistro, 2, prefix="NB")
        ns = await add_contacts(h, north_shop, 1, prefix="NS")
        sb = await add_contacts(h, south_bistro, 1, prefix="SB", language="fr")
        muted = (await add_contacts(h, south_bistro, 1, prefix="Muted"))[0]
        await h.say(muted, "/mute")
        await h.expect(muted.id, "not receive announcements")
        await h.say(admin, "/broadcast")
        audience = await h.expect(admin.id, "New broadcast")
        assert "Reaches 4 customer(s) and 4 contact(s)" in audience["text"]
        await h.press(admin, audience, "Any label")
        await h.press(admin, await h.expect_button(admin.id, "☐ north"), "☐ north")
        await h.press(admin, await h.expect_button(admin.id, "☑ north"), "☐ bistro")
        anyof = await h.expect(admin.id, "Reaches 3 customer(s) and 4 contact(s)")
        await h.press(admin, anyof, "All labels")
        allof = await h.expect(admin.id, "Reaches 1 customer(s) and 2 contact(s)")
        await h.press(admin, allof, "Any label")
        screen = await h.expect(admin.id, "Reaches 3 customer(s)")
        await h.press(admin, screen, "Write the message")
        await h.expect(admin.id, "Write the announcement")
        # typed as is, with "&" and "<": no HTML lesson, the text is the text
        await h.say(admin, "Fresh asparagus & more <today> 5 < 7")
        await h.expect(admin.id, "exactly what customers will see")
        await h.expect(admin.id, "Fresh asparagus & more <today> 5 < 7")
        discard = await h.expect(admin.id, "Send it to 4 contact(s)?")
        await h.press(admin, discard, "Discard")
        await h.expect(admin.id, "nothing was sent")
        await h.say(admin, "/broadcast")
        screen = await h.expect(admin.id, "New broadcast")
        await h.press(admin, screen, "Any label")
        await h.press(admin, await h.expect_button(admin.id, "☐ north"), "☐ north")
        await h.press(admin, await h.expect_button(admin.id, "☑ north"), "☐ bistro")
        screen = await h.expect(admin.id, "Reaches 3 customer(s)")
        await h.press(admin, screen, "Write the message")
        await h.expect(admin.id, "Write the announcement")
        # formatted in the app: bold, italic and a link, with an "&" in it
        await h.say_formatted(
            admin,
            '<b>White asparagus</b> &amp; <i>morels</i> are back! <a href="https://x.test">See</a>',
        )
        await h.expect(admin.id, "exactly what customers will see")
        preview = await h.expect(admin.id, "White asparagus & morels are back! See")
        assert preview["text"].startswith("📣 Fresh Foods") and "/mute" in preview["text"]
        kinds = {(e["type"], e.get("url")) for e in preview["entities"]}
        assert {("bold", None), ("italic", None), ("text_link", "https://x.test")} <= kinds
        confirm = await h.expect(admin.id, "Send it to 4 contact(s)?")
        await h.press(admin, confirm, "Discard")
        await h.expect(admin.id, "nothing was sent")
        for user in (*nb, *ns, *sb, muted):
            assert received(h, user.id, "asparagus") == 0
        await start_broadcast(
            h, admin, "<i>Truffles</i> this week", audience=["All labels", "☐ north", "☐ bistro"]
        )
        report = await finished(h, admin)
        assert "Sent: 2 · Failed: 0 · Unreachable: 0 · Remaining: 0" in report["text"]
        assert [received(h, u.id, "Truffles") for u in (*nb, *ns, *sb, muted)] == [1, 1, 0, 0, 0]
        french = await start_broadcast(h, admin, "Promo: <b>-10%</b>")
        assert french
        await h.world.wait_for(lambda: received(h, sb[0].id, "Promo") == 1, 15)
        message = [m for m in h.world.bot_messages(sb[0].id) if "Promo" in m["text"]][0]
        assert "arrêter ces annonces" in message["text"]  # the footer in the reader's language
        await h.world.wait_for(
            lambda: all(received(h, u.id, "Promo") == 1 for u in (*nb, *ns, *sb)), 15
        )
        assert received(h, muted.id, "Promo") == 0
        await h.say(admin, "/broadcasts")
        listing = await h.expect(admin.id, "Broadcasts")
        assert "Truffles this week — Sent 2" in listing["text"]


async def test_rep_reaches_only_assigned_customers(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        mine = await labelled(h, "Mine", "M-1", [])
        other = await labelled(h, "Other", "O-1", [])
        mine_users = await add_contacts(h, mine, 2, prefix="Mine")
        other_users = await add_contacts(h, other, 2, prefix="Other")
        rita = h.world.create_user("Rita")
        async with h.store.tx() as tx:
            member = await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
            await tx.team.assign(member.id, mine)
        await h.say(rita, "/broadcast")
        screen = await h.expect(rita.id, "New broadcast")
        assert "Reaches 1 customer(s) and 2 contact(s)" in screen["text"]
        await start_broadcast(h, rita, "Hello from Rita")
        await finished(h, rita)
        assert [received(h, u.id, "Hello from Rita") for u in mine_users + other_users] == [
            1,
            1,
            0,
            0,
        ]


async def test_blocked_contacts_unreachable_and_429_honoured(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Many", "MANY", [])
        users = await add_contacts(h, customer, 12)
        h.world.block(users[3].id)
        h.world.expect_rejection(403, "blocked")
        h.world.expect_rejection(429)
        h.world.faults.force_429(retry_after=1, count=2, method="sendMessage")
        await start_broadcast(h, admin, "Closing early on Friday")
        report = await finished(h, admin)
        assert "Sent: 11 · Failed: 0 · Unreachable: 1" in report["text"]
        counts = [received(h, u.id, "Closing early") for u in users]
        assert counts == [1 if i != 3 else 0 for i in range(12)]
        async with h.store.read() as tx:
            blocked = await tx.contacts.by_user(users[3].id)
        assert blocked is not None and blocked.unreachable


async def test_cancel_while_sending(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Many", "MANY", [])
        users = await add_contacts(h, customer, 40)
        h.world.faults.delay(0.2, method="sendMessage", count=None)
        await start_broadcast(h, admin, "Big news")
        progress = await h.world.wait_for(
            lambda: next(
                (
                    m
                    for m in h.world.bot_messages(admin.id)
                    if "Sending the broadcast" in m.get("text", "")
                ),
                None,
            ),
            15,
        )
        await h.world.wait_for(lambda: sum(received(h, u.id, "Big news") for u in users) >= 3)
        await h.press(admin, progress, "Stop the broadcast")
        h.world.faults.clear()
        report = await h.world.wait_for(
            lambda: next(
                (m for m in h.world.bot_messages(admin.id) if "was cancelled" in m.get("text", "")),
                None,
            ),
            15,
        )
        assert "Cancelled:" in report["text"]
        await asyncio.sleep(0.5)  # sends already in flight when stopped may still land
        sent = sum(received(h, u.id, "Big news") for u in users)
        async with h.store.read() as tx:
            (broadcast,) = await tx.broadcasts.of_vendor(h.seed.vendor_id)
            counts = await tx.broadcasts.counts(broadcast.id)
        assert broadcast.status == "cancelled" and 3 <= sent < 40
        assert counts["sent"] == sent and counts["cancelled"] == 40 - sent
        assert all(received(h, u.id, "Big news") <= 1 for u in users)


async def test_crash_in_the_middle_resumes_exactly_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    db = database_at(tmp_path)
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Many", "MANY", [])
        users = await add_contacts(h, customer, 60)
        await start_broadcast(h, admin, "Holiday hours")
        await h.world.wait_for(
            lambda: sum(received(h, u.id, "Holiday hours") for u in users) >= 15, 15
        )
    # the Application stopped mid-broadcast; a new one starts on the same database
    first_round = sum(received(h, u.id, "Holiday hours") for u in users)
    assert first_round < 60
    async with running(sandbox, db, h.clock):
        await finished(h, admin)
    assert [received(h, u.id, "Holiday hours") for u in users] == [1] * 60


__all__ = ["sandbox_limits"]


async def test_photo_broadcast_with_caption(sandbox: SandboxServer, tmp_path: Path) -> None:
    from tests.test_sandbox_methods import png

    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Photo", "PH-1", [])
        users = await add_contacts(h, customer, 3)
        await h.say(admin, "/broadcast")
        screen = await h.expect(admin.id, "New broadcast")
        await h.press(admin, screen, "Write the message")
        await h.expect(admin.id, "send a photo with a caption")
        h.mark(admin.id)
        upload = h.world.upload(
            admin.id,
            admin.id,
            kind="photo",
            file_name="promo.png",
            data=png(4, 3),
            caption_html="New <b>cheeses</b> &amp; wine arrived",
        )
        assert upload["caption"]
        await h.expect(admin.id, "exactly what customers will see")
        confirm = await h.expect(admin.id, "Send it to 3 contact(s)?")
        preview = next(m for m in h.world.bot_messages(admin.id) if "photo" in m)
        assert "New cheeses & wine arrived" in preview["caption"]
        before = preview["caption"][: preview["caption"].index("cheeses")]
        offset = len(before.encode("utf-16-le")) // 2  # Telegram counts UTF-16 units
        assert {"type": "bold", "offset": offset, "length": 7} in preview["caption_entities"]
        await h.press(admin, confirm, "Send to 3")
        await finished(h, admin)
        for user in users:
            (got,) = [m for m in h.world.bot_messages(user.id) if "photo" in m]
            assert got["photo"][-1]["width"] == 4 and "cheeses" in got["caption"]


async def test_two_broadcasts_never_two_messages_a_second_to_one_chat(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        admin = h.seed.admin
        customer = await labelled(h, "Few", "FEW", [])
        users = await add_contacts(h, customer, 3)
        async with h.store.tx() as tx:  # two broadcasts stored at the same moment
            contacts = [await tx.contacts.by_user(u.id) for u in users]
            recipients = [(c.id, c.telegram_user_id, "en") for c in contacts if c]
            for text in ("First news", "Second news"):
                await tx.broadcasts.create(
                    vendor_id=h.seed.vendor_id,
                    created_by=admin.id,
                    chat_id=admin.id,
                    audience={"mode": "everyone"},
                    text=text,
                    photo_file_id=None,
                    recipients=recipients,
                )
        await h.world.wait_for(lambda: all(received(h, u.id, "news") == 2 for u in users), 20)
        for user in users:
            times = [
                c.at
                for c in h.world.calls
                if c.method == "sendMessage"
                and c.params.get("chat_id") == str(user.id)
                and c.status == 200
                and "news" in c.params.get("text", "")
            ]
            assert len(times) == 2 and times[1] - times[0] >= 0.99
