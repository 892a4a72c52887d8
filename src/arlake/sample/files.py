"""Where the generated data lands: ``<out>/raw/<table>/part-*.parquet``, published all at once.

Files are ``part-00000.parquet``, ``part-00001.parquet``, ... with at most ROWS_PER_FILE rows each (plus the
invoices' updates file), zstd-compressed, rows in id order, so the same arguments give byte-identical files.
The tables are written into a staging folder inside the output folder and moved into place at the end, so an
interrupted run never leaves a partial raw layer, and a raw layer that already holds data is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..project import RAW_TABLES as TABLES  # the generator writes every raw table the build reads

ROWS_PER_FILE = 2_000_000
# Lexically after the regular files: the current rows of the re-published invoices.
UPDATES_FILE = "part-99999-updates.parquet"
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd"


def check_target(raw_path: Path) -> None:
    """Refuse a raw layer that already holds data (never overwrite or mix)."""
    if raw_path.exists() and not raw_path.is_dir():
        raise ValueError(f"out: {raw_path} exists and is not a directory")
    if raw_path.is_dir():
        if any(raw_path.rglob("*.parquet")):
            raise ValueError(
                f"out: {raw_path} already holds parquet files; refusing to overwrite or mix data "
                "(choose an empty output folder)"
            )
        for table in TABLES:
            table_dir = raw_path / table
            if table_dir.exists() and (not table_dir.is_dir() or any(table_dir.iterdir())):
                raise ValueError(f"out: {table_dir} already exists and is not an empty folder")


def publish(staged_raw: Path, raw_path: Path) -> None:
    """Move the finished raw layer into place."""
    check_target(raw_path)
    if not raw_path.exists():
        os.replace(staged_raw, raw_path)
        return
    # raw/ exists but holds no data: move the table folders in one by one
    # (empty table folders are replaced).
    for table in TABLES:
        target = raw_path / table
        if target.is_dir():
            target.rmdir()
        os.replace(staged_raw / table, target)


def parts(num_col: str, *, total: int | None, base: int, file_name: str | None) -> list[tuple[str, str]]:
    """The files of one table as (file name, SQL filter on ``num_col``): one file, or ranges of ROWS_PER_FILE
    numbers from ``base`` when ``total`` rows need more."""
    if file_name is not None or total is None or total <= ROWS_PER_FILE:
        return [(file_name or "part-00000.parquet", "")]
    return [
        (f"part-{part:05d}.parquet", f" WHERE {num_col} BETWEEN {lo} AND {lo + ROWS_PER_FILE - 1}")
        for part, lo in enumerate(range(base, base + total, ROWS_PER_FILE))
    ]


def sql_str(path: Path | str) -> str:
    """A path inside an SQL string literal."""
    return str(path).replace("'", "''")
