# A new user's two commands: `make run` and `make test`. Everything else is reached from them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve test test-postgres lint setup db seed bench bench-workers clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

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
test: setup
	env -u DATABASE_URL $(PY) -m pytest

# The same suite against PostgreSQL (DATABASE_URL must point at it).
test-postgres: setup
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: setup
	DEBUG=1 $(PY) manage.py bench_ingest

# Documents per second through the queue with one and two worker processes (PostgreSQL only:
# DATABASE_URL must point at it).
bench-workers: setup
	DEBUG=1 $(PY) manage.py bench_workers

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
