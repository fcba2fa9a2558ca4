"""``comanda inbox``: what the durable inbox holds, the updates parked after repeated
failures, and putting one back in line once its cause is fixed."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from bot.config import Settings
from store import open_store


def configure(inbox: argparse.ArgumentParser) -> None:
    inbox.add_argument(
        "--bot",
        type=int,
        default=0,
        help="a vendor's own bot (its Telegram id, see 'comanda vendor set-bot'); "
        "default: the shared bot",
    )
    isub = inbox.add_subparsers(dest="inbox_command")
    isub.add_parser("status", help="how many updates are pending, done and parked (default)")
    parked = isub.add_parser("parked", help="list parked updates with their last error")
    parked.add_argument("--limit", type=int, default=50)
    retry = isub.add_parser("retry", help="handle a parked update again")
    retry.add_argument("update_id", type=int)


async def run(args: argparse.Namespace, settings: Settings) -> tuple[int, str]:
    store = (await open_store(settings.database)).for_bot(args.bot)  # update ids are per bot
    try:
        command = args.inbox_command or "status"
        if command == "retry":
            async with store.tx() as tx:
                ok = await tx.inbox.requeue(args.update_id, datetime.now(UTC))
            if not ok:
                return 1, f"update {args.update_id} is not parked"
            return 0, f"update {args.update_id} will be handled again"
        async with store.read() as tx:
            if command == "parked":
                items = await tx.inbox.parked(limit=args.limit)
                lines = [
                    json.dumps(
                        {
                            "update_id": item.update_id,
                            "chat": item.chat_key,
                            "attempts": item.attempts,
                            "received_at": item.received_at.isoformat(),
                            "error": item.last_error,
                        },
                        ensure_ascii=False,
                    )
                    for item in items
                ]
                return 0, "\n".join(lines) if lines else "no parked updates"
            counts = await tx.inbox.counts()
        return 0, " ".join(f"{k}={v}" for k, v in counts.items())
    finally:
        await store.close()
