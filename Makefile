# `make demo` and `make test` each set up .venv when missing, then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# sqlfluff's dbt templater compiles the models, and the raw reader looks at real files: lint against a fixture.
LINT_DATA := $(CURDIR)/tests/fixtures/lint_data

.PHONY: demo test lint unit integration bench clean setup java

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,spark]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/arlake demo

# The Spark parity test needs a Java runtime: install Debian's headless JRE when none is there and we are root
# (a fresh CI machine); otherwise say so, and that test skips naming the reason.
java:
	@if command -v java >/dev/null 2>&1 || { test -n "$$JAVA_HOME" && test -x "$$JAVA_HOME/bin/java"; }; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing a Java runtime (openjdk-17-jre-headless) for the Spark engine"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else echo "no Java runtime, and it cannot be installed here (needs root and apt-get): the Spark tests will skip"; fi

# Test files run in parallel, one per core (at most 4; TEST_WORKERS=0 runs them in this process); a file's tests
# stay on one worker, so its module fixtures (the Spark session, a built warehouse) are built once.
TEST_WORKERS ?= auto
test: $(STAMP) lint java
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

integration: $(STAMP) java
	$(BIN)/python -m pytest -q tests/integration

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	ARLAKE_DATA=$(LINT_DATA) ARLAKE_WAREHOUSE=$(LINT_DATA)/.lint.duckdb \
		ARLAKE_BUILD_ONLY=$(LINT_DATA)/.lint_build_only.duckdb DO_NOT_TRACK=1 \
		$(BIN)/sqlfluff lint models macros --processes 2
	rm -f $(LINT_DATA)/.lint.duckdb $(LINT_DATA)/.lint.duckdb.wal $(LINT_DATA)/.lint_build_only.duckdb*

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) data target logs .pytest_cache .ruff_cache
