"""The comanda command line, run in-process and as a real subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from store import open_store
from store.models import Product, Vendor
from tests.databases import database_at


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


BASE = (
    "delivery-dates",
    "--timezone",
    "Europe/Paris",
    "--days",
    "mon,tue,wed,thu,fri",
    "--cutoff",
    "14:00",
)


def test_delivery_dates_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *BASE, "--kind", "strict", "--now", "2026-11-23T15:00")
    assert code == 0
    assert json.loads(out) == [
        {"date": d, "warning": False}
        for d in ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"]
    ]


@pytest.mark.parametrize(
    ("now", "first", "warning"),
    [
        ("2026-11-23T12:59Z", "2026-11-24", False),  # 13:59 in Paris
        ("2026-11-23T13:00Z", "2026-11-24", True),  # 14:00 in Paris: cutoff reached
        ("2026-11-23T13:30+00:00", "2026-11-24", True),
        ("2026-11-23T07:30-05:00", "2026-11-24", False),  # 13:30 in Paris
        ("2026-11-23T08:30-05:00", "2026-11-24", True),  # 14:30 in Paris
        ("2026-11-23T13:59", "2026-11-24", False),  # vendor-local
    ],
)
def test_delivery_dates_with_offsets(
    capsys: pytest.CaptureFixture[str], now: str, first: str, warning: bool
) -> None:
    code, out, _ = run(capsys, *BASE, "--kind", "flexible", "--now", now, "--count", "2")
    assert code == 0
    answer = json.loads(out)
    assert answer[0] == {"date": first, "warning": warning} and len(answer) == 2


def test_delivery_dates_closures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        *BASE,
        "--kind",
        "strict",
        "--now",
        "2026-12-23T10:00",
        "--closed",
        "2026-12-25,2027-01-01",
        "--count",
        "6",
    )
    assert code == 0
    assert [o["date"] for o in json.loads(out)] == [
        "2026-12-24",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-04",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        ("--timezone", "Mars/Base"),
        ("--days", "mon,funday"),
        ("--cutoff", "25:00"),
        ("--cutoff", "noon"),
        ("--timezone", "Europe/" + "x" * 300),  # ZoneInfo raises OSError for this one
        ("--timezone", "../../etc/passwd"),
        ("--now", "yesterday"),
        ("--closed", "2026-13-01"),
        ("--count", "0"),
    ],
)
def test_delivery_dates_bad_arguments(
    capsys: pytest.CaptureFixture[str], bad: tuple[str, str]
) -> None:
    args = dict(zip(BASE[1::2], BASE[2::2], strict=True))
    args["--kind"] = "strict"
    args[bad[0]] = bad[1]
    argv = ["delivery-dates", *[x for kv in args.items() for x in kv]]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("comanda: ") and len(err.strip().splitlines()) == 1


def test_bad_kind_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*BASE, "--kind", "lenient"])
    assert exc.value.code == 2


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMANDA_")}
    env["COMANDA_DATABASE"] = database_at(tmp_path)
    return env


def test_run_without_token_exits_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "COMANDA_BOT_TOKEN" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_vendor_import_invite_flow(
    empty_database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = empty_database
    monkeypatch.setenv("COMANDA_DATABASE", db)
    monkeypatch.setenv("COMANDA_BOT_USERNAME", "comanda_test_bot")
    code, out, _ = run(capsys, "migrate")
    from store.migrate import latest_version

    assert code == 0 and f"applied {latest_version()}" in out
    code, out, _ = run(capsys, "migrate")
    assert code == 0 and "up to date" in out
    code, out, _ = run(
        capsys,
        "vendor",
        "create",
        "--name",
        "Fresh Foods",
        "--timezone",
        "Europe/Madrid",
        "--cutoff",
        "15:30",
        "--kind",
        "flexible",
        "--closed",
        "2026-12-25",
        "--minimum",
        "80",
        "--language",
        "fr",
    )
    assert code == 0 and "Fresh Foods" in out and "(fr)" in out
    code, out, _ = run(
        capsys, "vendor", "update", "--vendor", "Fresh Foods", "--language", "es", "--days", "tue"
    )
    assert code == 0 and "language=es" in out
    code, _, err = run(capsys, "vendor", "update", "--vendor", "1", "--timezone", "Mars/Base")
    assert code == 2 and "Mars/Base" in err
    code, _, err = run(capsys, "vendor", "update", "--vendor", "1")
    assert code == 2 and "nothing to change" in err
    code, out, _ = run(capsys, "vendor", "update", "--vendor", "1", "--minimum", "80")
    assert code == 0
    code, out, _ = run(
        capsys,
        *("vendor", "update", "--vendor", "1", "--reminder-hours", "3"),
        *("--picklist-at-cutoff", "on", "--standing-notice-hours", "24"),
    )
    assert code == 0 and "reminder_hours=3" in out and "picklist_at_cutoff=True" in out
    assert "standing_notice_hours=24" in out
    with pytest.raises(SystemExit) as refused:
        main(["vendor", "update", "--vendor", "1", "--standing-notice-hours", "0"])
    assert refused.value.code == 2 and "--standing-notice-hours" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse: usage and exit 2
        main(["vendor", "update", "--vendor", "1", "--reminder-hours", "30"])
    assert refused.value.code == 2 and "--reminder-hours" in capsys.readouterr().err
    csv_file = tmp_path / "cat.csv"
    csv_file.write_text(
        "product_id,name,unit,price,category\nP1,Romaine,case,12.50,Veg\nP2,Milk,l,1.10,Dairy\n",
        "utf-8",
    )
    code, out, _ = run(capsys, "import-catalog", "--vendor", "Fresh Foods", str(csv_file))
    assert code == 0 and "2 added" in out
    one = tmp_path / "one.csv"
    one.write_text("product_id,name,unit,price\nP1,Romaine,case,13.00\n", "utf-8")
    code, out, _ = run(capsys, "import-catalog", "--vendor", "1", "--dry-run", str(one))
    assert code == 0 and "1 repriced" in out and "1 available products not in the file (P2)" in out
    assert "dry run: nothing changed" in out
    code, out, _ = run(capsys, "import-catalog", "--vendor", "1", str(one))
    assert code == 0 and "stay as they are" in out and "0 made unavailable" in out
    code, out, _ = run(
        capsys, "import-catalog", "--vendor", "1", "--unlisted", "unavailable", str(csv_file)
    )
    assert code == 0 and "1 updated" in out  # P1 back to 12.50; P2 listed, nothing unlisted
    bad = tmp_path / "bad.csv"
    bad.write_text("product_id,name,unit,price\nP1,Romaine,case,abc\n,X,case,1\n", "utf-8")
    code, _, err = run(capsys, "import-catalog", "--vendor", "1", str(bad))
    assert code == 1 and "line 2: bad_price" in err and "line 3: missing_product_id" in err
    code, out, _ = run(capsys, "invite", "--vendor", "Fresh Foods", "--role", "admin")
    assert code == 0 and out.startswith("https://t.me/comanda_test_bot?start=")
    code, _, err = run(capsys, "invite", "--vendor", "Fresh Foods", "--customer", "NOPE")
    assert code == 1 and "NOPE" in err

    async def read() -> tuple[Vendor, list[Product]]:
        store = await open_store(db)
        try:
            async with store.read() as tx:
                vendor = await tx.vendors.resolve("Fresh Foods")
                return vendor, await tx.catalogs.all_products(vendor.id)
        finally:
            await store.close()

    vendor, products = asyncio.run(read())
    assert vendor.cutoff_kind == "flexible" and str(vendor.minimum_order_value) == "80"
    assert vendor.language == "es" and vendor.delivery_days == frozenset({1})
    assert [(p.product_id, str(p.price), p.available) for p in products] == [
        ("P1", "12.50", True),
        ("P2", "1.10", True),
    ]


def test_parse_order_reads_and_writes_json_lines(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        "product_id,name,unit,price,category\nA1,Carrots,kg,1.10,Veg\n"
        "A2,Whole milk 1l,bottle,1.05,Dairy\nA3,Oat milk 1l,bottle,1.90,Dairy\n",
        "utf-8",
    )
    stdin = (
        "\n".join(
            [
                json.dumps({"text": "3 kg carrots and 6 bottles of whole milk", "id": "x"}),
                "not json at all",
                json.dumps({"text": "2 milk, 1 kg caviar"}),
                json.dumps(["no", "object"]),
            ]
        )
        + "\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse-order", "--catalog", str(catalog)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 4
    assert out[0] == {
        "lines": [{"product_id": "A1", "quantity": 3.0}, {"product_id": "A2", "quantity": 6.0}],
        "unmatched": [],
    }
    assert out[1] == {"lines": [], "unmatched": []}
    assert out[2]["lines"] == [] and sorted(out[2]["unmatched"]) == ["1 kg caviar", "2 milk"]
    assert out[3] == {"lines": [], "unmatched": []}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"comanda {metadata.version('comanda')}"
