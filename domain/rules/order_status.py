"""Order status transitions: unconfirmed -> confirmed -> delivered, or cancelled."""

from __future__ import annotations

from domain.enums import OrderStatus
from domain.errors import AlreadyInStatus, InvalidTransition

_ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.UNCONFIRMED: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def check_transition(current: OrderStatus, target: OrderStatus) -> None:
    if current is target:
        raise AlreadyInStatus(f"order is already {target}", status=target)
    if target not in _ALLOWED[current]:
        raise InvalidTransition(
            f"cannot go from {current} to {target}", current=current, target=target
        )


def editable(status: OrderStatus) -> bool:
    """Quantities may change only before confirmation."""
    return status is OrderStatus.UNCONFIRMED
