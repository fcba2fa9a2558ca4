"""The sales chart: a customer's purchases per day or week, as a PNG (matplotlib, headless)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from domain.rules.delivery import zone
from domain.rules.pricing import line_total
from store.models import Order


@dataclass(frozen=True)
class SalesSummary:
    total: Decimal
    orders: int
    top: list[tuple[str, Decimal]]  # (product name, amount)
    buckets: list[tuple[date, Decimal]]
    weekly: bool


def summarize(
    orders: Sequence[Order], first: datetime, last: datetime, tz_name: str
) -> SalesSummary:
    tz = zone(tz_name)
    days = (last - first).days
    weekly = days > 62
    start = first.astimezone(tz).date()
    step = timedelta(days=7 if weekly else 1)
    buckets: dict[date, Decimal] = {}
    cursor = start
    while cursor < last.astimezone(tz).date():
        buckets[cursor] = Decimal(0)
        cursor += step
    products: Counter[str] = Counter()
    total = Decimal(0)
    for order in orders:
        day = order.created_at.astimezone(tz).date()
        key = start + step * ((day - start).days // step.days)
        amount = Decimal(0)
        for line in order.lines:
            value = line_total(
                line.unit_price, line.quantity, order.discount_percent, order.currency
            )
            amount += value
            products[line.product_name] += value  # type: ignore[assignment]
        buckets[key] = buckets.get(key, Decimal(0)) + amount
        total += amount
    top = [(name, Decimal(value)) for name, value in products.most_common(3)]
    return SalesSummary(total, len(orders), top, sorted(buckets.items()), weekly)


def render_png(summary: SalesSummary, *, title: str, ylabel: str) -> bytes:
    """Safe to call from a worker thread: a Figure of its own, no pyplot state.
    matplotlib loads only when a chart is drawn (it would double the bot's start-up time)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    labels = [d.strftime("%d/%m") for d, _ in summary.buckets]
    values = [float(v) for _, v in summary.buckets]
    axes.bar(range(len(values)), values, color="#2E7D32")
    step = max(1, len(labels) // 10)
    axes.set_xticks(range(0, len(labels), step))
    axes.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
