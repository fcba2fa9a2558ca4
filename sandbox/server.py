"""The sandbox's HTTP server: the Bot API, file downloads, the control API, webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from dataclasses import replace
from typing import Any

from aiohttp import BodyPartReader, ClientSession, ClientTimeout, web

from sandbox import control
from sandbox.errors import ApiError, not_found
from sandbox.limits import Limits
from sandbox.methods import call
from sandbox.spec import Spec, Upload
from sandbox.world import Call, World, now

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"^(\d{1,20}):([A-Za-z0-9_-]{35})$")
WEBHOOK_BACKOFF_MAX = 2.0
WORLD_KEY: web.AppKey[World] = web.AppKey("world", World)
BOTS_KEY: web.AppKey[dict[int, World]] = web.AppKey("bots", dict)
SPEC_KEY: web.AppKey[Spec] = web.AppKey("spec", Spec)


async def read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise ApiError(400, "Bad Request: can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: can't parse JSON object")
        params.update(body)
    elif ctype == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                data = await part.read()
                params[part.name] = Upload(
                    part.filename,
                    part.headers.get("Content-Type", "application/octet-stream"),
                    bytes(data),
                )
            else:
                params[part.name] = await part.text()
    else:
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def _loggable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (f"<upload {v.filename}>" if isinstance(v, Upload) else v) for k, v in params.items()
    }


def _answer(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)


def world_of(app: web.Application, token: str) -> World:
    """The world of the bot a token names: one added with ``add_bot``, else the default."""
    return app[BOTS_KEY].get(int(token.split(":", 1)[0]), app[WORLD_KEY])


async def bot_api(request: web.Request) -> web.StreamResponse:
    spec = request.app[SPEC_KEY]
    token, name = request.match_info["token"], request.match_info["method"]
    if not TOKEN_RE.match(token):
        return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    world = world_of(request.app, token)
    method = spec.method_name(name)
    if method is None:
        world.calls.append(Call(name, {}, 404, "Not Found"))
        return _answer(404, not_found().body())
    world.identify_bot(token)
    if world.faults.offline:
        world.calls.append(Call(method, {}, 502, "Bad Gateway (offline)"))
        return _answer(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    params: dict[str, Any] = {}
    try:
        params = await read_params(request)
    except ApiError as error:
        world.calls.append(Call(method, {}, error.status, error.description))
        return _answer(error.status, error.body())
    for fault in world.faults.take(method, params.get("chat_id")):
        if fault.kind == "delay":
            # Held: a client that goes away meanwhile (a killed bot) never gets it processed.
            until = time.monotonic() + fault.seconds
            while time.monotonic() < until:
                if request.transport is None or request.transport.is_closing():
                    world.calls.append(Call(method, _loggable(params), 0, "client went away"))
                    return web.Response(status=499)  # nobody is listening any more
                await asyncio.sleep(min(0.05, until - time.monotonic()))
        elif fault.kind == "drop":
            world.calls.append(Call(method, _loggable(params), 0, "connection dropped"))
            if request.transport is not None:
                request.transport.abort()
            raise ConnectionResetError("dropped on purpose")
        elif fault.kind == "fail":
            description = {500: "Internal Server Error", 502: "Bad Gateway"}.get(
                fault.status, "Server Error"
            )
            world.calls.append(Call(method, _loggable(params), fault.status, description))
            return _answer(
                fault.status, {"ok": False, "error_code": fault.status, "description": description}
            )
        elif fault.kind == "429":
            limited = ApiError(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
            world.calls.append(Call(method, _loggable(params), 429, limited.description))
            return _answer(429, limited.body())
    try:
        checked = spec.validate(method, params)
        result = await call(world, method, checked)
    except ApiError as error:
        world.calls.append(Call(method, _loggable(params), error.status, error.description))
        return _answer(error.status, error.body())
    world.calls.append(Call(method, _loggable(params), 200))
    return _answer(200, {"ok": True, "result": result})


async def download(request: web.Request) -> web.StreamResponse:
    if not TOKEN_RE.match(request.match_info["token"]):
        raise web.HTTPUnauthorized()
    world = world_of(request.app, request.match_info["token"])
    path = request.match_info["path"]
    for stored in world.files.values():
        if stored.file_path == path:
            return web.Response(
                body=stored.data, content_type=stored.mime_type or "application/octet-stream"
            )
    raise web.HTTPNotFound()


async def deliver_webhook(world: World, stop: asyncio.Event) -> None:
    """POST pending updates to the webhook, one at a time, retrying with back-off."""
    delay = 0.05
    async with ClientSession(timeout=ClientTimeout(total=10)) as session:
        while not stop.is_set():
            hook = world.webhook
            pending = [
                u
                for u in world.updates
                if not hook.allowed_updates or any(k in u for k in hook.allowed_updates)
            ]
            if not hook.url or not pending:
                with contextlib.suppress(TimeoutError):
                    await world.wait_for(
                        lambda: stop.is_set() or (world.webhook.url and world.updates), 0.5
                    )
                continue
            update = pending[0]
            headers = {}
            if hook.secret_token:
                headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
            try:
                async with session.post(hook.url, json=update, headers=headers) as response:
                    ok = 200 <= response.status < 300
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except Exception as exc:  # noqa: BLE001 - any failure of the bot's endpoint
                ok, error = False, f"Connection failed: {type(exc).__name__}"
            if ok:
                if update in world.updates:
                    world.updates.remove(update)
                delay = 0.05
                world.bump()
            else:
                hook.last_error_date, hook.last_error_message = now(), error
                await asyncio.sleep(delay)
                delay = min(delay * 2, WEBHOOK_BACKOFF_MAX)


class SandboxServer:
    """``async with SandboxServer() as sb:`` serves on 127.0.0.1 at ``sb.url``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        limits: Limits | None = None,
        static_dir: str | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.world = World(limits)
        self.bots: dict[int, World] = {}  # the other bots this Telegram plays (add_bot)
        self.spec = Spec.load()
        self._runner: web.AppRunner | None = None
        self._stop = asyncio.Event()
        self._webhook_task: asyncio.Task[None] | None = None
        self.static_dir = static_dir

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def token(self, bot_id: int = 123456789) -> str:
        return f"{bot_id}:" + ("SandboxToken" * 3)[:35]

    def add_bot(self, bot_id: int, username: str | None = None) -> World:
        """Another bot, with its own chats, updates and limits (Telegram's limits are per
        bot), among the same people; its token is ``token(bot_id)``."""
        world = World(replace(self.world.limits), people=self.world.people, bot_id=bot_id)
        if username is not None:
            world.bot_username = username
        self.bots[bot_id] = world
        return world

    def worlds(self) -> list[World]:
        return [self.world, *self.bots.values()]

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app[WORLD_KEY] = self.world
        app[BOTS_KEY] = self.bots
        app[SPEC_KEY] = self.spec
        app.router.add_route("*", "/bot{token}/{method}", bot_api)
        app.router.add_get("/file/bot{token}/{path:.+}", download)
        control.add_routes(app, self.world)
        if self.static_dir:
            static = self.static_dir

            async def index(request: web.Request) -> web.StreamResponse:
                return web.FileResponse(f"{static}/index.html")

            app.router.add_get("/", index)
            app.router.add_static("/static/", static)
        return app

    async def start(self) -> None:
        for world in self.worlds():
            world.closing = False
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server  # noqa: SLF001 - aiohttp exposes no public accessor for the port
        if server is not None and server.sockets:  # type: ignore[attr-defined]
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._stop.clear()
        self._webhook_task = asyncio.create_task(deliver_webhook(self.world, self._stop))

    async def stop(self) -> None:
        self._stop.set()
        for world in self.worlds():
            world.closing = True  # a pending long poll answers now, not at its timeout
            world.bump()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
