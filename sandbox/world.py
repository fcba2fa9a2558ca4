"""The sandbox's Telegram: users, chats, messages, updates, files, callback queries.

The people's side (what tests and the demo page do) lives here; the bot's side (Bot API
methods) in :mod:`sandbox.methods`.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import Faults
from sandbox.html import parse_html
from sandbox.limits import Limits, RateLimiter

BOT_COMMAND_PREFIX = "/"
CALLBACK_TIMEOUT = 15.0


def now() -> int:
    return int(time.time())


@dataclass
class User:
    id: int
    first_name: str
    last_name: str = ""
    username: str | None = None
    language_code: str | None = "en"
    phone: str | None = None
    blocked: bool = False

    def as_telegram(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        if self.language_code:
            out["language_code"] = self.language_code
        return out


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str = ""
    user: User | None = None  # the other side of a private chat
    is_forum: bool = False
    members: list[int] = field(default_factory=list)
    topics: dict[int, str] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: dict[str, Any] | None = None

    def as_telegram(self) -> dict[str, Any]:
        if self.type == "private":
            assert self.user is not None
            out: dict[str, Any] = {
                "id": self.id,
                "type": "private",
                "first_name": self.user.first_name,
            }
            if self.user.last_name:
                out["last_name"] = self.user.last_name
            if self.user.username:
                out["username"] = self.user.username
            return out
        out = {"id": self.id, "type": self.type, "title": self.title}
        if self.is_forum:
            out["is_forum"] = True
        return out

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class CallbackQuery:
    id: str
    user: User
    chat_id: int
    message_id: int
    data: str
    created: float = field(default_factory=time.monotonic)
    answer: dict[str, Any] | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    description: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    max_connections: int = 40


@dataclass
class People:
    """Who exists on this Telegram: one directory of users (and of group numbers) that
    every bot's world shares, as every bot sees the same user ids."""

    users: dict[int, User] = field(default_factory=dict)
    user_ids: Iterator[int] = field(default_factory=lambda: itertools.count(100_001))
    group_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))


