"""The build's settings from the environment (README, Memory and large data): ARLAKE_TEMP, ARLAKE_MEMORY_LIMIT and
ARLAKE_DBT_THREADS are honoured, a bad value is refused by name before any work (exit 2, or 3 for a spill folder
that cannot be made), and a disk too small for the build is warned about before it starts."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest
from support import minimal_raw

from arlake.build import (
    SPILL_PER_RAW_BYTE,
    WAREHOUSE_PER_RAW_BYTE,
    block_pool,
    dbt_threads,
    disk_warnings,
    run_dbt,
)
from arlake.errors import ParameterError

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_spill_files_go_to_arlake_temp_and_are_removed(cli, tmp_path, monkeypatch):
    """Under a memory limit far below what the build needs, DuckDB spills: the spill files appear in a folder of
    their own inside ARLAKE_TEMP while the build runs, and afterwards ARLAKE_TEMP is still there and empty."""
    data = tmp_path / "data"
    assert cli("generate", "--out", data, "--invoices", "20000", "--seed", "3").code == 0
    temp = tmp_path / "elsewhere"
    temp.mkdir()
    monkeypatch.setenv("ARLAKE_TEMP", str(temp))
    monkeypatch.setenv("ARLAKE_MEMORY_LIMIT", "60MB")  # the 20k build's staging needs more, so it spills
    monkeypatch.setenv("ARLAKE_DBT_THREADS", "1")
    seen: list[Path] = []
    done = threading.Event()

    def watch():
        while not done.is_set() and not seen:
            seen.extend(temp.glob("arlake-spill-*/*.tmp"))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        r = cli("build", "--data", data)
    finally:
        done.set()
        watcher.join()
    # A memory limit this small may also be too small for some step on a machine with more cores (more DuckDB
    # threads, each with its buffers): then the build fails naming it. Either way the spill went to ARLAKE_TEMP.
    assert r.code == 0 or (r.code == 1 and "out of memory while building" in r.err), r
    assert seen, "no spill file appeared in ARLAKE_TEMP during the build"
    assert temp.is_dir() and list(temp.iterdir()) == []
    assert not (data / ".building").exists()


@pytest.mark.parametrize(
    ("variable", "value", "code", "message"),
    [
        ("ARLAKE_MEMORY_LIMIT", "lots", 2, "ARLAKE_MEMORY_LIMIT='lots': expected a memory size such as 4GB"),
        ("ARLAKE_DBT_THREADS", "two", 2, "ARLAKE_DBT_THREADS='two': expected a whole number of dbt nodes"),
        ("ARLAKE_DBT_THREADS", "0", 2, "ARLAKE_DBT_THREADS='0': expected a whole number of dbt nodes"),
        (
            "ARLAKE_TEMP",
            "{file}/spill",
            3,
            "cannot create the build's spill folder in ARLAKE_TEMP={file}/spill",
        ),
    ],
)
def test_bad_settings_are_refused_by_name_before_building(
    cli, tmp_path, monkeypatch, variable, value, code, message
):
    data = minimal_raw(tmp_path / "data")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(variable, value.format(file=blocker))
    r = cli("build", "--data", data)
    assert r.code == code, r
    assert message.format(file=blocker) in r.err and "Traceback" not in r.err
    assert r.err.count("\n") == 1
    assert not (data / "warehouse.duckdb").exists() and not (data / ".building").exists()


def test_dbt_threads_follow_the_data_unless_set(monkeypatch):
    monkeypatch.delenv("ARLAKE_DBT_THREADS", raising=False)
    assert dbt_threads(10**6) == 2 and dbt_threads(10**9) == 1  # 1 MB and 1 GB of raw Parquet
    monkeypatch.setenv("ARLAKE_DBT_THREADS", "3")
    assert dbt_threads(10**9) == 3
    monkeypatch.setenv("ARLAKE_DBT_THREADS", "-1")
    with pytest.raises(ParameterError, match="ARLAKE_DBT_THREADS='-1'"):
        dbt_threads(10**6)


def _bytes(shown: str) -> float:
    """A size as DuckDB shows it ("3.7 GiB", "488.2 MiB") in bytes."""
    number, unit = shown.split()
    return float(number) * 1024 ** ["bytes", "KiB", "MiB", "GiB", "TiB"].index(unit)


@pytest.mark.parametrize("limit", [None, "512MB", "2GiB"])
def test_the_build_draws_its_blocks_from_a_pool_the_size_of_its_memory_limit(tmp_path, monkeypatch, limit):
    """The dbt session of a build runs with the pool (profiles.yml takes it from the environment run_dbt sets),
    as large as the memory limit: DuckDB shows both to a tenth of a unit, and keeps the pool in whole 256 KiB
    blocks."""
    if limit is None:
        monkeypatch.delenv("ARLAKE_MEMORY_LIMIT", raising=False)
    else:
        monkeypatch.setenv("ARLAKE_MEMORY_LIMIT", limit)
    assert block_pool() == (limit or "4GB")
    data = minimal_raw(tmp_path / "data")
    result = run_dbt(
        [
            "show",
            "--inline",
            "select current_setting('block_allocator_memory') as pool, current_setting('memory_limit') as memory",
        ],
        data,
        tmp_path / "warehouse.duckdb",
    )
    assert result.success, result.exception
    (row,) = result.result.results[0].agate_table.rows
    expected = {None: 4 * 10**9, "512MB": 512 * 10**6, "2GiB": 2 * 1024**3}[limit]
    for shown in (row["pool"], row["memory"]):
        unit = 1024 ** (3 if shown.endswith("GiB") else 2)
        assert abs(_bytes(shown) - expected) <= 0.05 * unit + 256 * 1024, (shown, expected)


def test_a_pool_larger_than_duckdb_allows_is_its_default_limit(monkeypatch):
    """DuckDB refuses a pool above its default memory limit (80 % of this machine's memory), where the memory
    limit itself may be larger: the pool is then that default, which DuckDB reports for a connection without one."""
    import duckdb

    with duckdb.connect(":memory:") as con:
        default = con.sql("select current_setting('memory_limit')").fetchall()[0][0]
    monkeypatch.setenv("ARLAKE_MEMORY_LIMIT", "100TB")
    assert block_pool() == default
    with duckdb.connect(":memory:", config={"block_allocator_memory": default}) as con:
        assert _bytes(con.sql("select current_setting('block_allocator_memory')").fetchall()[0][0]) > 0


def test_a_disk_too_small_for_the_build_is_warned_about(tmp_path):
    """Real free space: no disk here holds 15 times a petabyte of raw data, and every disk holds 15 bytes."""
    spill = tmp_path / ".building" / "spill"
    spill.parent.mkdir()
    assert disk_warnings(1, tmp_path, spill) == []
    (warning,) = disk_warnings(10**15, tmp_path, spill)
    need = (WAREHOUSE_PER_RAW_BYTE + SPILL_PER_RAW_BYTE) * 10**15 / 1e9  # warehouse and spill on one disk
    assert warning.startswith(f"the build may need about {need:,.1f} GB of free disk at {tmp_path} and ")
    assert "set ARLAKE_TEMP to spill on another disk" in warning


def test_spill_on_another_disk_is_counted_there(tmp_path):
    other = Path("/dev/shm")
    if (
        not other.is_dir()
        or os.stat(other).st_dev == os.stat(tmp_path).st_dev
        or not os.access(other, os.W_OK)
    ):
        pytest.skip("no writable second file system (/dev/shm) on this machine")
    spill = other / "arlake-spill-test"
    warnings = disk_warnings(10**15, tmp_path, spill)
    assert len(warnings) == 2
    assert f"{WAREHOUSE_PER_RAW_BYTE * 10**6:,.1f} GB of free disk at {tmp_path} " in warnings[0]
    assert f"{SPILL_PER_RAW_BYTE * 10**6:,.1f} GB of free disk at {other} " in warnings[1]


def test_a_build_out_of_memory_says_which_setting_to_raise(cli, tmp_path, monkeypatch):
    """20 MB is below what the 20k-invoice build needs even when it spills: one line naming the model that stopped
    (a staging model when run alone; another one first under the load of a parallel test run) and
    ARLAKE_MEMORY_LIMIT, exit 1, the build folder removed."""
    data = tmp_path / "data"
    assert cli("generate", "--out", data, "--invoices", "20000", "--seed", "3").code == 0
    monkeypatch.setenv("ARLAKE_MEMORY_LIMIT", "20MB")
    r = cli("build", "--data", data)
    assert r.code == 1, r
    # dbt's node id: model.arlake.<model>, or the data or unit test of one (unit_test.arlake.<model>.<test>)
    stopped = re.match(
        r"arlake: error: out of memory while building (model|test|unit_test)\.arlake\.(\w+)", r.err
    )
    assert stopped, r
    assert stopped[1] == "test" or list((REPO / "models").rglob(f"{stopped[2]}.sql")), r
    assert "DuckDB's memory limit was 20MB; set ARLAKE_MEMORY_LIMIT higher" in r.err
    assert (
        "DuckDB: Out of Memory Error: " in r.err and "SET threads" not in r.err and "Traceback" not in r.err
    )
    assert r.err.count("\n") == 1
    assert not (data / ".building").exists() and not (data / "warehouse.duckdb").exists()
