"""The control API over HTTP (``/sandbox/...``): play the people, read chats, cause faults.

Every route maps onto a :class:`sandbox.world.World` method, the same ones tests call in
Python.  Errors answer ``{"error": "..."}`` with status 400 or 404.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from aiohttp import BodyPartReader, web

from sandbox.html import to_html
from sandbox.world import World

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, text: str) -> web.Response:
    return web.json_response({"error": text}, status=status)


def _guard(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except KeyError as exc:
            return _error(404, str(exc.args[0]) if exc.args else "not found")
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))

    return wrapped


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError as exc:
        raise ValueError("the body must be a JSON object") from exc
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an integer") from exc


def _with_html(message: dict[str, Any]) -> dict[str, Any]:
    """A Telegram Message plus ``html``: its text rebuilt as Telegram HTML (for pages)."""
    out = dict(message)
    if "text" in message:
        out["html"] = to_html(message["text"], message.get("entities"))
    elif "caption" in message:
        out["html"] = to_html(message["caption"], message.get("caption_entities"))
    return out


def add_routes(app: web.Application, world: World) -> None:
    routes = web.RouteTableDef()

    @routes.get("/sandbox/")
    async def info(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            {
                "bot": world.bot_user() if world.bot_id else None,
                "version": world._version,  # noqa: SLF001
                "limits": asdict(world.limits),
            }
        )

    @routes.get("/sandbox/version")
    async def version(request: web.Request) -> web.StreamResponse:
        after = _int(request.query.get("after", "0"), "after")
        wait = min(float(request.query.get("wait", "0") or 0), 30.0)
        with contextlib.suppress(TimeoutError):
            await world.wait_for(lambda: world._version > after, wait)  # noqa: SLF001
        return web.json_response({"version": world._version})  # noqa: SLF001

    @routes.post("/sandbox/users")
    async def create_user(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        if not body.get("first_name"):
            raise ValueError("first_name is required")
        user = world.create_user(
            str(body["first_name"]),
            last_name=str(body.get("last_name", "")),
            username=body.get("username"),
            language_code=body.get("language_code", "en"),
            phone=body.get("phone"),
        )
        return web.json_response({**user.as_telegram(), "phone": user.phone}, status=201)

    @routes.get("/sandbox/users")
    async def list_users(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            [
                {**u.as_telegram(), "phone": u.phone, "blocked": u.blocked}
                for u in world.users.values()
            ]
        )

    @routes.post("/sandbox/users/{user_id}/block")
    async def block(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        world.block(_int(request.match_info["user_id"], "user_id"), bool(body.get("blocked", True)))
        return web.json_response({"ok": True})

    @routes.post("/sandbox/groups")
    async def create_group(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        if not body.get("title"):
            raise ValueError("title is required")
        members = [_int(m, "members") for m in body.get("members", [])]
        for member in members:
            world.user(member)
        chat = world.create_group(
            str(body["title"]),
            members=members,
            forum=bool(body.get("forum")),
            supergroup=body.get("supergroup"),
        )
        return web.json_response(chat.as_telegram(), status=201)

    @routes.post("/sandbox/groups/{chat_id}/members")
    async def add_member(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        message = world.add_member(
            _int(request.match_info["chat_id"], "chat_id"), _int(body.get("user_id"), "user_id")
        )
        return web.json_response(message, status=201)

    @routes.post("/sandbox/groups/{chat_id}/topics")
    async def create_topic(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        thread = world.create_topic(
            _int(request.match_info["chat_id"], "chat_id"),
            str(body.get("name") or ""),
            _int(body.get("from_user"), "from_user"),
        )
        return web.json_response({"message_thread_id": thread}, status=201)

    @routes.get("/sandbox/chats")
    async def list_chats(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            [
                {
                    **c.as_telegram(),
                    "members": c.members,
                    "topics": [{"message_thread_id": k, "name": v} for k, v in c.topics.items()],
                    "message_count": len(c.messages),
                }
                for c in world.chats.values()
            ]
        )

    @routes.post("/sandbox/chats/{chat_id}/messages")
    async def send(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        chat_id = _int(request.match_info["chat_id"], "chat_id")
        from_user = _int(body.get("from_user"), "from_user")
        thread = body.get("message_thread_id")
        if body.get("contact"):
            contact = body["contact"]
            phone = contact.get("phone_number") if isinstance(contact, dict) else None
            message = world.share_contact(chat_id, from_user, phone)
        else:
            text = body.get("text")
            if not isinstance(text, str) or not text:
                raise ValueError("text (or contact) is required")
            message = world.send_text(
                chat_id,
                from_user,
                text,
                thread_id=_int(thread, "message_thread_id") if thread is not None else None,
                reply_to=_int(body["reply_to"], "reply_to") if body.get("reply_to") else None,
            )
        return web.json_response(message, status=201)

    @routes.get("/sandbox/chats/{chat_id}/messages")
    async def read(request: web.Request) -> web.StreamResponse:
        chat_id = _int(request.match_info["chat_id"], "chat_id")
        chat = world.chat(chat_id)
        thread = request.query.get("thread_id")
        after = _int(request.query.get("after", "0"), "after")
        wait = min(float(request.query.get("wait", "0") or 0), 30.0)
        thread_id = _int(thread, "thread_id") if thread else None

        def newer() -> list[dict[str, Any]]:
            return [
                m
                for m in world.transcript(chat_id, thread_id)
                if m["message_id"] > after or m.get("edit_date")
            ]

        if wait:
            with contextlib.suppress(TimeoutError):
                await world.wait_for(
                    lambda: [
                        m for m in world.transcript(chat_id, thread_id) if m["message_id"] > after
                    ],
                    wait,
                )
        messages = world.transcript(chat_id, thread_id) if not after else newer()
        return web.json_response(
            {"messages": [_with_html(m) for m in messages], "reply_keyboard": chat.reply_keyboard}
        )

    @routes.post("/sandbox/chats/{chat_id}/press")
    async def press(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        query = world.press(
            _int(request.match_info["chat_id"], "chat_id"),
            _int(body.get("message_id"), "message_id"),
            _int(body.get("from_user"), "from_user"),
            callback_data=body.get("callback_data"),
            text=body.get("text"),
        )
        wait = min(float(body.get("wait", 0) or 0), 30.0)
        if wait:
            with contextlib.suppress(TimeoutError):
                await world.wait_for(lambda: query.answer is not None, wait)
        return web.json_response(
            {"callback_query_id": query.id, "answer": query.answer}, status=201
        )

    @routes.post("/sandbox/chats/{chat_id}/documents")
    async def upload(request: web.Request) -> web.StreamResponse:
        chat_id = _int(request.match_info["chat_id"], "chat_id")
        fields: dict[str, Any] = {}
        data, file_name, mime = b"", "file.bin", None
        if request.content_type == "multipart/form-data":
            async for part in await request.multipart():
                if not isinstance(part, BodyPartReader):
                    continue  # a nested multipart: not something the page sends
                if part.filename is not None:
                    data = bytes(await part.read())
                    file_name = part.filename
                    mime = part.headers.get("Content-Type")
                elif part.name:
                    fields[part.name] = await part.text()
        else:
            fields = await _body(request)
            try:
                data = base64.b64decode(fields.get("content_base64", ""), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValueError("content_base64 is not base64") from exc
            file_name = str(fields.get("file_name") or file_name)
            mime = fields.get("mime_type")
        if not data:
            raise ValueError("the file is empty")
        thread = fields.get("message_thread_id")
        message = world.upload(
            chat_id,
            _int(fields.get("from_user"), "from_user"),
            kind="photo" if fields.get("kind") == "photo" else "document",
            file_name=file_name,
            data=data,
            mime_type=mime,
            caption=fields.get("caption"),
            thread_id=_int(thread, "message_thread_id") if thread else None,
        )
        return web.json_response(message, status=201)

    @routes.get("/sandbox/files/{file_id}")
    async def file(request: web.Request) -> web.StreamResponse:
        stored = world.files.get(request.match_info["file_id"])
        if stored is None:
            raise KeyError("no such file")
        headers = {}
        if stored.file_name:
            headers["Content-Disposition"] = f'inline; filename="{stored.file_name}"'
        return web.Response(
            body=stored.data,
            headers=headers,
            content_type=stored.mime_type or "application/octet-stream",
        )

    @routes.post("/sandbox/faults")
    async def faults(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        kind, method = body.get("kind"), body.get("method")
        count = body.get("count", 1)
        chat = body.get("chat_id")
        chat_id = _int(chat, "chat_id") if chat is not None else None
        if kind == "fail":
            world.faults.fail_next(
                _int(count, "count"),
                method=method,
                status=_int(body.get("status", 500), "status"),
                chat_id=chat_id,
            )
        elif kind == "delay":
            world.faults.delay(
                float(body.get("seconds", 1)),
                method=method,
                count=_int(count, "count") if count is not None else None,
                chat_id=chat_id,
            )
        elif kind == "drop":
            world.faults.drop_next(_int(count, "count"), method=method, chat_id=chat_id)
        elif kind == "429":
            world.faults.force_429(
                _int(body.get("retry_after", 1), "retry_after"),
                count=_int(count, "count"),
                method=method,
                chat_id=chat_id,
            )
        elif kind == "offline":
            world.faults.go_offline(float(body.get("seconds", 5)))
        elif kind == "clear":
            world.faults.clear()
        else:
            raise ValueError("kind must be fail, delay, drop, 429, offline or clear")
        return web.json_response({"ok": True})

    @routes.post("/sandbox/limits")
    async def limits(request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        for key, value in body.items():
            if not hasattr(world.limits, key):
                raise ValueError(f"unknown limit {key}")
            setattr(world.limits, key, type(getattr(world.limits, key))(value))
        world.rate.reset()
        return web.json_response(asdict(world.limits))

    @routes.get("/sandbox/calls")
    async def calls(request: web.Request) -> web.StreamResponse:
        return web.json_response([asdict(c) for c in world.calls[-500:]])

    for route in routes:
        assert isinstance(route, web.RouteDef)
        app.router.add_route(route.method, route.path, _guard(route.handler))
