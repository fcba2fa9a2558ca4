"""How long `comanda demo` takes to be ready on a fresh data folder, and to stop on Ctrl-C.
Usage: python bench/demo_startup.py [--rounds 3]"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sandbox.runner import free_port

ROOT = Path(__file__).resolve().parents[1]


def once() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "demo",
                "--port",
                str(free_port()),
                "--data",
                str(Path(folder) / "demo"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if "open http://" in line:
                break
        ready = time.monotonic() - started
        stopping = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        return ready, time.monotonic() - stopping


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    results = [once() for _ in range(rounds)]
    print(
        "ready after "
        + ", ".join(f"{r:.2f} s" for r, _ in results)
        + "; stopped in "
        + ", ".join(f"{s:.2f} s" for _, s in results)
    )


if __name__ == "__main__":
    main()
