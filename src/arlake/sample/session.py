"""The DuckDB session the generator works in, and the SQL of ``sql/*.sql``.

Each ``sql/<concern>.sql`` file holds the statements of one concern as Jinja macros (``customers_file()``,
``plan(p_draft)``, ...). They see the run's parameters (``seed``, ``n_invoices``, ``n_customers``, ``end_day``,
``start_day``, ``end_sec``, ``history_days``, ``growth``), the constants of `reference` and four helpers that
write SQL literals: ``quote``, ``sql_list``, ``pick`` and ``by_beh``.

The work runs in an in-memory DuckDB database with a memory limit (MEMORY_LIMIT) that spills to a folder inside
the staging directory.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import jinja2

from ..progress import QUIET, Progress
from . import files, reference

MEMORY_LIMIT = "4GB"
_EPOCH = datetime.date(1970, 1, 1)


@dataclass(frozen=True)
class Params:
    """One run's arguments, as the SQL uses them: times as days or seconds since 1970-01-01."""

    n_invoices: int
    n_customers: int
    seed: int
    end_day: int  # the end date: the last day of history (inclusive)
    start_day: int  # the first day of history
    end_sec: int  # the last second of the end date

    @classmethod
    def of(cls, *, n_invoices: int, n_customers: int, seed: int, end_date: datetime.date) -> Params:
        end_day = (end_date - _EPOCH).days
        return cls(
            n_invoices=n_invoices,
            n_customers=n_customers,
            seed=seed,
            end_day=end_day,
            start_day=end_day - reference.HISTORY_DAYS + 1,
            end_sec=(end_day + 1) * 86400 - 1,
        )


def quote(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_list(values: Iterable) -> str:
    """An SQL list literal of strings or numbers."""
    return "[" + ", ".join(quote(v) if isinstance(v, str) else repr(v) for v in values) + "]"


def pick(values: Sequence, draw: str) -> str:
    """SQL picking one element of ``values`` with the hash ``draw`` (an SQL expression)."""
    return f"{sql_list(values)}[1 + (({draw}) % {len(values)})::BIGINT]"


def by_beh(values: Sequence) -> str:
    """SQL for the element of ``values`` (one per payment behaviour) of the row's behaviour ``beh``."""
    return f"{sql_list(values)}[beh + 1]"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("arlake.sample", "sql"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    orgs = reference.ORGANIZATIONS
    env.globals.update(
        {name: value for name, value in vars(reference).items() if name.isupper()},
        quote=quote,
        sql_list=sql_list,
        pick=pick,
        by_beh=by_beh,
        history_days=reference.HISTORY_DAYS,
        growth=reference.GROWTH,
        organization_ids=[o.id for o in orgs],
        currencies=[o.currency for o in orgs],
        invoice_number_prefixes=[f"INV-{o.invoice_prefix}-" for o in orgs],
        branch_ids=[f"br_{o.number}{b:02d}" for o in orgs for b in range(1, 5)],
        ar_mailboxes=[o.ar_mailbox for o in orgs],
        ar_phones=[o.ar_phone for o in orgs],
        outreach_channels=[reference.OUTREACH_CHANNELS[k] for k in sorted(reference.OUTREACH_CHANNELS)],
    )
    return env


class Session:
    """An open DuckDB connection with the generator's macros, the run's parameters and the staged raw folder."""

    def __init__(
        self, params: Params, *, staged_raw: Path, work_dir: Path, progress: Progress = QUIET
    ) -> None:
        self.params = params
        self.raw = staged_raw
        self.progress = progress
        self.counts: dict[str, int] = {}
        self._env = _environment()
        self._spill = work_dir / "spill"
        # An in-memory database: the intermediate tables never need to persist.
        # Under memory pressure DuckDB spills to ``spill`` (inside the staging folder).
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self.con.execute(f"SET temp_directory = '{files.sql_str(self._spill)}'")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("SET enable_progress_bar = false")
        self._ordered = True
        self.sql(self.statements("functions").create())

    def close(self) -> None:
        self.con.close()

    def statements(self, name: str):
        """The macros of ``sql/<name>.sql``, each returning one statement (or query) as text."""
        return self._env.get_template(f"{name}.sql").make_module(asdict(self.params))

    def sql(self, query: str, *, ordered: bool = False) -> duckdb.DuckDBPyConnection:
        """Run ``query``.  ``ordered`` keeps the physical row order of the result
        (needed where a table is created with ORDER BY and numbered by rowid,
        and for COPY of such a table); elsewhere DuckDB may reorder freely."""
        if ordered != self._ordered:
            self.con.execute(f"SET preserve_insertion_order = {'true' if ordered else 'false'}")
            self._ordered = ordered
        return self.con.execute(query)

    def scalar(self, query: str):
        return self.con.execute(query).fetchone()[0]

    def copy(
        self,
        table: str,
        select: str,
        *,
        num_col: str,
        total: int | None = None,
        base: int = 1,
        file_name: str | None = None,
        presorted: bool = False,
    ) -> int:
        """Write ``select`` into ``raw/<table>``, ordered by ``num_col``; returns the rows the table now holds.

        ``num_col`` (dropped from the output) is dense from ``base`` to
        ``base + total - 1``; more than ROWS_PER_FILE rows are split into
        several files by ranges of it.  ``presorted`` means ``select`` already
        yields rows in ``num_col`` order (a scan of a table stored in that
        order), which spares the sort.
        """
        folder = self.raw / table
        folder.mkdir(exist_ok=True)
        order = "" if presorted else f" ORDER BY {num_col}"
        rows = 0
        for name, where in files.parts(num_col, total=total, base=base, file_name=file_name):
            self.progress.update(f"{table}/{name}")
            target = folder / name
            # COPY takes the path literally and returns the rows written: no file pattern is built from the
            # output path, which may hold `*`, `?` or `[`.
            rows += self.sql(
                f"COPY (SELECT * EXCLUDE ({num_col}) FROM ({select}){where}{order}) "
                f"TO '{files.sql_str(target)}' ({files.PARQUET_OPTIONS})",
                ordered=True,
            ).fetchone()[0]
        self.counts[table] = rows = self.counts.get(table, 0) + rows  # every file of the folder so far
        return rows
