# A new user's two commands: `make run` and `make test`. Everything else is reached from them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve test test-postgres lint setup browser-tools db seed bench clean

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
# workers from WEB_CONCURRENCY, which gunicorn reads itself. Logs go to stdout.
HOST ?= 127.0.0.1
serve: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --access-logfile - --error-logfile -

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

bench: setup
	DEBUG=1 $(PY) manage.py bench_ingest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
