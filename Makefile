# Mentora: `make run` starts everything on the embedded default; `make test` runs the suite.
# Both create .venv with Python 3.11 and install the pinned requirements when they changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Locally keep test databases between runs (--reuse-db); CI always builds them afresh.
ifeq ($(CI),true)
PYTEST_DB := --create-db
else
PYTEST_DB := --reuse-db
endif
PYTEST_ARGS ?=

.PHONY: install run migrate seed test lint bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web (ASGI: HTTP + WebSockets) on http://127.0.0.1:8000, a Celery worker and Celery beat.
run: seed
	$(BIN)/honcho start -f Procfile

test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_DB) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Speed figures; never part of `make test` or CI.
bench: install
	$(BIN)/python -m pytest tests/benchmarks -p no:randomly -s $(PYTEST_DB)

schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles .pytest_cache .ruff_cache
