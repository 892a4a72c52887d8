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
  the customer's behaviour.  Nothing is dated after ``end_date``; invoices whose
  payment would fall later are simply still open.
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
"""

from __future__ import annotations

import datetime
import math
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
    (2, "org_002", "Rheinland Industriebedarf GmbH", "EUR", "RH", "debitoren@rheinland-ib.example.de", "+49 221 5550 100"),
    (3, "org_003", "Thames Valley Services Ltd", "GBP", "TV", "credit.control@thamesvalley.example.co.uk", "+44 118 496 0100"),
)

_NAME_FIRST = (
    "Acme", "Apex", "Atlas", "Beacon", "Birch", "Blue", "Bright", "Cascade", "Cedar", "Summit",
    "Crescent", "Delta", "Eagle", "Ember", "Evergreen", "Falcon", "Frontier", "Granite", "Harbor",
    "Horizon", "Iron", "Juniper", "Keystone", "Lakeside", "Liberty", "Maple", "Meridian", "Nova",
    "Oak", "Orion", "Pacific", "Peak", "Pine", "Pioneer", "Prairie", "Quantum", "Redwood", "Ridge",
    "River", "Sierra", "Silver", "Sterling", "Stone", "Sun", "Titan", "Union", "Valley", "Vertex",
    "Willow", "Zenith",
)
_NAME_SECOND = (
    "Analytics", "Bakery", "Builders", "Cabinets", "Catering", "Clinics", "Construction", "Consulting",
    "Dental", "Design", "Distribution", "Electric", "Energy", "Engineering", "Farms", "Fitness",
    "Foods", "Freight", "Furniture", "Hardware", "Health", "Hospitality", "Imports", "Industries",
    "Labs", "Landscaping", "Logistics", "Machining", "Manufacturing", "Marine", "Media", "Medical",
    "Metals", "Motors", "Packaging", "Plastics", "Plumbing", "Printing", "Retail", "Robotics",
    "Software", "Textiles", "Tools", "Transport", "Travel",
)
_STREETS = (
    "Main St", "Oak Ave", "Market St", "Industrial Pkwy", "Commerce Dr", "Station Rd", "High St",
    "Mill Lane", "Park Rd", "Harbour Way", "Hauptstrasse", "Bahnhofstrasse", "Industriestrasse",
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
_P_NEVER = (0.004, 0.015, 0.07, 0.0, 0.06, 0.9)  # never paid at all
_P_PART_NEVER = (0.003, 0.005, 0.02, 0.25, 0.01, 0.05)  # part paid, rest never
_P_SPLIT = (0.015, 0.03, 0.05, 0.6, 0.03, 0.03)  # paid in two instalments
_P_DISPUTE = (0.004, 0.008, 0.02, 0.02, 0.45, 0.05)
_P_PTP = (0.03, 0.15, 0.25, 0.2, 0.15, 0.05)  # promise to pay
_P_MANUAL_EMAIL = (0.10, 0.45, 0.6, 0.5, 0.5, 0.7)
_P_CALL_1 = (0.03, 0.2, 0.6, 0.4, 0.5, 0.7)
_P_CALL_2 = (0.0, 0.05, 0.4, 0.2, 0.3, 0.6)
_P_LETTER = (0.0, 0.0, 0.3, 0.1, 0.1, 0.6)
_P_INBOUND_CALL = (0.005, 0.02, 0.03, 0.03, 0.15, 0.02)


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
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    if isinstance(end_date, datetime.datetime):
        end_date = end_date.date()
    if not isinstance(end_date, datetime.date):
        raise ValueError(f"end_date must be a datetime.date, got {end_date!r}")
    if end_date - datetime.timedelta(days=HISTORY_DAYS + 3 * 365) < datetime.date(1971, 1, 1):
        raise ValueError(f"end_date is too early: {end_date}")

    out_path = Path(out)
    raw_path = out_path / "raw"
    _check_target(raw_path)
    out_path.mkdir(parents=True, exist_ok=True)

    staging = Path(tempfile.mkdtemp(prefix=".raw-staging-", dir=out_path))
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


def _sql_list(values) -> str:
    items = []
    for v in values:
        if isinstance(v, str):
            items.append("'" + v.replace("'", "''") + "'")
        else:
            items.append(repr(v))
    return "[" + ", ".join(items) + "]"


def _pick(values, draw: str) -> str:
    """SQL expression picking one element of ``values`` with the hash ``draw``."""
    return f"{_sql_list(values)}[1 + ({draw}) % {len(values)}]"


def _by_beh(values) -> str:
    return f"{_sql_list(values)}[beh + 1]"


class _Writer:
    def __init__(self, *, staged_raw: Path, work_dir: Path, n_invoices: int, n_customers: int,
                 seed: int, end_date: datetime.date) -> None:
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
        db_path = self.work_dir / "work.duckdb"
        spill = self.work_dir / "spill"
        con = duckdb.connect(str(db_path))
        try:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            con.execute(f"SET temp_directory = '{_sql_str(spill)}'")
            con.execute("SET preserve_insertion_order = false")
            self.con = con
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
        db_path.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)
        return {t: self.counts[t] for t in TABLES}

    def sql(self, query: str) -> None:
        self.con.execute(query)

    def scalar(self, query: str):
        return self.con.execute(query).fetchone()[0]

    def copy(self, table: str, select: str, *, num_col: str, total: int | None = None, base: int = 1,
             file_name: str | None = None) -> int:
        """Write ``select`` into ``raw/<table>``; split by ``num_col`` ranges into several files."""
        folder = self.raw / table
        folder.mkdir(exist_ok=True)
        if file_name is not None or total is None or total <= ROWS_PER_FILE:
            target = folder / (file_name or "part-00000.parquet")
            self.sql(f"COPY (SELECT * EXCLUDE ({num_col}) FROM ({select}) ORDER BY {num_col}) "
                     f"TO '{_sql_str(target)}' ({PARQUET_OPTIONS})")
        else:
            # ``num_col`` is dense from ``base`` to ``base + total - 1``.
            for part, lo in enumerate(range(base, base + total, ROWS_PER_FILE)):
                hi = lo + ROWS_PER_FILE - 1
                target = folder / f"part-{part:05d}.parquet"
                self.sql(
                    f"COPY (SELECT * EXCLUDE ({num_col}) FROM ({select}) WHERE {num_col} BETWEEN {lo} AND {hi} "
                    f"ORDER BY {num_col}) TO '{_sql_str(target)}' ({PARQUET_OPTIONS})"
                )
        rows = self.scalar(f"SELECT count(*) FROM read_parquet('{_sql_str(folder)}/*.parquet')")
        self.counts[table] = rows
        return rows

    def _macros(self) -> None:
        s = int(self.seed)
        self.sql(f"""
            CREATE OR REPLACE TEMP MACRO u(k, p) AS (hash({s}, k, p) % 1000000)::DOUBLE / 1000000.0;
            CREATE OR REPLACE TEMP MACRO u2(k1, k2, p) AS (hash({s}, k1, k2, p) % 1000000)::DOUBLE / 1000000.0;
            CREATE OR REPLACE TEMP MACRO hh(k, p) AS hash({s}, k, p);
            CREATE OR REPLACE TEMP MACRO ri(k, p, lo, hi) AS
                ((lo)::BIGINT + (hash({s}, k, p) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
            CREATE OR REPLACE TEMP MACRO ri2(k1, k2, p, lo, hi) AS
                ((lo)::BIGINT + (hash({s}, k1, k2, p) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
            CREATE OR REPLACE TEMP MACRO money(cents) AS ((cents)::BIGINT * 0.01::DECIMAL(3, 2))::DECIMAL(18, 2);
            CREATE OR REPLACE TEMP MACRO ts(sec) AS make_timestamp((sec)::BIGINT * 1000000);
            CREATE OR REPLACE TEMP MACRO dt(d) AS (DATE '1970-01-01' + (d)::INTEGER);
            CREATE OR REPLACE TEMP MACRO org_prefix(o) AS {_sql_list([o[4] for o in _ORGANIZATIONS])}[o];
            CREATE OR REPLACE TEMP MACRO inv_number(o, i) AS printf('INV-%s-%08d', org_prefix(o), (i) + 1);
        """)

    # ---------------------------------------------------------- organizations
    def _organizations(self) -> None:
        rows = ", ".join(
            f"({n}, '{oid}', '{name}', '{cur}', '{mail}', '{phone}')"
            for n, oid, name, cur, _prefix, mail, phone in _ORGANIZATIONS
        )
        self.sql(f"CREATE TABLE org(org, organization_id, name, base_currency, ar_email, ar_phone) AS VALUES {rows}")
        self.copy("organizations", """
            SELECT organization_id::VARCHAR AS organization_id, name::VARCHAR AS name,
                   base_currency::VARCHAR AS base_currency, 'DD MMM yyyy'::VARCHAR AS date_format, org
            FROM org""", num_col="org")

    # -------------------------------------------------------------- customers
    def _customers(self) -> None:
        C, E, START, END_SEC = self.C, self.E, self.START, self.END_SEC
        n_key = max(1, C // 200)
        first = _pick(_NAME_FIRST, "hh(c, 'name1')")
        second = _pick(_NAME_SECOND, "hh(c, 'name2')")
        city = "CASE org " + " ".join(
            f"WHEN {o} THEN {_pick(_CITIES[o], 'hh(c, ' + chr(39) + 'city' + chr(39) + ')')}" for o in (1, 2, 3)
        ) + " END"
        suffix = "CASE org " + " ".join(
            f"WHEN {o} THEN {_pick(_SUFFIXES[o], 'hh(c, ' + chr(39) + 'suffix' + chr(39) + ')')}" for o in (1, 2, 3)
        ) + " END"
        street = _pick(_STREETS, "hh(c, 'street')")
        self.sql(f"""
        CREATE TABLE cust AS
        WITH b AS (
            SELECT c, c < {n_key} AS key_account,
                   CASE WHEN u(c, 'org') < 0.55 THEN 1 WHEN u(c, 'org') < 0.80 THEN 2 ELSE 3 END AS org,
                   u(c, 'beh') AS ub, u(c, 'cat') AS uc, u(c, 'terms') AS ut, u(c, 'method') AS um,
                   {first} AS w1, {second} AS w2
            FROM range({C}) t(c)
        ), b2 AS (
            SELECT *,
                CASE WHEN key_account THEN (CASE WHEN ub < 0.6 THEN 0 WHEN ub < 0.9 THEN 1 ELSE 2 END)
                     ELSE (CASE WHEN ub < 0.45 THEN 0 WHEN ub < 0.70 THEN 1 WHEN ub < 0.80 THEN 2
                                WHEN ub < 0.90 THEN 3 WHEN ub < 0.96 THEN 4 ELSE 5 END) END AS beh,
                CASE WHEN key_account THEN 'enterprise'
                     WHEN uc < 0.08 THEN 'enterprise' WHEN uc < 0.35 THEN 'mid_market' WHEN uc < 0.90 THEN 'smb'
                     WHEN uc < 0.95 THEN 'government' ELSE 'nonprofit' END AS category,
                key_account OR u(c, 'batch') < 0.3 AS batch,
                CASE WHEN u(c, 'period') < 0.6 THEN 7 ELSE 14 END AS period
            FROM b
        )
        SELECT c, org, beh, category, key_account, w1, w2,
            CASE WHEN key_account THEN (CASE WHEN ut < 0.5 THEN 45 ELSE 60 END)
                 WHEN ut < 0.15 THEN 15 WHEN ut < 0.60 THEN 30 WHEN ut < 0.80 THEN 45 ELSE 60 END AS terms,
            CASE category WHEN 'enterprise' THEN 8.5 WHEN 'mid_market' THEN 7.6 WHEN 'smb' THEN 6.6
                          WHEN 'government' THEN 8.0 ELSE 6.4 END AS amount_mu,
            CASE org
                WHEN 1 THEN (CASE WHEN category IN ('government', 'nonprofit') OR u(c, 'tax') < 0.35 THEN 0.0
                                  ELSE {_pick([0.0625, 0.0725, 0.0825, 0.0875], "hh(c, 'taxrate')")} END)
                WHEN 2 THEN (CASE WHEN u(c, 'tax') < 0.85 THEN 0.19 WHEN u(c, 'tax') < 0.95 THEN 0.07 ELSE 0.0 END)
                ELSE (CASE WHEN u(c, 'tax') < 0.90 THEN 0.20 ELSE 0.0 END) END AS tax_rate,
            batch, period, ri(c, 'phase', 0, period - 1) AS phase,
            ri(c, 'dunning_day', 0, 6) AS dun_dow,
            u(c, 'reminders') < 0.85 AS reminders,
            u(c, 'sms') < 0.15 AS sms,
            NOT key_account AND u(c, 'no_email') < 0.02 AS no_email,
            u(c, 'bad_email') < 0.03 AS bad_email,
            u(c, 'paused') < 0.04 AS paused,
            {E} - ri(c, 'pause_day', 0, 120) AS pause_day,
            u(c, 'inactive') >= 0.03 AS is_active,
            CASE WHEN key_account THEN (CASE WHEN um < 0.5 THEN 'wire' ELSE 'ach' END)
                 WHEN um < 0.45 THEN 'ach' WHEN um < 0.70 THEN 'check' WHEN um < 0.85 THEN 'wire'
                 ELSE 'card' END AS method,
            ri(c, 'branch', 1, 4) AS home_branch,
            CASE WHEN key_account THEN 1 ELSE ri(c, 'bu', 1, 3) END AS bu,
            ({START} - ri(c, 'created_day', 1, 1095)) * 86400 + ri(c, 'created_tod', 28800, 64799) AS created_sec,
            {suffix} AS suffix, {city} AS city, {street} AS street,
            ri(c, 'street_no', 1, 9800) AS street_no
        FROM b2
        """)
        self.sql(f"""
        CREATE TABLE cust_out AS
        SELECT c, org, *,
            printf('cus_%08d', c + 1) AS customer_id,
            w1 || ' ' || w2 || ' ' || suffix AS name,
            CASE WHEN no_email THEN NULL ELSE
                {_pick(['ap', 'accounts.payable', 'billing', 'finance', 'invoices'], "hh(c, 'mailbox')")}
                || '@' || lower(w1) || '-' || lower(w2) || '-' || (c + 1)::VARCHAR
                || CASE org WHEN 1 THEN '.example.com' WHEN 2 THEN '.example.de' ELSE '.example.co.uk' END
            END AS email,
            CASE org
                WHEN 1 THEN printf('+1-%03d-555-%04d', ri(c, 'area', 201, 989), ri(c, 'phone', 0, 9999))
                WHEN 2 THEN printf('+49 %d 5550 %04d', ri(c, 'area', 30, 899), ri(c, 'phone', 0, 9999))
                ELSE printf('+44 %d 496 %04d', ri(c, 'area', 113, 199), ri(c, 'phone', 0, 9999)) END AS phone,
            CASE org WHEN 2 THEN street || ' ' || street_no::VARCHAR || ', ' || city
                     ELSE street_no::VARCHAR || ' ' || street || ', ' || city END AS address
        FROM cust
        """)
        self.copy("customers", f"""
            SELECT customer_id::VARCHAR AS customer_id,
                printf('org_%03d', org)::VARCHAR AS organization_id,
                name::VARCHAR AS name,
                printf('AC-%06d', c + 1)::VARCHAR AS account_number,
                (CASE WHEN u(c, 'ext') < 0.08 THEN NULL ELSE printf('CRM-%07d', ri(c, 'ext_id', 1000000, 9999999)) END)::VARCHAR
                    AS external_id,
                printf('bu_%d%02d', org, bu)::VARCHAR AS business_unit_id,
                email::VARCHAR AS email, phone::VARCHAR AS phone, address::VARCHAR AS address,
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
            FROM cust_out""", num_col="c", total=C, base=0)

    # ------------------------------------------------------------------- plan
    def _plan(self) -> None:
        """One row per invoice with its whole life cycle (amounts, payments, closure)."""
        N, C, E, START, END_SEC = self.N, self.C, self.E, self.START, self.END_SEC
        g = _GROWTH
        # Share of invoices issued in the last 21 days; drafts make up ~1% overall.
        t21 = (HISTORY_DAYS - 21) / HISTORY_DAYS
        recent_share = 1 - (t21 + g * t21 * t21 / 2) / (1 + g / 2)
        p_draft = min(1.0, 0.01 / recent_share)
        snap = lambda d: f"(CASE WHEN batch THEN ({d}) + ((phase - ({d})) % period + period) % period ELSE ({d}) END)"  # noqa: E731
        self.sql(f"""
        CREATE TABLE plan AS
        WITH a AS (
            SELECT i, least({C - 1}, floor({C} * pow(u(i, 'customer'), 1.5)))::BIGINT AS c,
                   {START} + least({HISTORY_DAYS - 1},
                       floor({HISTORY_DAYS} * (sqrt(1 + {2 * g * (1 + g / 2)} * ((i + 0.5) / {N})) - 1) / {g}))::BIGINT AS d0
            FROM range({N}) t(i)
        ), b AS (
            SELECT a.i, a.c, k.org, k.beh, k.terms, k.batch, k.period, k.phase, k.home_branch,
                k.amount_mu, k.tax_rate, k.category,
                CASE (d0 + 3) % 7 WHEN 5 THEN d0 - 1
                                  WHEN 6 THEN (CASE WHEN d0 + 1 <= {E} THEN d0 + 1 ELSE d0 - 2 END)
                                  ELSE d0 END AS issue_day,
                u(i, 'type') < 0.005 AS payable,
                u(i, 'fate') AS uf,
                u(i, 'mode') AS um
            FROM a JOIN cust k USING (c)
        ), c1 AS (
            SELECT *,
                issue_day * 86400 + ri(i, 'issue_tod', 28800, 64799) AS issued_sec,
                issue_day + terms AS due_day,
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
                {snap(f"greatest(issue_day + 1, nominal1, coalesce(cn_day + 1, 0))")} AS snap1
            FROM c5
        ), c7 AS (
            SELECT *,
                CASE WHEN batch THEN -(1 + c * 100000 + snap1) ELSE i * 2 END AS key1,
                ri(CASE WHEN batch THEN -(1 + c * 100000 + snap1) ELSE i * 2 END, 'retry', 2, 6) AS retry1
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
                due_day + ri(i, 'writeoff_day', 120, 360) AS wo_day
            FROM c9
        ), c11 AS (
            SELECT *,
                CASE WHEN batch THEN -(1 + c * 100000 + snap2) ELSE i * 2 + 1 END AS key2,
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
                wo_eligible AND u(i, 'writeoff') >= 0.30 AND u(i, 'writeoff') < 0.42 AS mark_unc,
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
        SELECT *,
            CASE WHEN ptp_day IS NOT NULL THEN
                least({E}, greatest(due_day + 1, ptp_day - ri(i, 'ptp_made', 3, 14))) * 86400
                + ri(i, 'ptp_tod', 28800, 64799) END AS ptp_made_sec,
            coalesce(close_day, 2147483647) AS open_until,
            u(i, 'duplicate') < 0.01 AS dup
        FROM c18
        """)
        self.sql(f"""
        CREATE TABLE inv AS
        SELECT *,
            least({END_SEC}, greatest(created_sec, issued_sec, void_sec,
                CASE WHEN status = 'paid' AND recv THEN paid_sec END,
                CASE WHEN status = 'uncollectible' THEN wo_sec END,
                CASE WHEN cn_ok THEN cn_day * 86400 + ri(i, 'cn_tod', 28800, 64799) END,
                CASE WHEN e1_ok THEN coalesce(app1, psec1) END,
                CASE WHEN in_dispute THEN dispute_day * 86400 + ri(i, 'dispute_tod', 28800, 64799) END,
                ptp_made_sec,
                CASE WHEN payable AND status = 'paid' THEN (due_day + ri(i, 'payable_paid', -3, 5)) * 86400 + 43200 END
            )) AS mod0
        FROM plan
        """)
        self.sql("DROP TABLE plan")

    # --------------------------------------------------------------- invoices
    def _invoices(self) -> None:
        END_SEC = self.END_SEC
        cols = """
            printf('inv_%010d', i + 1)::VARCHAR AS invoice_id,
            printf('org_%03d', org)::VARCHAR AS organization_id,
            printf('cus_%08d', c + 1)::VARCHAR AS customer_id,
            inv_number(org, i)::VARCHAR AS number,
            (CASE WHEN payable THEN 'payable' ELSE 'receivable' END)::VARCHAR AS type,
            {currencies}[org]::VARCHAR AS currency,
            money(sub_cents) AS subtotal,
            money(tax_cents) AS total_tax,
            money(disc_cents) AS total_discount,
            money(total_cents) AS total_amount,
            ts(issued_sec) AS issued_at,
            (CASE WHEN u(i, 'no_due_date') < 0.02 THEN NULL ELSE dt(due_day) END)::DATE AS due_date,
            {status}::VARCHAR AS status,
            {voided} AS voided_at,
            {unc} AS marked_uncollectible_at,
            {in_dispute}::BOOLEAN AS in_dispute,
            {ptp}::DATE AS promised_to_pay_date,
            printf('br_%d%02d', org, CASE WHEN u(i, 'branch') < 0.8 THEN home_branch ELSE ri(i, 'other_branch', 1, 4) END)::VARCHAR
                AS branch_id,
            ts(created_sec) AS created_at,
            ts({modified}) AS modified_at
        """.replace("{currencies}", _sql_list([o[3] for o in _ORGANIZATIONS]))
        current = cols.format(
            status="status",
            voided="CASE WHEN void_sec IS NOT NULL THEN ts(void_sec) END",
            unc="CASE WHEN status = 'uncollectible' THEN ts(wo_sec) END",
            in_dispute="in_dispute",
            ptp="CASE WHEN ptp_day IS NOT NULL THEN dt(ptp_day) END",
            modified=f"CASE WHEN dup AND mod0 <= created_sec THEN least({END_SEC}, created_sec + ri(i, 'touch', 3600, 172800)) "
                     "ELSE mod0 END",
        )
        # Older snapshot of the re-published invoices: as first created.
        stale = cols.format(
            status="CASE WHEN status = 'draft' THEN 'draft' ELSE 'open' END",
            voided="NULL::TIMESTAMP",
            unc="NULL::TIMESTAMP",
            in_dispute="false",
            ptp="NULL::DATE",
            modified="created_sec",
        )
        self.copy("invoices", f"SELECT {current}, i FROM inv WHERE NOT dup "
                  f"UNION ALL SELECT {stale}, i FROM inv WHERE dup", num_col="i", total=self.N, base=0)
        self.copy("invoices", f"SELECT {current}, i FROM inv WHERE dup", num_col="i", file_name=UPDATES_FILE)

    # --------------------------------------------------------------- payments
    def _payments(self) -> None:
        pass

    def _adjustments(self) -> None:
        pass

    def _outreach(self) -> None:
        pass


def _sql_str(path: Path | str) -> str:
    return str(path).replace("'", "''")
