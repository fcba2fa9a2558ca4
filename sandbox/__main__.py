"""``python -m sandbox --host 127.0.0.1 --port 8081``: run the sandbox standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from sandbox.limits import Limits
from sandbox.server import SandboxServer


async def serve(host: str, port: int, limits: bool) -> None:
    server = SandboxServer(host, port, limits=Limits(enabled=limits))
    await server.start()
    print(
        f"sandbox Bot API at {server.url}/bot<token>/<method>; control API at "
        f"{server.url}/sandbox/ (Ctrl-C stops)",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--no-limits", action="store_true", help="turn Telegram's limits off")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    asyncio.run(serve(args.host, args.port, not args.no_limits))


if __name__ == "__main__":
    main()
