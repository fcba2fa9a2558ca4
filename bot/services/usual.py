"""My usual: the products a customer orders most often lately, each with their usual
quantity, offered on /order: one tap adds one, one tap adds them all (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from bot.services.ordering import OrderingService
from bot.services.views import CartView, Ordering
from domain.errors import InvalidInput
from domain.rules.usual import LIMIT, WINDOW, usual_lines
from store import Store
from store.models import Product


class UsualService:
    def __init__(
        self, store: Store, clock: Callable[[], datetime], ordering: OrderingService
    ) -> None:
        self.store = store
        self.clock = clock
        self.ordering = ordering

    async def lines(self, o: Ordering) -> list[tuple[Product, Decimal]]:
        """The customer's usual products that they can order now (in their catalogue and
        available), most frequent first, each with its usual quantity."""
        async with self.store.read() as tx:
            history = await tx.orders.lines_since(o.customer.id, self.clock() - WINDOW)
            if not history:
                return []
            catalogue = {p.product_id: p for p in await tx.catalogs.products_for(o.customer)}
        usual = [
            (catalogue[u.product_id], u.quantity)
            for u in usual_lines(history, limit=3 * LIMIT)
            if u.product_id in catalogue and catalogue[u.product_id].available
        ]
        return usual[:LIMIT]

    async def add_all(self, o: Ordering) -> tuple[CartView, int]:
        """Every usual product into the cart at its usual quantity (added to what is there);
        how many were added."""
        cart, added = await self.ordering.cart(o), 0
        for product, quantity in await self.lines(o):
            try:
                _product, cart = await self.ordering.add(o, product.id, quantity)
            except InvalidInput:
                continue  # a quantity its unit no longer takes: the rest still goes in
            added += 1
        return cart, added
