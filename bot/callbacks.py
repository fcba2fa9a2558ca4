"""Callback data: short namespaced strings such as ``ord:cf:1234``.

Encoded and decoded here only.  They are hints from a client that may forge them: every
handler re-authorizes what a decoded callback names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_PART_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


@dataclass(frozen=True)
class Callback:
    namespace: str
    action: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int) -> int | None:
        try:
            value = self.args[index]
        except IndexError:
            return None
        return int(value) if re.fullmatch(r"-?\d{1,18}", value) else None

    def arg(self, index: int) -> str | None:
        return self.args[index] if index < len(self.args) else None


def encode(namespace: str, action: str, *args: object) -> str:
    parts = [namespace, action, *(str(a) for a in args)]
    for part in parts:
        if not _PART_RE.match(part):
            raise ValueError(f"bad callback part {part!r}")
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """None for anything that is not well-formed (stale, forged or foreign data)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or not all(_PART_RE.match(p) for p in parts):
        return None
    return Callback(parts[0], parts[1], tuple(parts[2:]))


def pattern(namespace: str) -> str:
    """A CallbackQueryHandler pattern for one namespace."""
    return rf"^{re.escape(namespace)}:"
