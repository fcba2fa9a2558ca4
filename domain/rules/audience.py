"""Who a broadcast reaches: customers with any of the chosen labels, all of them, or
everyone (always within what the sender may see)."""

from __future__ import annotations

from collections.abc import Iterable

MODES = ("everyone", "any", "all")


def matches(customer_labels: Iterable[str], chosen: Iterable[str], mode: str) -> bool:
    labels, wanted = set(customer_labels), set(chosen)
    if mode == "everyone":
        return True
    if not wanted:
        return False
    if mode == "all":
        return wanted <= labels
    return bool(wanted & labels)
