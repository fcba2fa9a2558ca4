"""One tree of domain errors.

Each error carries a ``key`` naming the translated message template the bot shows for it
and ``params`` for that template.  The bot's single error path turns them into text; the
CLI prints ``str(error)``.
"""

from __future__ import annotations

from typing import Any


class ComandaError(Exception):
    """Base of every expected, user-facing failure."""

    key = "error.generic"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.__class__.__name__)
        self.params = params


class NotFound(ComandaError):
    key = "error.not_found"


class VendorNotFound(NotFound):
    key = "error.vendor_not_found"


class CustomerNotFound(NotFound):
    key = "error.customer_not_found"


class OrderNotFound(NotFound):
    key = "error.order_not_found"


class ProductNotFound(NotFound):
    key = "error.product_not_found"


class InviteInvalid(ComandaError):
    """Unknown, expired, revoked or used-up invite token."""

    key = "error.invite_invalid"


class NotLinked(ComandaError):
    """A Telegram user who is neither a contact nor a team member."""

    key = "error.not_linked"


class NoProductMatches(NotFound):
    """What the team typed names no available product of the customer's catalogue."""

    key = "error.no_product_matches"


class ProductUnavailable(ComandaError):
    key = "error.product_unavailable"


class StaleAction(ComandaError):
    """A button from an older screen whose situation has changed."""

    key = "error.stale_action"


class UndoExpired(ComandaError):
    """An undo asked for too late, or for an import that is no longer the latest."""

    key = "error.undo_expired"


class TermsChanged(ComandaError):
    """Prices, the discount, availability or the minimum changed since the customer's review:
    nothing was placed; the handler shows the new review (``params["changes"]``)."""

    key = "error.terms_changed"


class LateNotAccepted(ComandaError):
    """Tomorrow after a flexible cutoff must be accepted with its warning first."""

    key = "error.late_not_accepted"


class NotAllowed(ComandaError):
    key = "error.not_allowed"


class Conflict(ComandaError):
    key = "error.conflict"


class DuplicateCustomerNumber(Conflict):
    key = "error.duplicate_customer_number"


class AlreadyInStatus(Conflict):
    """A status change that already happened (double tap, two people at once)."""

    key = "error.already_in_status"


class InvalidTransition(Conflict):
    key = "error.invalid_transition"


class OrderingRefused(ComandaError):
    key = "error.ordering_refused"


class DoNotSell(OrderingRefused):
    key = "error.do_not_sell"


class CutoffPassed(OrderingRefused):
    key = "error.cutoff_passed"


class DeliveryDateNotAllowed(OrderingRefused):
    key = "error.delivery_date_not_allowed"


class BelowMinimumOrder(OrderingRefused):
    key = "error.below_minimum_order"


class EmptyCart(OrderingRefused):
    key = "error.empty_cart"


class InvalidInput(ComandaError):
    key = "error.invalid_input"


class BadHtml(InvalidInput):
    """Text that Telegram would refuse to parse as HTML (``reason``: tag, unbalanced,
    escape, link, length, empty)."""

    key = "error.bad_html"


class TooLong(InvalidInput):
    key = "error.too_long"


class InvalidQuantity(InvalidInput):
    key = "error.invalid_quantity"


class SchemaTooNew(ComandaError):
    """The database was written by a newer Comanda than this one."""

    key = "error.schema_too_new"
