"""The bot's side: Bot API methods acting on the sandbox's world."""

from __future__ import annotations

import asyncio
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.errors import ApiError, bad_request, forbidden, too_many
from sandbox.html import parse_html, utf16_len
from sandbox.spec import Upload
from sandbox.world import Chat, World, document, now, photo_size

Method = Callable[[World, dict[str, Any]], Awaitable[Any]]
METHODS: dict[str, Method] = {}

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
PHOTO_LIMIT = 10 * 1024 * 1024
DOCUMENT_LIMIT = 50 * 1024 * 1024
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


def method(name: str) -> Callable[[Method], Method]:
    def register(fn: Method) -> Method:
        METHODS[name] = fn
        return fn

    return register


# -- shared checks ---------------------------------------------------------------------


def _chat(world: World, chat_id: Any) -> Chat:
    if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
        raise bad_request("chat not found")
    chat = world.chats.get(int(chat_id))
    if chat is None and int(chat_id) in world.users:  # a person who never opened this bot
        raise forbidden("bot can't initiate conversation with a user")
    if chat is None:
        raise bad_request("chat not found")
    return chat


def _sendable(world: World, params: dict[str, Any]) -> Chat:
    chat = _chat(world, params["chat_id"])
    if chat.type == "private" and chat.user is not None and chat.user.blocked:
        raise forbidden("bot was blocked by the user")
    thread = params.get("message_thread_id")
    if thread is not None and (not chat.is_forum or thread not in chat.topics):
        raise bad_request("message thread not found")
    reply = params.get("reply_parameters") or {}
    reply_to = reply.get("message_id") or params.get("reply_to_message_id")
    if reply_to is not None and reply_to not in chat.messages:
        allow = reply.get(
            "allow_sending_without_reply", params.get("allow_sending_without_reply", False)
        )
        if not allow:
            raise bad_request("message to be replied not found")
    retry_after = world.rate.check(chat.id, chat.type == "private")
    if retry_after is not None:
        raise too_many(retry_after)
    return chat


def _formatted(
    params: dict[str, Any], key: str, entities_key: str, limit: int, *, required: bool
) -> tuple[str, list[dict[str, Any]]]:
    raw = params.get(key)
    if raw is None:
        if required:
            raise bad_request("message text is empty")
        return "", []
    mode = params.get("parse_mode")
    if mode is None or mode == "":
        text, entities = raw, list(params.get(entities_key) or [])
    elif str(mode).upper() == "HTML":
        text, entities = parse_html(raw)
    else:
        raise bad_request(f"unsupported parse_mode {mode!r} in the sandbox (use HTML)")
    size = utf16_len(text)
    if required and not text.strip():
        raise bad_request("message text is empty")
    if size > limit:
        raise bad_request("message is too long" if key == "text" else "message caption is too long")
    return text, entities


