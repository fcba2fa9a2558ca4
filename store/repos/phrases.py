"""Phrases a vendor's customers used for a product (learned from their clarifications)."""

from __future__ import annotations

from store.repos.base import Repo, now_iso

MAX_PHRASE = 120


class PhraseRepo(Repo):
    async def remember(self, vendor_id: int, phrase: str, product_id: str) -> None:
        phrase = phrase.strip()[:MAX_PHRASE]
        if not phrase:
            return
        await self._exec(
            "INSERT INTO phrase_memory (vendor_id, phrase, product_id, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(vendor_id, phrase) DO UPDATE SET "
            "product_id = excluded.product_id, uses = phrase_memory.uses + 1, "
            "updated_at = excluded.updated_at",
            (vendor_id, phrase, product_id, now_iso()),
        )

    async def of_vendor(self, vendor_id: int) -> dict[str, str]:
        rows = await self._all(
            "SELECT phrase, product_id FROM phrase_memory WHERE vendor_id = ?", (vendor_id,)
        )
        return {r["phrase"]: r["product_id"] for r in rows}

    async def usual(self, customer_id: int, orders: int = 20) -> dict[str, float]:
        """How often each product came in the customer's last `orders` orders (0..1)."""
        rows = await self._all(
            "SELECT l.product_id, COUNT(*) AS n FROM order_lines l WHERE l.order_id IN "
            "(SELECT id FROM orders WHERE customer_id = ? AND status != 'cancelled' "
            "ORDER BY created_at DESC LIMIT ?) GROUP BY l.product_id",
            (customer_id, orders),
        )
        total = await self._one(
            "SELECT COUNT(*) AS n FROM (SELECT id FROM orders WHERE customer_id = ? "
            "AND status != 'cancelled' ORDER BY created_at DESC LIMIT ?) recent",
            (customer_id, orders),
        )
        count = int(total["n"]) if total else 0
        return {r["product_id"]: min(1.0, r["n"] / count) for r in rows} if count else {}
