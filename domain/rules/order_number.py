"""Order numbers: ``O`` + ``yymmdd`` of placement (vendor-local) + 6 random capitals."""

from __future__ import annotations

import re
import secrets
import string
from datetime import date
from typing import Protocol

ORDER_NUMBER_RE = re.compile(r"^O\d{6}[A-Z]{6}$")


class _Chooser(Protocol):
    def choice(self, seq: str) -> str: ...


def new_order_number(local_date: date, rng: _Chooser | None = None) -> str:
    chooser: _Chooser = rng if rng is not None else secrets.SystemRandom()
    suffix = "".join(chooser.choice(string.ascii_uppercase) for _ in range(6))
    return f"O{local_date:%y%m%d}{suffix}"


def is_order_number(text: str) -> bool:
    return ORDER_NUMBER_RE.fullmatch(text) is not None
