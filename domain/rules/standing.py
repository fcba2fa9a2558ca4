"""Standing (delinquency status): who may order."""

from __future__ import annotations

from domain.enums import Standing
from domain.errors import DoNotSell


def may_order(standing: Standing) -> bool:
    """ "Do not sell" refuses ordering; every other standing allows it."""
    return standing is not Standing.DO_NOT_SELL


def ensure_may_order(standing: Standing) -> None:
    if not may_order(standing):
        raise DoNotSell("this customer may not order; contact the vendor")


def flag_on_card(standing: Standing) -> bool:
    """Debtor and delinquent customers are flagged on the vendor's order card."""
    return standing in (Standing.DEBTOR, Standing.DELINQUENT)
