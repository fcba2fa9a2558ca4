"""Orders and order lines, with snapshots of customer and product data at order time."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.enums import OrderStatus, Standing
from domain.errors import AlreadyInStatus, InvalidTransition, OrderNotFound
from domain.rules.order_number import new_order_number
from domain.rules.order_status import check_transition
from domain.rules.usual import PastLine
from store.conn import Row
from store.models import (
    Contact,
    Customer,
    NewOrderLine,
    Order,
    OrderCard,
    OrderLine,
    OrderQuery,
    Product,
    Vendor,
)
from store.repos.base import Repo, day, iso, now_iso, placeholders

NUMBER_ATTEMPTS = 20
LINE_CHUNK = 200  # orders per query when reading lines
MAX_SEARCH_WORDS = 8
COUNT_CAP = 10_000  # counted exactly up to this; beyond it the list says "more than"
_STATUS_STAMP = {
    OrderStatus.CONFIRMED: "confirmed_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.CANCELLED: "cancelled_at",
}


def _line(row: Row) -> OrderLine:
    return OrderLine(
        id=row["id"],
        order_id=row["order_id"],
        position=row["position"],
        product_id=row["product_id"],
        product_name=row["product_name"],
        unit=row["unit"],
        unit_price=Decimal(row["unit_price"]),
        quantity_ordered=Decimal(row["quantity_ordered"]),
        quantity=Decimal(row["quantity"]),
        phrase=row["phrase"],
        replaced_name=row["replaced_name"],
    )


def _words(lines: Sequence[OrderLine | NewOrderLine]) -> str:
    """An order's products as its search index holds them: each one's name and ID."""
    return " ".join(f"{ln.product_name} {ln.product_id}" for ln in lines)


def _order(row: Row, lines: Sequence[OrderLine]) -> Order:
    data = dict(row)
    for key in ("idempotency_key", "confirmed_by", "cancelled_by", "product_count", "matched"):
        data.pop(key, None)
    data["late_cutoff_accepted"] = bool(row["late_cutoff_accepted"])
    data["standing"] = Standing(row["standing"])
    data["discount_percent"] = Decimal(row["discount_percent"])
    return Order(**data, lines=tuple(lines))


def _filters(query: OrderQuery) -> dict[str, Any]:
    return {
        "customer_ids": query.customer_ids,
        "text": query.text,
        "created_from": query.created_from,
        "created_to": query.created_to,
        "status": query.status,
        "only_ids": query.only_ids,
    }


def search_expression(text: str) -> str:
    """The team's search words as an FTS5 query: every word must match the start of a word
    of the order's customer name or number, order number, or a product's name or ID
    ("carr" finds Carrots, "C-042" finds C-042). Each word is quoted: no FTS syntax leaks."""

    words = [w.replace('"', "") for w in text.split() if w.replace('"', "")]
    # a word of one or two letters ("le", "42") is matched whole: as the start of a word it
    # would match a good part of the index
    return " ".join(f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words[:MAX_SEARCH_WORDS])


def folded_words(text: str) -> list[str]:
    """Words as the PostgreSQL search index keeps them: lower case, without accents, split
    at anything not a letter or digit (as SQLite's unicode61 tokenizer does)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain)


def tsquery_expression(text: str) -> str:
    """The same search as :func:`search_expression`, for PostgreSQL's to_tsquery: every
    word's pieces must match (the start of) a word; pieces are letters and digits only, so
    no tsquery syntax leaks."""
    terms = []
    for word in text.split()[:MAX_SEARCH_WORDS]:
        for piece in folded_words(word):
            terms.append(f"{piece}:*" if len(word) > 2 else piece)
    return " & ".join(terms)


class OrderRepo(Repo):
    async def create(
        self,
        *,
        vendor: Vendor,
        customer: Customer,
        contact: Contact | None,
        lines: Sequence[NewOrderLine],
        delivery_date: date,
        local_date: date,
        created_at: datetime | None = None,
        late_cutoff_accepted: bool = False,
        comment: str = "",
        idempotency_key: str | None = None,
        make_number: Callable[[date], str] = new_order_number,
        standing_order_id: int | None = None,
    ) -> tuple[Order, bool]:
        """Insert an order; returns (order, created).  A repeated ``idempotency_key``
        returns the order it created the first time with ``created=False``. ``created_at``
        is the ordering service's clock (now when not given)."""
        if idempotency_key is not None:
            existing = await self._one(
                "SELECT id FROM orders WHERE idempotency_key = ?", (idempotency_key,)
            )
            if existing is not None:
                return await self.get(existing["id"]), False
        for _ in range(NUMBER_ATTEMPTS):
            number = make_number(local_date)
            order_id = await self._insert_new(
                "INSERT INTO orders (vendor_id, customer_id, order_number, status, "
                "placed_by_contact_id, placed_by_name, placed_by_phone, customer_number, "
                "customer_name, delivery_address, delivery_date, late_cutoff_accepted, "
                "standing, discount_percent, currency, comment, idempotency_key, created_at, "
                "payment_method, standing_order_id) "
                "VALUES (?,?,?,'unconfirmed',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (order_number) DO NOTHING",
                (
                    vendor.id,
                    customer.id,
                    number,
                    contact.id if contact else None,
                    contact.name if contact else "",
                    contact.phone if contact else None,
                    customer.customer_number,
                    customer.name,
                    customer.address,
                    day(delivery_date),
                    int(late_cutoff_accepted),
                    str(customer.standing),
                    str(customer.discount_percent),
                    vendor.currency,
                    comment,
                    idempotency_key,
                    iso(created_at) if created_at is not None else now_iso(),
                    str(customer.payment_method),
                    standing_order_id,
                ),
            )
            if order_id is not None:
                break  # else the number is taken (today's numbers are random): another one
        else:  # pragma: no cover - 26^6 numbers a day
            raise RuntimeError("could not find a free order number")
        await self._many(
            "INSERT INTO order_lines (order_id, position, product_id, product_name, unit, "
            "unit_price, quantity_ordered, quantity, phrase) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    order_id,
                    i,
                    ln.product_id,
                    ln.product_name,
                    ln.unit,
                    str(ln.unit_price),
                    str(ln.quantity),
                    str(ln.quantity),
                    ln.phrase,
                )
                for i, ln in enumerate(lines, start=1)
            ],
        )
        await self._exec(
            "UPDATE orders SET product_count = ? WHERE id = ?",
            (sum(1 for ln in lines if ln.quantity > 0), order_id),
        )
        await self._index(
            order_id, vendor.id, [customer.name, customer.customer_number, number], _words(lines)
        )
        return await self.get(order_id), True

    async def _model(self, row: Row) -> Order:
        return (await self._models([row]))[0]

    async def _models(self, rows: Sequence[Row]) -> list[Order]:
        """Orders with their lines, the lines of all of them read in one query per chunk
        (never one query per order)."""
        built: list[Order] = []
        for start in range(0, len(rows), LINE_CHUNK):
            chunk = rows[start : start + LINE_CHUNK]
            ids = [r["id"] for r in chunk]
            lines: dict[int, list[OrderLine]] = {}
            for r in await self._all(
                f"SELECT * FROM order_lines WHERE order_id IN ({placeholders(ids)}) "
                "ORDER BY order_id, position",
                ids,
            ):
                lines.setdefault(r["order_id"], []).append(_line(r))
            # built chunk by chunk: a big export never holds the event loop for long
            built += [_order(row, lines.get(row["id"], [])) for row in chunk]
        return built

    async def find(self, order_id: int) -> Order | None:
        row = await self._one("SELECT * FROM orders WHERE id = ?", (order_id,))
        return await self._model(row) if row else None

    async def get(self, order_id: int) -> Order:
        order = await self.find(order_id)
        if order is None:
            raise OrderNotFound(f"no order {order_id}", order_id=order_id)
        return order

    async def find_by_key(self, idempotency_key: str) -> Order | None:
        row = await self._one("SELECT * FROM orders WHERE idempotency_key = ?", (idempotency_key,))
        return await self._model(row) if row else None

    async def by_number(self, order_number: str) -> Order:
        row = await self._one("SELECT * FROM orders WHERE order_number = ?", (order_number,))
        if row is None:
            raise OrderNotFound(f"no order {order_number}", order_number=order_number)
        return await self._model(row)

    async def of_customers(
        self, customer_ids: Sequence[int], *, limit: int = 10, offset: int = 0
    ) -> list[Order]:
        ids = list(customer_ids) or [-1]
        rows = await self._all(
            f"SELECT * FROM orders WHERE customer_id IN ({placeholders(ids)}) "
            "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*ids, limit, offset),
        )
        return await self._models(rows)

    async def set_status(
        self,
        order_id: int,
        target: OrderStatus,
        *,
        actor: int | None = None,
        vendor_comment: str | None = None,
    ) -> Order:
        """Move an order to ``target``; exactly one of two racing callers succeeds, the other
        gets AlreadyInStatus (or InvalidTransition)."""
        order = await self.get(order_id)
        check_transition(order.status, target)
        stamp = _STATUS_STAMP[target]
        sets = [f"status = ?, {stamp} = ?"]
        params: list[object] = [str(target), now_iso()]
        if target is OrderStatus.CONFIRMED:
            sets.append("confirmed_by = ?")
            params.append(actor)
        if target is OrderStatus.CANCELLED:
            sets.append("cancelled_by = ?")
            params.append(actor)
        if vendor_comment is not None:
            sets.append("vendor_comment = ?")
            params.append(vendor_comment)
        cur = await self._exec(
            f"UPDATE orders SET {', '.join(sets)} WHERE id = ? AND status = ?",
            (*params, order_id, str(order.status)),
        )
        if cur.rowcount != 1:
            now = await self.get(order_id)
            if now.status is target:
                raise AlreadyInStatus(f"order is already {target}", status=target)
            raise InvalidTransition(f"order is {now.status}", current=now.status, target=target)
        return await self.get(order_id)

    async def of_delivery_day(self, vendor_id: int, delivery: date) -> list[Order]:
        """The vendor's orders to deliver on that day that are not cancelled, with their
        lines (the warehouse's day)."""
        rows = await self._all(
            "SELECT * FROM orders WHERE vendor_id = ? AND delivery_date = ? "
            "AND status != 'cancelled' ORDER BY customer_name, id",
            (vendor_id, day(delivery)),
        )
        return await self._models(rows)

    async def lines_since(self, customer_id: int, since: datetime) -> list[PastLine]:
        """The lines of the customer's orders placed since ``since`` (not cancelled), the
        oldest orders first: what the customer's usual is read from."""
        rows = await self._all(
            "SELECT l.order_id, l.product_id, l.quantity FROM order_lines l "
            "JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? AND o.created_at >= ? "
            "AND o.status != 'cancelled' ORDER BY o.created_at, o.id, l.position",
            (customer_id, iso(since)),
        )
        return [PastLine(r["order_id"], r["product_id"], Decimal(r["quantity"])) for r in rows]

    async def set_line_quantity(self, order_id: int, position: int, quantity: Decimal) -> None:
        """Edit a line (0 removes it); the quantity as ordered is kept."""
        await self._exec(
            "UPDATE order_lines SET quantity = ? WHERE order_id = ? AND position = ?",
            (str(quantity), order_id, position),
        )
        await self._exec(
            "UPDATE orders SET product_count = (SELECT COUNT(*) FROM order_lines l "
            "WHERE l.order_id = orders.id AND CAST(l.quantity AS REAL) > 0) WHERE id = ?",
            (order_id,),
        )

    async def replace_line(self, order: Order, position: int, product: Product) -> None:
        """Put ``product`` in place of a line (its quantity stays, at the product's list
        price); the name as ordered is kept in ``replaced_name`` (cleared when the ordered
        product comes back), and the order is found by its new product from then on."""
        await self._exec(
            "UPDATE order_lines SET product_id = ?, product_name = ?, unit = ?, unit_price = ?, "
            "replaced_name = CASE WHEN COALESCE(replaced_name, product_name) = ? THEN NULL "
            "ELSE COALESCE(replaced_name, product_name) END WHERE order_id = ? AND position = ?",
            (
                product.product_id,
                product.name,
                product.unit,
                str(product.price),
                product.name,
                order.id,
                position,
            ),
        )
        fields = [order.customer_name, order.customer_number, order.order_number]
        await self._unindex(order.id, order.vendor_id, fields, _words(order.lines))
        after = await self.get(order.id)
        await self._index(order.id, order.vendor_id, fields, _words(after.lines))

    async def _unindex(
        self, order_id: int, vendor_id: int, fields: list[str], products: str
    ) -> None:
        """Take the order out of the search index (SQLite's contentless index is told the
        words it was given)."""
        if self._conn.dialect == "postgresql":
            await self._exec("DELETE FROM order_search WHERE rowid = ?", (order_id,))
        else:
            await self._exec(
                "INSERT INTO order_search (order_search, rowid, vendor, customer_name, "
                "customer_number, order_number, products) VALUES ('delete', ?, ?, ?, ?, ?, ?)",
                (order_id, f"v{vendor_id}", *fields, products),
            )

    async def _index(self, order_id: int, vendor_id: int, fields: list[str], products: str) -> None:
        """Make the order findable by its customer's name and number, its number, and its
        products' names and IDs (as they are: a replaced line is indexed again)."""
        if self._conn.dialect == "postgresql":
            await self._exec(
                "INSERT INTO order_search (rowid, vendor, document) "
                "VALUES (?, ?, to_tsvector('simple', ?))",
                (order_id, f"v{vendor_id}", " ".join(folded_words(" ".join([*fields, products])))),
            )
        else:
            await self._exec(
                "INSERT INTO order_search (rowid, vendor, customer_name, customer_number, "
                "order_number, products) VALUES (?, ?, ?, ?, ?, ?)",
                (order_id, f"v{vendor_id}", *fields, products),
            )

    async def index_all(self) -> int:
        """Index every order not yet in the search index (a copied database); how many."""
        rows = await self._all(
            "SELECT o.id, o.vendor_id, o.customer_name, o.customer_number, o.order_number "
            "FROM orders o WHERE o.id NOT IN (SELECT rowid FROM order_search) ORDER BY o.id"
        )
        for start in range(0, len(rows), LINE_CHUNK):
            chunk = rows[start : start + LINE_CHUNK]
            ids = [r["id"] for r in chunk]
            products: dict[int, list[str]] = {i: [] for i in ids}
            for line in await self._all(
                f"SELECT order_id, product_name, product_id FROM order_lines "
                f"WHERE order_id IN ({placeholders(ids)}) ORDER BY order_id, position",
                ids,
            ):
                products[line["order_id"]].append(f"{line['product_name']} {line['product_id']}")
            for r in chunk:
                await self._index(
                    r["id"],
                    r["vendor_id"],
                    [r["customer_name"], r["customer_number"], r["order_number"]],
                    " ".join(products[r["id"]]),
                )
        return len(rows)

    async def lock(self, order_id: int) -> None:
        """Hold the order as it is until this transaction ends: a status change running now
        commits first (and this transaction then reads its status), or waits for this one."""
        await self._one(f"SELECT id FROM orders WHERE id = ?{self._conn.for_update()}", (order_id,))

    async def record_card(self, order_id: int, chat_id: int, message_id: int) -> None:
        await self._exec(
            "INSERT INTO order_cards (order_id, chat_id, message_id) VALUES (?,?,?) "
            "ON CONFLICT (order_id, chat_id) DO UPDATE SET message_id = excluded.message_id",
            (order_id, chat_id, message_id),
        )

    async def cards(self, order_id: int) -> list[OrderCard]:
        rows = await self._all("SELECT * FROM order_cards WHERE order_id = ?", (order_id,))
        return [OrderCard(**dict(r)) for r in rows]

    async def select(self, query: OrderQuery, *, limit: int) -> list[Order]:
        """Every order a query names (up to `limit`), for bulk actions and exports."""
        orders, _total = await self.search(
            query.vendor_id, **_filters(query), sort=query.sort, limit=limit, count_cap=0
        )
        return orders

    async def count(self, query: OrderQuery, *, cap: int) -> int:
        """How many orders a query names, counted up to `cap` (cap + 1: more than that)."""
        _page, total = await self.search(query.vendor_id, **_filters(query), limit=0, count_cap=cap)
        return total

    async def search(
        self,
        vendor_id: int,
        *,
        customer_ids: frozenset[int] | None = None,
        text: str = "",
        created_from: str | None = None,
        created_to: str | None = None,
        status: OrderStatus | None = None,
        sort: str = "new",
        limit: int = 10,
        offset: int = 0,
        only_ids: Sequence[int] | None = None,
        count_cap: int = COUNT_CAP,
    ) -> tuple[list[Order], int]:
        """A page of the vendor's orders and how many match in all, counted up to
        ``count_cap`` (a total above it means "more than count_cap").

        ``created_from``/``created_to`` are UTC ISO bounds (from inclusive, to exclusive).
        """
        where = ["o.vendor_id = ?"]
        params: list[object] = [vendor_id]
        if customer_ids is not None:
            ids = sorted(customer_ids) or [-1]
            where.append(f"o.customer_id IN ({placeholders(ids)})")
            params += ids
        if only_ids is not None:
            ids = list(only_ids) or [-1]
            where.append(f"o.id IN ({placeholders(ids)})")
            params += ids
        if status is not None:
            where.append("o.status = ?")
            params.append(str(status))
        if created_from is not None:
            where.append("o.created_at >= ?")
            params.append(created_from)
        if created_to is not None:
            where.append("o.created_at < ?")
            params.append(created_to)
        postgres = self._conn.dialect == "postgresql"
        expression = (tsquery_expression if postgres else search_expression)(text) if text else ""
        if text and not expression:
            return [], 0
        if expression and postgres:
            where.append(
                "o.id IN (SELECT rowid FROM order_search WHERE vendor = ? "
                "AND document @@ to_tsquery('simple', ?))"
            )
            params += [f"v{vendor_id}", expression]
        elif expression:
            where.append("o.id IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)")
            params.append(
                f'vendor : "v{vendor_id}" AND '
                f"{{customer_name customer_number order_number products}} : ({expression})"
            )
        condition = " AND ".join(where)
        order_by = _SORTS.get(sort, _SORTS["new"]).format(name=self._conn.nocase("o.customer_name"))
        if expression and limit > 0:
            # a search reads the index once: its matches are sorted anyway, and counted in
            # the same pass; only their ids and sort keys are sorted, the page's rows read after
            page = await self._all(
                f"SELECT o.id, COUNT(*) OVER () AS matched FROM orders o WHERE {condition} "
                f"ORDER BY {order_by} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
            if page or offset == 0:
                total = min(int(page[0]["matched"]), count_cap + 1) if page else 0
                ids = [r["id"] for r in page]
                found = (
                    {
                        r["id"]: r
                        for r in await self._all(
                            f"SELECT * FROM orders WHERE id IN ({placeholders(ids)})", ids
                        )
                    }
                    if ids
                    else {}
                )
                return await self._models([found[i] for i in ids if i in found]), total
        row = await self._one(
            f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM orders o WHERE {condition} LIMIT ?) m",
            (*params, count_cap + 1),
        )
        total = int(row["n"]) if row else 0
        if limit <= 0:
            return [], total
        rows = await self._all(
            f"SELECT o.* FROM orders o WHERE {condition} ORDER BY {order_by} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return await self._models(rows), total


_SORTS = {
    "new": "o.created_at DESC, o.id DESC",
    "old": "o.created_at ASC, o.id ASC",
    "az": "{name} ASC, o.created_at DESC, o.id DESC",
    "dnew": "o.delivery_date DESC, o.id DESC",
    "dold": "o.delivery_date ASC, o.id ASC",
    "pasc": "o.product_count ASC, o.id ASC",
    "pdesc": "o.product_count DESC, o.id DESC",
}
SORTS = tuple(_SORTS)
