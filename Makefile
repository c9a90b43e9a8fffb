# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they are built from.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; PYTEST_WORKERS=0 runs in this one.
PYTEST_WORKERS ?= auto

.PHONY: run test install lint format migrate seeds messages worker bench clean browser-deps

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make run: set up, migrate, load the demo data, print the demo login, serve.
## Links in e-mails and calendar files point at HOST:PORT (settings.SITE_URL) unless SITE_URL is set.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py load_seeds
	@echo "E-mail is printed here by the background worker (console backend)."
	@DEBUG=1 HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set up and run every test (set DATABASE_URL for PostgreSQL).
test: $(STAMP) node_modules/.installed
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# axe-core for the browser tests, when npm is there (else those checks skip with a reason).
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null; then echo "npm not found: the accessibility checks in tests/browser/ will skip"; \
	elif npm ci --no-audit --no-fund --loglevel=error; then touch $@; \
	else echo "npm ci failed: the accessibility checks in tests/browser/ will skip"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: collect translatable strings into the Swedish catalogue and compile it.
## Needs GNU gettext (apt-get install gettext). New strings show up untranslated in
## locale/sv/LC_MESSAGES/django.po; translations in locale/fragments/*.po are merged in.
MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'node_modules/*' --ignore 'bench/*' --ignore 'test-artifacts/*'
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale sv --no-location --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python locale/merge_fragments.py
	$(BIN)/python manage.py compilemessages --locale sv --ignore '.venv/*'

## make browser-deps: axe-core (package-lock.json) for the browser tests' accessibility checks.
## They also need Debian's Chromium: apt-get install chromium. Without either they skip.
browser-deps: node_modules/.installed

## make bench: load benchmarks on PostgreSQL beside a bare Django baseline (bench/README.md).
## Recreates the database in BENCH_DATABASE_URL (its name must contain "bench"); uses wrk.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/anmalan_bench
bench: $(STAMP)
	@command -v wrk >/dev/null || echo "wrk not found (apt-get install wrk): throughput measured by Python clients"
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run $(BENCH_ARGS)

## make worker: send e-mail and run other background tasks.
worker: $(STAMP)
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
