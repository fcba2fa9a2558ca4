"""Who may see or change what.

Admins: everything of their vendor.  Sales reps: their assigned customers and those
customers' orders.  Contacts: their own customers' orders.  Nobody crosses vendors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.enums import Role
from domain.errors import NotAllowed


@dataclass(frozen=True)
class Membership:
    vendor_id: int
    role: Role
    assigned_customer_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Actor:
    telegram_user_id: int
    memberships: tuple[Membership, ...] = ()
    # (vendor_id, customer_id) pairs this user is a contact of
    contact_of: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def membership(self, vendor_id: int) -> Membership | None:
        for m in self.memberships:
            if m.vendor_id == vendor_id:
                return m
        return None


def is_admin(actor: Actor, vendor_id: int) -> bool:
    m = actor.membership(vendor_id)
    return m is not None and m.role is Role.ADMIN


def is_team_member(actor: Actor, vendor_id: int) -> bool:
    return actor.membership(vendor_id) is not None


def can_manage_customer(actor: Actor, vendor_id: int, customer_id: int) -> bool:
    """Admins, and the sales reps the customer is assigned to."""
    m = actor.membership(vendor_id)
    if m is None:
        return False
    return m.role is Role.ADMIN or customer_id in m.assigned_customer_ids


def is_contact(actor: Actor, vendor_id: int, customer_id: int) -> bool:
    return (vendor_id, customer_id) in actor.contact_of


def can_view_customer_orders(actor: Actor, vendor_id: int, customer_id: int) -> bool:
    return can_manage_customer(actor, vendor_id, customer_id) or is_contact(
        actor, vendor_id, customer_id
    )


def can_manage_vendor(actor: Actor, vendor_id: int) -> bool:
    """Settings, catalogues, team invites: admins only."""
    return is_admin(actor, vendor_id)


def require(allowed: bool, what: str = "") -> None:
    if not allowed:
        raise NotAllowed(what or "not allowed")
