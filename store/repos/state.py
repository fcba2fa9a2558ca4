"""Per-person state: chosen language, active customer, the input the bot awaits."""

from __future__ import annotations

import json
from typing import Any

from store.models import UserState
from store.repos.base import Repo, dumps, now_iso


class UserStateRepo(Repo):
    async def get(self, telegram_user_id: int) -> UserState:
        row = await self._one(
            "SELECT * FROM user_state WHERE telegram_user_id = ?", (telegram_user_id,)
        )
        if row is None:
            return UserState(telegram_user_id=telegram_user_id)
        return UserState(
            telegram_user_id=telegram_user_id,
            language=row["language"],
            active_customer_id=row["active_customer_id"],
            awaiting=json.loads(row["awaiting"]) if row["awaiting"] else None,
            view=json.loads(row["view"]) if row["view"] else None,
        )

    async def _set(self, telegram_user_id: int, column: str, value: object) -> None:
        await self._exec(
            f"INSERT INTO user_state (telegram_user_id, {column}, updated_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(telegram_user_id) DO UPDATE SET {column} = excluded.{column}, "
            "updated_at = excluded.updated_at",
            (telegram_user_id, value, now_iso()),
        )

    async def set_language(self, telegram_user_id: int, language: str) -> None:
        await self._set(telegram_user_id, "language", language)

    async def set_active_customer(self, telegram_user_id: int, customer_id: int | None) -> None:
        await self._set(telegram_user_id, "active_customer_id", customer_id)

    async def set_view(self, telegram_user_id: int, view: dict[str, Any] | None) -> None:
        await self._set(telegram_user_id, "view", dumps(view) if view else None)

    async def set_note(self, telegram_user_id: int, key: str, note: dict[str, Any]) -> None:
        """Something kept for the person's next tap (the latest one per `key`): the words of
        a message that named no product ("unsent"), the phrase a clarification is about
        ("clarify")."""
        view = dict((await self.get(telegram_user_id)).view or {})
        view[key] = note
        await self.set_view(telegram_user_id, view)

    async def take_note(self, telegram_user_id: int, key: str) -> dict[str, Any] | None:
        view = dict((await self.get(telegram_user_id)).view or {})
        note = view.pop(key, None)
        if note is not None:
            await self.set_view(telegram_user_id, view or None)
        return note if isinstance(note, dict) else None

    async def set_awaiting(self, telegram_user_id: int, awaiting: dict[str, Any] | None) -> None:
        await self._set(telegram_user_id, "awaiting", dumps(awaiting) if awaiting else None)
