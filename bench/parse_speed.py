"""How long the free-text parser takes on a 2,000-character message (target: well under
50 ms).  Usage: python bench/parse_speed.py [--rounds 200]"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

from domain.rules.free_text import parse

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT.parent / "shared" / "orders-eval" / "catalog-fr.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with CATALOG.open(encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    pairs = [(r["product_id"], r["name"]) for r in rows]
    units = {r["product_id"]: r["unit"] for r in rows}
    text = (
        "Bonjour ! 3 kilos de carottes, deux sacs de farine T55, 500 g de parmesan et "
        "6 bouteilles de lait entier svp. "
    ) * 30
    text = text[:2000]
    timings = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        parse(text, pairs, units)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(
        f"2000-character message, {len(pairs)} products, {args.rounds} rounds: "
        f"median {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms, max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
