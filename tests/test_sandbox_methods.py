"""The remaining Bot API methods: updates, photos, topics, chats, commands."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator, Callable

import pytest
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import BadRequest, Conflict, Forbidden
from telegram.ext import Application

from sandbox import SandboxServer


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
async def bot(ptb_app: Callable[..., Application]) -> AsyncIterator[Bot]:  # type: ignore[type-arg]
    app = ptb_app()
    async with app.bot:
        yield app.bot


async def test_updates_are_confirmed_by_offset_only(sandbox: SandboxServer, bot: Bot) -> None:
    world = sandbox.world
    ana = world.create_user("Ana")
    world.send_text(ana.id, ana.id, "one")
    world.send_text(ana.id, ana.id, "two")
    first = await bot.get_updates(timeout=0)
    again = await bot.get_updates(timeout=0)  # a batch the bot failed on comes back
    assert [u.message.text for u in first] == ["one", "two"] == [u.message.text for u in again]
    rest = await bot.get_updates(offset=first[0].update_id + 1, timeout=0)
    assert [u.message.text for u in rest] == ["two"]
    assert await bot.get_updates(offset=first[1].update_id + 1, timeout=0) == ()
    world.send_text(ana.id, ana.id, "three")
    only_callbacks = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert only_callbacks == ()
    assert (await bot.get_webhook_info()).pending_update_count == 1


async def test_long_poll_wakes_up_on_a_new_update(sandbox: SandboxServer, bot: Bot) -> None:
    import asyncio

    world = sandbox.world
    ana = world.create_user("Ana")
    poll = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.2)
    world.send_text(ana.id, ana.id, "hello")
    updates = await asyncio.wait_for(poll, 3)
    assert updates[0].message.text == "hello"


async def test_get_updates_conflicts_with_webhook(sandbox: SandboxServer, bot: Bot) -> None:
    sandbox.world.expect_rejection(409, "Conflict")
    assert await bot.set_webhook("https://example.invalid/hook", secret_token="abc_DEF-1")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.invalid/hook"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_photo_caption_and_file_download(sandbox: SandboxServer, bot: Bot) -> None:
    ana = sandbox.world.create_user("Ana")
    image = png(3, 2)
    message = await bot.send_photo(ana.id, image, caption="<b>Sales</b>", parse_mode="HTML")
    size = message.photo[-1]
    assert (size.width, size.height) == (3, 2)
    assert message.caption == "Sales" and message.caption_entities[0].type == "bold"
    file = await bot.get_file(size.file_id)
    assert bytes(await file.download_as_bytearray()) == image
    again = await bot.send_photo(ana.id, size.file_id)  # resend by file_id
    assert again.photo[-1].file_id == size.file_id
    edited = await bot.edit_message_caption(ana.id, message.message_id, caption="Sales 2")
    assert edited.caption == "Sales 2"


async def test_forum_topics_and_chat_info(sandbox: SandboxServer, bot: Bot) -> None:
    world = sandbox.world
    world.expect_rejection(400, "the chat is not a forum")
    world.expect_rejection(400, "message thread not found")
    boss = world.create_user("Boss")
    rep = world.create_user("Rep")
    forum = world.create_group("Team", members=[boss.id], forum=True)
    plain = world.create_group("Plain", members=[boss.id])
    topic = await bot.create_forum_topic(forum.id, "Bistro 42 (C-1)")
    sent = await bot.send_message(forum.id, "card", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id and sent.is_topic_message
    assert world.transcript(forum.id, topic.message_thread_id)[-1]["text"] == "card"
    with pytest.raises(BadRequest, match="(?i)not a forum"):
        await bot.create_forum_topic(plain.id, "x")
    with pytest.raises(BadRequest, match="(?i)thread not found"):
        await bot.send_message(forum.id, "x", message_thread_id=999)
    chat = await bot.get_chat(forum.id)
    assert chat.is_forum and chat.title == "Team" and chat.type == "supergroup"
    assert (await bot.get_chat_member(forum.id, boss.id)).status == "creator"
    assert (await bot.get_chat_member(forum.id, rep.id)).status == "left"
    world.add_member(forum.id, rep.id)
    assert (await bot.get_chat_member(forum.id, rep.id)).status == "member"
    assert (await bot.get_chat_member(forum.id, bot.id)).status == "administrator"
    assert await bot.send_chat_action(forum.id, "typing")


async def test_commands_per_language_and_scope(sandbox: SandboxServer, bot: Bot) -> None:
    sandbox.world.expect_rejection(400, "BOT_COMMAND_INVALID")
    await bot.set_my_commands([BotCommand("order", "Order")])
    await bot.set_my_commands(
        [BotCommand("order", "Commander")],
        language_code="fr",
        scope=BotCommandScopeAllPrivateChats(),
    )
    assert [c.description for c in await bot.get_my_commands()] == ["Order"]
    french = await bot.get_my_commands(language_code="fr", scope=BotCommandScopeAllPrivateChats())
    assert [c.description for c in french] == ["Commander"]
    with pytest.raises(BadRequest, match="(?i)command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Command", "x")])


async def test_several_bots_each_with_their_own_chats_among_the_same_people(
    sandbox: SandboxServer,
) -> None:
    """A second bot (its own token) sees only the chats people opened with it, under its own
    limits; the people are the same, and the first bot's chats are not its own."""
    shop = sandbox.add_bot(555000111, username="fresh_foods_bot")
    ana = sandbox.world.create_user("Ana")  # she opened the shared bot only
    async with Bot(sandbox.token(), base_url=sandbox.url + "/bot") as shared:
        await shared.send_message(ana.id, "from the shared bot")
    async with Bot(sandbox.token(555000111), base_url=sandbox.url + "/bot") as own:
        assert (own.id, own.username) == (555000111, "fresh_foods_bot")
        with pytest.raises(Forbidden, match="can't initiate conversation"):
            await own.send_message(ana.id, "hello?")
        shop.expect_rejection(403, "can't initiate conversation")
        shop.send_text(ana.id, ana.id, "/start")  # now she opens it
        (update,) = await own.get_updates(timeout=1)
        assert update.message is not None and update.message.from_user is not None
        assert update.message.from_user.id == ana.id and update.update_id == 1
        await own.send_message(ana.id, "from the shop's own bot")
    assert [m["text"] for m in sandbox.world.bot_messages(ana.id)] == ["from the shared bot"]
    assert [m["text"] for m in shop.bot_messages(ana.id)] == ["from the shop's own bot"]
    assert shop.rate is not sandbox.world.rate  # each bot has its own limits
