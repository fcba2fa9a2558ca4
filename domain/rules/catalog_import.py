"""Parse a catalogue file's rows into products, or say exactly which rows are wrong.

Columns: ``product_id,name,unit,price,category,available,catalogs``; the first four are
required, ``catalogs`` names the additional catalogues that include the product,
separated by ``|`` (every product is in the main catalogue).  An import applies whole or
not at all, so any error here means nothing is applied.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from domain.errors import InvalidInput
from domain.rules.pricing import parse_money

REQUIRED_COLUMNS = ("product_id", "name", "unit", "price")
OPTIONAL_COLUMNS = ("category", "available", "catalogs")
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
_TRUE = {"", "1", "yes", "y", "true", "oui", "si", "sí", "x"}
_FALSE = {"0", "no", "n", "false", "non"}
MAX_ROWS = 20000
MAX_FIELD = 200


@dataclass(frozen=True)
class ProductRow:
    line: int
    product_id: str
    name: str
    unit: str
    price: Decimal
    category: str = ""
    available: bool = True
    catalogs: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str  # missing_product_id, duplicate_product_id, bad_price, unknown_column, ...
    value: str = ""


@dataclass
class ParsedCatalog:
    rows: list[ProductRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: frozenset[str] = frozenset(KNOWN_COLUMNS)  # the file's columns

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def to_json(self) -> str:
        """The rows and columns of a valid file, kept while the admin looks at the preview."""
        return json.dumps(
            {
                "columns": sorted(self.columns),
                "rows": [
                    {**asdict(row), "price": str(row.price), "catalogs": list(row.catalogs)}
                    for row in self.rows
                ],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> ParsedCatalog:
        data = json.loads(text)
        return cls(
            rows=[
                ProductRow(
                    **{**row, "price": Decimal(row["price"]), "catalogs": tuple(row["catalogs"])}
                )
                for row in data["rows"]
            ],
            columns=frozenset(data["columns"]),
        )


def _parse_available(text: str) -> bool | None:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def parse_rows(header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]) -> ParsedCatalog:
    """``rows`` are (line number, cells); the header is on line 1."""
    result = ParsedCatalog()
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    for name in names:
        if name and name not in KNOWN_COLUMNS:
            result.errors.append(RowError(1, "unknown_column", name))
    for required in REQUIRED_COLUMNS:
        if required not in names:
            result.errors.append(RowError(1, "missing_column", required))
    if result.errors:
        return result
    index = {name: i for i, name in enumerate(names) if name}
    result.columns = frozenset(index)
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(line, "too_many_rows", str(MAX_ROWS)))
            break

        def cell(col: str, cells: Sequence[str] = cells) -> str:
            i = index.get(col)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            result.errors.append(RowError(line, "extra_cells", ""))
            continue
        product_id = cell("product_id")
        if not product_id:
            result.errors.append(RowError(line, "missing_product_id"))
            continue
        if product_id in seen:
            result.errors.append(RowError(line, "duplicate_product_id", product_id))
            continue
        seen[product_id] = line
        name, unit = cell("name"), cell("unit")
        if not name:
            result.errors.append(RowError(line, "missing_name", product_id))
            continue
        if not unit:
            result.errors.append(RowError(line, "missing_unit", product_id))
            continue
        if any(len(v) > MAX_FIELD for v in (product_id, name, unit, cell("category"))):
            result.errors.append(RowError(line, "too_long", product_id))
            continue
        try:
            price = parse_money(cell("price"))
        except InvalidInput:
            result.errors.append(RowError(line, "bad_price", cell("price")[:40]))
            continue
        available = _parse_available(cell("available"))
        if available is None:
            result.errors.append(RowError(line, "bad_available", cell("available")[:40]))
            continue
        catalogs = tuple(dict.fromkeys(c.strip() for c in cell("catalogs").split("|") if c.strip()))
        result.rows.append(
            ProductRow(line, product_id, name, unit, price, cell("category"), available, catalogs)
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "no_rows"))
    return result


def parse_csv(text: str) -> ParsedCatalog:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        return ParsedCatalog(errors=[RowError(1, "no_rows")])
    except csv.Error as exc:
        return ParsedCatalog(errors=[RowError(1, "bad_file", str(exc))])
    try:
        numbered = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        return ParsedCatalog(errors=[RowError(reader.line_num, "bad_file", str(exc))])
    return parse_rows(header, numbered)
