"""The closed vocabularies of DESIGN.md, shared by rules, store and bot."""

from __future__ import annotations

from enum import StrEnum


class CutoffKind(StrEnum):
    STRICT = "strict"
    FLEXIBLE = "flexible"


class Role(StrEnum):
    ADMIN = "admin"
    REP = "rep"


class Standing(StrEnum):
    NO_INCIDENTS = "no_incidents"
    DEBTOR = "debtor"
    DELINQUENT = "delinquent"
    DO_NOT_SELL = "do_not_sell"


class PaymentMethod(StrEnum):
    ON_DELIVERY = "on_delivery"
    CREDIT = "credit"
    SEPA_DIRECT_DEBIT = "sepa_direct_debit"


class OrderStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class InviteKind(StrEnum):
    CUSTOMER = "customer"
    TEAM = "team"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
