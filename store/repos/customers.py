"""Customers (one record per vendor), their labels and soft deletion."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from domain.enums import CutoffKind, PaymentMethod, Standing
from domain.errors import CustomerNotFound, DuplicateCustomerNumber
from domain.rules.delivery import format_weekdays, parse_weekdays
from store.conn import Row
from store.errors import IntegrityError
from store.models import Customer
from store.repos.base import Repo, now_iso, placeholders

_EDITABLE = {
    "name",
    "address",
    "customer_number",
    "catalog_id",
    "cutoff_override",
    "cutoff_time",
    "cutoff_kind",
    "delivery_days_override",
    "delivery_days",
    "discount_percent",
    "payment_method",
    "standing",
}


def _to_sql(field: str, value: object) -> object:
    if value is None:
        return None
    if field == "cutoff_time":
        assert isinstance(value, time)
        return value.strftime("%H:%M")
    if field == "delivery_days":
        return format_weekdays(value)  # type: ignore[arg-type]
    if field in ("cutoff_override", "delivery_days_override"):
        return int(bool(value))
    if field == "catalog_id":
        return int(value)  # type: ignore[call-overload]
    return str(value)


def _is_number_clash(exc: IntegrityError) -> bool:
    return exc.mentions("customers.customer_number") or exc.mentions("customers_number")


class CustomerRepo(Repo):
    async def _holder(self, vendor_id: int, customer_number: str) -> str:
        """The name of the (not removed) customer holding a number."""
        row = await self._one(
            "SELECT name FROM customers WHERE vendor_id = ? AND customer_number = ? "
            "AND deleted_at IS NULL",
            (vendor_id, customer_number),
        )
        return str(row["name"]) if row else ""

    async def create(
        self,
        *,
        vendor_id: int,
        name: str,
        customer_number: str,
        address: str = "",
        catalog_id: int | None = None,
    ) -> Customer:
        try:
            async with self._conn.savepoint():
                customer_id = await self._insert(
                    "INSERT INTO customers (vendor_id, name, address, customer_number, "
                    "catalog_id, created_at) VALUES (?,?,?,?,?,?)",
                    (vendor_id, name, address, customer_number, catalog_id, now_iso()),
                )
        except IntegrityError as exc:
            if _is_number_clash(exc):
                raise DuplicateCustomerNumber(
                    f"customer number {customer_number!r} is already used",
                    number=customer_number,
                    owner=await self._holder(vendor_id, customer_number),
                ) from exc
            raise
        return await self.get(customer_id)

    async def _labels(self, customer_id: int) -> tuple[str, ...]:
        rows = await self._all(
            "SELECT l.name FROM labels l JOIN customer_labels cl ON cl.label_id = l.id "
            "WHERE cl.customer_id = ? ORDER BY l.name",
            (customer_id,),
        )
        return tuple(r["name"] for r in rows)

    async def _model(self, row: Row) -> Customer:
        cutoff_time = None
        if row["cutoff_time"]:
            hours, minutes = row["cutoff_time"].split(":")
            cutoff_time = time(int(hours), int(minutes))
        return Customer(
            id=row["id"],
            vendor_id=row["vendor_id"],
            name=row["name"],
            address=row["address"],
            customer_number=row["customer_number"],
            catalog_id=row["catalog_id"],
            cutoff_override=bool(row["cutoff_override"]),
            cutoff_time=cutoff_time,
            cutoff_kind=CutoffKind(row["cutoff_kind"]) if row["cutoff_kind"] else None,
            delivery_days_override=bool(row["delivery_days_override"]),
            delivery_days=parse_weekdays(row["delivery_days"])
            if row["delivery_days"] is not None
            else None,
            discount_percent=Decimal(row["discount_percent"]),
            payment_method=PaymentMethod(row["payment_method"]),
            standing=Standing(row["standing"]),
            deleted_at=row["deleted_at"],
            created_at=row["created_at"],
            labels=await self._labels(row["id"]),
        )

    async def find(self, customer_id: int, *, include_deleted: bool = False) -> Customer | None:
        row = await self._one("SELECT * FROM customers WHERE id = ?", (customer_id,))
        if row is None or (row["deleted_at"] is not None and not include_deleted):
            return None
        return await self._model(row)

    async def get(self, customer_id: int, *, include_deleted: bool = False) -> Customer:
        customer = await self.find(customer_id, include_deleted=include_deleted)
        if customer is None:
            raise CustomerNotFound(f"no customer {customer_id}", customer_id=customer_id)
        return customer

    async def by_number(self, vendor_id: int, customer_number: str) -> Customer:
        row = await self._one(
            "SELECT * FROM customers WHERE vendor_id = ? AND customer_number = ? "
            "AND deleted_at IS NULL",
            (vendor_id, customer_number),
        )
        if row is None:
            raise CustomerNotFound(
                f"no customer number {customer_number!r}", number=customer_number
            )
        return await self._model(row)

    async def search(
        self,
        vendor_id: int,
        *,
        text: str = "",
        label: str | None = None,
        only_ids: frozenset[int] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Customer]:
        sql = ["SELECT c.* FROM customers c WHERE c.vendor_id = ? AND c.deleted_at IS NULL"]
        params: list[object] = [vendor_id]
        if text:
            like = self._conn.like
            sql.append(
                f"AND (c.name {like} ? ESCAPE '\\' OR c.customer_number {like} ? ESCAPE '\\')"
            )
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        if label is not None:
            sql.append(
                "AND EXISTS (SELECT 1 FROM customer_labels cl JOIN labels l ON l.id = cl.label_id "
                "WHERE cl.customer_id = c.id AND l.name = ?)"
            )
            params.append(label)
        if only_ids is not None:
            ids = sorted(only_ids) or [-1]
            sql.append(f"AND c.id IN ({placeholders(ids)})")
            params += ids
        sql.append(f"ORDER BY {self._conn.nocase('c.name')}, c.id LIMIT ? OFFSET ?")
        params += [limit, offset]
        return [await self._model(r) for r in await self._all(" ".join(sql), params)]

    async def update(self, customer_id: int, **fields: object) -> Customer:
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise ValueError(f"not customer fields: {sorted(unknown)}")
        if fields:
            assignments = ", ".join(f"{f} = ?" for f in fields)
            values = [_to_sql(f, v) for f, v in fields.items()]
            try:
                async with self._conn.savepoint():
                    await self._exec(
                        f"UPDATE customers SET {assignments} WHERE id = ? AND deleted_at IS NULL",
                        (*values, customer_id),
                    )
            except IntegrityError as exc:
                if _is_number_clash(exc):
                    number = str(fields.get("customer_number"))
                    row = await self._one(
                        "SELECT vendor_id FROM customers WHERE id = ?", (customer_id,)
                    )
                    raise DuplicateCustomerNumber(
                        "customer number is already used",
                        number=number,
                        owner=await self._holder(row["vendor_id"], number) if row else "",
                    ) from exc
                raise
        return await self.get(customer_id)

    async def soft_delete(self, customer_id: int) -> None:
        await self._exec(
            "UPDATE customers SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (now_iso(), customer_id),
        )

    async def count(
        self,
        vendor_id: int,
        *,
        text: str = "",
        label: str | None = None,
        only_ids: frozenset[int] | None = None,
    ) -> int:
        return len(
            await self.search(vendor_id, text=text, label=label, only_ids=only_ids, limit=1_000_000)
        )
