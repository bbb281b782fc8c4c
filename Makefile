# Mentora: `make run` starts everything on the embedded default; `make test` runs the suite.
# Both create .venv with Python 3.11 and install the pinned requirements when they changed
# (`make run` only the runtime ones). `make run HOST=0.0.0.0 PORT=8080` serves elsewhere.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# What `make run` needs, and what `make test`/`make lint` need on top (pytest, Playwright, ruff).
STAMP_RUN := $(VENV)/.installed-run
STAMP     := $(VENV)/.installed
# Where `make run` serves the site (Procfile's web line reads them; honcho hands PORT to web).
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

# Locally keep test databases between runs (--reuse-db); CI builds them afresh once per run and
# the browser tests reuse them.
ifeq ($(CI),true)
PYTEST_DB := --reuse-db --create-db
else
PYTEST_DB := --reuse-db
endif
PYTEST_ARGS ?=

.PHONY: install install-run run prepare migrate seed test lint schema bench bench-contention first-start-bench clean

# Each step prints a line a person can follow; uv prints a line per phase (resolved, prepared,
# installed) and pip, where uv cannot be installed, its own progress.
$(BIN)/python:
	@echo "==> Creating the virtualenv $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: requirements-bootstrap.txt | $(BIN)/python
	@echo "==> Installing the installer (uv) into $(VENV)"
	@$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -r requirements-bootstrap.txt \
		|| echo "    uv could not be installed: pip installs the requirements instead (slower)"

# pip_install(requirements, extra flags): uv when it is there, else pip. uv compiles no bytecode
# (compiling all 8,000 files took longer than the install); Python writes the bytecode of what it
# imports on first use instead, so PYTHONDONTWRITEBYTECODE is not passed on: with it set, every
# process of every `make run` compiled Django and its packages afresh (seconds each).
unexport PYTHONDONTWRITEBYTECODE
define pip_install
	@if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --python $(BIN)/python $(2) -r $(1); \
	else \
		$(BIN)/python -m pip install --disable-pip-version-check $(2) -r $(1); \
	fi
endef

$(STAMP_RUN): requirements.txt requirements-nodeps.txt | $(BIN)/uv
	@echo "==> Installing the packages the site runs on (requirements.txt)"
	$(call pip_install,requirements.txt,)
	$(call pip_install,requirements-nodeps.txt,--no-deps)
	@touch $(STAMP_RUN)

$(STAMP): $(STAMP_RUN) requirements-dev.txt
	@echo "==> Installing the test and lint tools (requirements-dev.txt)"
	$(call pip_install,requirements-dev.txt,)
	@touch $(STAMP)

install-run: $(STAMP_RUN)
install: $(STAMP)

# Migrates (a fresh embedded database is built without replaying dj-stripe's migration history)
# and loads the demo data, each only when there is something to do (core prepare_local).
prepare: install-run
	@$(BIN)/python manage.py prepare_local

migrate: install-run
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web (ASGI: HTTP + WebSockets) on http://$(HOST):$(PORT), a Celery worker and Celery beat.
run: prepare
	@echo "==> Starting web on http://$(HOST):$(PORT), a Celery worker and Celery beat (Ctrl-C stops all)"
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
# First it times issue 20's staff dashboard endpoints on a database of their own
# (DASHBOARD_BENCH_DATABASE_URL, default .../mentora_bench_dashboards: 100,000 accounts and
# 1,000,000 bookings, seeded once with INSERT ... SELECT and reused); "--only dashboards" runs
# just that part.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

# The contention case of issue 13 (tests/benchmarks/contention.py): bookings racing on a real
# two-process ASGI server; prints p50/p99 and the peak connection count. PostgreSQL only
# (DATABASE_URL).
bench-contention: install
	$(BIN)/python -m tests.benchmarks.contention

# Issue 15's first start: clones this checkout into a temporary folder, times `make run` until
# /health answers 200 (fresh clone, then a second run) and prints both; never part of CI.
first-start-bench:
	$(PYTHON) -m tests.benchmarks.first_start

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles .pytest_cache .ruff_cache
