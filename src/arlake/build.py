"""`arlake build`: run dbt into a fresh DuckDB file and rename it over the warehouse only when dbt succeeds.

A failed or killed build leaves the previous warehouse serving: readers never see a half-built file. One build
at a time per data directory (a lock file), one dbt invocation at a time per process. Before dbt runs, the places
the build writes (the data directory, the warehouse file, dbt's state folder) are checked, so a read-only target
is refused naming the path instead of failing after the work; a file-system error while putting the warehouse in
place is one line naming the path (exit 3). What the raw layer holds but the reader does not read is returned as
warnings, one line each, from the built warehouse (stg_arlake__raw_warnings).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .errors import ArlakeError, BuildError, DataError, ParameterError, RuntimeMissingError
from .progress import QUIET, Progress
from .project import DATA_ENV, RAW_TABLES, WAREHOUSE_NAME, dbt_project_dir, raw_dir, warehouse_path

RAW_DATA_MARKER = "arlake raw data error: "
WAREHOUSE_ENV = "ARLAKE_WAREHOUSE"
# The file of the tables only the build reads (profiles.yml: database arlake_build), beside the fresh warehouse in
# the build folder, so that it goes with the folder
BUILD_ONLY_ENV = "ARLAKE_BUILD_ONLY"
BUILD_ONLY_NAME = "build_only.duckdb"
# Where DuckDB spills during a build: a fresh folder inside it when set, else <data>/.building/spill
TEMP_ENV = "ARLAKE_TEMP"
MEMORY_ENV = "ARLAKE_MEMORY_LIMIT"  # DuckDB's memory_limit during a build (profiles.yml)
DEFAULT_MEMORY_LIMIT = "4GB"  # profiles.yml's default for it
# DuckDB's block_allocator_memory during a build (profiles.yml), set from block_pool()
BLOCK_POOL_ENV = "ARLAKE_BLOCK_POOL"
OUT_OF_MEMORY = "Out of Memory Error"  # how DuckDB words a step that cannot run within its memory limit
SPARK_OUTPUT_ENV = "ARLAKE_SPARK_OUTPUT"  # where Spark writes the as-of-independent tables (Parquet folders)
SPARK_LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")
SPARK_OUTPUT_NAME = ".spark"  # <data>/.spark: the last Spark build's tables, one Parquet folder each
ENGINES = ("duckdb", "spark")
# Spark builds every table model (the as-of-independent layer) and the views they read; DuckDB then builds the
# serving layer over Spark's tables: the views and query-time models, and runs every test on the result.
SPARK_SELECTION = ["--select", "+config.materialized:table", "--exclude", "config.materialized:query_view"]
SERVING_SELECTION = [
    "--select",
    "config.materialized:view",
    "config.materialized:query_view",
    "resource_type:test",
    "resource_type:unit_test",
]
THREADS_ENV = "ARLAKE_DBT_THREADS"  # dbt nodes run at once (each query uses every core)
# Up to this much raw Parquet, two dbt nodes run at once (small models finish sooner); above it one at a time, so
# that each large model has the whole memory limit to itself rather than spilling against another.
PARALLEL_NODES_UP_TO_BYTES = 256 * 1024 * 1024
# Disk a build may need, as multiples of the raw Parquet: the new warehouse and the file of the tables only the
# build reads (4.6 and about 2.7 times at 10M invoices, beside the previous warehouse until it is replaced) and the
# spill files under the default memory limit (2.5 times at 10M, 6.6 times at 30M, where they peaked at 19.7 GB).
# Measured with `arlake generate` data; docs/benchmarks.md.
WAREHOUSE_PER_RAW_BYTE = 8
SPILL_PER_RAW_BYTE = 7
_DBT_LOCK = threading.Lock()  # dbtRunner is not re-entrant: one invocation at a time in this process


@dataclass
class BuildResult:
    warehouse: Path
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)  # dbt node status -> count
    warnings: list[str] = field(default_factory=list)  # raw files, folders and columns not read


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_raw_files(data: Path) -> list[Path]:
    """Every raw Parquet file must be readable; returns them. Types and columns are checked by the dbt reader."""
    raw = raw_dir(data)
    if "\\" in str(data):
        raise DataError(
            f"the data directory {data} holds a backslash, which DuckDB's file reader takes for a path "
            "separator: rename or move it"
        )
    if not raw.is_dir():
        raise DataError(f"no raw data: {raw} does not exist (expected {raw}/<table>/*.parquet)")
    # The files the reader reads: *.parquet directly in a table's folder (pathlib takes `raw` literally, whatever
    # characters its path holds). Everything else is a warning of the build, not an error.
    files = sorted(path for table in RAW_TABLES for path in (raw / table).glob("*.parquet") if path.is_file())
    for path in files:
        try:
            pq.read_metadata(path)
        except Exception as exc:  # noqa: BLE001 - any reader failure means the file is unusable
            table = path.parent.name
            raise DataError(f"unreadable Parquet file {path} (table '{table}'): {exc}") from None
    return files


def dbt_threads(raw_bytes: int) -> int:
    """dbt nodes run at once: ARLAKE_DBT_THREADS when set (a whole number from 1), else 2 up to
    PARALLEL_NODES_UP_TO_BYTES of raw Parquet and 1 above."""
    chosen = os.environ.get(THREADS_ENV, "").strip()
    if not chosen:
        return 2 if raw_bytes <= PARALLEL_NODES_UP_TO_BYTES else 1
    if not (chosen.isascii() and chosen.isdigit() and int(chosen) >= 1):
        raise ParameterError(
            f"{THREADS_ENV}={chosen!r}: expected a whole number of dbt nodes at once, 1 or more"
        )
    return int(chosen)


def _duckdb_refuses(setting: str, value: str) -> str | None:
    """Why DuckDB refuses `value` for `setting` at start-up (the first line of its error), or None if it takes it."""
    import duckdb

    try:
        duckdb.connect(":memory:", config={setting: value}).close()
    except duckdb.Error as exc:
        return str(exc).split("\n")[0]
    return None


def check_memory_limit() -> None:
    """ARLAKE_MEMORY_LIMIT, when set, must be a size DuckDB takes (e.g. 4GB, 512MB): refused by name (exit 2)
    before the build, not as a parser error from inside dbt."""
    chosen = os.environ.get(MEMORY_ENV)
    if chosen is None:
        return
    reason = _duckdb_refuses("memory_limit", chosen)
    if reason is not None:
        raise ParameterError(
            f"{MEMORY_ENV}={chosen!r}: expected a memory size such as 4GB or 512MB ({reason})"
        )


def block_pool() -> str:
    """DuckDB's block_allocator_memory for a build: as large as its memory limit (ARLAKE_MEMORY_LIMIT, else 4GB).

    Under its memory limit DuckDB evicts blocks all the time, and after evicting it has the general allocator
    give its free memory back to the system (madvise), so that the next blocks take fresh pages from the kernel.
    Blocks drawn from a pool are reused instead: at 10M invoices, in alternating builds, the build spent 120 to
    150 s of CPU in the kernel instead of 153 to 184 s, and 0.88 to 0.94 times the time (docs/benchmarks.md).
    DuckDB refuses a pool larger than its own default memory limit (80 % of the machine's memory), which a
    memory limit may exceed: then the pool is that default, and none if DuckDB takes neither."""
    size = os.environ.get(MEMORY_ENV) or DEFAULT_MEMORY_LIMIT
    if _duckdb_refuses("block_allocator_memory", size) is None:
        return size
    import duckdb

    with duckdb.connect(":memory:") as con:
        default = con.sql("select current_setting('memory_limit')").fetchall()[0][0]
    return default if _duckdb_refuses("block_allocator_memory", default) is None else "0 bytes"


def spill_folder(staging: Path) -> Path:
    """The folder DuckDB spills to during the build: a fresh folder inside ARLAKE_TEMP when it is set (on another
    disk, say), else <data>/.building/spill. Either is removed after the build; ARLAKE_TEMP itself is kept."""
    chosen = os.environ.get(TEMP_ENV, "")
    if not chosen:
        return staging / "spill"
    base = Path(chosen).absolute()
    try:
        base.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="arlake-spill-", dir=base))
    except OSError as exc:
        raise DataError(
            f"cannot create the build's spill folder in {TEMP_ENV}={chosen}: {_reason(exc)} "
            "(expected a writable folder)"
        ) from None


def disk_warnings(raw_bytes: int, data: Path, spill: Path) -> list[str]:
    """What a build of `raw_bytes` of Parquet may need beyond the free disk (WAREHOUSE_PER_RAW_BYTE on the data
    directory's disk, SPILL_PER_RAW_BYTE on the spill folder's): one line per short disk, none when it fits. An
    estimate, so a warning, not a refusal: a build that does run out stops naming the full disk."""
    needs = {data: WAREHOUSE_PER_RAW_BYTE * raw_bytes}
    free = {data: shutil.disk_usage(data).free}
    spill_disk = spill.parent  # the build folder, or ARLAKE_TEMP
    if os.stat(spill_disk).st_dev == os.stat(data).st_dev:
        needs[data] += SPILL_PER_RAW_BYTE * raw_bytes
    else:
        needs[spill_disk] = SPILL_PER_RAW_BYTE * raw_bytes
        free[spill_disk] = shutil.disk_usage(spill_disk).free
    return [
        f"the build may need about {_size(need)} of free disk at {where} and {_size(free[where])} is "
        f"free (the new warehouse and the build's own tables about {WAREHOUSE_PER_RAW_BYTE} and the spill files "
        f"up to {SPILL_PER_RAW_BYTE} times the {_size(raw_bytes)} of raw Parquet); free some, or set {TEMP_ENV} "
        "to spill on another disk"
        for where, need in needs.items()
        if need > free[where]
    ]


def _size(n: int) -> str:
    return f"{n / 1e9:,.1f} GB" if n >= 1e9 else f"{max(n / 1e6, 0.1):.1f} MB"


def check_writable(data: Path) -> None:
    """The build writes the warehouse, a lock, dbt's state and a staging folder into `data`: refuse (exit 3, naming
    the path) what would make it fail after the work is done."""
    if not os.access(data, os.W_OK | os.X_OK):
        raise DataError(f"the data directory {data} is not writable: the build writes its warehouse there")
    target = warehouse_path(data)
    if target.exists() or target.is_symlink():
        if not target.is_file():
            raise DataError(f"the warehouse path {target} is not a file: move it away and build again")
        if not os.access(target, os.W_OK):
            raise DataError(
                f"the warehouse {target} is read-only: make it writable (or remove it) to rebuild"
            )
    state = data / ".dbt"
    if (state.exists() or state.is_symlink()) and not state.is_dir():
        raise DataError(
            f"{state} is in the way of the build (dbt keeps its state there; not a folder): remove it"
        )
    if state.is_dir() and not os.access(state, os.W_OK | os.X_OK):
        raise DataError(f"the folder {state} is not writable: dbt keeps the build's state there")
    leftover = data / ".building"
    if leftover.is_dir() and not leftover.is_symlink() and not os.access(leftover, os.W_OK | os.X_OK):
        raise DataError(f"{leftover}, left behind by an earlier build, is read-only: remove it by hand")


@contextlib.contextmanager
def _build_lock(data: Path) -> Iterator[None]:
    lock_path = data / ".build.lock"
    try:
        handle = open(lock_path, "w")  # noqa: SIM115 - closed below, after the build
    except OSError as exc:
        raise DataError(f"cannot create the build lock {lock_path}: {_reason(exc)}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ArlakeError(f"another arlake build is running on {data}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_dbt(
    args: list[str],
    data: Path,
    warehouse: Path,
    *,
    verbose: bool = False,
    callbacks: Sequence[Callable[[Any], None]] = (),
    spill: Path | None = None,
    target_path: str = "target",
    extra_env: dict[str, str] | None = None,
    threads: int | None = None,
):
    """Invoke dbt on the packaged project with every path rooted at `data`; returns dbt's result object.
    `callbacks` receive every dbt event (dbt calls them whatever the log level); `spill` is the folder DuckDB
    spills to when a step needs more than its memory limit; `target_path` names dbt's folder for compiled SQL
    under <data>/.dbt (one per dbt target, so that each keeps its parse)."""
    from dbt.cli.main import dbtRunner  # imported late: dbt is slow to import and reports do not need it

    project = dbt_project_dir()
    state = data / ".dbt"
    full_args = [
        *args,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(state / target_path),
        "--log-path",
        str(state / "logs"),
        "--no-use-colors",
    ]
    if not verbose:
        full_args += ["--log-level", "none"]
    env = {
        DATA_ENV: str(data),
        WAREHOUSE_ENV: str(warehouse),
        BUILD_ONLY_ENV: str(warehouse.with_name(BUILD_ONLY_NAME)),
        BLOCK_POOL_ENV: block_pool(),
        "DO_NOT_TRACK": "1",
    }
    if spill is not None:
        env[TEMP_ENV] = str(spill)
    env.update(extra_env or {})
    if threads is not None:
        env[THREADS_ENV] = str(threads)
    with _DBT_LOCK, _environment(**env):
        return dbtRunner(callbacks=list(callbacks)).invoke(full_args)


def _failure(result) -> ArlakeError:
    """Turn a failed dbt result into an error that names the failing node (and the file for raw data errors)."""
    messages = []
    if result.exception is not None:
        messages.append(str(result.exception))
    nodes = getattr(result.result, "results", None) or []
    failing = [r for r in nodes if str(r.status).lower() in ("error", "fail", "runtime error")]
    for r in failing:
        messages.append(f"{r.node.unique_id}: {r.message}")
    text = "\n".join(messages) or "dbt build failed"
    if RAW_DATA_MARKER in text:
        detail = text[text.index(RAW_DATA_MARKER) + len(RAW_DATA_MARKER) :].splitlines()[0].strip()
        # Spark words a raise_error() as `[USER_RAISED_EXCEPTION] <message> SQLSTATE: P0001`
        detail = detail.split(" SQLSTATE: ")[0].strip()
        node = failing[0].node.unique_id if failing else "the raw layer"
        return DataError(f"{detail} (while building {node})")
    if "Parquet" in text or "parquet" in text:
        return DataError(f"the raw layer could not be read: {text}")
    if OUT_OF_MEMORY in text:
        # DuckDB's own advice names SET statements a build cannot take; say what to change instead.
        where = f"while building {failing[0].node.unique_id}" if failing else "during the build"
        detail = text[text.index(OUT_OF_MEMORY) :].splitlines()[0].strip()
        limit = os.environ.get(MEMORY_ENV) or f"{DEFAULT_MEMORY_LIMIT} (the default)"
        return BuildError(
            f"out of memory {where}: DuckDB's memory limit was {limit}; set {MEMORY_ENV} higher "
            f"(the build spills to disk past the limit, but some steps need memory of their own). DuckDB: {detail}"
        )
    return BuildError(f"build failed: {text}")


class _NodeProgress:
    """dbt events -> progress: the nodes running now and how many of the build's nodes are done.

    dbt announces the node count (ConcurrencyLine; LogStartLine's total also counts the unit tests), then fires
    NodeStart and NodeFinished around every node, from its worker threads."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._running: dict[str, str] = {}  # unique_id -> "model int_invoice_ledger"
        self._lock = threading.Lock()

    def __call__(self, event) -> None:
        name = event.info.name
        if name == "NodeStart":
            node = event.data.node_info
            with self._lock:
                self._running[node.unique_id] = f"{node.resource_type} {node.node_name}"
                running = ", ".join(self._running.values())
            self._progress.update(running)
        elif name == "NodeFinished":
            with self._lock:
                self._running.pop(event.data.node_info.unique_id, None)
                running = ", ".join(self._running.values())
            self._progress.update(running or None, advance=1)
        elif name == "LogStartLine":
            self._progress.update(total=event.data.total)
        elif name == "ConcurrencyLine":
            self._progress.update("starting", total=event.data.node_count)


def build(
    data: Path,
    *,
    verbose: bool = False,
    progress: Progress = QUIET,
    engine: str = "duckdb",
    stop_spark: bool = False,
    warn: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build the warehouse of `data` atomically; raises DataError/BuildError naming what failed. `progress`
    hears which dbt node runs and how many are done. `engine` spark builds the as-of-independent tables on
    Spark (Parquet under <data>/.spark) and the DuckDB serving layer over them; with `stop_spark` the Spark
    session and its JVM are stopped before the serving build (a one-shot process: the command line), else they
    stay up for the next Spark build of this process. `warn` hears what may make the build fail late (too little
    free disk) before the work starts."""
    if engine not in ENGINES:
        raise ParameterError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "spark":
        check_spark()
    started = time.perf_counter()
    progress.update("checking the raw files")
    raw_bytes = sum(path.stat().st_size for path in check_raw_files(data))
    check_writable(data)
    threads = dbt_threads(raw_bytes)
    check_memory_limit()
    target = warehouse_path(data)
    callbacks = [] if progress is QUIET else [_NodeProgress(progress)]
    with _build_lock(data):
        staging = data / ".building"
        _remove_leftover(staging)
        try:
            staging.mkdir()
        except OSError as exc:
            raise DataError(f"cannot create the build folder {staging}: {_reason(exc)}") from None
        # Same file name as the warehouse: DuckDB names the catalog after the file, and views refer to it.
        fresh = staging / WAREHOUSE_NAME
        spill = staging / "spill"
        try:
            spill = spill_folder(staging)
            for line in disk_warnings(raw_bytes, data, spill):
                warn(line)
            spark_output = staging / "spark"
            serving: list[str] = []
            if engine == "spark":
                progress.update("building the as-of-independent tables on Spark")
                result = run_dbt(
                    ["run", "--target", "spark", *SPARK_SELECTION, "--vars", _raw_listing_vars(data)],
                    data,
                    staging / WAREHOUSE_NAME,
                    verbose=verbose,
                    callbacks=callbacks,
                    target_path="target-spark",
                    extra_env={SPARK_OUTPUT_ENV: str(spark_output), **_spark_submit_env(verbose)},
                )
                if stop_spark:
                    _stop_spark()
                if not result.success:
                    raise _failure(result)
                serving = [
                    *SERVING_SELECTION,
                    "--vars",
                    json.dumps({"arlake_spark_outputs": str(spark_output)}),
                ]
            progress.update("reading the dbt project")
            with _writable_by_duckdb(staging) as folder:
                result = run_dbt(
                    ["build", *serving],
                    data,
                    folder / WAREHOUSE_NAME,
                    verbose=verbose,
                    callbacks=callbacks,
                    spill=spill,
                    threads=threads,
                )
                if result.success and folder != staging:
                    shutil.move(folder / WAREHOUSE_NAME, fresh)
            if not result.success:
                raise _failure(result)
            progress.update("replacing the warehouse")
            try:
                os.replace(fresh, target)
            except OSError as exc:
                raise DataError(
                    f"cannot put the new warehouse in place at {target}: {_reason(exc)} "
                    "(the previous warehouse is unchanged)"
                ) from None
            if engine == "spark":
                _replace_folder(spark_output, data / SPARK_OUTPUT_NAME)
        finally:
            # the spill folder is inside ARLAKE_TEMP when that is set, never ARLAKE_TEMP itself
            shutil.rmtree(spill, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)
    counts: dict[str, int] = {}
    for r in getattr(result.result, "results", None) or []:
        if (
            r.node.resource_type == "operation"
        ):  # the project's hooks (creating the serving macros) are no node
            continue
        counts[str(r.status)] = counts.get(str(r.status), 0) + 1
    return BuildResult(
        warehouse=target,
        seconds=time.perf_counter() - started,
        counts=counts,
        warnings=raw_warnings(data),
    )


@contextlib.contextmanager
def _writable_by_duckdb(folder: Path) -> Iterator[Path]:
    """Where dbt writes the fresh warehouse: `folder`, or a fresh temporary folder when the real path of `folder`
    holds `?` or `#`. DuckDB cuts a database path at `?` to place its write-ahead log (and follows links to do so),
    and dbt-duckdb reads the profile's path as a URL (`?` and `#` end the path); reading such a file works."""
    if not set(os.path.realpath(folder)) & set("?#"):
        yield folder
        return
    work = Path(tempfile.mkdtemp(prefix="arlake-build-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove_leftover(staging: Path) -> None:
    """Remove what a killed build left behind; a leftover that cannot be removed is named (exit 3)."""
    if not (staging.exists() or staging.is_symlink()):
        return
    try:
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging)
        else:
            staging.unlink()
    except OSError as exc:
        raise DataError(
            f"cannot remove {staging}, left behind by an earlier build: {_reason(exc)}; remove it by hand"
        ) from None


def raw_warnings(data: Path) -> list[str]:
    """What the built warehouse lists as raw files, folders and columns that are not read, one line each."""
    from .warehouse import connect

    with connect(data) as con:
        rows = con.execute(
            "select detail from data_quality_issues"
            " where check_name in ('unread_file', 'unknown_table_folder', 'unknown_column')"
            " order by table_name, detail, check_name"
        ).fetchall()
    return [detail for (detail,) in rows]


def check_spark() -> None:
    """`--engine spark` needs the spark extra (exit 2 saying how to install it) and a Java runtime (exit 3)."""
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        raise ParameterError(
            "--engine spark needs the spark extra, which is not installed: pip install 'arlake[spark]' "
            "(dbt-spark with a local pyspark session)"
        ) from None
    java_home = os.environ.get("JAVA_HOME")
    java = Path(java_home) / "bin" / "java" if java_home else None
    if (
        not (java is not None and java.is_file() and os.access(java, os.X_OK))
        and shutil.which("java") is None
    ):
        raise RuntimeMissingError(
            "--engine spark needs a Java runtime (17 or newer) and none was found on PATH or in JAVA_HOME "
            "(Debian: apt-get install openjdk-17-jre-headless)"
        )


def _stop_spark() -> None:
    """Stop the Spark session dbt-spark started in this process and the JVM behind it, so that the DuckDB serving
    build has the memory the JVM's heap would otherwise hold until the process exits. A later Spark build in the
    process starts a new one."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway
    if gateway is None:
        return
    gateway.shutdown()
    process = getattr(gateway, "proc", None)
    if process is not None:  # the JVM exits when its standard input closes
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    SparkContext._gateway = None
    SparkContext._jvm = None


def _spark_submit_env(verbose: bool) -> dict[str, str]:
    """Spark's JVM logs errors only unless --verbose, or unless PYSPARK_SUBMIT_ARGS says otherwise (read when
    the JVM starts: the first Spark build of the process)."""
    if verbose or "PYSPARK_SUBMIT_ARGS" in os.environ:
        return {}
    return {
        "PYSPARK_SUBMIT_ARGS": f"--driver-java-options -Dlog4j2.configurationFile={SPARK_LOG_CONFIG.as_uri()} "
        "pyspark-shell"
    }


def raw_listing(data: Path) -> list[str]:
    """Every file under <data>/raw as DuckDB's glob lists it (hidden files included, lexical order): the listing
    the raw reader decides on, handed to Spark so that both engines read and warn about the same files."""
    import duckdb

    raw = str(raw_dir(data))
    pattern = raw.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]") + "/**"
    with duckdb.connect() as con:
        rows = con.execute("select file from glob(?) order by file", [pattern]).fetchall()
    return [file for (file,) in rows]


def _raw_listing_vars(data: Path) -> str:
    return json.dumps({"arlake_raw_files": raw_listing(data)})


def _replace_folder(fresh: Path, target: Path) -> None:
    """Put the folder `fresh` in place of `target` (the previous one is removed once the new one is there)."""
    old = target.with_name(target.name + ".old")
    try:
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    except OSError as exc:
        raise DataError(f"cannot put Spark's tables in place at {target}: {_reason(exc)}") from None
    finally:
        shutil.rmtree(old, ignore_errors=True)
