# CoCommission: `make run` for the demo, `make test` for the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
LOCAL := DJANGO_SETTINGS_MODULE=cocommission.settings.local
# Templates djade formats. Not templates/gds/: byte-for-byte copies of the
# crispy-forms-gds package's templates (tests/test_form_templates.py compares them).
TEMPLATES = $(shell find templates -type f -not -path 'templates/gds/*' | sort)

.DEFAULT_GOAL := help
.PHONY: help install static run test lint format serve bench clean messages

help:
	@echo "make run    - set everything up and serve the demo on http://127.0.0.1:8000"
	@echo "make test   - set everything up, then lint and run the whole test suite"
	@echo "make serve  - production-like stack (gunicorn, worker, beat) from environment variables"
	@echo "make lint   - ruff check, ruff format --check, mypy, lint-imports (layers), xenon (complexity),"
	@echo "              vulture (dead code), djade --check and the 120-column check (templates)"
	@echo "make bench  - timed benchmarks against throwaway PostgreSQL (see README)"
	@echo "make format - apply ruff's formatting and safe fixes, and djade's to the templates"
	@echo "make messages - regenerate the translation catalogues from the code, keeping every translation"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 and python3.11-venv."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Creating the virtualenv failed: on Debian/Ubuntu install python3.11-venv."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || scripts/system_packages.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

# The compiled catalogues (.mo) are built, not committed: gettext's msgfmt makes them.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(COMPILED): %.mo: %.po | $(VENV)/.installed
	@scripts/system_packages.sh gettext
	$(LOCAL) $(BIN)/python manage.py compilemessages -v 0 --ignore '.venv' --ignore node_modules

static: static/dist/.built $(COMPILED)

# Regenerate the catalogues (manage.py messages: makemessages with the project's
# options), then translate whatever is new: `make test` fails until every string is.
messages: install
	@scripts/system_packages.sh gettext
	$(LOCAL) $(BIN)/python manage.py messages
	$(LOCAL) $(BIN)/python manage.py messages --stats

run: install static
	mkdir -p var
	$(LOCAL) $(BIN)/python manage.py migrate --no-input -v 0
	$(LOCAL) $(BIN)/python manage.py seed_demo
	@echo "Serving CoCommission on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(LOCAL) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install static
	scripts/system_packages.sh postgresql redis-server chromium pango
	scripts/with_test_services.sh $(MAKE) --no-print-directory lint pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-logo
	# Complexity: the product's code, not the tests.
	$(BIN)/xenon --max-absolute C --exclude ".venv/*,node_modules/*,tests/*" .
	$(BIN)/vulture
	$(BIN)/djade --target-version 5.2 --check $(TEMPLATES)
	$(BIN)/python scripts/check_templates.py

.PHONY: pytest
pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install static
	scripts/system_packages.sh postgresql redis-server
	scripts/with_test_services.sh $(BIN)/python scripts/bench.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djade --target-version 5.2 $(TEMPLATES)

serve: install static
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" -a -n "$$DJANGO_SECRET_KEY" || { echo "Set DATABASE_URL, REDIS_URL and DJANGO_SECRET_KEY (see .env.example)."; exit 1; }
	DJANGO_SETTINGS_MODULE=cocommission.settings.production $(BIN)/python manage.py collectstatic --no-input -v 0
	DJANGO_SETTINGS_MODULE=cocommission.settings.production $(BIN)/python manage.py migrate --no-input
	PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_SETTINGS_MODULE=cocommission.settings.production $(BIN)/honcho start -f Procfile

clean:
	rm -rf $(VENV) node_modules static/dist var .pytest_cache .mypy_cache .ruff_cache
