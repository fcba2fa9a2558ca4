"""Carts: a contact's lines for one customer, stored so they survive restarts."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from domain.rules.review import ReviewTerms
from store.models import Cart, CartLine
from store.repos.base import Repo, day, now_iso
from store.repos.catalogs import _product
from store.repos.phrases import MAX_PHRASE


def _nonce() -> str:
    return secrets.token_hex(4)


class CartRepo(Repo):
    async def _ensure(self, contact_id: int, customer_id: int) -> None:
        await self._exec(
            "INSERT INTO carts (contact_id, customer_id, nonce, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (contact_id, customer_id, _nonce(), now_iso()),
        )

    async def _touch(self, contact_id: int, customer_id: int) -> None:
        """Any change to the cart invalidates an open review (new nonce)."""
        await self._exec(
            "UPDATE carts SET nonce = ?, updated_at = ? WHERE contact_id = ? AND customer_id = ?",
            (_nonce(), now_iso(), contact_id, customer_id),
        )

    async def get(self, contact_id: int, customer_id: int) -> Cart:
        """The cart (read only: a cart never touched is empty)."""
        row = await self._one(
            "SELECT * FROM carts WHERE contact_id = ? AND customer_id = ?",
            (contact_id, customer_id),
        )
        if row is None:
            return Cart(
                contact_id=contact_id,
                customer_id=customer_id,
                delivery_date=None,
                late_accepted=False,
                comment="",
                nonce="",
            )
        lines = await self._all(
            "SELECT p.*, cl.quantity AS cart_quantity, cl.phrase AS cart_phrase FROM cart_lines cl "
            "JOIN products p ON p.id = cl.product_id "
            "WHERE cl.contact_id = ? AND cl.customer_id = ? ORDER BY cl.added_at, p.name",
            (contact_id, customer_id),
        )
        return Cart(
            contact_id=contact_id,
            customer_id=customer_id,
            delivery_date=date.fromisoformat(row["delivery_date"])
            if row["delivery_date"]
            else None,
            late_accepted=bool(row["late_accepted"]),
            comment=row["comment"],
            nonce=row["nonce"],
            reviewed=ReviewTerms.model_validate_json(row["reviewed"]) if row["reviewed"] else None,
            lines=tuple(
                CartLine(
                    product=_product(r),
                    quantity=Decimal(r["cart_quantity"]),
                    phrase=r["cart_phrase"],
                )
                for r in lines
            ),
        )

    async def set_reviewed(self, contact_id: int, customer_id: int, terms: ReviewTerms) -> None:
        """Remember what the review screen showed ("Place order" is checked against it)."""
        await self._exec(
            "UPDATE carts SET reviewed = ? WHERE contact_id = ? AND customer_id = ?",
            (terms.model_dump_json(), contact_id, customer_id),
        )

    async def set_quantity(
        self,
        contact_id: int,
        customer_id: int,
        product_row_id: int,
        quantity: Decimal,
        phrase: str | None = None,
    ) -> None:
        """``phrase``: the words the product was read from, kept with the line (a later
        change without one keeps it)."""
        await self._ensure(contact_id, customer_id)
        if quantity <= 0:
            await self._exec(
                "DELETE FROM cart_lines "
                "WHERE contact_id = ? AND customer_id = ? AND product_id = ?",
                (contact_id, customer_id, product_row_id),
            )
        else:
            await self._exec(
                "INSERT INTO cart_lines (contact_id, customer_id, product_id, quantity, added_at, "
                "phrase) VALUES (?,?,?,?,?,?) ON CONFLICT(contact_id, customer_id, product_id) "
                "DO UPDATE SET quantity = excluded.quantity, "
                "phrase = COALESCE(excluded.phrase, cart_lines.phrase)",
                (
                    contact_id,
                    customer_id,
                    product_row_id,
                    str(quantity),
                    now_iso(),
                    phrase[:MAX_PHRASE] if phrase else None,
                ),
            )
        await self._touch(contact_id, customer_id)

    async def set_delivery(
        self, contact_id: int, customer_id: int, delivery: date | None, late_accepted: bool
    ) -> None:
        await self._ensure(contact_id, customer_id)
        row = await self._one(
            "SELECT delivery_date, late_accepted FROM carts "
            "WHERE contact_id = ? AND customer_id = ?",
            (contact_id, customer_id),
        )
        if row and row["delivery_date"] == day(delivery) and row["late_accepted"] == late_accepted:
            return  # the same day again (an update handled twice): the review stays valid
        await self._exec(
            "UPDATE carts SET delivery_date = ?, late_accepted = ? "
            "WHERE contact_id = ? AND customer_id = ?",
            (day(delivery), int(late_accepted), contact_id, customer_id),
        )
        await self._touch(contact_id, customer_id)

    async def set_comment(self, contact_id: int, customer_id: int, comment: str) -> None:
        await self._ensure(contact_id, customer_id)
        await self._exec(
            "UPDATE carts SET comment = ? WHERE contact_id = ? AND customer_id = ?",
            (comment, contact_id, customer_id),
        )
        await self._touch(contact_id, customer_id)

    async def clear(self, contact_id: int, customer_id: int) -> None:
        await self._exec(
            "DELETE FROM cart_lines WHERE contact_id = ? AND customer_id = ?",
            (contact_id, customer_id),
        )
        await self._exec(
            "UPDATE carts SET delivery_date = NULL, late_accepted = 0, comment = '', nonce = ?, "
            "updated_at = ? WHERE contact_id = ? AND customer_id = ?",
            (_nonce(), now_iso(), contact_id, customer_id),
        )
