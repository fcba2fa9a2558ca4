"""Each validation rule, limit and fault answers as Telegram does, and PTB raises the
matching exception."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import AIORateLimiter, Application

from sandbox import SandboxServer


@pytest.fixture
async def bot(ptb_app: Callable[..., Application]) -> AsyncIterator[Bot]:  # type: ignore[type-arg]
    app = ptb_app()
    async with app.bot:
        yield app.bot


@pytest.fixture
def ana(sandbox: SandboxServer) -> int:
    return sandbox.world.create_user("Ana").id


async def test_unknown_method_is_404(sandbox: SandboxServer, bot: Bot) -> None:
    sandbox.world.expect_rejection(404, "Not Found")
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{sandbox.url}/bot{sandbox.token()}/sendTelepathy") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")


async def test_answers_get_form_json_and_multipart(sandbox: SandboxServer, ana: int) -> None:
    base = f"{sandbox.url}/bot{sandbox.token()}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/getMe") as response:
            me = await response.json()
        assert me["ok"] and me["result"]["is_bot"] and me["result"]["id"] == 123456789
        async with http.post(
            f"{base}/sendMessage", data={"chat_id": str(ana), "text": "form"}
        ) as r:
            assert (await r.json())["result"]["text"] == "form"
        async with http.post(f"{base}/sendMessage", json={"chat_id": ana, "text": "json"}) as r:
            assert (await r.json())["result"]["text"] == "json"
        form = aiohttp.FormData()
        form.add_field("chat_id", str(ana))
        form.add_field("document", b"x;y", filename="a.csv", content_type="text/csv")
        async with http.post(f"{base}/sendDocument", data=form) as r:
            doc = (await r.json())["result"]["document"]
        assert doc["file_name"] == "a.csv" and doc["mime_type"] == "text/csv"
        async with http.post("{}/sendMessage".format(base.replace("bot1", "botX"))) as r:
            assert r.status == 401


async def test_required_and_typed_parameters(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    sandbox.world.expect_rejection(400, 'parameter "text" is required')
    sandbox.world.expect_rejection(400, "must be of type Integer")
    sandbox.world.expect_rejection(400, "InlineKeyboardButton.text is required")
    with pytest.raises(BadRequest, match='(?i)"text" is required'):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": ana})
    with pytest.raises(BadRequest, match="(?i)must be of type Integer"):
        await bot.do_api_request(
            "sendMessage", api_kwargs={"chat_id": ana, "text": "x", "message_thread_id": "abc"}
        )
    with pytest.raises(BadRequest, match="(?i)InlineKeyboardButton.text is required"):
        await bot.do_api_request(
            "sendMessage",
            api_kwargs={
                "chat_id": ana,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"callback_data": "a"}]]},
            },
        )


async def test_text_and_caption_lengths(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    world = sandbox.world
    world.expect_rejection(400, "message is too long")
    world.expect_rejection(400, "message text is empty")
    world.expect_rejection(400, "message caption is too long")
    await bot.send_message(ana, "x" * 4096)
    # the limit applies after entity parsing: tags do not count
    await bot.send_message(ana, "<b>" + "y" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(ana, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)text is empty"):
        await bot.send_message(ana, "")
    await bot.send_document(ana, b"1", filename="a.txt", caption="c" * 1024)
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_document(ana, b"1", filename="a.txt", caption="c" * 1025)


@pytest.mark.parametrize("data", ["x" * 65, "é" * 33])
async def test_callback_data_over_64_bytes(
    sandbox: SandboxServer, bot: Bot, ana: int, data: str
) -> None:
    sandbox.world.expect_rejection(400, "BUTTON_DATA_INVALID")
    await bot.send_message(
        ana,
        "ok",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="x" * 64)]]),
    )
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            ana,
            "no",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data=data)]]),
        )


@pytest.mark.parametrize(
    "html",
    [
        "<div>x</div>",
        "<b>unclosed",
        "<b><i>crossed</b></i>",
        "fish & chips",
        "a < b",
        "&nbsp;",
        "<a>no href</a>",
        "</b>",
    ],
)
async def test_bad_html_is_refused(sandbox: SandboxServer, bot: Bot, ana: int, html: str) -> None:
    sandbox.world.expect_rejection(400, "can't parse entities")
    with pytest.raises(BadRequest, match="(?i)parse entities"):
        await bot.send_message(ana, html, parse_mode="HTML")


async def test_good_html_becomes_entities(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    message = await bot.send_message(
        ana,
        '<b>B</b> <i>I</i> <a href="https://e.x/?a=1&amp;b=2">L</a> &lt;&gt;&amp;&quot; 😀<u>u</u>',
        parse_mode="HTML",
    )
    assert message.text == 'B I L <>&" 😀u'
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [
        ("bold", 0, 1),
        ("italic", 2, 1),
        ("text_link", 4, 1),
        ("underline", 13, 1),
    ]  # the emoji counts two UTF-16 units
    assert message.entities[2].url == "https://e.x/?a=1&b=2"


async def test_chat_and_message_errors(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    world = sandbox.world
    for text in (
        "chat not found",
        "message to edit not found",
        "message is not modified",
        "message to delete not found",
        "query is too old",
    ):
        world.expect_rejection(400, text)
    world.expect_rejection(403, "bot was blocked by the user")
    with pytest.raises(BadRequest, match="(?i)Chat not found"):
        await bot.send_message(424242, "hello")
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=ana, message_id=999)
    sent = await bot.send_message(ana, "same")
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("same", chat_id=ana, message_id=sent.message_id)
    assert await bot.delete_message(ana, sent.message_id)
    with pytest.raises(BadRequest, match="(?i)to delete not found"):
        await bot.delete_message(ana, sent.message_id)
    with pytest.raises(BadRequest, match="(?i)too old"):
        await bot.answer_callback_query("nope")
    world.block(ana)
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(ana, "are you there?")


async def test_private_chat_limit(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    sandbox.world.expect_rejection(429)
    burst = int(sandbox.world.limits.private_burst)
    for i in range(burst):
        await bot.send_message(ana, f"m{i}")
    with pytest.raises(RetryAfter) as err:
        await bot.send_message(ana, "one too many")
    assert err.value.retry_after in (1, 1.0) or err.value.retry_after.total_seconds() >= 1  # type: ignore[union-attr]


async def test_group_limit(sandbox: SandboxServer, bot: Bot) -> None:
    world = sandbox.world
    world.expect_rejection(429)
    group = world.create_group("Team")
    for i in range(20):
        await bot.send_message(group.id, f"g{i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(group.id, "21st within a minute")
    raw = [c for c in world.calls if c.status == 429]
    assert raw and raw[0].description.startswith("Too Many Requests: retry after ")


async def test_overall_limit(sandbox: SandboxServer, bot: Bot) -> None:
    world = sandbox.world
    world.expect_rejection(429)
    users = [world.create_user(f"U{i}").id for i in range(60)]
    results = await asyncio.gather(
        *(bot.send_message(u, "hi") for u in users), return_exceptions=True
    )
    limited = [r for r in results if isinstance(r, RetryAfter)]
    assert limited and len(limited) <= 60 - int(world.limits.overall_burst) + 2


async def test_limits_are_adjustable(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    sandbox.world.limits.enabled = False
    for i in range(12):
        await bot.send_message(ana, f"m{i}")
    assert not sandbox.world.rejections()


async def test_faults(sandbox: SandboxServer, bot: Bot, ana: int) -> None:
    faults = sandbox.world.faults
    sandbox.world.expect_rejection(429)
    faults.fail_next(1, method="sendMessage")
    with pytest.raises(NetworkError, match="(?i)Internal Server Error"):
        await bot.send_message(ana, "a")
    faults.fail_next(1, status=502)
    with pytest.raises(NetworkError, match="(?i)Bad Gateway"):
        await bot.send_message(ana, "b")
    faults.force_429(retry_after=7)
    with pytest.raises(RetryAfter) as err:
        await bot.send_message(ana, "c")
    assert "7" in str(err.value)
    faults.drop_next(1)
    with pytest.raises(NetworkError):
        await bot.send_message(ana, "d")
    faults.delay(1.5, count=1)
    with pytest.raises(TimedOut):
        await bot.send_message(ana, "e", read_timeout=0.3)
    faults.go_offline(0.6)
    with pytest.raises(NetworkError):
        await bot.send_message(ana, "f")
    await asyncio.sleep(0.7)
    faults.fail_next(1, method="getChat")  # only that method fails
    assert (await bot.send_message(ana, "back")).text == "back"
    assert [m["text"] for m in sandbox.world.bot_messages(ana)][-1] == "back"


async def test_rate_limiter_delivers_100_without_429(
    sandbox: SandboxServer, ptb_app: Callable[..., Application]
) -> None:  # type: ignore[type-arg]
    world = sandbox.world
    assert world.limits.enabled
    users = [world.create_user(f"Cook {i}").id for i in range(100)]
    app = ptb_app(rate_limiter=AIORateLimiter(max_retries=0))
    async with app.bot:
        results: list[Any] = await asyncio.gather(
            *(app.bot.send_message(u, f"Hello {i}") for i, u in enumerate(users))
        )
    assert len(results) == 100
    assert all(len(world.bot_messages(u)) == 1 for u in users)
    assert [c for c in world.calls if c.status == 429] == []
