"""What a catalogue file would change, before anything is applied (pure).

A file updates the products it lists and adds new ones. Columns the file does not have keep
their current values (a file of `product_id,name,unit,price` changes no category and no
availability). Products the file does not list stay as they are, unless the admin chooses,
in the preview, to make them unavailable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from domain.rules.catalog_import import ParsedCatalog, ProductRow


@dataclass(frozen=True)
class Renamed:
    product_id: str
    old: str
    new: str


@dataclass(frozen=True)
class Repriced:
    product_id: str
    name: str
    old: Decimal
    new: Decimal


@dataclass(frozen=True)
class ImportPlan:
    added: tuple[ProductRow, ...]
    renamed: tuple[Renamed, ...]
    repriced: tuple[Repriced, ...]
    made_unavailable: tuple[ProductRow, ...]  # listed with available = no
    other_changes: int  # unit, category or availability back on
    unchanged: int
    unlisted: tuple[ProductRow, ...]  # available now, not in the file

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.added
            or self.renamed
            or self.repriced
            or self.made_unavailable
            or self.other_changes
            or self.unlisted
        )


def merged(row: ProductRow, before: ProductRow | None, columns: frozenset[str]) -> ProductRow:
    """The product as the file leaves it: the file's values, and the current ones for
    columns the file does not have."""
    if before is None:
        return row
    return replace(
        row,
        category=row.category if "category" in columns else before.category,
        available=row.available if "available" in columns else before.available,
        catalogs=row.catalogs if "catalogs" in columns else before.catalogs,
    )


def plan(existing: Mapping[str, ProductRow], parsed: ParsedCatalog) -> ImportPlan:
    """`existing`: the vendor's products by product_id, as rows."""
    added: list[ProductRow] = []
    renamed: list[Renamed] = []
    repriced: list[Repriced] = []
    off: list[ProductRow] = []
    other = unchanged = 0
    listed: set[str] = set()
    for row in parsed.rows:
        listed.add(row.product_id)
        before = existing.get(row.product_id)
        if before is None:
            added.append(row)
            continue
        after = merged(row, before, parsed.columns)
        changed = False
        if after.name != before.name:
            renamed.append(Renamed(row.product_id, before.name, after.name))
            changed = True
        if after.price != before.price:
            repriced.append(Repriced(row.product_id, after.name, before.price, after.price))
            changed = True
        if before.available and not after.available:
            off.append(after)
            changed = True
        elif (after.unit, after.category, after.available) != (
            before.unit,
            before.category,
            before.available,
        ):
            other += 1
            changed = True
        if not changed:
            unchanged += 1
    unlisted = tuple(p for pid, p in sorted(existing.items()) if pid not in listed and p.available)
    return ImportPlan(
        added=tuple(added),
        renamed=tuple(renamed),
        repriced=tuple(repriced),
        made_unavailable=tuple(off),
        other_changes=other,
        unchanged=unchanged,
        unlisted=unlisted,
    )


__all__ = ["ImportPlan", "Renamed", "Repriced", "merged", "plan"]
