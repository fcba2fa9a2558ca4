"""What users install: the wheel holds every data file of the source tree, and works when
installed without the source tree beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Folders whose files are data, not Python: each must ship whole, sub-folders included.
DATA_DIRS = (
    "bot/templates",
    "bot/locale",
    "store/migrations",
    "sandbox/data",
    "sandbox/static",
)
PACKAGES = ("bot", "store", "domain", "sandbox")


def _tracked(root: Path) -> list[str]:
    """The files a clean clone has (git's view), or the walked tree outside a checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        return [name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [
            str(path.relative_to(root))
            for path in root.rglob("*")
            if path.is_file() and ".git" not in path.parts and "__pycache__" not in path.parts
        ]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel . --no-deps`, built from a copy of the tracked files (a clean clone)."""
    src = tmp_path_factory.mktemp("src")
    for name in _tracked(ROOT):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            ".",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("comanda-*.whl")
    return built


def expected_files() -> list[str]:
    """Every tracked file under the packages (modules, data, documentation), found by
    walking the tree: nothing a package folder holds may be left out of the wheel."""
    return [
        name
        for name in _tracked(ROOT)
        if name.split("/", 1)[0] in PACKAGES and "__pycache__" not in name
    ]


def test_the_walk_finds_nested_data() -> None:
    names = expected_files()
    # The walk is what protects us: it must see files inside sub-folders of templates.
    assert any(n.startswith("bot/templates/customer/") for n in names)
    assert any(n.startswith("bot/templates/plain/") for n in names)
    assert any(n.endswith("messages.po") for n in names)
    assert any(n.startswith("store/migrations/") for n in names)
    assert any(n.startswith("sandbox/static/") for n in names)
    assert all(any(n.startswith(d + "/") for n in names) for d in DATA_DIRS)
    assert "sandbox/README.md" in names


def test_wheel_holds_every_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
    missing = [name for name in expected_files() if name not in shipped]
    assert missing == [], f"{len(missing)} file(s) missing from the wheel: {missing[:20]}"


def test_installed_wheel_renders_and_migrates(wheel: Path, tmp_path: Path) -> None:
    """Installed away from the source tree, the package finds its templates, translations,
    migrations and the sandbox's files."""
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "-t",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    script = """
import asyncio, sys
import bot, store, sandbox
from pathlib import Path
for module in (bot, store, sandbox):
    assert Path(module.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), module
from bot.i18n import Renderer
r = Renderer()
print(r.macro("fr", "plain/commands.j2", "order"))
print(r.render("es", "customer/help.j2", examples=[]) != "")
from store import open_store
async def main():
    s = await open_store(sys.argv[2])
    print("schema", await s.schema_version())
    await s.close()
asyncio.run(main())
from bot.demo import STATIC
print("static", (STATIC / "index.html").is_file())
"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    run = subprocess.run(
        [sys.executable, "-c", script, str(target), str(tmp_path / "x.db")],
        cwd=tmp_path,  # not the source tree: nothing may be found there
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] and lines[0] != "order"  # a French description, from the .po file
    assert lines[1] == "True"
    assert lines[2].startswith("schema ") and int(lines[2].split()[1]) > 0
    assert lines[3] == "static True"
