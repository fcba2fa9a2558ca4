"""Team members (admins and sales reps) and their assigned customers."""

from __future__ import annotations

from domain.enums import Role
from store.conn import Row
from store.models import TeamMember
from store.repos.base import VENDOR_BOT, Repo, now_iso


class TeamRepo(Repo):
    async def _model(self, row: Row) -> TeamMember:
        assigned = await self._all(
            "SELECT customer_id FROM rep_assignments WHERE team_member_id = ?", (row["id"],)
        )
        return TeamMember(
            id=row["id"],
            vendor_id=row["vendor_id"],
            telegram_user_id=row["telegram_user_id"],
            name=row["name"],
            role=Role(row["role"]),
            private_cards=bool(row["private_cards"]),
            language=row["language"],
            assigned_customer_ids=frozenset(r["customer_id"] for r in assigned),
        )

    async def add(
        self,
        vendor_id: int,
        telegram_user_id: int,
        name: str,
        role: Role,
        language: str | None = None,
    ) -> TeamMember:
        await self._exec(
            "INSERT INTO team_members (vendor_id, telegram_user_id, name, role, created_at, "
            "language) VALUES (?,?,?,?,?,?) ON CONFLICT(vendor_id, telegram_user_id) "
            "DO UPDATE SET role = excluded.role, name = excluded.name, "
            "language = COALESCE(excluded.language, team_members.language)",
            (vendor_id, telegram_user_id, name, str(role), now_iso(), language),
        )
        member = await self.member(vendor_id, telegram_user_id)
        assert member is not None
        return member

    async def member(self, vendor_id: int, telegram_user_id: int) -> TeamMember | None:
        row = await self._one(
            "SELECT * FROM team_members WHERE vendor_id = ? AND telegram_user_id = ?",
            (vendor_id, telegram_user_id),
        )
        return await self._model(row) if row else None

    async def memberships(self, telegram_user_id: int) -> list[TeamMember]:
        """The person's seats in the teams of this bot's vendors."""
        rows = await self._all(
            "SELECT tm.* FROM team_members tm JOIN vendors v ON v.id = tm.vendor_id "
            f"WHERE tm.telegram_user_id = ? AND {VENDOR_BOT} = ? ORDER BY tm.vendor_id",
            (telegram_user_id, self.bot),
        )
        return [await self._model(r) for r in rows]

    async def set_private_cards(self, member_id: int, on: bool) -> None:
        await self._exec(
            "UPDATE team_members SET private_cards = ? WHERE id = ?", (int(on), member_id)
        )

    async def of_vendor(self, vendor_id: int) -> list[TeamMember]:
        rows = await self._all(
            "SELECT * FROM team_members WHERE vendor_id = ? ORDER BY role, name", (vendor_id,)
        )
        return [await self._model(r) for r in rows]

    async def assign(self, member_id: int, customer_id: int) -> None:
        await self._exec(
            "INSERT INTO rep_assignments (team_member_id, customer_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            (member_id, customer_id),
        )

    async def unassign(self, member_id: int, customer_id: int) -> None:
        await self._exec(
            "DELETE FROM rep_assignments WHERE team_member_id = ? AND customer_id = ?",
            (member_id, customer_id),
        )

    async def reps_of_customer(self, customer_id: int) -> list[TeamMember]:
        rows = await self._all(
            "SELECT tm.* FROM team_members tm JOIN rep_assignments ra ON ra.team_member_id = tm.id "
            "WHERE ra.customer_id = ? ORDER BY tm.name",
            (customer_id,),
        )
        return [await self._model(r) for r in rows]
