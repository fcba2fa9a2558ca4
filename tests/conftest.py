"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

Every test that touches the store runs twice, once on a SQLite file and once on a fresh
PostgreSQL database (tests/postgres.py finds or starts the server). The harness and the bot
processes find the test's database through :func:`tests.databases.database_at`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from store import Store, open_store
from tests.databases import BACKENDS, DB_FREE, MARKER
from tests.postgres import Server, server

pytest_plugins = ["sandbox.testing"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test reads or damages the SQLite file itself"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in DB_FREE or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    with server() as running:
        yield running


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(autouse=True)
def database(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """The test's database: a SQLite file in its folder, or a fresh PostgreSQL database;
    none for the modules that never open a store (they get no folder made for it)."""
    if request.module.__name__.rsplit(".", 1)[-1] in DB_FREE:
        yield ""
        return
    tmp_path: Path = request.getfixturevalue("tmp_path")
    if backend == "sqlite":
        yield str(tmp_path / "comanda.db")
        return
    postgres: Server = request.getfixturevalue("postgres_server")
    url = asyncio.run(postgres.new_database())
    (tmp_path / MARKER).write_text(url)
    try:
        yield url
    finally:
        asyncio.run(postgres.drop(url))


@pytest.fixture
def empty_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database without any table yet (to migrate): a new SQLite file, or an empty
    PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / "empty.db")
        return
    postgres: Server = request.getfixturevalue("postgres_server")
    url = asyncio.run(postgres.new_database(migrated=False))
    try:
        yield url
    finally:
        asyncio.run(postgres.drop(url))


@pytest.fixture
def db_path(database: str) -> Path | str:
    """Where the test's store lives: a SQLite file's path, or a PostgreSQL URL."""
    return database if "://" in database else Path(database)


@pytest.fixture
async def store(db_path: Path | str) -> AsyncIterator[Store]:
    opened = await open_store(db_path)
    try:
        yield opened
    finally:
        await opened.close()
