# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn: a worker per core (searching is CPU-bound: more workers than cores only queue).
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

# make test PYTEST_ARGS="tests/archive -x" runs a part of the suite.
PYTEST_ARGS ?=

.PHONY: install install-test run serve test test-browser-deps test-postgres lint bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# What running the archive needs, nothing more (`make run`, `make serve`).
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $(STAMP)

# The test, database and benchmark extras on top (`make test`).
$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -e '.[test,postgres,elasticsearch,bench]'
	touch $(TEST_STAMP)

# Translations compile in pure Python (polib): a fresh machine has no GNU msgfmt.
install: $(STAMP)
	$(PY) -m config.compile_messages

install-test: install $(TEST_STAMP) node_modules/.installed

# axe-core for the browser tests' accessibility checks; without npm those checks skip.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@ \
		|| echo "npm ci failed: the axe-core accessibility checks will be skipped"; \
	else echo "npm not found: the axe-core accessibility checks will be skipped"; fi

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py import_seeds
	DJANGO_DEBUG=1 $(PY) manage.py rebuild_index --noinput
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The production server on the same settings: gunicorn, static files by whitenoise (collected
# first). Plain HTTP on loopback unless told otherwise (behind TLS: DJANGO_SECURE_SSL_REDIRECT=1).
serve: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0} \
		$(VENV)/bin/gunicorn config.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--access-logfile - --graceful-timeout 10

# Browser tests need Debian's chromium and Arabic fonts (Noto Naskh/Sans Arabic); install them
# when missing (root on CI and dev machines).
test-browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Naskh Arabic"; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-core fonts-noto-ui-core >/dev/null) \
			|| echo "could not install chromium: browser tests will be skipped"; \
		else echo "chromium missing and cannot be installed here: browser tests will be skipped"; fi; \
	fi

test: install-test test-browser-deps
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

# The same suite against a real PostgreSQL: Debian's server (installed when missing), a
# throwaway cluster on a unix socket under /tmp (no port to collide), stopped afterwards.
test-postgres: install-test test-browser-deps
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi
	@set -e; bin=$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); \
	dir=$$(mktemp -d /tmp/archive-pg-XXXXXX); as=""; \
	if [ "$$(id -u)" = "0" ]; then chown postgres "$$dir"; as="runuser -u postgres --"; fi; \
	$$as $$bin/initdb -D "$$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null; \
	$$as $$bin/pg_ctl -D "$$dir/data" -l "$$dir/log" -w -o "-k $$dir -c listen_addresses= -F" start >/dev/null; \
	trap '$$as $$bin/pg_ctl -D "$$dir/data" -m fast -w stop >/dev/null; rm -rf "$$dir"' EXIT; \
	$$as $$bin/createdb -h "$$dir" -U postgres archive; \
	echo "PostgreSQL $$($$bin/postgres --version | awk '{print $$3}') on $$dir"; \
	DATABASE_URL="postgres://postgres@$$(echo $$dir | sed 's|/|%2F|g')/archive" $(VENV)/bin/pytest -q $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test
	$(PY) bench/known_item.py

clean:
	rm -rf var .pytest_cache test-artifacts
