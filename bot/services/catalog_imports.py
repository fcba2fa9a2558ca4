"""Catalogue files: preview what a file would change, apply it on the admin's choice, undo
the latest import for a while. Nothing changes before the admin confirms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services.vendor_settings import admin_vendor, parse_upload
from domain.errors import StaleAction, UndoExpired
from domain.rules.catalog_import import ParsedCatalog
from domain.rules.catalog_plan import ImportPlan, plan
from store import Store
from store.models import CatalogImport
from store.repos import Tx
from store.repos.catalogs import ImportReport

UNDO_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Preview:
    pending: CatalogImport
    plan: ImportPlan


@dataclass(frozen=True)
class Undone:
    restored: int  # products given their old values back
    removed: int  # products the import had added


class CatalogImportService:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    async def _plan(self, tx: Tx, vendor_id: int, parsed: ParsedCatalog) -> ImportPlan:
        return plan(await tx.catalogs.as_rows(vendor_id), parsed)

    async def preview(
        self, user_id: int, file_name: str, data: bytes
    ) -> tuple[ParsedCatalog, Preview | None]:
        """A file with any bad row is refused whole (the errors, no preview); a good one
        waits as a pending import while the admin reads what it would change."""
        parsed = parse_upload(file_name, data)
        async with self.store.tx() as tx:
            vendor = await admin_vendor(tx, user_id)
            if parsed.errors:
                return parsed, None
            pending = await tx.imports.create(vendor.id, user_id, file_name[:100], parsed)
            return parsed, Preview(pending, await self._plan(tx, vendor.id, parsed))

    async def _mine(self, tx: Tx, user_id: int, import_id: int) -> CatalogImport:
        vendor = await admin_vendor(tx, user_id)
        found = await tx.imports.find(import_id)
        if found is None or found.vendor_id != vendor.id:
            raise StaleAction("not this vendor's import")
        return found

    async def apply(
        self, user_id: int, import_id: int, *, unlisted_unavailable: bool
    ) -> tuple[CatalogImport, ImportReport]:
        async with self.store.tx() as tx:
            pending = await self._mine(tx, user_id, import_id)
            if not await tx.imports.mark(pending.id, "pending", "applied", self.clock()):
                raise StaleAction("this import was already applied or cancelled")
            await tx.imports.keep_snapshot(pending.id, pending.vendor_id, unlisted_unavailable)
            parsed = await tx.imports.parsed(pending.id)
            report = await tx.catalogs.apply_import(
                pending.vendor_id, parsed, unlisted_unavailable=unlisted_unavailable
            )
            await tx.audit.record(
                vendor_id=pending.vendor_id,
                actor=user_id,
                action="catalog.import",
                entity="catalog_import",
                entity_id=pending.id,
                details={
                    "file": pending.file_name,
                    "added": report.added,
                    "updated": report.updated,
                    "made_unavailable": report.made_unavailable,
                    "unlisted_unavailable": unlisted_unavailable,
                },
            )
            return await tx.imports.get(pending.id), report

    async def cancel(self, user_id: int, import_id: int) -> None:
        async with self.store.tx() as tx:
            pending = await self._mine(tx, user_id, import_id)
            if not await tx.imports.mark(pending.id, "pending", "cancelled"):
                raise StaleAction("this import was already applied or cancelled")

    def undo_until(self, applied: CatalogImport) -> datetime | None:
        return applied.applied_at + UNDO_WINDOW if applied.applied_at else None

    async def undo(self, user_id: int, import_id: int) -> Undone:
        """Only the vendor's latest applied import, within UNDO_WINDOW of applying it."""
        async with self.store.tx() as tx:
            applied = await self._mine(tx, user_id, import_id)
            latest = await tx.imports.latest_applied(applied.vendor_id)
            if applied.status != "applied" or latest is None or latest.id != applied.id:
                raise UndoExpired("not the latest applied import", reason="not_latest")
            until = self.undo_until(applied)
            if until is None or self.clock() > until:
                raise UndoExpired("too late to undo", reason="too_late")
            if not await tx.imports.mark(applied.id, "applied", "undone", self.clock()):
                raise UndoExpired("already undone", reason="not_latest")
            removed = await tx.imports.restore_snapshot(applied.id, applied.vendor_id)
            restored = len(await tx.catalogs.all_products(applied.vendor_id))
            await tx.audit.record(
                vendor_id=applied.vendor_id,
                actor=user_id,
                action="catalog.import_undone",
                entity="catalog_import",
                entity_id=applied.id,
                details={"removed": removed},
            )
            return Undone(restored, removed)


__all__ = ["UNDO_WINDOW", "CatalogImportService", "Preview", "Undone"]
