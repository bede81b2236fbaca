# Byregion: `make run` to set up and serve, `make test` for the whole suite.
# DATABASE_URL selects PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/byregion); unset means SQLite.

VENV    ?= .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
MANAGE  := $(PY) manage.py
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run install system-deps migrate demo superuser test test-fast lint format check bench load backup restore clean

run: install migrate demo  ## Set up everything and serve the site on http://127.0.0.1:8000/
	DEBUG=$${DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed  ## Create .venv and install the project with its test tools

node_modules/.installed: package.json package-lock.json
	bash bin/system-deps test
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

system-deps:  ## Chromium, Java and Node.js for the browser tests (installs them when run as root)
	bash bin/system-deps test

migrate: install
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput

demo: install  ## Load the programme's 35 regions and the Vest-Telemark sheet (idempotent)
	DEBUG=$${DEBUG:-true} $(MANAGE) load_demo

superuser: migrate  ## Create the first administrator (asks for name, e-mail and password)
	DEBUG=$${DEBUG:-true} $(MANAGE) createsuperuser

test: install system-deps node_modules/.installed  ## The whole suite: PostgreSQL when DATABASE_URL is set, SQLite otherwise
	$(VENV)/bin/pytest

test-fast: install  ## Everything but the browser tests
	$(VENV)/bin/pytest -m "not browser"

lint: install  ## ruff, and the import rules of pyproject.toml (layers, no cycles)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install  ## Django's system checks and a check that no migration is missing
	BYREGION_TESTING=1 $(MANAGE) check
	BYREGION_TESTING=1 $(MANAGE) makemigrations --check --dry-run

bench: install  ## Benchmarks: import/export times, search at 100 000 results (PostgreSQL), HTTP throughput
	bash bin/system-deps bench
	$(PY) bench/import_export.py
	$(PY) bench/search.py
	bash bench/http.sh

load: install  ## Load test: wrk, 16 connections for 60 s on public pages, zero errors (README, Load test)
	bash bin/system-deps bench
	bash bench/load.sh

backup: install  ## Database and media into backups/<time>/ (see README, Backup and restore)
	bash bin/backup

restore: install  ## Restore from BACKUP=backups/<time> (see README, Backup and restore)
	bash bin/restore "$(BACKUP)"

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles
