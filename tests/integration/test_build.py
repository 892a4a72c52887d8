"""`arlake build` is atomic: a killed build leaves the previous warehouse serving; and `pip install .` (not
editable) carries the dbt project and the generator's SQL, so the installed command builds and generates from any
directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from support import minimal_raw, query, write_parquet

from arlake.build import BUILD_ONLY_NAME

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARLAKE_DATA", "ARLAKE_WAREHOUSE")}
    env.update(extra)
    return env


def test_killed_build_leaves_previous_warehouse_readable(cli, tmp_path):
    minimal_raw(tmp_path)
    assert cli("build", "--data", tmp_path).code == 0
    warehouse = tmp_path / "warehouse.duckdb"
    inode = warehouse.stat().st_ino
    # New data that would change the answer, then a build killed while dbt is writing the fresh file.
    write_parquet(
        tmp_path / "raw" / "invoices" / "part-1.parquet",
        "select 'i2' as invoice_id, 'o1' as organization_id, 'c1' as customer_id, "
        "7.00::decimal(18,2) as total_amount, timestamp '2025-01-02' as issued_at",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "arlake", "build", "--data", str(tmp_path)],
        env=_env(PYTHONPATH=str(REPO / "src")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fresh = tmp_path / ".building" / "warehouse.duckdb"
    deadline = time.monotonic() + 120
    while not fresh.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fresh.exists(), "the build never started writing its fresh warehouse"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert warehouse.stat().st_ino == inode
    assert query(warehouse, "select invoice_id from dim_invoices") == [("i1",)]
    # The next build cleans up what the killed one left and publishes the new data.
    assert cli("build", "--data", tmp_path).code == 0
    assert query(warehouse, "select invoice_id, total_amount from dim_invoices order by 1") == [
        ("i1", Decimal("100.00")),
        ("i2", Decimal("7.00")),
    ]
    assert not (tmp_path / ".building").exists()
    # nor the file of the tables only the build reads, the killed build's or this one's
    assert not list(tmp_path.rglob(BUILD_ONLY_NAME + "*"))


def test_non_editable_install_builds_from_any_directory(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("arlake-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    assert (site / "arlake" / "dbt_project" / "dbt_project.yml").is_file()
    assert (site / "arlake" / "dbt_project" / "models" / "intermediate" / "int_invoice_ledger.sql").is_file()
    data = minimal_raw(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Run the installed copy (not the checkout) from an unrelated directory, data given as a relative path.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, arlake.cli; assert 'site' in arlake.cli.__file__; sys.exit(arlake.cli.main())",
            "build",
            "--data",
            os.path.relpath(data, elsewhere),
        ],
        cwd=elsewhere,
        env=_env(PYTHONPATH=str(site)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert query(data / "warehouse.duckdb", "select outstanding from int_invoice_balances") == [
        (Decimal("100.00"),)
    ]
    assert (site / "arlake" / "sample" / "sql" / "invoices.sql").is_file()
    generated = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, arlake.cli, arlake.sample; assert 'site' in arlake.sample.__file__; "
            "sys.exit(arlake.cli.main())",
            "generate",
            "--out",
            "generated",
            "--invoices",
            "200",
        ],
        cwd=elsewhere,
        env=_env(PYTHONPATH=str(site)),
        capture_output=True,
        text=True,
    )
    assert generated.returncode == 0, generated.stderr
    assert "invoices:" in generated.stdout
    assert sorted(p.name for p in (elsewhere / "generated" / "raw").iterdir()) == sorted(
        ["organizations", "customers", "invoices", "payments", "payment_allocations", "adjustments",
         "outreach", "outreach_invoices"]
    )  # fmt: skip
