# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they are built from.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

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
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set up and run every test (set DATABASE_URL for PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: collect translatable strings into locale/ and compile them.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale sv --locale en --no-location --ignore '.venv/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

## make browser-deps: axe-core (package-lock.json) for the browser tests' accessibility checks.
## They also need Debian's Chromium: apt-get install chromium. Without either they skip.
browser-deps:
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the accessibility checks in tests/browser/ will skip"; fi

## make worker: send e-mail and run other background tasks.
worker: $(STAMP)
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