class World:
    """What one bot sees: its chats, updates, files and calls, under its own limits. Several
    bots (one world each) share the people (``People``)."""

    def __init__(
        self, limits: Limits | None = None, *, people: People | None = None, bot_id: int = 0
    ) -> None:
        self.people = people or People()
        self.limits = limits or Limits()
        self.closing = False  # the server is stopping: long polls answer at once
        self.rate = RateLimiter(self.limits)
        self.faults = Faults()
        self.users = self.people.users
        self.chats: dict[int, Chat] = {}
        self.updates: list[dict[str, Any]] = []
        self.delivered: dict[int, dict[str, Any]] = {}
        self.allowed_updates: list[str] | None = None
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook = Webhook()
        self.calls: list[Call] = []
        self.expected_rejections: list[tuple[int, str]] = []
        self.bot_id = 0
        self.bot_name = "Sandbox Bot"
        self.bot_username = "sandbox_bot"
        if bot_id:
            self.identify_bot(f"{bot_id}:")
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._version = 0
        self._event: asyncio.Event | None = None
        self.callback_timeout = CALLBACK_TIMEOUT

    # -- change notification -----------------------------------------------------------

    def bump(self) -> None:
        self._version += 1
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy; returns its value or raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the sandbox waited in vain")
            if self._event is None:
                self._event = asyncio.Event()
            try:
                await asyncio.wait_for(self._event.wait(), min(remaining, 0.5))
            except TimeoutError:
                pass

    # -- the bot -------------------------------------------------------------------------

    def identify_bot(self, token: str) -> None:
        digits = int(token.split(":", 1)[0])
        if self.bot_id != digits:
            self.bot_id = digits
            self.bot_name = f"Sandbox Bot {digits}"
            self.bot_username = f"sandbox_{digits}_bot"

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    # -- people --------------------------------------------------------------------------

    def create_user(
        self,
        first_name: str,
        *,
        last_name: str = "",
        username: str | None = None,
        language_code: str | None = "en",
        phone: str | None = None,
    ) -> User:
        user = User(
            next(self.people.user_ids), first_name, last_name, username, language_code, phone
        )
        self.users[user.id] = user
        self.chats[user.id] = Chat(user.id, "private", user=user)
        self.bump()
        return user

    def create_group(
        self,
        title: str,
        *,
        members: Sequence[int] = (),
        forum: bool = False,
        supergroup: bool | None = None,
    ) -> Chat:
        super_ = forum or bool(supergroup)
        number = next(self.people.group_ids)
        chat_id = -(1_000_000_000_000 + number) if super_ else -(4_000_000 + number)
        chat = Chat(chat_id, "supergroup" if super_ else "group", title=title, is_forum=forum)
        self.chats[chat_id] = chat
        for user_id in members:
            self.add_member(chat_id, user_id)
        self.bump()
        return chat

    def chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None and chat_id in self.users:  # a person another bot's world created
            chat = self.chats[chat_id] = Chat(chat_id, "private", user=self.users[chat_id])
        if chat is None:
            raise KeyError(f"no chat {chat_id}")
        return chat

    def user(self, user_id: int) -> User:
        user = self.users.get(user_id)
        if user is None:
            raise KeyError(f"no user {user_id}")
        return user

    def add_member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        chat, user = self.chat(chat_id), self.user(user_id)
        if user_id not in chat.members:
            chat.members.append(user_id)
        return self._user_message(chat, user, new_chat_members=[user.as_telegram()])

    def create_topic(self, chat_id: int, name: str, by_user: int) -> int:
        chat = self.chat(chat_id)
        if not chat.is_forum:
            raise ValueError("not a forum")
        message = self._user_message(chat, self.user(by_user), topic_name=name)
        return int(message["message_id"])

    def block(self, user_id: int, blocked: bool = True) -> None:
        self.user(user_id).blocked = blocked
        self.bump()

    def send_text(
        self,
        chat_id: int,
        from_user: int,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        chat, user = self.chat(chat_id), self.user(from_user)
        fields: dict[str, Any] = {"text": text}
        if text.startswith(BOT_COMMAND_PREFIX):
            command = text.split()[0] if text.split() else text
            fields["entities"] = [
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": len(command.encode("utf-16-le")) // 2,
                }
            ]
        if reply_to is not None:
            fields["reply_to_message"] = dict(chat.messages[reply_to])
        return self._user_message(chat, user, thread_id=thread_id, **fields)

    def send_formatted(
        self, chat_id: int, from_user: int, html: str, *, thread_id: int | None = None
    ) -> dict[str, Any]:
        """A message the person formatted in the Telegram app (bold, italic, links):
        `html` says how; the bot receives the plain text and its entities, as from
        Telegram."""
        chat, user = self.chat(chat_id), self.user(from_user)
        text, entities = parse_html(html)
        fields: dict[str, Any] = {"text": text}
        if entities:
            fields["entities"] = entities
        return self._user_message(chat, user, thread_id=thread_id, **fields)

    def share_contact(
        self, chat_id: int, from_user: int, phone: str | None = None
    ) -> dict[str, Any]:
        chat, user = self.chat(chat_id), self.user(from_user)
        number = phone or user.phone or "+34600000000"
        user.phone = number
        contact = {"phone_number": number, "first_name": user.first_name, "user_id": user.id}
        if user.last_name:
            contact["last_name"] = user.last_name
        return self._user_message(chat, user, contact=contact)

    def upload(
        self,
        chat_id: int,
        from_user: int,
        *,
        kind: str,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        caption_html: str | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A file sent by a person; `caption_html` is a caption formatted in the app (the
        bot gets its text and entities)."""
        chat, user = self.chat(chat_id), self.user(from_user)
        stored = self.store_file(kind, data, file_name, mime_type)
        fields: dict[str, Any] = {}
        if kind == "photo":
            fields["photo"] = [photo_size(stored)]
        else:
            fields["document"] = document(stored)
        if caption_html is not None:
            caption, entities = parse_html(caption_html)
            if entities:
                fields["caption_entities"] = entities
        if caption:
            fields["caption"] = caption
        return self._user_message(chat, user, thread_id=thread_id, **fields)

    def press(
        self,
        chat_id: int,
        message_id: int,
        from_user: int,
        *,
        callback_data: str | None = None,
        text: str | None = None,
    ) -> CallbackQuery:
        chat, user = self.chat(chat_id), self.user(from_user)
        message = chat.messages.get(message_id)
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        buttons = [
            b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        if callback_data is None:
            matching = [b for b in buttons if b.get("text") == text]
            if not matching or "callback_data" not in matching[0]:
                raise KeyError(f"no button {text!r} with callback data on that message")
            callback_data = matching[0]["callback_data"]
        query = CallbackQuery(secrets.token_hex(8), user, chat_id, message_id, callback_data)
        self.callbacks[query.id] = query
        self.push_update(
            "callback_query",
            {
                "id": query.id,
                "from": user.as_telegram(),
                "message": dict(message),
                "chat_instance": str(abs(hash((self.bot_id, chat_id))) % 10**18),
                "data": callback_data,
            },
        )
        return query

    # -- reading -------------------------------------------------------------------------

    def transcript(self, chat_id: int, thread_id: int | None = None) -> list[dict[str, Any]]:
        messages = list(self.chat(chat_id).messages.values())
        if thread_id is not None:
            messages = [m for m in messages if m.get("message_thread_id") == thread_id]
        return messages

    def bot_messages(self, chat_id: int, thread_id: int | None = None) -> list[dict[str, Any]]:
        return [
            m
            for m in self.transcript(chat_id, thread_id)
            if m.get("from", {}).get("id") == self.bot_id
        ]

    async def next_bot_message(
        self, chat_id: int, *, after: int = 0, timeout: float = 5.0, thread_id: int | None = None
    ) -> dict[str, Any]:
        """The first bot message in the chat with message_id > ``after``."""

        def find() -> dict[str, Any] | None:
            for message in self.bot_messages(chat_id, thread_id):
                if message["message_id"] > after:
                    return message
            return None

        return await self.wait_for(find, timeout)

    def rejections(self) -> list[Call]:
        return [c for c in self.calls if 400 <= c.status < 500]

    def unexpected_rejections(self) -> list[Call]:
        return [
            c
            for c in self.rejections()
            if not any(
                c.status == status and text in c.description
                for status, text in self.expected_rejections
            )
        ]

    def expect_rejection(self, status: int, text: str = "") -> None:
        self.expected_rejections.append((status, text))

    # -- internals -----------------------------------------------------------------------

    def push_update(self, kind: str, payload: dict[str, Any]) -> None:
        update_id = next(self._update_ids)
        update: dict[str, Any] = {"update_id": update_id, kind: payload}
        self.delivered[update_id] = update
        self.updates.append(update)
        self.bump()

    def redeliver(self, update_id: int) -> None:
        """Send an update again, as Telegram does when a webhook answer was lost."""
        self.updates.append(dict(self.delivered[update_id]))
        self.bump()

    def _user_message(
        self,
        chat: Chat,
        user: User,
        *,
        thread_id: int | None = None,
        topic_name: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        message_id = chat.take_message_id()
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user.as_telegram(),
            "date": now(),
            "chat": chat.as_telegram(),
        }
        if topic_name is not None:
            chat.topics[message_id] = topic_name
            message.update(
                message_thread_id=message_id,
                is_topic_message=True,
                forum_topic_created={"name": topic_name, "icon_color": 0x6FB9F0},
            )
        elif thread_id is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
        message.update(fields)
        chat.messages[message_id] = message
        self.push_update("message", message)
        return message

    def store_file(
        self, kind: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_ids)
        ext = (
            file_name.rsplit(".", 1)[-1]
            if file_name and "." in file_name
            else "jpg"
            if kind == "photo"
            else "bin"
        )
        stored = StoredFile(
            file_id=f"SB{kind[:3].upper()}{number:06d}{secrets.token_hex(6)}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{kind}s/file_{number}.{ext}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (0, 0 when unknown)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                break
            marker, size = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                return (
                    int.from_bytes(data[i + 7 : i + 9], "big"),
                    int.from_bytes(data[i + 5 : i + 7], "big"),
                )
            i += 2 + size
    return 0, 0


def photo_size(stored: StoredFile) -> dict[str, Any]:
    width, height = image_size(stored.data)
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(stored.data),
    }


def document(stored: StoredFile) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        out["file_name"] = stored.file_name
    if stored.mime_type:
        out["mime_type"] = stored.mime_type
    return out
