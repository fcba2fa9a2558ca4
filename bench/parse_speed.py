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
    repeated = (
        "Bonjour ! 3 kilos de carottes, deux sacs de farine T55, 500 g de parmesan et "
        "6 bouteilles de lait entier svp. "
    ) * 30
    # every item different (a message read item by item gains nothing from repeats): each
    # product's name, shortened and with a typo, with a quantity, until 2,000 characters
    distinct = "Bonjour, pour demain : " + ", ".join(
        f"{i % 9 + 1} {_typo(name.split(' — ')[0].lower())}" for i, (_pid, name) in enumerate(pairs)
    )
    runs = (
        ("the same items again and again", repeated, False),
        ("distinct items", distinct, False),
        ("distinct items, first message after a catalogue change", distinct, True),
    )
    for label, text, cold in runs:
        text = text[:2000]
        timings = []
        for round_ in range(args.rounds):
            # a changed catalogue is prepared again, and its words looked up anew
            catalogue = [*pairs, (f"ZZ-{round_}", f"zz{round_}")] if cold else pairs
            start = time.perf_counter()
            parse(text, catalogue, units)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(
            f"2000-character message ({label}), {len(pairs)} products, {args.rounds} rounds: "
            f"median {statistics.median(timings):.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms, max {timings[-1]:.2f} ms"
        )


def _typo(name: str) -> str:
    """The name with two letters of its longest word swapped, as fast typing does."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 4:
        words[longest] = word[:2] + word[3] + word[2] + word[4:]
    return " ".join(words)


if __name__ == "__main__":
    main()
