"""Catalogue imports waiting for the admin's choice, applied ones and their undo."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from domain.rules.catalog_import import ParsedCatalog
from store.conn import Row
from store.models import CatalogImport
from store.repos.base import Repo, now_iso, placeholders


def _model(row: Row) -> CatalogImport:
    return CatalogImport(
        id=row["id"],
        vendor_id=row["vendor_id"],
        actor=row["actor"],
        file_name=row["file_name"],
        status=row["status"],
        unlisted_unavailable=bool(row["unlisted_unavailable"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        applied_at=datetime.fromisoformat(row["applied_at"]) if row["applied_at"] else None,
    )


class ImportRepo(Repo):
    async def create(
        self, vendor_id: int, actor: int, file_name: str, parsed: ParsedCatalog
    ) -> CatalogImport:
        import_id = await self._insert(
            "INSERT INTO catalog_imports (vendor_id, actor, file_name, parsed, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (vendor_id, actor, file_name, parsed.to_json(), now_iso()),
        )
        return await self.get(import_id)

    async def find(self, import_id: int) -> CatalogImport | None:
        row = await self._one("SELECT * FROM catalog_imports WHERE id = ?", (import_id,))
        return _model(row) if row else None

    async def get(self, import_id: int) -> CatalogImport:
        found = await self.find(import_id)
        if found is None:
            raise LookupError(f"no catalogue import {import_id}")
        return found

    async def parsed(self, import_id: int) -> ParsedCatalog:
        row = await self._one("SELECT parsed FROM catalog_imports WHERE id = ?", (import_id,))
        if row is None:
            raise LookupError(f"no catalogue import {import_id}")
        return ParsedCatalog.from_json(row["parsed"])

    async def latest_applied(self, vendor_id: int) -> CatalogImport | None:
        row = await self._one(
            "SELECT * FROM catalog_imports WHERE vendor_id = ? AND status = 'applied' "
            "ORDER BY applied_at DESC, id DESC LIMIT 1",
            (vendor_id,),
        )
        return _model(row) if row else None

    async def mark(
        self, import_id: int, from_status: str, to_status: str, at: datetime | None = None
    ) -> bool:
        """Move one import on; False when it was no longer in `from_status` (a second tap).
        `at` stamps applying and undoing (the service's clock; now by default)."""
        stamp = {"applied": "applied_at", "undone": "undone_at"}.get(to_status)
        when = at.astimezone(UTC).isoformat(timespec="microseconds") if at else now_iso()
        sets = "status = ?" + (f", {stamp} = ?" if stamp else "")
        params: list[object] = [to_status, *([when] if stamp else [])]
        cur = await self._exec(
            f"UPDATE catalog_imports SET {sets} WHERE id = ? AND status = ?",
            (*params, import_id, from_status),
        )
        return cur.rowcount == 1

    async def keep_snapshot(self, import_id: int, vendor_id: int, unlisted: bool) -> None:
        """The vendor's products and additional-catalogue memberships before applying."""
        products = await self._all(
            "SELECT id, product_id, name, unit, price, category, available FROM products "
            "WHERE vendor_id = ?",
            (vendor_id,),
        )
        members = await self._all(
            "SELECT cp.catalog_id, cp.product_id FROM catalog_products cp "
            "JOIN catalogs c ON c.id = cp.catalog_id WHERE c.vendor_id = ?",
            (vendor_id,),
        )
        snapshot = {
            "products": [dict(r) for r in products],
            "members": [[r["catalog_id"], r["product_id"]] for r in members],
        }
        await self._exec(
            "UPDATE catalog_imports SET snapshot = ?, unlisted_unavailable = ? WHERE id = ?",
            (json.dumps(snapshot), int(unlisted), import_id),
        )

    async def restore_snapshot(self, import_id: int, vendor_id: int) -> int:
        """Put the products back as the snapshot holds them: products the import added are
        removed (with any cart lines holding them), the others get their old values back.
        Returns how many products were removed."""
        row = await self._one("SELECT snapshot FROM catalog_imports WHERE id = ?", (import_id,))
        if row is None or not row["snapshot"]:
            raise LookupError(f"no snapshot for catalogue import {import_id}")
        snapshot = json.loads(row["snapshot"])
        kept = [p["id"] for p in snapshot["products"]]
        cur = await self._exec(
            "DELETE FROM products WHERE vendor_id = ?"
            + (f" AND id NOT IN ({placeholders(kept)})" if kept else ""),
            (vendor_id, *kept),
        )
        removed = cur.rowcount
        now = now_iso()
        await self._many(
            "UPDATE products SET name = ?, unit = ?, price = ?, category = ?, available = ?, "
            "updated_at = ? WHERE id = ? AND vendor_id = ?",
            [
                (
                    p["name"],
                    p["unit"],
                    p["price"],
                    p["category"],
                    p["available"],
                    now,
                    p["id"],
                    vendor_id,
                )
                for p in snapshot["products"]
            ],
        )
        await self._exec(
            "DELETE FROM catalog_products WHERE catalog_id IN "
            "(SELECT id FROM catalogs WHERE vendor_id = ?)",
            (vendor_id,),
        )
        await self._many(
            "INSERT INTO catalog_products (catalog_id, product_id) "
            "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT) "
            "WHERE EXISTS (SELECT 1 FROM catalogs WHERE id = ?) ON CONFLICT DO NOTHING",
            [(c, p, c) for c, p in snapshot["members"]],
        )
        return removed
