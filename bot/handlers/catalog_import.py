"""An admin sends a catalogue file: a preview of what it would change, then apply (keeping
or disabling the products it does not list) or cancel; the latest import can be undone."""

from __future__ import annotations

from babel.dates import format_datetime
from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.callbacks import decode, encode
from bot.context import Ctx
from bot.handlers.common import Button, answer, button, language, reply, show
from bot.services.vendor_settings import MAX_IMPORT_BYTES
from domain.errors import NotLinked, StaleAction
from domain.rules.catalog_import import RowError
from domain.rules.delivery import zone


async def on_document(update: Update, context: Ctx) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.document is None:
        return
    try:
        vendor = await context.services.vendor_settings.vendor(user.id)
    except NotLinked:
        return  # not the team's: nothing to import
    document = message.document
    name = document.file_name or "file"
    if (document.file_size or 0) > MAX_IMPORT_BYTES:  # refused before downloading it
        too_big = [RowError(1, "too_big")]
        await reply(update, context, "team/import_report.j2", report=None, errors=too_big)
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    parsed, preview = await context.services.catalog_imports.preview(user.id, name, data)
    if preview is None:
        await reply(update, context, "team/import_report.j2", report=None, errors=parsed.errors)
        return
    lang = await language(update, context)
    import_id = preview.pending.id
    rows: list[list[Button]] = [
        [(button(context, lang, "import_apply"), encode("imp", "ok", import_id))]
    ]
    if preview.plan.unlisted:
        rows.append(
            [
                (
                    button(
                        context, lang, "import_apply_unlisted", count=len(preview.plan.unlisted)
                    ),
                    encode("imp", "off", import_id),
                )
            ]
        )
    rows.append([(button(context, lang, "import_cancel"), encode("imp", "no", import_id))])
    await reply(
        update,
        context,
        "team/import_preview.j2",
        rows=rows,
        file_name=name,
        plan=preview.plan,
        currency=vendor.currency,
    )


async def on_import(update: Update, context: Ctx) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = decode(query.data)
    import_id = data.int_arg(0) if data is not None else None
    if data is None or import_id is None:
        raise StaleAction("undecodable button")
    service = context.services.catalog_imports
    vendor = await context.services.vendor_settings.vendor(user.id)  # admins only
    await answer(update, context)
    lang = await language(update, context)
    if data.action in ("ok", "off"):
        applied, report = await service.apply(
            user.id, import_id, unlisted_unavailable=data.action == "off"
        )
        until = service.undo_until(applied)
        when = (
            format_datetime(until.astimezone(zone(vendor.timezone)), "EEE d MMM HH:mm", locale=lang)
            if until
            else None
        )
        await show(
            update,
            context,
            "team/import_report.j2",
            rows=[[(button(context, lang, "import_undo"), encode("imp", "un", applied.id))]],
            report=report,
            errors=[],
            undo_until=when,
        )
    elif data.action == "no":
        await service.cancel(user.id, import_id)
        await show(update, context, "team/import_cancelled.j2")
    elif data.action == "un":
        undone = await service.undo(user.id, import_id)
        await show(update, context, "team/import_undone.j2", undone=undone)
    else:
        raise StaleAction("unknown import action")


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CallbackQueryHandler(on_import, pattern=r"^imp:"),
        MessageHandler(filters.Document.ALL & filters.UpdateType.MESSAGE, on_document),
    ]
