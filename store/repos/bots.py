"""Vendors' own bots: the tokens the deployment runs beside its shared bot."""

from __future__ import annotations

from store.conn import Row
from store.models import Bot
from store.repos.base import Repo, now_iso


def _bot(row: Row) -> Bot:
    return Bot(
        telegram_id=row["telegram_id"],
        token=row["token"],
        username=row["username"],
        name=row["name"],
    )


class BotRepo(Repo):
    async def save(self, telegram_id: int, token: str, username: str, name: str) -> Bot:
        """Add the bot, or take its new token and names (a token revoked in @BotFather)."""
        await self._exec(
            "INSERT INTO bots (telegram_id, token, username, name, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (telegram_id) DO UPDATE SET "
            "token = excluded.token, username = excluded.username, name = excluded.name",
            (telegram_id, token, username, name, now_iso()),
        )
        found = await self.get(telegram_id)
        assert found is not None
        return found

    async def get(self, telegram_id: int) -> Bot | None:
        row = await self._one("SELECT * FROM bots WHERE telegram_id = ?", (telegram_id,))
        return _bot(row) if row else None

    async def serving(self) -> list[Bot]:
        """The bots some vendor speaks through (what a deployment runs)."""
        rows = await self._all(
            "SELECT * FROM bots WHERE telegram_id IN (SELECT bot FROM vendors "
            "WHERE bot IS NOT NULL) ORDER BY telegram_id"
        )
        return [_bot(r) for r in rows]

    async def set_vendor_bot(self, vendor_id: int, telegram_id: int | None) -> None:
        """The vendor speaks through this bot from now on (None: the shared bot)."""
        await self._exec("UPDATE vendors SET bot = ? WHERE id = ?", (telegram_id, vendor_id))
