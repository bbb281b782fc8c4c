# Mentora: `make run` starts everything on the embedded default; `make test` runs the suite.
# Both create .venv with Python 3.11 and install the pinned requirements when they changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Locally keep test databases between runs (--reuse-db); CI builds them afresh once per run and
# the browser tests reuse them.
ifeq ($(CI),true)
PYTEST_DB := --reuse-db --create-db
else
PYTEST_DB := --reuse-db
endif
PYTEST_ARGS ?=

.PHONY: install run migrate seed test lint schema bench bench-contention clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt requirements-nodeps.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web (ASGI: HTTP + WebSockets) on http://127.0.0.1:8000, a Celery worker and Celery beat.
run: seed
	$(BIN)/honcho start -f Procfile

# Browser tests run in their own process: Playwright's sync API leaves an event loop running in
# the worker's main thread, which would break the async_to_sync calls of the WebSocket tests.
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_DB) --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n auto --reuse-db tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

# Issue 14 (tests/benchmarks, never part of `make test` or CI): seeds PostgreSQL at scale
# (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mentora_bench, created if missing),
# starts ONE production uvicorn process pinned to core 0 and measures search, slots, booking,
# a 64-client surge, chat and recommendations against a bare-Django baseline, with locust on
# core 1. Needs PostgreSQL and Redis (REDIS_URL, default redis://127.0.0.1:6379/0).
# BENCH_ARGS="--quick" for short phases, "--only search,slots", "--mentors 100000".
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

# The contention case of issue 13 (tests/benchmarks/contention.py): bookings racing on a real
# two-process ASGI server; prints p50/p99 and the peak connection count. PostgreSQL only
# (DATABASE_URL).
bench-contention: install
	$(BIN)/python -m tests.benchmarks.contention

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles .pytest_cache .ruff_cache
