# `make demo` and `make test` each set up .venv when missing, then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# sqlfluff's dbt templater compiles the models, and the raw reader looks at real files: lint against a fixture.
LINT_DATA := $(CURDIR)/tests/fixtures/lint_data

.PHONY: demo test lint unit integration bench clean setup

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/arlake demo

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

integration: $(STAMP)
	$(BIN)/python -m pytest -q tests/integration

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	ARLAKE_DATA=$(LINT_DATA) ARLAKE_WAREHOUSE=$(LINT_DATA)/.lint.duckdb DO_NOT_TRACK=1 \
		$(BIN)/sqlfluff lint models macros --processes 2
	rm -f $(LINT_DATA)/.lint.duckdb $(LINT_DATA)/.lint.duckdb.wal

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) data target logs .pytest_cache .ruff_cache
