"""Places a build, generate or ingest cannot write: refused before any work with exit 3 (exit 2 for generate's
--out) naming the path, and a file-system error at the end of a build is one line, never a traceback.

Permissions mean nothing to root, and tests often run as root: the read-only cases then run the command as the
unprivileged user `nobody` (uid 65534) in a subprocess, so the file system really refuses. The other cases use
obstacles that stop root too (a folder where a file must go, a path under a file)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

import pytest
from support import minimal_raw

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


@pytest.fixture
def shared_dir():
    """A directory outside pytest's private (0700) tmp folder, so that `nobody` can reach it."""
    path = Path(tempfile.mkdtemp(prefix="arlake-targets-"))
    path.chmod(0o755)
    yield path
    for root, dirs, _ in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
    shutil.rmtree(path)


def _drop_root():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def _run(python: str, args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ARLAKE_DATA", "ARLAKE_WAREHOUSE")}
    # This environment's packages and the checkout's source, for an interpreter outside the virtual environment.
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), sysconfig.get_paths()["purelib"]])
    return subprocess.run(
        [python, *args],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        preexec_fn=_drop_root if os.geteuid() == 0 else None,  # noqa: PLW1509 - nothing threaded before exec
        check=False,
    )


@functools.cache
def _unprivileged_python() -> str | None:
    """A Python (this version) that the unprivileged user may run with this environment's packages; None when
    there is none (this interpreter may live in root's private home)."""
    if os.geteuid() != 0:
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        sys.executable,
        os.path.realpath(sys.executable),
        shutil.which(version),
        f"/usr/bin/{version}",
    ):
        if not candidate:
            continue
        try:
            if _run(candidate, ["-c", "import duckdb, pyarrow, arlake.cli"]).returncode == 0:
                return candidate
        except OSError:  # not executable by that user
            continue
    return None


def _as_unprivileged(*args) -> subprocess.CompletedProcess:
    """Run `arlake ARGS` as an ordinary user: as `nobody` when this process is root, else as this user."""
    python = _unprivileged_python()
    if python is None:
        pytest.skip(
            "running as root, and no Python here may be run as an unprivileged user: permissions are moot"
        )
    return _run(python, ["-m", "arlake", *map(str, args)])


def _read_only(path: Path) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


def test_read_only_data_directory_is_refused_before_building(shared_dir):
    data = minimal_raw(shared_dir / "data")
    for folder in (data, data / "raw", data / "raw" / "customers", data / "raw" / "invoices"):
        folder.chmod(0o755)
    _read_only(data)
    r = _as_unprivileged("build", "--data", data)
    assert r.returncode == 3, r
    assert (
        r.stderr
        == f"arlake: error: the data directory {data} is not writable: the build writes its warehouse there\n"
    )
    assert not (data / "warehouse.duckdb").exists()


def test_read_only_warehouse_file_is_refused_before_building(shared_dir):
    data = minimal_raw(shared_dir / "data")
    for folder in (data / "raw", data / "raw" / "customers", data / "raw" / "invoices"):
        folder.chmod(0o755)
    data.chmod(0o777)
    warehouse = data / "warehouse.duckdb"
    warehouse.write_bytes(b"the previous warehouse")
    warehouse.chmod(0o444)
    r = _as_unprivileged("build", "--data", data)
    assert r.returncode == 3, r
    assert f"the warehouse {warehouse} is read-only" in r.stderr and "Traceback" not in r.stderr
    assert warehouse.read_bytes() == b"the previous warehouse"


def test_read_only_leftover_build_folder_is_named(shared_dir):
    data = minimal_raw(shared_dir / "data")
    for folder in (data / "raw", data / "raw" / "customers", data / "raw" / "invoices"):
        folder.chmod(0o755)
    data.chmod(0o777)
    leftover = data / ".building"
    leftover.mkdir()
    (leftover / "warehouse.duckdb").write_bytes(b"half built")
    _read_only(leftover)
    r = _as_unprivileged("build", "--data", data)
    assert r.returncode == 3, r
    assert f"{leftover}, left behind by an earlier build, is read-only: remove it by hand" in r.stderr
    assert "Traceback" not in r.stderr


def test_generate_into_a_read_only_directory_is_exit_2(shared_dir):
    out = shared_dir / "out"
    out.mkdir()
    _read_only(out)
    r = _as_unprivileged("generate", "--out", out, "--invoices", "10")
    assert r.returncode == 2, r
    assert f"out: cannot write into {out}" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("obstacle", "message"),
    [
        ("warehouse.duckdb", "the warehouse path {path} is not a file"),
        (".dbt", "{path} is in the way of the build"),
    ],
)
def test_paths_in_the_way_of_the_build_are_named(cli, tmp_path, obstacle, message):
    minimal_raw(tmp_path)
    path = tmp_path / obstacle
    if obstacle == ".dbt":
        path.write_text("not a folder")
    else:
        path.mkdir()
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert message.format(path=path) in r.err and "Traceback" not in r.err


def test_file_system_error_at_the_end_of_a_build_is_one_clear_line(cli, tmp_path):
    minimal_raw(tmp_path)
    (tmp_path / ".building").write_text("a leftover file, removed by the build")
    target = tmp_path / "warehouse.duckdb"
    fresh = tmp_path / ".building" / "warehouse.duckdb"

    def block_the_target():
        # Once dbt writes the fresh warehouse, put a folder where it must be renamed to: the rename at the end of
        # the build fails (a real file-system error, also for root).
        deadline = time.monotonic() + 120
        while not fresh.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        target.mkdir()

    blocker = threading.Thread(target=block_the_target)
    blocker.start()
    r = cli("build", "--data", tmp_path)
    blocker.join()
    assert r.code == 3, r
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert r.err.startswith(f"arlake: error: cannot put the new warehouse in place at {target}: ")
    assert not (tmp_path / ".building").exists()


def test_ingest_into_a_path_under_a_file_is_exit_3(cli, tmp_path):
    page = tmp_path / "page.json"
    page.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "id": "i1",
                        "total_amount": 100,
                        "issued_at": "2025-03-01T00:00:00Z",
                        "partner": {"id": "c1", "organization_id": "o1", "name": "Acme"},
                    }
                ]
            }
        )
    )
    data = page / "data"  # under a file
    r = cli("ingest", "stuut-invoices", page, "--data", data)
    assert r.code == 3, r
    assert f"cannot write into {data / 'raw'}" in r.err and "Traceback" not in r.err


def test_generate_into_a_path_under_a_file_is_exit_2(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("generate", "--out", blocker / "data", "--invoices", "10")
    assert r.code == 2, r
    assert f"out: cannot write into {blocker / 'data'}" in r.err and "Traceback" not in r.err
    r = cli("generate", "--out", blocker, "--invoices", "10")
    assert r.code == 2 and f"out: {blocker} exists and is not a directory" in r.err, r
