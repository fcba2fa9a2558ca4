"""Catalogues (one main per vendor, additional subsets) and products."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.rules.catalog_import import ParsedCatalog, ProductRow
from domain.rules.catalog_plan import merged
from store.conn import Row
from store.models import Catalog, Customer, Product
from store.repos.base import Repo, now_iso, placeholders


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    made_unavailable: int
    catalogs_created: tuple[str, ...]


def _product(row: Row) -> Product:
    return Product(
        id=row["id"],
        vendor_id=row["vendor_id"],
        product_id=row["product_id"],
        name=row["name"],
        unit=row["unit"],
        price=Decimal(row["price"]),
        category=row["category"],
        available=bool(row["available"]),
    )


class CatalogRepo(Repo):
    async def of_vendor(self, vendor_id: int) -> list[Catalog]:
        rows = await self._all(
            "SELECT * FROM catalogs WHERE vendor_id = ? ORDER BY is_main DESC, name", (vendor_id,)
        )
        return [Catalog(**{**dict(r), "is_main": bool(r["is_main"])}) for r in rows]

    async def main(self, vendor_id: int) -> Catalog:
        return (await self.of_vendor(vendor_id))[0]

    async def create_additional(self, vendor_id: int, name: str) -> Catalog:
        await self._exec(
            "INSERT INTO catalogs (vendor_id, name, is_main) VALUES (?, ?, 0) "
            "ON CONFLICT DO NOTHING",
            (vendor_id, name),
        )
        row = await self._one(
            "SELECT * FROM catalogs WHERE vendor_id = ? AND name = ?", (vendor_id, name)
        )
        assert row is not None
        return Catalog(**{**dict(row), "is_main": bool(row["is_main"])})

    async def _catalog_filter(self, customer: Customer) -> tuple[str, list[object]]:
        """SQL restricting products to the customer's catalogue."""
        if customer.catalog_id is None:
            return "", []
        row = await self._one("SELECT is_main FROM catalogs WHERE id = ?", (customer.catalog_id,))
        if row is None or row["is_main"]:
            return "", []
        return (
            " AND p.id IN (SELECT product_id FROM catalog_products WHERE catalog_id = ?)",
            [customer.catalog_id],
        )

    async def products_for(
        self, customer: Customer, *, category: str | None = None, text: str = ""
    ) -> list[Product]:
        extra, params = await self._catalog_filter(customer)
        sql = "SELECT p.* FROM products p WHERE p.vendor_id = ?" + extra
        args: list[object] = [customer.vendor_id, *params]
        if category is not None:
            sql += " AND p.category = ?"
            args.append(category)
        if text:
            like = self._conn.like
            sql += f" AND (p.name {like} ? OR p.product_id {like} ?)"
            args += [f"%{text}%", f"%{text}%"]
        sql += f" ORDER BY p.category, {self._conn.nocase('p.name')}"
        return [_product(r) for r in await self._all(sql, args)]

    async def categories_for(self, customer: Customer) -> list[str]:
        extra, params = await self._catalog_filter(customer)
        rows = await self._all(
            "SELECT DISTINCT p.category FROM products p WHERE p.vendor_id = ?"
            + extra
            + " ORDER BY p.category",
            [customer.vendor_id, *params],
        )
        return [r["category"] for r in rows]

    async def product(self, vendor_id: int, product_id: str) -> Product | None:
        row = await self._one(
            "SELECT * FROM products WHERE vendor_id = ? AND product_id = ?", (vendor_id, product_id)
        )
        return _product(row) if row else None

    async def product_in_catalog(self, customer: Customer, row_id: int) -> Product | None:
        extra, params = await self._catalog_filter(customer)
        row = await self._one(
            "SELECT p.* FROM products p WHERE p.vendor_id = ? AND p.id = ?" + extra,
            [customer.vendor_id, row_id, *params],
        )
        return _product(row) if row else None

    async def all_products(self, vendor_id: int) -> list[Product]:
        rows = await self._all(
            "SELECT * FROM products WHERE vendor_id = ? ORDER BY product_id", (vendor_id,)
        )
        return [_product(r) for r in rows]

    async def apply_import(
        self, vendor_id: int, parsed: ParsedCatalog, *, unlisted_unavailable: bool = False
    ) -> ImportReport:
        """Apply a fully valid import: add new products, update the listed ones (columns the
        file lacks keep their values) and, only when asked, make unlisted products
        unavailable. Additional catalogue membership of the listed products follows the
        file when it has a `catalogs` column."""
        if parsed.errors:
            raise ValueError("an import with errors is never applied")
        existing = {p.product_id: p for p in await self.all_products(vendor_id)}
        with_catalogs = "catalogs" in parsed.columns
        catalogs = {c.name: c for c in await self.of_vendor(vendor_id) if not c.is_main}
        created: list[str] = []
        names = {n for row in parsed.rows for n in row.catalogs} if with_catalogs else set()
        for name in sorted(names):
            if name not in catalogs:
                catalogs[name] = await self.create_additional(vendor_id, name)
                created.append(name)
        added = updated = made_unavailable = 0
        now = now_iso()
        for row in parsed.rows:
            before = existing.get(row.product_id)
            after = merged(row, as_row(before) if before else None, parsed.columns)
            values = (
                after.name,
                after.unit,
                str(after.price),
                after.category,
                int(after.available),
            )
            if before is None:
                await self._exec(
                    "INSERT INTO products (name, unit, price, category, available, updated_at, "
                    "vendor_id, product_id) VALUES (?,?,?,?,?,?,?,?)",
                    (*values, now, vendor_id, row.product_id),
                )
                added += 1
            elif (before.name, before.unit, before.price, before.category, before.available) != (
                after.name,
                after.unit,
                after.price,
                after.category,
                after.available,
            ):
                await self._exec(
                    "UPDATE products SET name = ?, unit = ?, price = ?, category = ?, "
                    "available = ?, updated_at = ? WHERE vendor_id = ? AND product_id = ?",
                    (*values, now, vendor_id, row.product_id),
                )
                if before.available and not after.available:
                    made_unavailable += 1
                else:
                    updated += 1
        listed = {row.product_id for row in parsed.rows}
        gone = [p for pid, p in existing.items() if pid not in listed and p.available]
        if unlisted_unavailable and gone:
            ids = [p.id for p in gone]
            await self._exec(
                "UPDATE products SET available = 0, updated_at = ? "
                f"WHERE id IN ({placeholders(ids)})",
                (now, *ids),
            )
            made_unavailable += len(gone)
        if with_catalogs and catalogs:
            rows = await self._all(
                "SELECT id, product_id FROM products WHERE vendor_id = ?", (vendor_id,)
            )
            row_ids = {r["product_id"]: r["id"] for r in rows}
            listed_ids = [row_ids[pid] for pid in listed]
            cat_ids = [c.id for c in catalogs.values()]
            await self._exec(
                f"DELETE FROM catalog_products WHERE catalog_id IN ({placeholders(cat_ids)}) "
                f"AND product_id IN ({placeholders(listed_ids)})",
                (*cat_ids, *listed_ids),
            )
            await self._many(
                "INSERT INTO catalog_products (catalog_id, product_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                [
                    (catalogs[name].id, row_ids[row.product_id])
                    for row in parsed.rows
                    for name in row.catalogs
                ],
            )
        return ImportReport(added, updated, made_unavailable, tuple(created))

    async def as_rows(self, vendor_id: int) -> dict[str, ProductRow]:
        """The vendor's products in the shape of a file's rows, by product_id (what an
        import is planned against)."""
        members = await self.memberships(vendor_id)
        return {
            p.product_id: as_row(p, members.get(p.product_id, ()))
            for p in await self.all_products(vendor_id)
        }

    async def memberships(self, vendor_id: int) -> dict[str, tuple[str, ...]]:
        """Additional catalogues of each product (by product_id)."""
        rows = await self._all(
            "SELECT p.product_id, c.name FROM catalog_products cp "
            "JOIN catalogs c ON c.id = cp.catalog_id JOIN products p ON p.id = cp.product_id "
            "WHERE c.vendor_id = ? ORDER BY c.name",
            (vendor_id,),
        )
        out: dict[str, tuple[str, ...]] = {}
        for r in rows:
            out[r["product_id"]] = (*out.get(r["product_id"], ()), r["name"])
        return out


def as_row(product: Product, catalogs: tuple[str, ...] = ()) -> ProductRow:
    """A stored product in the shape of a file's row (line 0), for planning an import."""
    return ProductRow(
        0,
        product.product_id,
        product.name,
        product.unit,
        product.price,
        product.category,
        product.available,
        catalogs,
    )
