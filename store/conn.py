"""One connection inside one transaction, whatever the database: the repositories speak to
this and nothing else. SQL is written once, in the subset SQLite and PostgreSQL share
(``?`` placeholders, ``ON CONFLICT``, ``RETURNING``); the few things the two spell
differently are asked of the connection (:meth:`Conn.nocase`, :attr:`Conn.like`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]
Params = Sequence[Any]


@dataclass(frozen=True)
class Result:
    rowcount: int


class Conn(ABC):
    dialect: str  # "sqlite" or "postgresql"
    like: str  # case-insensitive LIKE: "LIKE" in SQLite, "ILIKE" in PostgreSQL

    @abstractmethod
    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of one statement (a SELECT, or a write with RETURNING)."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> Result:
        """A statement without rows; how many rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """One statement for each parameter row; how many rows they changed in all."""

    @abstractmethod
    def nocase(self, expression: str) -> str:
        """``expression`` as a case-insensitive sort key."""

    async def announce(self, topic: str) -> None:
        """Tell every process listening to ``topic`` (Store.subscribe) once this transaction
        commits; SQLite serves one process and has no one to tell."""
        return None

    def for_update(self) -> str:
        """What ends a SELECT whose rows must stay as read until commit: PostgreSQL locks them
        (a transaction changing them waits, or is waited for); SQLite's one writer at a time
        needs nothing."""
        return ""

    def skip_locked(self, alias: str) -> str:
        """What ends a claim's SELECT: in PostgreSQL, lock the rows of ``alias`` it picks and
        pass over those another transaction is claiming right now; SQLite runs one writer
        at a time and needs nothing."""
        return ""

    def in_picked(self, subquery: str) -> str:
        """``IN (subquery)`` for a claim's picking subquery, evaluated once: PostgreSQL may
        otherwise run it again for each row it updates (a nested loop), and a locking
        subquery that runs again picks more rows than its LIMIT."""
        return f"IN ({subquery})"

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A nested step: on error only its own statements are undone (the error goes on).
        A failed statement inside a PostgreSQL transaction spoils the rest of it unless it
        ran in a savepoint, so anything that may fail and be handled runs in one."""
        await self.execute("SAVEPOINT step")
        try:
            yield
        except BaseException:
            await self.execute("ROLLBACK TO SAVEPOINT step")
            await self.execute("RELEASE SAVEPOINT step")
            raise
        await self.execute("RELEASE SAVEPOINT step")
