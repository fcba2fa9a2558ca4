"""A vendor brings its own bot (a token from @BotFather): its customers and team talk to a
bot with the wholesaler's own name and picture, and its messages leave at that bot's own
pace. The deployment runs every vendor's bot beside the shared one (bot/runtime.py)."""

from __future__ import annotations

import re

from telegram import Bot as TelegramBot
from telegram.error import InvalidToken, TelegramError

from bot.services import notify
from domain.errors import InvalidInput
from store import Store
from store.models import Bot, Vendor
from store.repos import Tx

TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,50}$")


async def identify(token: str, base_url: str) -> tuple[int, str, str]:
    """Who the token is: (Telegram id, username, name), asked from Telegram (getMe)."""
    token = token.strip()
    if not TOKEN_RE.match(token):
        raise InvalidInput(
            "not a bot token: it looks like 123456:ABC-DEF...", value="", reason="bot_token"
        )
    try:
        async with TelegramBot(token, base_url=base_url) as bot:
            me = bot.bot
    except InvalidToken as exc:
        raise InvalidInput(
            "Telegram does not know this token", value="", reason="bot_token"
        ) from exc
    except TelegramError as exc:
        raise InvalidInput(
            f"Telegram could not check the token: {exc}", value="", reason="bot_token"
        ) from exc
    return me.id, me.username or "", me.first_name


async def tell_moved(tx: Tx, render: notify.Render, vendor: Vendor, username: str) -> None:
    """Everyone of the vendor's, in the bot they used until now (the vendor's bot is not
    changed yet): where to go on from now."""
    readers = [  # (chat, language, what they read, outbox kind)
        (m.telegram_user_id, notify.member_language(m, vendor), "team", "vendor_notice")
        for m in await tx.team.of_vendor(vendor.id)
    ]
    for contact in await tx.contacts.of_vendor(vendor.id):
        language = await notify.contact_language(tx, contact)
        readers.append((contact.telegram_user_id, language, "customer", "customer_notice"))
    for chat_id, language, folder, kind in readers:
        text = render.render(language, f"{folder}/moved_bot.j2", vendor=vendor, bot=username)
        await tx.outbox.enqueue(
            kind=kind,
            vendor_id=vendor.id,
            chat_id=chat_id,
            payload=notify.message(chat_id, text),
            dedupe_key=f"moved:{vendor.id}:{username}:{chat_id}",
        )


async def set_vendor_bot(
    store: Store,
    render: notify.Render,
    vendor_ref: str,
    token: str | None,
    base_url: str,
    *,
    actor: int | None = None,
) -> tuple[Vendor, Bot | None]:
    """The vendor speaks through the bot of ``token`` from now on (None: the shared bot
    again). Its team and customers are told, in the bot they used until now, where to go."""
    found = await identify(token, base_url) if token is not None else None
    async with store.tx() as tx:
        vendor = await tx.vendors.resolve(vendor_ref)
        bot = None
        if found is not None and token is not None:
            telegram_id, username, name = found
            bot = await tx.bots.save(telegram_id, token.strip(), username, name)
        if (bot.telegram_id if bot else None) == vendor.bot:
            return vendor, bot  # already so: nobody is told twice
        if bot is not None:
            await tell_moved(tx, render, vendor, bot.username)
        await tx.bots.set_vendor_bot(vendor.id, bot.telegram_id if bot else None)
        await tx.audit.record(
            vendor_id=vendor.id,
            actor=actor,
            action="vendor.bot",
            entity="vendor",
            entity_id=vendor.id,
            details={"bot": bot.username if bot else ""},
        )
        return await tx.vendors.get(vendor.id), bot
