"""A local Telegram Bot API server for tests, demos, benchmarks and fault drills.

It answers ``/bot<token>/<method>`` like Telegram, validates every request against the
published Bot API description, enforces Telegram's limits, plays the people who use the
bot (a control API, in Python and over HTTP under ``/sandbox/``) and fails on purpose when
asked.  See ``sandbox/README.md``.
"""

from sandbox.server import SandboxServer
from sandbox.world import Limits

__all__ = ["Limits", "SandboxServer"]
