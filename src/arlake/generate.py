"""Deterministic generator of realistic accounts-receivable data.

The generator writes the raw layer ``<out>/raw/<table>/part-*.parquet`` (one
folder per table) for the tables ``organizations``, ``customers``,
``invoices``, ``payments``, ``payment_allocations``, ``adjustments``,
``outreach`` and ``outreach_invoices``.

Everything is computed inside DuckDB with set-based SQL.  Every random draw is
derived from ``hash(seed, entity key, 'purpose')``, so the same seed and
arguments always produce the same rows regardless of thread scheduling, and a
different seed produces different data.  Money is computed as integer cents
and written as ``DECIMAL(18,2)`` in major units.

Model overview
--------------
* Three organizations (USD, EUR, GBP) with three business units and four
  branches each.
* Customers get a payment behaviour (prompt, late, chronically late, partial
  payer, disputer, non-payer), net terms (15/30/45/60), a category that drives
  invoice sizes, a preferred payment method and, for about a third of them, a
  weekly or bi-weekly payment run that pays several invoices with one payment.
  The lowest customer numbers are large "key accounts" with many invoices.
* Invoices are issued over the two years ending on ``end_date`` with mild
  volume growth; invoice numbers follow issue dates.  Each invoice gets a fate
  (paid in one or two instalments, partly paid, never paid, written off,
  marked uncollectible, credited, disputed, voided, still a draft) drawn from
  the customer's behaviour.  No event (issue, payment, allocation, adjustment,
  void, contact, modification) is dated after ``end_date``; invoices whose
  payment would fall later are simply still open.  Due dates and promised
  payment dates are intentions and may lie beyond ``end_date``.
* About 2% of payments fail and are retried successfully a few days later; the
  failed attempt is kept (``status = 'failed'``) with its allocations.
* Collection outreach (automated reminders before and after the due date,
  manual e-mails, calls, SMS, letters and inbound replies) is produced for
  invoices that are still unpaid on the day of the contact.  Contacts of the
  same kind on the same day for the same customer are one outreach row linked
  to all the invoices concerned.
* About 1% of invoices appear twice: the regular file holds an older snapshot
  and ``part-99999-updates.parquet`` holds the current row with a later
  ``modified_at``.

Layout and ids
--------------
Files are ``part-00000.parquet``, ``part-00001.parquet``, ... with at most
ROWS_PER_FILE rows each (plus the invoices' updates file), zstd-compressed.
Ids are zero-padded and numbered in time order where it matters:
``org_001``, ``cus_00000001``, ``inv_00000001`` (issue order, number
``INV-NW-00000001``), ``pay_00000001`` (received order), ``alc_00000001``
(by payment), ``adj_00000001`` and ``out_00000001`` (by time).  Rows are
written in id order, so the same arguments give byte-identical files.

The work runs in an in-memory DuckDB database with a memory limit
(MEMORY_LIMIT) that spills to a folder inside the staging directory.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

__all__ = ["DEFAULT_END_DATE", "TABLES", "generate"]

DEFAULT_END_DATE = datetime.date(2026, 6, 30)

TABLES = (
    "organizations",
    "customers",
    "invoices",
    "payments",
    "payment_allocations",
    "adjustments",
    "outreach",
    "outreach_invoices",
)

HISTORY_DAYS = 730
ROWS_PER_FILE = 2_000_000
UPDATES_FILE = "part-99999-updates.parquet"
MEMORY_LIMIT = "4GB"
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd"

_EPOCH = datetime.date(1970, 1, 1)
# Relative volume growth over the history (0.6 = 60% more invoices per day at
# the end than at the start).
_GROWTH = 0.6

# (number, id, name, base currency, invoice prefix, AR mailbox, AR phone)
_ORGANIZATIONS = (
    (1, "org_001", "Northwind Supply Co.", "USD", "NW", "ar@northwind-supply.example.com", "+1-312-555-0100"),
    (
        2,
        "org_002",
        "Rheinland Industriebedarf GmbH",
        "EUR",
        "RH",
        "debitoren@rheinland-ib.example.de",
        "+49 221 5550 100",
    ),
    (
        3,
        "org_003",
        "Thames Valley Services Ltd",
        "GBP",
        "TV",
        "credit.control@thamesvalley.example.co.uk",
        "+44 118 496 0100",
    ),
)

_NAME_FIRST = (
    "Acme",
    "Apex",
    "Atlas",
    "Beacon",
    "Birch",
    "Blue",
    "Bright",
    "Cascade",
    "Cedar",
    "Summit",
    "Crescent",
    "Delta",
    "Eagle",
    "Ember",
    "Evergreen",
    "Falcon",
    "Frontier",
    "Granite",
    "Harbor",
    "Horizon",
    "Iron",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Liberty",
    "Maple",
    "Meridian",
    "Nova",
    "Oak",
    "Orion",
    "Pacific",
    "Peak",
    "Pine",
    "Pioneer",
    "Prairie",
    "Quantum",
    "Redwood",
    "Ridge",
    "River",
    "Sierra",
    "Silver",
    "Sterling",
    "Stone",
    "Sun",
    "Titan",
    "Union",
    "Valley",
    "Vertex",
    "Willow",
    "Zenith",
)
_NAME_SECOND = (
    "Analytics",
    "Bakery",
    "Builders",
    "Cabinets",
    "Catering",
    "Clinics",
    "Construction",
    "Consulting",
    "Dental",
    "Design",
    "Distribution",
    "Electric",
    "Energy",
    "Engineering",
    "Farms",
    "Fitness",
    "Foods",
    "Freight",
    "Furniture",
    "Hardware",
    "Health",
    "Hospitality",
    "Imports",
    "Industries",
    "Labs",
    "Landscaping",
    "Logistics",
    "Machining",
    "Manufacturing",
    "Marine",
    "Media",
    "Medical",
    "Metals",
    "Motors",
    "Packaging",
    "Plastics",
    "Plumbing",
    "Printing",
    "Retail",
    "Robotics",
    "Software",
    "Textiles",
    "Tools",
    "Transport",
    "Travel",
)
_STREETS = (
    "Main St",
    "Oak Ave",
    "Market St",
    "Industrial Pkwy",
    "Commerce Dr",
    "Station Rd",
    "High St",
    "Mill Lane",
    "Park Rd",
    "Harbour Way",
    "Hauptstrasse",
    "Bahnhofstrasse",
    "Industriestrasse",
)
_CITIES = {
    1: ("Chicago, IL", "Denver, CO", "Austin, TX", "Columbus, OH", "Atlanta, GA", "Portland, OR"),
    2: ("Koeln", "Duesseldorf", "Bonn", "Essen", "Dortmund", "Aachen"),
    3: ("Reading", "Oxford", "Slough", "Swindon", "London", "Basingstoke"),
}
_SUFFIXES = {
    1: ("Inc.", "LLC", "Corp.", "Co."),
    2: ("GmbH", "AG", "KG", "GmbH & Co. KG"),
    3: ("Ltd", "plc", "LLP", "Ltd"),
}

# Behaviours: 0 prompt, 1 late, 2 chronically late, 3 partial payer,
# 4 disputer, 5 non-payer.  Per-behaviour probabilities per invoice:
_P_NEVER = (0.003, 0.01, 0.04, 0.0, 0.04, 0.6)  # never paid at all
_P_PART_NEVER = (0.002, 0.005, 0.02, 0.15, 0.01, 0.05)  # part paid, rest never
_P_SPLIT = (0.015, 0.03, 0.05, 0.7, 0.03, 0.03)  # paid in two instalments
_P_DISPUTE = (0.004, 0.008, 0.02, 0.02, 0.45, 0.05)
_P_PTP = (0.03, 0.15, 0.25, 0.2, 0.15, 0.05)  # promise to pay
_P_MANUAL_EMAIL = (0.10, 0.45, 0.6, 0.5, 0.5, 0.7)
_P_CALL_1 = (0.03, 0.2, 0.6, 0.4, 0.5, 0.7)
_P_CALL_2 = (0.0, 0.05, 0.4, 0.2, 0.3, 0.6)
_P_LETTER = (0.0, 0.0, 0.3, 0.1, 0.1, 0.6)
_P_INBOUND_CALL = (0.005, 0.02, 0.03, 0.03, 0.15, 0.02)

# Outreach kinds: 1-4 automated e-mails (reminder before the due date, then
# overdue, second reminder, final notice); 5 automated SMS; 6 manual e-mail;
# 7-8 collection calls; 9 letter; 10 the customer's e-mail reply; 11 inbound call.
_OUTREACH_CHANNELS = {
    1: "email",
    2: "email",
    3: "email",
    4: "email",
    5: "sms",
    6: "email",
    7: "call",
    8: "call",
    9: "letter",
    10: "email",
    11: "call",
}


def generate(
    out: Path | str,
    *,
    invoices: int = 50_000,
    customers: int | None = None,
    seed: int = 42,
    end_date: datetime.date = DEFAULT_END_DATE,
) -> dict[str, int]:
    """Generate the raw layer under ``<out>/raw`` and return ``{table_name: row_count}``.

    ``invoices`` is the number of distinct invoices; ``customers`` defaults to
    ``max(1, invoices // 100)``.  The returned counts are the number of rows
    written per table (for ``invoices`` this includes the ~1% of re-published
    rows in the updates file, so it is slightly larger than ``invoices``).

    The data is written to a temporary folder inside ``out`` and renamed into
    place at the end, so an interrupted run never leaves a partial raw layer.
    Raises ``ValueError`` for invalid arguments and when ``<out>/raw`` already
    holds Parquet files.
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
    _check_target(raw_path)
    try:
        out_path.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".raw-staging-", dir=out_path))
    except OSError as exc:
        raise ValueError(f"out: cannot write into {out_path}: {exc.strerror or exc}") from None
    try:
        staged_raw = staging / "raw"
        staged_raw.mkdir()
        counts = _Writer(
            staged_raw=staged_raw,
            work_dir=staging,
            n_invoices=n_invoices,
            n_customers=n_customers,
            seed=seed,
            end_date=end_date,
        ).run()
        _publish(staged_raw, raw_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value


def _check_target(raw_path: Path) -> None:
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


def _publish(staged_raw: Path, raw_path: Path) -> None:
    """Move the finished raw layer into place."""
    _check_target(raw_path)
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


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _sql_list(values) -> str:
    """A SQL list literal of strings or numbers."""
    return "[" + ", ".join(_quote(v) if isinstance(v, str) else repr(v) for v in values) + "]"


def _pick(values, draw: str) -> str:
    """SQL expression picking one element of ``values`` with the hash ``draw``."""
    return f"{_sql_list(values)}[1 + (({draw}) % {len(values)})::BIGINT]"


def _by_beh(values) -> str:
    return f"{_sql_list(values)}[beh + 1]"


class _Writer:
    def __init__(
        self,
        *,
        staged_raw: Path,
        work_dir: Path,
        n_invoices: int,
        n_customers: int,
        seed: int,
        end_date: datetime.date,
    ) -> None:
        self.raw = staged_raw
        self.work_dir = work_dir
        self.N = n_invoices
        self.C = n_customers
        self.seed = seed
        self.E = (end_date - _EPOCH).days  # last day of history (inclusive)
        self.START = self.E - HISTORY_DAYS + 1
        self.END_SEC = (self.E + 1) * 86400 - 1  # last second of the end date
        self.counts: dict[str, int] = {}

    # ------------------------------------------------------------------ infra
    def run(self) -> dict[str, int]:
        spill = self.work_dir / "spill"
        # An in-memory database: the intermediate tables never need to persist.
        # Under memory pressure DuckDB spills to ``spill`` (inside the staging folder).
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            con.execute(f"SET temp_directory = '{_sql_str(spill)}'")
            con.execute("SET preserve_insertion_order = true")
            con.execute("SET enable_progress_bar = false")
            self.con = con
            self._ordered = True
            self._macros()
            self._organizations()
            self._customers()
            self._plan()
            self._invoices()
            self._payments()
            self._adjustments()
            self._outreach()
        finally:
            con.close()
        shutil.rmtree(spill, ignore_errors=True)
        return {t: self.counts[t] for t in TABLES}

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
        """Write ``select`` into ``raw/<table>``, ordered by ``num_col``.

        ``num_col`` (dropped from the output) is dense from ``base`` to
        ``base + total - 1``; more than ROWS_PER_FILE rows are split into
        several files by ranges of it.  ``presorted`` means ``select`` already
        yields rows in ``num_col`` order (a scan of a table stored in that
        order), which spares the sort.
        """
        folder = self.raw / table
        folder.mkdir(exist_ok=True)
        order = "" if presorted else f" ORDER BY {num_col}"
        if file_name is not None or total is None or total <= ROWS_PER_FILE:
            ranges = [(file_name or "part-00000.parquet", "")]
        else:
            ranges = [
                (f"part-{part:05d}.parquet", f" WHERE {num_col} BETWEEN {lo} AND {lo + ROWS_PER_FILE - 1}")
                for part, lo in enumerate(range(base, base + total, ROWS_PER_FILE))
            ]
        rows = 0
        for name, where in ranges:
            target = folder / name
            # COPY takes the path literally and returns the rows written: no file pattern is built from the
            # output path, which may hold `*`, `?` or `[`.
            rows += self.sql(
                f"COPY (SELECT * EXCLUDE ({num_col}) FROM ({select}){where}{order}) "
                f"TO '{_sql_str(target)}' ({PARQUET_OPTIONS})",
                ordered=True,
            ).fetchone()[0]
        self.counts[table] = rows = self.counts.get(table, 0) + rows  # every file of the folder so far
        return rows

    def _macros(self) -> None:
        s = int(self.seed)
        self.sql(f"""
            CREATE OR REPLACE TEMP MACRO u(k, p) AS (hash({s}, k, hash(p)) % 1000000)::DOUBLE / 1000000.0;
            CREATE OR REPLACE TEMP MACRO u2(k1, k2, p) AS (hash({s}, k1, k2, hash(p)) % 1000000)::DOUBLE / 1000000.0;
            CREATE OR REPLACE TEMP MACRO hh(k, p) AS hash({s}, k, hash(p));
            CREATE OR REPLACE TEMP MACRO ri(k, p, lo, hi) AS
                ((lo)::BIGINT + (hash({s}, k, hash(p)) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
            CREATE OR REPLACE TEMP MACRO ri2(k1, k2, p, lo, hi) AS
                ((lo)::BIGINT + (hash({s}, k1, k2, hash(p)) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
            CREATE OR REPLACE TEMP MACRO money(cents) AS ((cents)::BIGINT * 0.01::DECIMAL(3, 2))::DECIMAL(18, 2);
            CREATE OR REPLACE TEMP MACRO ts(sec) AS make_timestamp((sec)::BIGINT * 1000000);
            CREATE OR REPLACE TEMP MACRO dt(d) AS (DATE '1970-01-01' + (d)::INTEGER);
            CREATE OR REPLACE TEMP MACRO fid(prefix, n) AS
                CASE WHEN (n) < 100000000 THEN prefix || substr((100000000 + (n))::VARCHAR, 2)
                     ELSE prefix || (n)::VARCHAR END;
            CREATE OR REPLACE TEMP MACRO org_id(o) AS {_sql_list([o[1] for o in _ORGANIZATIONS])}[o];
            CREATE OR REPLACE TEMP MACRO inv_number(o, i) AS
                fid({_sql_list(["INV-" + o[4] + "-" for o in _ORGANIZATIONS])}[o], (i) + 1);
            CREATE OR REPLACE TEMP MACRO branch_id(o, b) AS
                {_sql_list([f"br_{o[0]}{b:02d}" for o in _ORGANIZATIONS for b in range(1, 5)])}[((o) - 1) * 4 + (b)];
        """)

    # ---------------------------------------------------------- organizations
    def _organizations(self) -> None:
        rows = ", ".join(
            f"({n}, {_quote(oid)}, {_quote(name)}, {_quote(cur)})" for n, oid, name, cur, *_ in _ORGANIZATIONS
        )
        self.copy(
            "organizations",
            f"""
            SELECT organization_id::VARCHAR AS organization_id, name::VARCHAR AS name,
                   base_currency::VARCHAR AS base_currency, 'DD MMM yyyy'::VARCHAR AS date_format, org
            FROM (VALUES {rows}) t(org, organization_id, name, base_currency)""",
            num_col="org",
        )

    # -------------------------------------------------------------- customers
    def _contact_sql(self) -> dict[str, str]:
        """SQL expressions for a customer's e-mail, phone and postal address (over _cust_sql's columns)."""
        mailbox = _pick(["ap", "accounts.payable", "billing", "finance", "invoices"], "hh(c, 'mailbox')")
        phone4 = "lpad(ri(c, 'phone', 0, 9999)::VARCHAR, 4, '0')"
        return {
            "email": f"""(CASE WHEN no_email THEN NULL ELSE
                {mailbox} || '@' || lower(w1) || '-' || lower(w2) || '-' || (c + 1)::VARCHAR
                || CASE org WHEN 1 THEN '.example.com' WHEN 2 THEN '.example.de' ELSE '.example.co.uk' END
            END)""",
            "phone": f"""(CASE org
                WHEN 1 THEN '+1-' || ri(c, 'area', 201, 989)::VARCHAR || '-555-' || {phone4}
                WHEN 2 THEN '+49 ' || ri(c, 'area', 30, 899)::VARCHAR || ' 5550 ' || {phone4}
                ELSE '+44 ' || ri(c, 'area', 113, 199)::VARCHAR || ' 496 ' || {phone4}
            END)""",
            "address": """(CASE org WHEN 2 THEN street || ' ' || street_no::VARCHAR || ', ' || city
                     ELSE street_no::VARCHAR || ' ' || street || ', ' || city END)""",
        }

    def _cust_sql(self, src: str) -> str:
        """SQL adding every customer attribute to the rows of ``src`` (which has a column ``c``).

        Customer attributes are pure functions of (seed, c), so they can be
        computed wherever they are needed instead of joined; a join would not
        keep the row order the writers rely on.
        """
        C, E, START = self.C, self.E, self.START
        n_key = max(1, C // 200)

        def by_org(values: dict, purpose: str) -> str:
            whens = " ".join(
                f"WHEN {o} THEN {_pick(values[o], f'hh(c, {chr(39)}{purpose}{chr(39)})')}" for o in (1, 2, 3)
            )
            return f"CASE org {whens} END"

        return f"""
        SELECT *,
            fid('cus_', c + 1) AS customer_id,
            w1 || ' ' || w2 || ' ' || suffix AS name
        FROM (
            SELECT *,
                CASE WHEN key_account THEN (CASE WHEN cu_terms < 0.5 THEN 45 ELSE 60 END)
                     WHEN cu_terms < 0.15 THEN 15 WHEN cu_terms < 0.60 THEN 30 WHEN cu_terms < 0.80 THEN 45
                     ELSE 60 END AS terms,
                CASE category WHEN 'enterprise' THEN 8.5 WHEN 'mid_market' THEN 7.6 WHEN 'smb' THEN 6.6
                              WHEN 'government' THEN 8.0 ELSE 6.4 END AS amount_mu,
                CASE org
                    WHEN 1 THEN (CASE WHEN category IN ('government', 'nonprofit') OR u(c, 'tax') < 0.35 THEN 0.0
                                      ELSE {_pick([0.0625, 0.0725, 0.0825, 0.0875], "hh(c, 'taxrate')")} END)
                    WHEN 2 THEN (CASE WHEN u(c, 'tax') < 0.85 THEN 0.19 WHEN u(c, 'tax') < 0.95 THEN 0.07 ELSE 0.0 END)
                    ELSE (CASE WHEN u(c, 'tax') < 0.90 THEN 0.20 ELSE 0.0 END) END AS tax_rate,
                ri(c, 'phase', 0, period - 1) AS phase,
                ri(c, 'dunning_day', 0, 3) AS dun_dow,
                u(c, 'reminders') < 0.85 AS reminders,
                u(c, 'sms') < 0.15 AS sms,
                NOT key_account AND u(c, 'no_email') < 0.02 AS no_email,
                u(c, 'bad_email') < 0.03 AS bad_email,
                u(c, 'paused') < 0.04 AS paused,
                {E} - ri(c, 'pause_day', 0, 120) AS pause_day,
                u(c, 'inactive') >= 0.03 AS is_active,
                CASE WHEN key_account THEN (CASE WHEN cu_method < 0.5 THEN 'wire' ELSE 'ach' END)
                     WHEN cu_method < 0.45 THEN 'ach' WHEN cu_method < 0.70 THEN 'check' WHEN cu_method < 0.85 THEN 'wire'
                     ELSE 'card' END AS method,
                ri(c, 'branch', 1, 4) AS home_branch,
                CASE WHEN key_account THEN 1 ELSE ri(c, 'bu', 1, 3) END AS bu,
                ({START} - ri(c, 'created_day', 1, 1095)) * 86400 + ri(c, 'created_tod', 28800, 64799) AS created_sec,
                {by_org(_SUFFIXES, "suffix")} AS suffix,
                {by_org(_CITIES, "city")} AS city,
                {_pick(_STREETS, "hh(c, 'street')")} AS street,
                ri(c, 'street_no', 1, 9800) AS street_no
            FROM (
                SELECT *,
                    CASE WHEN key_account THEN (CASE WHEN cu_beh < 0.6 THEN 0 WHEN cu_beh < 0.9 THEN 1 ELSE 2 END)
                         ELSE (CASE WHEN cu_beh < 0.45 THEN 0 WHEN cu_beh < 0.70 THEN 1 WHEN cu_beh < 0.80 THEN 2
                                    WHEN cu_beh < 0.90 THEN 3 WHEN cu_beh < 0.96 THEN 4 ELSE 5 END) END AS beh,
                    CASE WHEN key_account THEN 'enterprise'
                         WHEN cu_cat < 0.08 THEN 'enterprise' WHEN cu_cat < 0.35 THEN 'mid_market'
                         WHEN cu_cat < 0.90 THEN 'smb' WHEN cu_cat < 0.95 THEN 'government'
                         ELSE 'nonprofit' END AS category,
                    key_account OR u(c, 'batch') < 0.3 AS batch,
                    CASE WHEN u(c, 'period') < 0.6 THEN 7 ELSE 14 END AS period
                FROM (
                    SELECT *,
                        c < {n_key} AS key_account,
                        CASE WHEN u(c, 'org') < 0.55 THEN 1 WHEN u(c, 'org') < 0.80 THEN 2 ELSE 3 END AS org,
                        u(c, 'beh') AS cu_beh, u(c, 'cat') AS cu_cat, u(c, 'terms') AS cu_terms,
                        u(c, 'method') AS cu_method,
                        {_pick(_NAME_FIRST, "hh(c, 'name1')")} AS w1,
                        {_pick(_NAME_SECOND, "hh(c, 'name2')")} AS w2
                    FROM {src}
                )
            )
        )"""

    def _customers(self) -> None:
        C, E, END_SEC = self.C, self.E, self.END_SEC
        self.sql(f"CREATE TABLE cust AS {self._cust_sql(f'(SELECT c FROM range({C}) t(c))')}")
        contact = self._contact_sql()
        self.copy(
            "customers",
            f"""
            SELECT customer_id::VARCHAR AS customer_id,
                org_id(org)::VARCHAR AS organization_id,
                name::VARCHAR AS name,
                fid('AC-', c + 1)::VARCHAR AS account_number,
                (CASE WHEN u(c, 'ext') < 0.08 THEN NULL ELSE 'CRM-' || ri(c, 'ext_id', 1000000, 9999999)::VARCHAR END)::VARCHAR
                    AS external_id,
                ('bu_' || org::VARCHAR || '0' || bu::VARCHAR)::VARCHAR AS business_unit_id,
                {contact["email"]}::VARCHAR AS email,
                {contact["phone"]}::VARCHAR AS phone,
                {contact["address"]}::VARCHAR AS address,
                category::VARCHAR AS category,
                {_sql_list([o[3] for o in _ORGANIZATIONS])}[org]::VARCHAR AS currency,
                is_active::BOOLEAN AS is_active,
                paused::BOOLEAN AS outreach_paused,
                ts(created_sec) AS created_at,
                ts(least({END_SEC}, greatest(
                    created_sec + ri(c, 'modified', 0, 400 * 86400),
                    CASE WHEN paused THEN pause_day * 86400 + ri(c, 'pause_tod', 28800, 64799) END,
                    CASE WHEN NOT is_active THEN ({E} - ri(c, 'inactive_day', 0, 60)) * 86400 + 43200 END))) AS modified_at,
                c
            FROM cust""",
            num_col="c",
            total=C,
            base=0,
        )

    # ------------------------------------------------------------------- plan
    def _plan(self) -> None:
        """One row per invoice with its whole life cycle (amounts, payments, closure)."""
        N, C, E, START, END_SEC = self.N, self.C, self.E, self.START, self.END_SEC
        g = _GROWTH
        # Share of invoices issued in the last 21 days; drafts make up ~1% overall.
        t21 = (HISTORY_DAYS - 21) / HISTORY_DAYS
        recent_share = 1 - (t21 + g * t21 * t21 / 2) / (1 + g / 2)
        p_draft = min(1.0, 0.01 / recent_share)

        def snap(d: str) -> str:  # the customer's next payment-run day on or after d (batch payers)
            return (
                f"(CASE WHEN batch THEN ({d}) + ((phase - ({d})) % period + period) % period ELSE ({d}) END)"
            )

        # range() is a single-threaded source; a stored table is scanned in parallel.
        self.sql(f"CREATE TABLE inv_ids AS SELECT i FROM range({N}) t(i)")
        self.sql(
            f"""
        CREATE TABLE inv AS
        WITH a AS (
            SELECT i, least({C - 1}, floor({C} * pow(u(i, 'customer'), 1.5)))::BIGINT AS c,
                   {START} + least({HISTORY_DAYS - 1},
                       floor({HISTORY_DAYS} * (sqrt(1 + {2 * g * (1 + g / 2)} * ((i + 0.5) / {N})) - 1) / {g}))::BIGINT AS d0
            FROM inv_ids
        ), b AS (
            SELECT i, c, org, beh, terms, batch, period, phase, home_branch,
                amount_mu, tax_rate, category, reminders, sms, NOT no_email AS has_email,
                paused, pause_day, dun_dow,
                CASE (d0 + 3) % 7 WHEN 5 THEN d0 - 1
                                  WHEN 6 THEN (CASE WHEN d0 + 1 <= {E} THEN d0 + 1 ELSE d0 - 2 END)
                                  ELSE d0 END AS issue_day,
                u(i, 'type') < 0.005 AS payable,
                u(i, 'fate') AS uf,
                u(i, 'mode') AS um
            FROM ({self._cust_sql("a")})
        ), c1 AS (
            SELECT *,
                issue_day * 86400 + ri(i, 'issue_tod', 28800, 64799) AS issued_sec,
                issue_day + terms AS due_day,
                u(i, 'no_due_date') < 0.02 AS no_due,
                issue_day >= {E - 20} AND u(i, 'draft') < {p_draft} AS is_draft,
                uf < 0.01 AS is_void_draw,
                -- lognormal subtotal in cents (Box-Muller from two hash draws)
                greatest(500, least(500000000, round(exp(amount_mu + 0.9 *
                    sqrt(-2 * ln((hh(i, 'amount1') % 1000000 + 0.5) / 1000000.0)) *
                    cos(2 * pi() * u(i, 'amount2'))) * 100)))::BIGINT AS sub0,
                CASE WHEN um < {_by_beh(_P_NEVER)} THEN 'never'
                     WHEN um < {_by_beh(_P_NEVER)} + {_by_beh(_P_PART_NEVER)} THEN 'partial_never'
                     WHEN um < {_by_beh(_P_NEVER)} + {_by_beh(_P_PART_NEVER)} + {_by_beh(_P_SPLIT)} THEN 'split'
                     ELSE 'full' END AS mode,
                u(i, 'dispute') < {_by_beh(_P_DISPUTE)} AS disputed
            FROM b
        ), c2 AS (
            SELECT *,
                NOT is_draft AND is_void_draw AS is_void,
                NOT is_draft AND NOT is_void_draw AND NOT payable AS recv,
                CASE WHEN u(i, 'round') < 0.3 THEN greatest(100, round(sub0 / 100) * 100)::BIGINT ELSE sub0 END AS sub_cents,
                CASE WHEN u(i, 'discount') < 0.08 THEN {_pick([0.02, 0.05, 0.10], "hh(i, 'discount_pct')")} ELSE 0.0 END AS disc_pct
            FROM c1
        ), c3 AS (
            SELECT *,
                round(sub_cents * tax_rate)::BIGINT AS tax_cents,
                round(sub_cents * disc_pct)::BIGINT AS disc_cents
            FROM c2
        ), c4 AS (
            SELECT *,
                sub_cents + tax_cents - disc_cents AS total_cents,
                CASE WHEN u(i, 'credit_note') < 0.023 THEN 'generic'
                     WHEN disputed AND mode IN ('full', 'split') AND u(i, 'settle') < 0.5 THEN 'settle' END AS cn_kind
            FROM c3
        ), c5 AS (
            SELECT *,
                CASE cn_kind
                    WHEN 'generic' THEN least(total_cents - 1, greatest(1, round(total_cents * (0.05 + 0.35 * u(i, 'cn_pct')))))
                    WHEN 'settle' THEN least(total_cents - 1, greatest(1, round(total_cents * (0.10 + 0.50 * u(i, 'cn_pct')))))
                    ELSE 0 END::BIGINT AS cn_cents,
                CASE cn_kind WHEN 'generic' THEN issue_day + ri(i, 'cn_day', 2, 25)
                             WHEN 'settle' THEN due_day + ri(i, 'cn_day', 20, 90) END AS cn_day,
                -- nominal day of the first payment
                CASE
                    WHEN disputed AND cn_kind = 'settle' THEN due_day + ri(i, 'cn_day', 20, 90) + ri(i, 'delay', 1, 15)
                    WHEN disputed THEN due_day + ri(i, 'delay', 60, 200)
                    WHEN beh = 0 THEN (CASE WHEN u(i, 'late') < 0.9 THEN due_day - ri(i, 'delay', 0, least(terms - 2, 12))
                                            ELSE due_day + ri(i, 'delay', 1, 10) END)
                    WHEN beh = 1 THEN (CASE WHEN u(i, 'late') < 0.1 THEN due_day - ri(i, 'delay', 0, 5)
                                            ELSE due_day + ri(i, 'delay', 1, 30) END)
                    WHEN beh = 2 THEN due_day + 30 + floor(pow(u(i, 'delay'), 1.3) * 121)::BIGINT
                    WHEN beh = 3 THEN due_day + ri(i, 'delay', -5, 20)
                    WHEN beh = 4 THEN due_day + ri(i, 'delay', 0, 45)
                    ELSE due_day + ri(i, 'delay', 60, 300) END AS nominal1
            FROM c4
        ), c6 AS (
            SELECT *,
                total_cents - cn_cents AS rem_cents,
                {snap("greatest(issue_day + 1, nominal1, coalesce(cn_day + 1, 0))")} AS snap1
            FROM c5
        ), c7 AS (
            SELECT *,
                CASE WHEN batch THEN -(1 + c * 16777216 + snap1) ELSE i * 2 END AS key1,
                ri(CASE WHEN batch THEN -(1 + c * 16777216 + snap1) ELSE i * 2 END, 'retry', 2, 6) AS retry1
            FROM c6
        ), c8 AS (
            SELECT *,
                u(key1, 'fail') < 0.02 AND snap1 + retry1 <= {E} AS fail1
            FROM c7
        ), c9 AS (
            SELECT *,
                snap1 + CASE WHEN fail1 THEN retry1 ELSE 0 END AS final1
            FROM c8
        ), c10 AS (
            SELECT *,
                {snap("final1 + ri(i, 'gap', 15, 90)")} AS snap2,
                CASE WHEN mode = 'full' THEN rem_cents + CASE WHEN u(i, 'overpay') < 0.0005 THEN ri(i, 'overpay_cents', 1, 2500) ELSE 0 END
                     ELSE greatest(1, least(rem_cents - 1, round(rem_cents * (0.25 + 0.5 * u(i, 'part')))))::BIGINT
                END AS a1,
                due_day + ri(i, 'writeoff_day', 90, 270) AS wo_day
            FROM c9
        ), c11 AS (
            SELECT *,
                CASE WHEN batch THEN -(1 + c * 16777216 + snap2) ELSE i * 2 + 1 END AS key2,
                CASE WHEN mode = 'split' THEN rem_cents - a1 ELSE 0 END AS a2
            FROM c10
        ), c12 AS (
            SELECT *,
                ri(key2, 'retry', 2, 6) AS retry2,
                u(key2, 'fail') < 0.02 AND snap2 + ri(key2, 'retry', 2, 6) <= {E} AS fail2
            FROM c11
        ), c13 AS (
            SELECT *,
                snap2 + CASE WHEN fail2 THEN retry2 ELSE 0 END AS final2,
                recv AND mode <> 'never' AND final1 <= {E} AS e1_ok,
                recv AND cn_kind IS NOT NULL AND cn_day <= {E} AS cn_ok
            FROM c12
        ), c14 AS (
            SELECT *,
                e1_ok AND mode = 'split' AND final2 <= {E} AS e2_ok,
                final1 * 86400 + ri(key1, 'pay_tod', 21600, 71999) AS psec1,
                snap1 * 86400 + ri(key1, 'fail_tod', 21600, 71999) AS fsec1,
                final2 * 86400 + ri(key2, 'pay_tod', 21600, 71999) AS psec2,
                snap2 * 86400 + ri(key2, 'fail_tod', 21600, 71999) AS fsec2
            FROM c13
        ), c15 AS (
            SELECT *,
                CASE WHEN e1_ok AND u(i, 'applied1') < 0.08
                     THEN least({END_SEC}, psec1 + ri(i, 'applied_delay1', 3600, 7 * 86400)) END AS app1,
                CASE WHEN e2_ok AND u(i, 'applied2') < 0.08
                     THEN least({END_SEC}, psec2 + ri(i, 'applied_delay2', 3600, 7 * 86400)) END AS app2,
                recv AND ((mode = 'full' AND e1_ok) OR (mode = 'split' AND e2_ok)) AS settled,
                recv AND mode IN ('never', 'partial_never') AND wo_day <= {E}
                    AND (mode = 'never' OR final1 < wo_day) AS wo_eligible
            FROM c14
        ), c16 AS (
            SELECT *,
                wo_eligible AND u(i, 'writeoff') < 0.30 AS write_off,
                wo_eligible AND u(i, 'writeoff') >= 0.30 AND u(i, 'writeoff') < 0.40 AS mark_unc,
                wo_day * 86400 + ri(i, 'writeoff_tod', 28800, 64799) AS wo_sec,
                CASE WHEN mode = 'split' THEN final2 ELSE final1 END AS last_pay_day,
                greatest(coalesce(app1, psec1), CASE WHEN mode = 'split' THEN coalesce(app2, psec2) END) AS paid_sec
            FROM c15
        ), c17 AS (
            SELECT *,
                CASE WHEN is_draft THEN 'draft' WHEN is_void THEN 'void'
                     WHEN payable THEN (CASE WHEN due_day + 5 <= {E} THEN 'paid' ELSE 'open' END)
                     WHEN settled THEN 'paid'
                     WHEN write_off OR mark_unc THEN 'uncollectible'
                     ELSE 'open' END AS status,
                total_cents - (CASE WHEN cn_ok THEN cn_cents ELSE 0 END)
                    - (CASE WHEN mode = 'partial_never' THEN a1 ELSE 0 END) AS wo_cents,
                CASE WHEN settled THEN last_pay_day WHEN write_off OR mark_unc THEN wo_day END AS close_day,
                greatest(issue_day + 1, due_day - ri(i, 'dispute_day', 0, 10)) AS dispute_day,
                issued_sec - ri(i, 'created', 0, 2 * 86400) AS created_sec,
                CASE WHEN is_void THEN least({END_SEC}, issued_sec + ri(i, 'void_after', 3600, 25 * 86400)) END AS void_sec
            FROM c16
        ), c18 AS (
            SELECT *,
                recv AND disputed AND status = 'open' AND dispute_day <= {E} AS in_dispute,
                CASE
                    WHEN status = 'paid' AND recv AND last_pay_day > due_day AND u(i, 'ptp') < {_by_beh(_P_PTP)}
                        THEN greatest(due_day + 1, last_pay_day - ri(i, 'ptp_day', 0, 5))
                    WHEN status = 'open' AND recv AND due_day < {E} AND u(i, 'ptp') < {_by_beh(_P_PTP)} + 0.1
                        THEN greatest(due_day + 1, {E} + ri(i, 'ptp_day', -10, 20))
                END AS ptp_day
            FROM c17
        )
        , c19 AS (
            SELECT *,
                CASE WHEN ptp_day IS NOT NULL THEN
                    least({E}, greatest(due_day + 1, ptp_day - ri(i, 'ptp_made', 3, 14))) * 86400
                    + ri(i, 'ptp_tod', 28800, 64799) END AS ptp_made_sec,
                cn_day * 86400 + ri(i, 'cn_tod', 28800, 64799) AS cn_sec
            FROM c18
        )
        SELECT
            -- invoice row
            i, c, org, payable, home_branch, sub_cents, tax_cents, disc_cents, total_cents,
            issued_sec, created_sec, due_day, no_due, status, void_sec, wo_sec, in_dispute, ptp_day,
            u(i, 'duplicate') < 0.01 AS dup,
            least({END_SEC}, greatest(created_sec, issued_sec, void_sec,
                CASE WHEN status = 'paid' AND recv THEN paid_sec END,
                CASE WHEN status = 'uncollectible' THEN wo_sec END,
                CASE WHEN cn_ok THEN cn_sec END,
                CASE WHEN e1_ok THEN coalesce(app1, psec1) END,
                CASE WHEN in_dispute THEN dispute_day * 86400 + ri(i, 'dispute_tod', 28800, 64799) END,
                ptp_made_sec,
                CASE WHEN payable AND status = 'paid' THEN (due_day + ri(i, 'payable_paid', -3, 5)) * 86400 + 43200 END
            )) AS mod0,
            -- payments
            e1_ok, e2_ok, fail1, fail2, key1, key2, psec1, psec2, fsec1, fsec2, a1, a2, app1, app2,
            -- adjustments
            cn_ok, cn_cents, cn_sec, write_off, wo_cents,
            -- outreach
            recv, beh, issue_day, disputed, dispute_day, coalesce(close_day, 2147483647) AS open_until,
            reminders, sms, has_email, paused, pause_day, dun_dow
        FROM c19
        """,
            ordered=True,
        )
        self.sql("DROP TABLE inv_ids")

    # --------------------------------------------------------------- invoices
    def _invoices(self) -> None:
        END_SEC = self.END_SEC
        currencies = _sql_list([o[3] for o in _ORGANIZATIONS])

        def row(*, stale: str) -> str:
            # ``stale``: SQL condition under which the older snapshot of a
            # re-published invoice is written instead of its current state.
            def pick(old: str, new: str) -> str:
                return f"(CASE WHEN {stale} THEN {old} ELSE {new} END)"

            modified = (
                f"CASE WHEN dup AND mod0 <= created_sec "
                f"THEN least({END_SEC}, created_sec + ri(i, 'touch', 3600, 172800)) ELSE mod0 END"
            )
            return f"""
            fid('inv_', i + 1)::VARCHAR AS invoice_id,
            org_id(org)::VARCHAR AS organization_id,
            fid('cus_', c + 1)::VARCHAR AS customer_id,
            inv_number(org, i)::VARCHAR AS number,
            (CASE WHEN payable THEN 'payable' ELSE 'receivable' END)::VARCHAR AS type,
            {currencies}[org]::VARCHAR AS currency,
            money(sub_cents) AS subtotal,
            money(tax_cents) AS total_tax,
            money(disc_cents) AS total_discount,
            money(total_cents) AS total_amount,
            ts(issued_sec) AS issued_at,
            (CASE WHEN no_due THEN NULL ELSE dt(due_day) END)::DATE AS due_date,
            {pick("CASE WHEN status = 'draft' THEN 'draft' ELSE 'open' END", "status")}::VARCHAR AS status,
            {pick("NULL", "ts(void_sec)")}::TIMESTAMP AS voided_at,
            {pick("NULL", "CASE WHEN status = 'uncollectible' THEN ts(wo_sec) END")}::TIMESTAMP
                AS marked_uncollectible_at,
            {pick("false", "in_dispute")}::BOOLEAN AS in_dispute,
            {pick("NULL", "dt(ptp_day)")}::DATE AS promised_to_pay_date,
            branch_id(org, CASE WHEN u(i, 'branch') < 0.8 THEN home_branch ELSE ri(i, 'other_branch', 1, 4) END
                )::VARCHAR AS branch_id,
            ts(created_sec) AS created_at,
            ts({pick("created_sec", modified)}) AS modified_at,
            i"""

        presorted = bool(self.scalar("SELECT bool_and(i = rowid) FROM inv"))
        # Regular files: the current row, or the older snapshot for re-published invoices.
        self.copy(
            "invoices",
            f"SELECT {row(stale='dup')} FROM inv",
            num_col="i",
            total=self.N,
            base=0,
            presorted=presorted,
        )
        # The updates file, lexically after the regular files: current rows of those invoices.
        if not self.scalar("SELECT count(*) FROM inv WHERE dup"):
            return
        self.copy(
            "invoices",
            f"SELECT {row(stale='false')} FROM inv WHERE dup",
            num_col="i",
            file_name=UPDATES_FILE,
            presorted=presorted,
        )

    # --------------------------------------------------------------- payments
    def _payments(self) -> None:
        END_SEC = self.END_SEC
        # One row per allocation, including the allocations of failed attempts.
        # A payment is identified by (pkey, failed); its time is a function of that key.
        self.sql("""
        CREATE TABLE ev AS
        SELECT i, c, org, 1 AS e, key1 AS pkey, false AS failed, psec1 AS psec, a1 AS cents, app1 AS app_sec
            FROM inv WHERE e1_ok
        UNION ALL SELECT i, c, org, 1, key1, true, fsec1, a1, NULL FROM inv WHERE e1_ok AND fail1
        UNION ALL SELECT i, c, org, 2, key2, false, psec2, a2, app2 FROM inv WHERE e2_ok
        UNION ALL SELECT i, c, org, 2, key2, true, fsec2, a2, NULL FROM inv WHERE e2_ok AND fail2
        """)
        methods = _sql_list(["ach", "card", "wire", "check"])
        # Payments in time order: payment number = rowid + 1.
        self.sql(
            f"""
        CREATE TABLE pay AS
        SELECT p.*,
            CASE WHEN u(p.pkey, 'method') < 0.85 THEN k.method
                 ELSE {methods}[1 + (hh(p.pkey, 'other_method') % 4)::BIGINT] END AS method
        FROM (SELECT pkey, failed, psec, c, org, sum(cents) AS cents FROM ev GROUP BY ALL) p
        JOIN cust k USING (c)
        ORDER BY psec, pkey, failed
        """,
            ordered=True,
        )
        # Allocations ordered by payment, then invoice: allocation number = rowid + 1.
        self.sql(
            """
        CREATE TABLE alloc AS
        SELECT p.rowid + 1 AS pay_num, ev.i, ev.e, ev.pkey, ev.psec, ev.cents, ev.app_sec
        FROM ev JOIN pay p USING (pkey, failed)
        ORDER BY pay_num, ev.i, ev.e
        """,
            ordered=True,
        )
        self.sql("DROP TABLE ev")
        n_pay = self.scalar("SELECT count(*) FROM pay")
        n_alloc = self.scalar("SELECT count(*) FROM alloc")
        self.copy(
            "payments",
            f"""
            SELECT fid('pay_', rowid + 1)::VARCHAR AS payment_id,
                org_id(org)::VARCHAR AS organization_id,
                fid('cus_', c + 1)::VARCHAR AS customer_id,
                money(cents) AS amount,
                ts(psec) AS received_at,
                {_sql_list([o[3] for o in _ORGANIZATIONS])}[org]::VARCHAR AS currency,
                method::VARCHAR AS payment_method,
                (CASE WHEN failed THEN 'failed' ELSE 'succeeded' END)::VARCHAR AS status,
                (CASE WHEN u2(pkey, failed::INTEGER, 'no_reference') < 0.04 THEN NULL
                      WHEN method = 'check'
                          THEN 'CHK-' || ri2(pkey, failed::INTEGER, 'reference', 100000, 999999)::VARCHAR
                      WHEN method = 'ach'
                          THEN 'ACH' || ri2(pkey, failed::INTEGER, 'reference', 100000000000, 999999999999)::VARCHAR
                      WHEN method = 'wire'
                          THEN 'FT' || upper(substr(to_hex(hash({self.seed}, pkey, failed::INTEGER, hash('reference'))), 1, 12))
                      ELSE 'ch_' || lower(to_hex(hash({self.seed}, pkey, failed::INTEGER, hash('reference')))) END)::VARCHAR
                    AS reference_number,
                ts(least({END_SEC}, psec + CASE WHEN failed THEN ri(pkey, 'failed_notice', 600, 2 * 86400)
                                              ELSE ri(pkey, 'settle_delay', 0, 600) END)) AS modified_at,
                rowid + 1 AS pay_num
            FROM pay""",
            num_col="pay_num",
            total=n_pay,
            presorted=True,
        )
        self.copy(
            "payment_allocations",
            """
            SELECT fid('alc_', rowid + 1)::VARCHAR AS allocation_id,
                fid('pay_', pay_num)::VARCHAR AS payment_id,
                fid('inv_', i + 1)::VARCHAR AS invoice_id,
                money(cents) AS amount,
                (CASE WHEN app_sec IS NOT NULL THEN ts(app_sec) END)::TIMESTAMP AS applied_at,
                (CASE WHEN u(pkey, 'strategy') < 0.7 THEN 'auto' ELSE 'manual' END)::VARCHAR AS strategy,
                ts(coalesce(app_sec, psec)) AS modified_at,
                rowid + 1 AS alloc_num
            FROM alloc""",
            num_col="alloc_num",
            total=n_alloc,
            presorted=True,
        )
        self.sql("DROP TABLE alloc")
        self.sql("DROP TABLE pay")

    # ------------------------------------------------------------ adjustments
    def _adjustments(self) -> None:
        END_SEC = self.END_SEC
        self.sql(
            """
        CREATE TABLE adj AS
        SELECT * FROM (
            SELECT i, 'credit_note' AS kind, cn_cents AS cents, cn_sec AS sec FROM inv WHERE cn_ok
            UNION ALL
            SELECT i, 'write_off', wo_cents, wo_sec FROM inv WHERE write_off)
        ORDER BY sec, i, kind
        """,
            ordered=True,
        )
        n_adj = self.scalar("SELECT count(*) FROM adj")
        self.copy(
            "adjustments",
            f"""
            SELECT fid('adj_', rowid + 1)::VARCHAR AS adjustment_id,
                fid('inv_', i + 1)::VARCHAR AS invoice_id,
                kind::VARCHAR AS kind,
                money(cents) AS amount,
                ts(sec) AS applied_at,
                ts(least({END_SEC}, sec + ri(i, 'adj_modified', 0, 3600))) AS modified_at,
                rowid + 1 AS adj_num
            FROM adj""",
            num_col="adj_num",
            total=n_adj,
            presorted=True,
        )
        self.sql("DROP TABLE adj")

    # --------------------------------------------------------------- outreach
    def _outreach(self) -> None:
        C, E, END_SEC = self.C, self.E, self.END_SEC
        contact = self._contact_sql()

        def dun(d: str) -> str:  # the customer's next collection weekday on or after d
            return f"(({d}) + ((dun_dow - (({d}) + 3) % 7) % 7 + 7) % 7)"

        outbound = (
            f"day <= {E} AND day >= issue_day + 1 AND day < open_until AND NOT (paused AND day >= pause_day)"
        )
        auto_overdue = "NOT no_due AND reminders AND has_email AND NOT (disputed AND day >= dispute_day)"
        d7 = f"{dun('due_day + 14')} + 1"
        # (kind, day, condition); the kinds are described at _OUTREACH_CHANNELS.
        touches = [
            (
                1,
                "due_day - 5",
                f"NOT no_due AND reminders AND has_email AND u(i, 'before_due') < 0.6 AND {outbound}",
            ),
            (2, dun("due_day + 1"), f"{auto_overdue} AND {outbound}"),
            (3, f"{dun('due_day + 1')} + 14", f"{auto_overdue} AND {outbound}"),
            (4, f"{dun('due_day + 1')} + 35", f"{auto_overdue} AND {outbound}"),
            (5, "due_day + 3", f"NOT no_due AND sms AND NOT disputed AND {outbound}"),
            (6, d7, f"has_email AND u(i, 'manual_email') < {_by_beh(_P_MANUAL_EMAIL)} AND {outbound}"),
            (7, f"{dun('due_day + 28')} + 1", f"u(i, 'call1') < {_by_beh(_P_CALL_1)} AND {outbound}"),
            (8, f"{dun('due_day + 56')} + 1", f"u(i, 'call2') < {_by_beh(_P_CALL_2)} AND {outbound}"),
            (9, dun("due_day + 90"), f"u(i, 'letter') < {_by_beh(_P_LETTER)} AND {outbound}"),
            (
                10,  # the customer's reply to the manual e-mail (kind 6)
                f"{d7} + ri(i, 'reply_delay', 1, 3)",
                f"u(i, 'reply') < 0.25 AND day <= {E} AND has_email "
                f"AND u(i, 'manual_email') < {_by_beh(_P_MANUAL_EMAIL)} "
                f"AND {d7} <= {E} AND {d7} >= issue_day + 1 AND {d7} < open_until "
                f"AND NOT (paused AND {d7} >= pause_day)",
            ),
            (
                11,
                "due_day + ri(i, 'inbound_call_day', -3, 20)",
                f"u(i, 'inbound_call') < {_by_beh(_P_INBOUND_CALL)} AND day <= {E} AND day >= issue_day + 1 "
                "AND day < open_until",
            ),
        ]
        union = "\n UNION ALL ".join(
            f"SELECT i, (day * 16 + {kind}) * {C} + c AS okey "
            f"FROM (SELECT *, ({day})::BIGINT AS day FROM inv WHERE recv) WHERE {cond}"
            for kind, day, cond in touches
        )
        # One row per (invoice, contact); contacts of one kind on one day for one
        # customer share the key okey = (day * 16 + kind) * C + customer.
        self.sql(f"CREATE TABLE touch AS {union}")
        self.sql("DROP TABLE inv")
        tod = (
            "CASE WHEN kind <= 5 THEN 25200 + ri(okey, 'tod', 0, 3599) "
            "WHEN kind <= 9 THEN ri(okey, 'tod', 30600, 63000) ELSE ri(okey, 'tod', 25200, 75599) END"
        )
        # Outreach rows in time order: outreach number = rowid + 1.
        self.sql(
            f"""
        CREATE TABLE outr AS
        SELECT o.*, day * 86400 + {tod} AS osec, k.org, k.bad_email,
            (CASE WHEN kind = 10 THEN {_sql_list([o[5] for o in _ORGANIZATIONS])}[k.org]
                  WHEN kind = 11 THEN {_sql_list([o[6] for o in _ORGANIZATIONS])}[k.org]
                  WHEN kind IN (5, 7, 8) THEN {contact["phone"]}
                  WHEN kind = 9 THEN {contact["address"]}
                  ELSE {contact["email"]} END)::VARCHAR AS to_address
        FROM (
            SELECT okey, n_inv, first_i, okey % {C} AS c, (okey // {C}) % 16 AS kind, okey // {C} // 16 AS day
            FROM (SELECT okey, count(*) AS n_inv, min(i) AS first_i FROM touch GROUP BY okey)
        ) o
        JOIN cust k USING (c)
        ORDER BY osec, okey
        """,
            ordered=True,
        )
        self.sql(
            """
        CREATE TABLE olink AS
        SELECT o.rowid + 1 AS onum, t.i FROM touch t JOIN outr o USING (okey)
        ORDER BY onum, t.i
        """,
            ordered=True,
        )
        self.sql("DROP TABLE touch")
        n_out = self.scalar("SELECT count(*) FROM outr")
        n_link = self.scalar("SELECT count(*) FROM olink")
        about = (
            "(CASE WHEN n_inv = 1 THEN 'invoice ' || inv_number(org, first_i) "
            "ELSE n_inv::VARCHAR || ' invoices' END)"
        )
        self.copy(
            "outreach",
            f"""
            SELECT fid('out_', onum)::VARCHAR AS outreach_id,
                org_id(org)::VARCHAR AS organization_id,
                fid('cus_', c + 1)::VARCHAR AS customer_id,
                channel::VARCHAR AS channel,
                ts(osec) AS occurred_at,
                (CASE WHEN kind >= 10 THEN 'inbound' ELSE 'outbound' END)::VARCHAR AS direction,
                (kind <= 5)::BOOLEAN AS is_automated,
                (CASE WHEN kind <= 5 THEN true WHEN kind = 6 THEN u(okey, 'in_product') < 0.75
                      WHEN kind IN (7, 8) THEN u(okey, 'in_product') < 0.6
                      WHEN kind IN (9, 10) THEN u(okey, 'in_product') < 0.5 ELSE false END)::BOOLEAN
                    AS is_originated_in_product,
                status::VARCHAR AS status,
                (CASE kind
                    WHEN 1 THEN 'Reminder: ' || {about} || ' due soon'
                    WHEN 2 THEN 'Payment overdue: ' || {about}
                    WHEN 3 THEN 'Second reminder: ' || {about} || ' overdue'
                    WHEN 4 THEN 'Final notice: ' || {about} || ' overdue'
                    WHEN 6 THEN 'Following up on ' || {about}
                    WHEN 7 THEN 'Collection call about ' || {about}
                    WHEN 8 THEN 'Collection call about ' || {about}
                    WHEN 9 THEN 'Final demand for payment of ' || {about}
                    WHEN 10 THEN 'RE: Following up on ' || {about}
                    WHEN 11 THEN 'Inbound call about ' || {about}
                 END)::VARCHAR AS subject,
                to_address,
                ts(least({END_SEC}, osec + CASE status WHEN 'opened' THEN ri(okey, 'opened_after', 300, 3 * 86400)
                                                      WHEN 'delivered' THEN ri(okey, 'delivered_after', 1, 600)
                                                      WHEN 'completed' THEN ri(okey, 'call_length', 60, 1200)
                                                      ELSE 0 END)) AS modified_at,
                onum
            FROM (SELECT *,
                    {_sql_list([_OUTREACH_CHANNELS[k] for k in sorted(_OUTREACH_CHANNELS)])}[kind] AS channel,
                    CASE
                        WHEN kind <= 4 THEN (CASE WHEN bad_email THEN 'bounced'
                            WHEN us < 0.01 THEN 'canceled' WHEN us < 0.025 THEN 'failed' WHEN us < 0.04 THEN 'bounced'
                            WHEN us < 0.20 THEN 'sent' WHEN us < 0.55 THEN 'delivered' ELSE 'opened' END)
                        WHEN kind = 5 THEN (CASE WHEN us < 0.06 THEN 'failed' WHEN us < 0.15 THEN 'sent' ELSE 'delivered' END)
                        WHEN kind = 6 THEN (CASE WHEN bad_email THEN 'bounced'
                            WHEN us < 0.02 THEN 'draft' WHEN us < 0.03 THEN 'failed' WHEN us < 0.05 THEN 'bounced'
                            WHEN us < 0.30 THEN 'sent' WHEN us < 0.60 THEN 'delivered' ELSE 'opened' END)
                        WHEN kind IN (7, 8) THEN (CASE WHEN us < 0.01 THEN 'canceled' WHEN us < 0.06 THEN 'failed'
                            WHEN us < 0.45 THEN 'no_answer' ELSE 'completed' END)
                        WHEN kind = 9 THEN (CASE WHEN us < 0.02 THEN 'canceled' ELSE 'sent' END)
                        WHEN kind = 10 THEN 'delivered'
                        ELSE 'completed' END AS status
                  FROM (SELECT *, rowid + 1 AS onum, u(okey, 'status') AS us FROM outr))""",
            num_col="onum",
            total=n_out,
            presorted=True,
        )
        self.copy(
            "outreach_invoices",
            """
            SELECT fid('out_', onum)::VARCHAR AS outreach_id,
                fid('inv_', i + 1)::VARCHAR AS invoice_id,
                rowid + 1 AS link_num
            FROM olink""",
            num_col="link_num",
            total=n_link,
            presorted=True,
        )
        self.sql("DROP TABLE outr")
        self.sql("DROP TABLE olink")


def _sql_str(path: Path | str) -> str:
    return str(path).replace("'", "''")
