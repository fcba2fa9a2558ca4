"""A customer's usual: the products they order most often lately, each with the quantity they
usually take. What "My usual" on /order offers in one tap (issue 18)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

WINDOW = timedelta(weeks=8)  # "lately": orders placed in the last 8 weeks
LIMIT = 8  # products shown at most


@dataclass(frozen=True)
class PastLine:
    """One line of a past order (oldest orders first in a history)."""

    order_id: int
    product_id: str
    quantity: Decimal


@dataclass(frozen=True)
class UsualLine:
    product_id: str
    quantity: Decimal  # the quantity taken most often (a tie: the latest of them)
    orders: int  # in how many of the orders it came


def usual_lines(history: Sequence[PastLine], *, limit: int = LIMIT) -> list[UsualLine]:
    """The products of ``history`` ordered most often (in the most orders first; a tie: the
    one ordered last first), each with its usual quantity. Lines edited to 0 are not taken."""
    taken = [line for line in history if line.quantity > 0]
    orders: dict[str, set[int]] = {}
    quantities: dict[str, Counter[Decimal]] = {}
    last_seen: dict[str, int] = {}
    latest_quantity: dict[str, dict[Decimal, int]] = {}
    for index, line in enumerate(taken):
        orders.setdefault(line.product_id, set()).add(line.order_id)
        quantity = line.quantity.normalize()
        quantities.setdefault(line.product_id, Counter())[quantity] += 1
        latest_quantity.setdefault(line.product_id, {})[quantity] = index
        last_seen[line.product_id] = index
    ranked = sorted(orders, key=lambda pid: (-len(orders[pid]), -last_seen[pid]))
    result = []
    for product_id in ranked[:limit]:
        counts = quantities[product_id]
        quantity = max(counts, key=lambda q: (counts[q], latest_quantity[product_id][q]))
        result.append(UsualLine(product_id, quantity, len(orders[product_id])))
    return result
