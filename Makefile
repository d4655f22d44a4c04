# A new user's two commands: `make run` and `make test`. Everything else is reached from them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve test test-postgres lint setup browser-tools db seed bench bench-workers loadtest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# axe-core for the browser tests' accessibility audit, from the npm registry at the version
# package-lock.json pins. Without npm the audit is skipped (with the reason), not failed.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $(AXE); \
	else \
		echo "npm not found: the accessibility audit in tests/e2e will be skipped"; \
	fi

browser-tools: $(AXE)

db: setup
	DEBUG=1 $(PY) manage.py migrate --noinput

seed: db
	DEBUG=1 $(PY) manage.py ingest seeds

run: seed
	DEBUG=1 PORT=$(PORT) $(PY) manage.py ensure_admin
	DEBUG=1 $(PY) manage.py collectstatic --noinput -v 0
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with settings from the environment (see deploy/production.env);
# workers from WEB_CONCURRENCY, which gunicorn reads itself. Logs go to stdout. Request lines
# up to 8 KB reach the app, so a query string past its 4,096 limit gets the site's own 414 page
# (gunicorn's default limit, 4,094 bytes for the whole line, would answer with a bare one).
HOST ?= 127.0.0.1
serve: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --access-logfile - --error-logfile - \
		--limit-request-line 8190

# The whole suite on SQLite, whatever DATABASE_URL the shell has.
test: setup browser-tools
	env -u DATABASE_URL $(PY) -m pytest

# The same suite against PostgreSQL (DATABASE_URL must point at it).
test-postgres: setup browser-tools
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Ingest throughput, then the pages on a generated database: a throwaway SQLite file of
# BENCH_CALLS calls by default (about a minute at 20,000), or BENCH_DATABASE_URL, an empty
# database of your own (e.g. postgres://postgres@127.0.0.1:5432/bench), migrated and filled here.
BENCH_CALLS ?= 20000
BENCH_REQUESTS ?= 20
bench: setup
	DEBUG=1 $(PY) manage.py bench_ingest
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	url="$${BENCH_DATABASE_URL:-sqlite:///$$tmp/bench.sqlite3}"; \
	DATABASE_URL="$$url" DEBUG=1 $(PY) manage.py migrate --noinput -v 0; \
	DATABASE_URL="$$url" DEBUG=1 $(PY) manage.py generate_calls --calls $(BENCH_CALLS); \
	DATABASE_URL="$$url" DEBUG=1 $(PY) manage.py bench_pages --requests $(BENCH_REQUESTS) --export-requests 1

# A benchmark, not a test: 16 clients for 60 s against gunicorn on PostgreSQL (DATABASE_URL, a
# database of its own; an empty one is filled with 100,000 generated calls). See the README.
LOADTEST_VENV := .venv-loadtest
$(LOADTEST_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(LOADTEST_VENV)
	$(LOADTEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOADTEST_VENV)/bin/python -m pip install --quiet --group loadtest
	touch $@

loadtest: setup $(LOADTEST_VENV)/.installed
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

# Documents per second through the queue with one and two worker processes (PostgreSQL only:
# DATABASE_URL must point at it).
bench-workers: setup
	DEBUG=1 $(PY) manage.py bench_workers

clean:
	rm -rf $(VENV) $(LOADTEST_VENV) db.sqlite3 staticfiles node_modules
