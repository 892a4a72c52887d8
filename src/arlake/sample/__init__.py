"""Deterministic generator of realistic accounts-receivable data (`arlake generate`).

The generator writes the raw layer ``<out>/raw/<table>/part-*.parquet`` (one folder per table) for the tables
``organizations``, ``customers``, ``invoices``, ``payments``, ``payment_allocations``, ``adjustments``,
``outreach`` and ``outreach_invoices``.

Everything is computed inside DuckDB with set-based SQL.  Every random draw is derived from
``hash(seed, entity key, 'purpose')``, so the same seed and arguments always produce the same rows regardless of
thread scheduling, and a different seed produces different data.  Money is computed as integer cents and written
as ``DECIMAL(18,2)`` in major units.

The package, in the order the work runs:

* ``generator``: checks the arguments, runs the steps, publishes the result (``files``).
* ``session``: the DuckDB database the steps share and the SQL templates of ``sql/``.
* ``reference``: the fixed facts: organizations, name words, behaviour probabilities.
* one module per table or concern, each with its SQL in ``sql/<module>.sql``: ``organizations``, ``customers``,
  ``invoices`` (the plan of every invoice's life, and the invoice rows), ``payments`` (with their allocations),
  ``adjustments``, ``outreach`` (with the invoices each contact is about).

Ids are zero-padded and numbered in time order where it matters: ``org_001``, ``cus_00000001``,
``inv_00000001`` (issue order, number ``INV-NW-00000001``), ``pay_00000001`` (received order), ``alc_00000001``
(by payment), ``adj_00000001`` and ``out_00000001`` (by time).  Three organizations (USD, EUR, GBP) with three
business units and four branches each.
"""

from .files import TABLES
from .generator import DEFAULT_END_DATE, generate

__all__ = ["DEFAULT_END_DATE", "TABLES", "generate"]
