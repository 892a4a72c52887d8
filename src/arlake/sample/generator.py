"""`generate`: check the arguments, run the steps in a staging folder, publish the raw layer."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from pathlib import Path

from ..progress import QUIET, Progress
from . import adjustments, customers, files, invoices, organizations, outreach, payments
from .reference import HISTORY_DAYS
from .session import Params, Session

DEFAULT_END_DATE = datetime.date(2026, 6, 30)

# In order: each step reads what the steps before it left in the session's database.
STEPS = (
    ("organizations", organizations.write),
    ("customers", customers.write),
    ("invoice life cycles", invoices.plan),
    ("invoices", invoices.write),
    ("payments and allocations", payments.write),
    ("adjustments", adjustments.write),
    ("outreach", outreach.write),
)


def generate(
    out: Path | str,
    *,
    invoices: int = 50_000,
    customers: int | None = None,
    seed: int = 42,
    end_date: datetime.date = DEFAULT_END_DATE,
    progress: Progress = QUIET,
) -> dict[str, int]:
    """Generate the raw layer under ``<out>/raw`` and return ``{table_name: row_count}``.

    ``invoices`` is the number of distinct invoices; ``customers`` defaults to
    ``max(1, invoices // 100)``.  The returned counts are the number of rows
    written per table (for ``invoices`` this includes the ~1% of re-published
    rows in the updates file, so it is slightly larger than ``invoices``).

    The data is written to a temporary folder inside ``out`` and renamed into
    place at the end, so an interrupted run never leaves a partial raw layer.
    Raises ``ValueError`` for invalid arguments and when ``<out>/raw`` already
    holds Parquet files. ``progress`` hears of each step and file.
    """
    n_invoices = _check_count("invoices", invoices)
    n_customers = max(1, n_invoices // 100) if customers is None else _check_count("customers", customers)
    if isinstance(seed, bool) or not isinstance(seed, int) or not -(2**63) <= seed < 2**63:
        raise ValueError(f"seed must be a 64-bit integer, got {seed!r}")
    if isinstance(end_date, datetime.datetime):
        end_date = end_date.date()
    if not isinstance(end_date, datetime.date):
        raise ValueError(f"end_date must be a datetime.date, got {end_date!r}")
    if end_date - datetime.timedelta(days=HISTORY_DAYS + 3 * 365) < datetime.date(1971, 1, 1):
        raise ValueError(f"end_date is too early: {end_date}")

    out_path = Path(out)
    if out_path.exists() and not out_path.is_dir():
        raise ValueError(f"out: {out_path} exists and is not a directory")
    raw_path = out_path / "raw"
    files.check_target(raw_path)
    params = Params.of(n_invoices=n_invoices, n_customers=n_customers, seed=seed, end_date=end_date)
    progress.update(total=len(STEPS) + 1)
    try:
        out_path.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".raw-staging-", dir=out_path))
    except OSError as exc:
        raise ValueError(f"out: cannot write into {out_path}: {exc.strerror or exc}") from None
    try:
        staged_raw = staging / "raw"
        staged_raw.mkdir()
        session = Session(params, staged_raw=staged_raw, work_dir=staging, progress=progress)
        try:
            for name, step in STEPS:
                progress.update(name)
                step(session)
                progress.update(advance=1)
        finally:
            session.close()
        progress.update("publishing raw/")
        files.publish(staged_raw, raw_path)
        progress.update(advance=1)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {t: session.counts[t] for t in files.TABLES}


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value