def _markup(params: dict[str, Any], chat: Chat) -> dict[str, Any] | None:
    """The inline keyboard to keep on the message; reply keyboards go to the chat."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                if not button.get("text"):
                    raise bad_request("BUTTON_TEXT_EMPTY")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    raise bad_request("BUTTON_DATA_INVALID")
                actions = [k for k in button if k not in ("text", "icon_custom_emoji_id", "style")]
                if len(actions) != 1:
                    raise bad_request(
                        "can't parse inline keyboard button: exactly one action field is required"
                    )
        return markup if any(markup["inline_keyboard"]) else None
    if "keyboard" in markup:
        if chat.type == "private":
            chat.reply_keyboard = markup
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None
    return None


def _bot_message(
    world: World, chat: Chat, params: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": chat.take_message_id(),
        "from": world.bot_user(),
        "date": now(),
        "chat": chat.as_telegram(),
    }
    thread = params.get("message_thread_id")
    if thread is not None:
        message.update(message_thread_id=thread, is_topic_message=True)
    reply = params.get("reply_parameters") or {}
    reply_to = reply.get("message_id") or params.get("reply_to_message_id")
    if reply_to is not None and reply_to in chat.messages:
        message["reply_to_message"] = dict(chat.messages[reply_to])
    message.update({k: v for k, v in fields.items() if v not in (None, [], "")})
    markup = _markup(params, chat)
    if markup is not None:
        message["reply_markup"] = markup
    chat.messages[message["message_id"]] = message
    world.bump()
    return message


def _stored_message(world: World, params: dict[str, Any], verb: str) -> tuple[Chat, dict]:
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by the sandbox")
    if params.get("chat_id") is None or params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = _chat(world, params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request(f"message to {verb} not found")
    if message.get("from", {}).get("id") != world.bot_id and verb == "edit":
        raise bad_request("message can't be edited")
    return chat, message


def _upload(world: World, value: Any, kind: str, limit: int) -> Any:
    if isinstance(value, Upload):
        if len(value.data) > limit:
            raise ApiError(413, "Request Entity Too Large")
        if not value.data:
            raise bad_request("file must be non-empty")
        mime = value.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(value.filename or "")[0] or mime
        return world.store_file(kind, value.data, value.filename or None, mime or None)
    stored = world.files.get(str(value))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


# -- identity and updates -----------------------------------------------------------


@method("getMe")
async def get_me(world: World, params: dict[str, Any]) -> Any:
    return {
        **world.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut")
async def log_out(world: World, params: dict[str, Any]) -> Any:
    return True


@method("close")
async def close(world: World, params: dict[str, Any]) -> Any:
    return True


def _pending(world: World, allowed: list[str] | None) -> list[dict[str, Any]]:
    if not allowed:
        return list(world.updates)
    return [u for u in world.updates if any(k in u for k in allowed)]


@method("getUpdates")
async def get_updates(world: World, params: dict[str, Any]) -> Any:
    if world.webhook.url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    offset = params.get("offset")
    if offset is not None:
        if offset < 0:
            world.updates = world.updates[offset:]
        else:
            world.updates = [u for u in world.updates if u["update_id"] >= offset]
    if "allowed_updates" in params:
        world.allowed_updates = params["allowed_updates"] or None
    limit = min(max(params.get("limit", 100), 1), 100)
    timeout = max(0, min(params.get("timeout", 0), 50))
    if timeout:
        try:
            await world.wait_for(
                lambda: world.closing or _pending(world, world.allowed_updates), timeout
            )
        except TimeoutError:
            return []
    return _pending(world, world.allowed_updates)[:limit]


@method("setWebhook")
async def set_webhook(world: World, params: dict[str, Any]) -> Any:
    url = params["url"]
    secret = params.get("secret_token")
    if secret is not None and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if params.get("drop_pending_updates"):
        world.updates.clear()
    world.webhook.url = url
    world.webhook.secret_token = secret
    world.webhook.allowed_updates = params.get("allowed_updates")
    world.webhook.last_error_date = None
    world.webhook.last_error_message = None
    world.bump()
    return True


@method("deleteWebhook")
async def delete_webhook(world: World, params: dict[str, Any]) -> Any:
    world.webhook.url = ""
    world.webhook.secret_token = None
    if params.get("drop_pending_updates"):
        world.updates.clear()
    world.bump()
    return True


@method("getWebhookInfo")
async def get_webhook_info(world: World, params: dict[str, Any]) -> Any:
    info: dict[str, Any] = {
        "url": world.webhook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    if world.webhook.url:
        info["max_connections"] = world.webhook.max_connections
        if world.webhook.allowed_updates:
            info["allowed_updates"] = world.webhook.allowed_updates
    if world.webhook.last_error_date:
        info["last_error_date"] = world.webhook.last_error_date
        info["last_error_message"] = world.webhook.last_error_message
    return info


# -- sending -------------------------------------------------------------------------


@method("sendMessage")
async def send_message(world: World, params: dict[str, Any]) -> Any:
    text, entities = _formatted(params, "text", "entities", TEXT_LIMIT, required=True)
    chat = _sendable(world, params)
    return _bot_message(world, chat, params, {"text": text, "entities": entities})


@method("sendPhoto")
async def send_photo(world: World, params: dict[str, Any]) -> Any:
    caption, entities = _formatted(
        params, "caption", "caption_entities", CAPTION_LIMIT, required=False
    )
    stored = _upload(world, params["photo"], "photo", PHOTO_LIMIT)
    chat = _sendable(world, params)
    return _bot_message(
        world,
        chat,
        params,
        {"photo": [photo_size(stored)], "caption": caption, "caption_entities": entities},
    )


@method("sendDocument")
async def send_document(world: World, params: dict[str, Any]) -> Any:
    caption, entities = _formatted(
        params, "caption", "caption_entities", CAPTION_LIMIT, required=False
    )
    stored = _upload(world, params["document"], "document", DOCUMENT_LIMIT)
    chat = _sendable(world, params)
    return _bot_message(
        world,
        chat,
        params,
        {"document": document(stored), "caption": caption, "caption_entities": entities},
    )


@method("sendChatAction")
async def send_chat_action(world: World, params: dict[str, Any]) -> Any:
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat = _chat(world, params["chat_id"])
    if chat.type == "private" and chat.user is not None and chat.user.blocked:
        raise forbidden("bot was blocked by the user")
    return True


# -- editing -------------------------------------------------------------------------


def _not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )


def _apply_edit(
    world: World,
    chat: Chat,
    message: dict[str, Any],
    params: dict[str, Any],
    fields: dict[str, Any],
) -> dict[str, Any]:
    markup = _markup(params, chat)
    new = {k: v for k, v in message.items() if k not in ("reply_markup", "edit_date")}
    for key, value in fields.items():
        if value in (None, [], ""):
            new.pop(key, None)
        else:
            new[key] = value
    if markup is not None:
        new["reply_markup"] = markup
    old_view = {k: v for k, v in message.items() if k != "edit_date"}
    if new == old_view:
        raise _not_modified()
    new["edit_date"] = max(now(), message.get("date", 0))
    chat.messages[message["message_id"]] = new
    world.bump()
    return new


@method("editMessageText")
async def edit_message_text(world: World, params: dict[str, Any]) -> Any:
    chat, message = _stored_message(world, params, "edit")
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = _formatted(params, "text", "entities", TEXT_LIMIT, required=True)
    return _apply_edit(world, chat, message, params, {"text": text, "entities": entities})


@method("editMessageCaption")
async def edit_message_caption(world: World, params: dict[str, Any]) -> Any:
    chat, message = _stored_message(world, params, "edit")
    if "photo" not in message and "document" not in message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _formatted(
        params, "caption", "caption_entities", CAPTION_LIMIT, required=False
    )
    return _apply_edit(
        world, chat, message, params, {"caption": caption, "caption_entities": entities}
    )


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, params: dict[str, Any]) -> Any:
    chat, message = _stored_message(world, params, "edit")
    return _apply_edit(world, chat, message, params, {})


@method("deleteMessage")
async def delete_message(world: World, params: dict[str, Any]) -> Any:
    chat, message = _stored_message(world, params, "delete")
    del chat.messages[message["message_id"]]
    world.bump()
    return True


# -- callbacks, files, commands, chats ----------------------------------------------


@method("answerCallbackQuery")
async def answer_callback_query(world: World, params: dict[str, Any]) -> Any:
    query = world.callbacks.get(params["callback_query_id"])
    if (
        query is None
        or query.answer is not None
        or time.monotonic() - query.created > world.callback_timeout
    ):
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text") or ""
    if len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = {"text": text, "show_alert": bool(params.get("show_alert"))}
    world.bump()
    return True


@method("getFile")
async def get_file(world: World, params: dict[str, Any]) -> Any:
    stored = world.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return scope.get("type", "default"), params.get("language_code") or ""


@method("setMyCommands")
async def set_my_commands(world: World, params: dict[str, Any]) -> Any:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND_RE.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_scope_key(params)] = commands
    return True


@method("getMyCommands")
async def get_my_commands(world: World, params: dict[str, Any]) -> Any:
    return world.commands.get(_scope_key(params), [])


@method("deleteMyCommands")
async def delete_my_commands(world: World, params: dict[str, Any]) -> Any:
    world.commands.pop(_scope_key(params), None)
    return True


@method("getChat")
async def get_chat(world: World, params: dict[str, Any]) -> Any:
    chat = _chat(world, params["chat_id"])
    return {
        **chat.as_telegram(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


@method("getChatMember")
async def get_chat_member(world: World, params: dict[str, Any]) -> Any:
    chat = _chat(world, params["chat_id"])
    user_id = params["user_id"]
    if user_id == world.bot_id:
        return {
            "status": "administrator",
            "user": world.bot_user(),
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": False,
            "can_restrict_members": False,
            "can_promote_members": False,
            "can_change_info": False,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
            "can_manage_topics": True,
        }
    user = world.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    if chat.type == "private":
        status = "member" if chat.id == user_id else "left"
    elif user_id in chat.members:
        status = "creator" if chat.members[0] == user_id else "member"
    else:
        status = "left"
    member: dict[str, Any] = {"status": status, "user": user.as_telegram()}
    if status == "creator":
        member["is_anonymous"] = False
    return member


@method("createForumTopic")
async def create_forum_topic(world: World, params: dict[str, Any]) -> Any:
    chat = _chat(world, params["chat_id"])
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    name = params["name"]
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
    color = params.get("icon_color", 0x6FB9F0)
    message_id = chat.take_message_id()
    chat.topics[message_id] = name
    chat.messages[message_id] = {
        "message_id": message_id,
        "from": world.bot_user(),
        "date": now(),
        "chat": chat.as_telegram(),
        "message_thread_id": message_id,
        "is_topic_message": True,
        "forum_topic_created": {"name": name, "icon_color": color},
    }
    world.bump()
    return {"message_thread_id": message_id, "name": name, "icon_color": color}


async def call(world: World, name: str, params: dict[str, Any]) -> Any:
    """Run a method; the caller has validated ``params`` against the spec."""
    implementation = METHODS.get(name)
    if implementation is None:
        raise ApiError(501, f"Not Implemented: the sandbox does not implement {name} yet")
    await asyncio.sleep(0)
    return await implementation(world, params)
