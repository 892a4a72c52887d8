"""Test helpers: write small raw layers as real Parquet, query a built warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb


def write_parquet(path: Path, select_sql: str) -> Path:
    """Write the result of a DuckDB SELECT as a Parquet file (types exactly as the SELECT gives them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        target = str(path).replace("'", "''")  # a SQL string literal; COPY TO takes the path literally
        con.execute(f"COPY ({select_sql}) TO '{target}' (FORMAT parquet)")
    finally:
        con.close()
    return path


def query(warehouse: Path, sql: str, params: list | None = None, **variables) -> list[tuple]:
    """Rows of `sql` on a built warehouse file; names resolve in the intermediate layer, then the marts."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("SET search_path = 'main,reports'")
        for name, value in variables.items():
            con.execute(f"SET VARIABLE {name} = ?", [value])
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


MINIMAL_CUSTOMERS = "select 'c1' as customer_id, 'o1' as organization_id, 'Acme' as name"
MINIMAL_INVOICES = (
    "select 'i1' as invoice_id, 'o1' as organization_id, 'c1' as customer_id, "
    "100.00::decimal(18,2) as total_amount, timestamp '2025-01-01 10:00:00' as issued_at"
)


def rows_out_of_order(warehouse: Path, table: str, key: str) -> tuple[int, int]:
    """(rows, rows whose `key`, a SQL row expression, sorts before the previous row's in storage order) of a
    table of a built warehouse: (n, 0) when the table is stored in `key` order."""
    ((rows, out_of_order),) = query(
        warehouse,
        f"select count(*), count(*) filter (where k < p) from ("
        f" select {key} as k, lag({key}) over (order by rowid) as p from {table})",
    )
    return rows, out_of_order


def minimal_raw(data: Path) -> Path:
    """The smallest valid raw layer: one customer, one invoice of 100.00."""
    write_parquet(data / "raw" / "customers" / "part-0.parquet", MINIMAL_CUSTOMERS)
    write_parquet(data / "raw" / "invoices" / "part-0.parquet", MINIMAL_INVOICES)
    return data
