"""A generated data set built once for the tests of what consumers read (contracts, docs, BI access)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory):
    """2,000 generated invoices (three organizations), built: a data directory with its warehouse."""
    from arlake.build import build
    from arlake.sample import generate

    data = tmp_path_factory.mktemp("sample")
    generate(data, invoices=2000, seed=5)
    build(data)
    return data
