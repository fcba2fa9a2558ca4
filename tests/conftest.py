"""Shared fixtures: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from store import Store, open_store

pytest_plugins = ["sandbox.testing"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "comanda.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(db_path)
    try:
        yield opened
    finally:
        await opened.close()
