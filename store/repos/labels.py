"""Labels: vendor-internal tags on customers, used as broadcast audiences."""

from __future__ import annotations

from collections.abc import Sequence

from store.models import Label
from store.repos.base import Repo, placeholders


class LabelRepo(Repo):
    async def create(self, vendor_id: int, name: str) -> Label:
        await self._exec(
            "INSERT INTO labels (vendor_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (vendor_id, name),
        )
        row = await self._one(
            "SELECT * FROM labels WHERE vendor_id = ? AND name = ?", (vendor_id, name)
        )
        assert row is not None
        return Label(**dict(row))

    async def of_vendor(self, vendor_id: int) -> list[Label]:
        rows = await self._all(
            f"SELECT * FROM labels WHERE vendor_id = ? ORDER BY {self._conn.nocase('name')}",
            (vendor_id,),
        )
        return [Label(**dict(r)) for r in rows]

    async def of_customers(self, customer_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """Each customer's label names, read in one query."""
        found: dict[int, list[str]] = {i: [] for i in customer_ids}
        if not found:
            return {}
        for row in await self._all(
            "SELECT cl.customer_id, l.name FROM customer_labels cl JOIN labels l "
            f"ON l.id = cl.label_id WHERE cl.customer_id IN ({placeholders(found)}) "
            "ORDER BY l.name",
            tuple(found),
        ):
            found[row["customer_id"]].append(row["name"])
        return {customer: tuple(names) for customer, names in found.items()}

    async def assign(self, customer_id: int, label_id: int) -> None:
        await self._exec(
            "INSERT INTO customer_labels (customer_id, label_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            (customer_id, label_id),
        )

    async def unassign(self, customer_id: int, label_id: int) -> None:
        await self._exec(
            "DELETE FROM customer_labels WHERE customer_id = ? AND label_id = ?",
            (customer_id, label_id),
        )
