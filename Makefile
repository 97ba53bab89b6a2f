# Two commands: `make run` and `make test`. Every step is idempotent.
SHELL := /bin/bash
PORT ?= 8000
PYTEST_ARGS ?=
# A working uv on PATH is used as is; otherwise one is installed into .tools/.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
# The first run is a development run: DEBUG on, SQLite under var/, tasks in-process.
RUN_ENV := DEBUG=$${DEBUG:-1} BASE_URL=$${BASE_URL:-http://127.0.0.1:$(PORT)}

.PHONY: run test lint format bench bench-smoke install install-dev catalogs messages setup fuzz

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

install: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --no-dev

install-dev: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen

catalogs:
	$(RUN_ENV) $(MANAGE) compile_catalogs

setup: install catalogs
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) setup_roles
	$(RUN_ENV) $(MANAGE) load_admin_units --with-legacy
	$(RUN_ENV) $(MANAGE) load_plans
	$(RUN_ENV) $(MANAGE) load_demo_content
	$(RUN_ENV) $(MANAGE) ensure_admin

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) compile_catalogs
	$(UV) run --frozen pytest $(PYTEST_ARGS)

# The API under schemathesis on a fresh seeded database (tests/api_fuzz/run.sh, schemathesis.toml).
fuzz: install-dev
	bash tests/api_fuzz/run.sh

lint: install-dev
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

format: install-dev
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

# Every benchmark (bench/support.py holds what they share); bench-smoke runs each at a small size.
bench: install-dev
	@set -e; for script in bench/bench_*.py; do echo "== $$script"; $(UV) run --frozen python $$script; done

bench-smoke: install-dev
	@set -e; for script in bench/bench_*.py; do echo "== $$script --smoke"; $(UV) run --frozen python $$script --smoke; done

# Refresh the committed catalogs after changing UI strings (needs GNU gettext).
messages: install-dev
	$(RUN_ENV) $(MANAGE) makemessages $(foreach lang,$(patsubst locales/%/LC_MESSAGES,%,$(wildcard locales/*/LC_MESSAGES)),-l $(lang)) --no-obsolete --add-location=file \
		--ignore='.venv/*' --ignore='.tools/*' --ignore='var/*' --ignore='tests/*'
