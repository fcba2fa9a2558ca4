"""A PostgreSQL server for the tests, and a fresh database per test.

The server is, in order: ``COMANDA_TEST_POSTGRES`` (a URL) if set; else the one on
127.0.0.1:5432 (user postgres, database test) if it answers; else a throwaway cluster started
with Debian's PostgreSQL binaries (``apt-get install postgresql``; scripts/test.sh installs
them) in a temporary folder, stopped at the end of the run. None of these: the tests fail
and say what to install, they never skip.

Each test gets its own database, copied from a template that holds the migrated schema (a copy
takes milliseconds; migrating takes far longer)."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
INSTALL = (
    "PostgreSQL is needed for these tests: set COMANDA_TEST_POSTGRES to a server's URL, run "
    "one on 127.0.0.1:5432, or install Debian's binaries (apt-get install postgresql) so a "
    "throwaway cluster can be started"
)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _answers(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder."""

    folder: Path
    port: int
    bin: Path
    user: str | None  # whom it runs as (initdb refuses root)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    @classmethod
    def start(cls) -> Cluster:
        binaries = _binaries()
        if binaries is None:
            raise RuntimeError(INSTALL)
        folder = Path(tempfile.mkdtemp(prefix="comanda-pg-"))
        user = None
        if os.geteuid() == 0:
            user = "postgres"
            try:
                entry = pwd.getpwnam(user)
            except KeyError as exc:
                raise RuntimeError(INSTALL + " (no 'postgres' user to run it as)") from exc
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        cluster = cls(folder, _free_port(), binaries, user)
        data = folder / "data"
        cluster._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        cluster._run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-o",
            f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-w",
            "start",
        )
        return cluster

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class Server:
    """The server the tests use, and a migrated template database on it."""

    def __init__(self) -> None:
        self.url = ""
        self.cluster: Cluster | None = None
        self.template = f"comanda_template_{os.getpid()}"
        self.used: list[str] = []  # dropped at the end (a DROP DATABASE costs a checkpoint)

    def start(self) -> None:
        given = os.environ.get("COMANDA_TEST_POSTGRES")
        if given:
            if not asyncio.run(_answers(given)):
                raise RuntimeError(f"COMANDA_TEST_POSTGRES={given} does not answer")
            self.url = given
        elif asyncio.run(_answers(DEFAULT)):
            self.url = DEFAULT
        else:
            self.cluster = Cluster.start()
            self.url = self.cluster.url
        asyncio.run(self._make_template())

    @contextlib.asynccontextmanager
    async def _admin(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection to the server's own database, to create and drop the tests' ones."""
        conn = await asyncpg.connect(self.url)
        try:
            yield conn
        finally:
            await conn.close()

    async def _make_template(self) -> None:
        from store.db import migrate

        async with self._admin() as conn:
            for (name,) in await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE 'comanda\\_t%'"
            ):
                pid = name.split("_")[2] if name.count("_") >= 2 else ""
                if pid.isdigit() and not _alive(int(pid)):  # left by a run that was killed
                    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{self.template}"')
        await migrate(with_database(self.url, self.template))

    async def new_database(self, *, migrated: bool = True) -> str:
        """A fresh database, migrated or empty; its URL."""
        name = f"comanda_t_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        template = self.template if migrated else "template0"
        async with self._admin() as conn:
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return with_database(self.url, name)

    async def drop(self, url: str) -> None:
        """Done with this database: dropped with the others at the end of the run."""
        self.used.append(urlsplit(url).path.lstrip("/"))

    def stop(self) -> None:
        if self.url and not self.cluster:
            with contextlib.suppress(Exception):
                asyncio.run(self._drop_template())
        if self.cluster is not None:
            self.cluster.stop()

    async def _drop_template(self) -> None:
        async with self._admin() as conn:
            for name in [*self.used, self.template]:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def server() -> Iterator[Server]:
    running = Server()
    try:
        running.start()
        yield running
    finally:
        running.stop()
