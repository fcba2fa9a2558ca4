"""Measure the free-text parser on ../shared/orders-eval (or another labelled set).

Usage: python bench/parse_eval.py [--cases PATH] [--show-errors N]

Runs ``comanda parse-order`` once per catalogue named by the cases, puts the predictions
back in case order, and runs the set's own scorer.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "orders-eval" / "dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=DEFAULT)
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument(
        "--catalogs", type=Path, default=None, help="the catalogues' folder (default: the cases')"
    )
    args = parser.parse_args()
    folder = args.catalogs or args.cases.parent
    cases = [
        json.loads(line) for line in args.cases.read_text("utf-8").splitlines() if line.strip()
    ]
    predictions: list[str] = [""] * len(cases)
    for catalog in sorted({c["catalog"] for c in cases}):
        indexes = [i for i, c in enumerate(cases) if c["catalog"] == catalog]
        stdin = "".join(json.dumps({"text": cases[i]["text"]}) + "\n" for i in indexes)
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", "parse-order", "--catalog", str(folder / catalog)],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        for i, line in zip(indexes, out.stdout.splitlines(), strict=True):
            predictions[i] = line
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fp:
        fp.write("\n".join(predictions) + "\n")
    command = [sys.executable, str(folder / "score.py"), str(args.cases), fp.name]
    if args.show_errors:
        command += ["--show-errors", str(args.show_errors)]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
