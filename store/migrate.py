"""Versioned SQL migrations, applied in order; the version lives in PRAGMA user_version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

from domain.errors import SchemaTooNew

_NAME_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files("store.migrations").iterdir():
        match = _NAME_RE.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbering has a gap at {migration.name}")
    return found


def latest_version() -> int:
    return len(migrations())


def refuse_newer(version: int) -> None:
    """A database written by a newer Comanda is never touched."""
    known = latest_version()
    if version > known:
        raise SchemaTooNew(
            f"database schema version {version} is newer than this Comanda knows "
            f"({known}); upgrade Comanda before using this database",
            found=version,
            known=known,
        )


def require_current(version: int) -> None:
    """Opening without migrating needs the schema this Comanda writes."""
    if version != latest_version():
        raise RuntimeError(
            f"database schema is at version {version}, expected {latest_version()}: "
            "run `comanda migrate`"
        )


async def current_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection) -> list[str]:
    """Bring the schema up to date; returns the names applied (empty when current)."""
    version = await current_version(conn)
    known = migrations()
    refuse_newer(version)
    applied = []
    for migration in known[version:]:
        # executescript commits first; wrap each migration in its own transaction.
        try:
            await conn.executescript(
                f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                f"PRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.name)
    return applied
