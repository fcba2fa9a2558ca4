"""The bot's own Bot API client (bot/http.py) against the sandbox: JSON calls, a file upload,
and each way a call can fail, turned into PTB's errors the retry paths rely on."""

from __future__ import annotations

import pytest
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.http import AiohttpRequest
from sandbox import SandboxServer
from sandbox.runner import free_port


def bot_for(url: str, token: str, request: AiohttpRequest) -> Bot:
    return Bot(token, base_url=url.rstrip("/") + "/bot", request=request)


async def test_calls_uploads_and_timeouts(sandbox: SandboxServer) -> None:
    user = sandbox.world.create_user("Ana")
    async with bot_for(sandbox.url, sandbox.token(), AiohttpRequest(read_timeout=2.0)) as bot:
        me = await bot.get_me()
        assert me.is_bot
        sent = await bot.send_message(user.id, "a <b>bold</b> &amp; plain", parse_mode="HTML")
        assert sent.text == "a bold & plain"
        document = await bot.send_document(
            user.id, InputFile(b"a,b\n1,2\n", filename="x.csv"), caption="ünïcode"
        )
        assert document.document is not None and document.caption == "ünïcode"
        assert sandbox.world.files[document.document.file_id].data == b"a,b\n1,2\n"
        # a call that takes longer than its read timeout is PTB's TimedOut
        sandbox.world.faults.delay(3, count=1, method="getMe")
        with pytest.raises(TimedOut):
            await bot.get_me(read_timeout=0.3)
        # the per-call timeout is the call's own: the next one uses the default again
        assert (await bot.get_me()).id == me.id


async def test_nobody_listening_is_a_network_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    request = AiohttpRequest(connect_timeout=1.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await bot_for(url, "1:x", request).get_me()
        assert not isinstance(caught.value, TimedOut)
        assert "aiohttp.Client" in str(caught.value)
    finally:
        await request.shutdown()


async def test_a_request_not_initialized_refuses() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/", "POST")
    request = AiohttpRequest()
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/", "POST")
