"""What the store's callers may catch, whichever database is underneath."""

from __future__ import annotations


class StoreError(Exception):
    """A database refused a statement."""


class IntegrityError(StoreError):
    """A constraint refused a write (a unique key already taken, a missing reference).
    ``constraint`` names what refused it, as far as the database says."""

    def __init__(self, message: str, constraint: str = "") -> None:
        super().__init__(message)
        self.constraint = constraint

    def mentions(self, name: str) -> bool:
        """Whether the refusal concerns ``name`` (a column or an index)."""
        return name in self.constraint or name in str(self)


class Conflict(StoreError):
    """Two transactions touched the same rows at once and this one lost (PostgreSQL's
    serialization failure, SQLite's busy database): nothing of it was kept, trying again
    is right."""
