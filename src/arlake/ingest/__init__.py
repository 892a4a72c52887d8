"""Ingest: external data formats into the raw layer (`<data>/raw/<table>/*.parquet`)."""

from __future__ import annotations

from .stuut_invoices import IngestResult
from .stuut_invoices import ingest as ingest_stuut_invoices

FORMATS = ("stuut-invoices",)

__all__ = ["FORMATS", "IngestResult", "ingest_stuut_invoices"]
