"""The audit log: who changed what, when."""

from __future__ import annotations

import json
from typing import Any

from store.models import AuditEntry
from store.repos.base import Repo, dumps, now_iso


class AuditRepo(Repo):
    async def record(
        self,
        *,
        vendor_id: int | None,
        actor: int | None,
        action: str,
        entity: str,
        entity_id: object = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        await self._exec(
            "INSERT INTO audit_log (vendor_id, actor, action, entity, entity_id, details, "
            "created_at) VALUES (?,?,?,?,?,?,?)",
            (
                vendor_id,
                actor,
                action,
                entity,
                None if entity_id is None else str(entity_id),
                dumps(details or {}),
                now_iso(),
            ),
        )

    async def for_entity(self, entity: str, entity_id: object) -> list[AuditEntry]:
        rows = await self._all(
            "SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
            (entity, str(entity_id)),
        )
        return [AuditEntry(**{**dict(r), "details": json.loads(r["details"])}) for r in rows]
