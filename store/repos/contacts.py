"""Contacts: Telegram users who order for customers."""

from __future__ import annotations

from store.conn import Row
from store.models import Contact, Customer
from store.repos.base import VENDOR_BOT, Repo, now_iso


def _model(row: Row) -> Contact:
    return Contact(
        id=row["id"],
        telegram_user_id=row["telegram_user_id"],
        name=row["name"],
        phone=row["phone"],
        language=row["language"],
        phone_asked=bool(row["phone_asked"]),
        muted=bool(row["muted"]),
        unreachable=bool(row["unreachable"]),
        reminders_muted=bool(row["reminders_muted"]),
    )


class ContactRepo(Repo):
    async def upsert(self, telegram_user_id: int, name: str, language: str | None) -> Contact:
        await self._exec(
            "INSERT INTO contacts (telegram_user_id, name, language, created_at) "
            "VALUES (?,?,?,?) ON CONFLICT(telegram_user_id) DO UPDATE SET name = excluded.name",
            (telegram_user_id, name, language, now_iso()),
        )
        contact = await self.by_user(telegram_user_id)
        assert contact is not None
        return contact

    async def by_user(self, telegram_user_id: int) -> Contact | None:
        row = await self._one(
            "SELECT * FROM contacts WHERE telegram_user_id = ?", (telegram_user_id,)
        )
        return _model(row) if row else None

    async def get(self, contact_id: int) -> Contact | None:
        row = await self._one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return _model(row) if row else None

    async def link(self, customer_id: int, contact_id: int) -> bool:
        """Link; False when the link already existed."""
        cur = await self._exec(
            "INSERT INTO customer_contacts (customer_id, contact_id, created_at) "
            "VALUES (?,?,?) ON CONFLICT DO NOTHING",
            (customer_id, contact_id, now_iso()),
        )
        return cur.rowcount == 1

    async def customer_ids_of(self, contact_id: int) -> list[int]:
        """The customers (not deleted) this contact orders for, of this bot's vendors."""
        return await self._customer_ids(contact_id, "c.deleted_at IS NULL")

    async def removed_customer_ids_of(self, contact_id: int) -> list[int]:
        """The customers this contact ordered for that their supplier has since removed."""
        return await self._customer_ids(contact_id, "c.deleted_at IS NOT NULL")

    async def _customer_ids(self, contact_id: int, condition: str) -> list[int]:
        rows = await self._all(
            "SELECT c.id FROM customer_contacts cc JOIN customers c ON c.id = cc.customer_id "
            f"JOIN vendors v ON v.id = c.vendor_id WHERE cc.contact_id = ? AND {condition} "
            f"AND {VENDOR_BOT} = ? ORDER BY c.name, c.id",
            (contact_id, self.bot),
        )
        return [r["id"] for r in rows]

    async def of_vendor(self, vendor_id: int) -> list[Contact]:
        """Everyone who orders for one of the vendor's (not deleted) customers, once each."""
        rows = await self._all(
            "SELECT DISTINCT ct.* FROM contacts ct JOIN customer_contacts cc "
            "ON cc.contact_id = ct.id JOIN customers c ON c.id = cc.customer_id "
            "WHERE c.vendor_id = ? AND c.deleted_at IS NULL ORDER BY ct.id",
            (vendor_id,),
        )
        return [_model(r) for r in rows]

    async def of_customer(self, customer: Customer) -> list[Contact]:
        rows = await self._all(
            "SELECT ct.* FROM contacts ct JOIN customer_contacts cc ON cc.contact_id = ct.id "
            "WHERE cc.customer_id = ? ORDER BY ct.name, ct.id",
            (customer.id,),
        )
        return [_model(r) for r in rows]

    async def set_phone(self, contact_id: int, phone: str | None) -> None:
        await self._exec(
            "UPDATE contacts SET phone = ?, phone_asked = 1 WHERE id = ?", (phone, contact_id)
        )

    async def set_language(self, contact_id: int, language: str) -> None:
        await self._exec("UPDATE contacts SET language = ? WHERE id = ?", (language, contact_id))

    async def set_reminders_muted(self, contact_id: int, muted: bool) -> None:
        await self._exec(
            "UPDATE contacts SET reminders_muted = ? WHERE id = ?", (int(muted), contact_id)
        )

    async def set_muted(self, contact_id: int, muted: bool) -> None:
        await self._exec("UPDATE contacts SET muted = ? WHERE id = ?", (int(muted), contact_id))

    async def set_unreachable(self, contact_id: int, unreachable: bool) -> None:
        await self._exec(
            "UPDATE contacts SET unreachable = ? WHERE id = ?", (int(unreachable), contact_id)
        )
