# The README's commands. `make run` serves the portal with demo data; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Where DATABASE_URL is not set, the checkout's own PostgreSQL (imago_site/devdb.py) is used.
USE_DEVDB := $(if $(DATABASE_URL),,yes)
# Checks and tests run with the test suite's settings: production code, test-only variables.
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings

# The first Python >= 3.12 on this machine (evaluated only when a virtualenv must be created).
PYTHON = $(shell for candidate in python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { command -v "$$candidate"; break; }; done)

.PHONY: help setup db db-stop run test lint lock clean messages bench lighthouse mutation

help:
	@echo "make run      serve the portal with demo data at http://127.0.0.1:8000/"
	@echo "make test     lint, Django checks and the whole test suite"
	@echo "make bench    load-test the portal on a large data set (minutes; see README)"
	@echo "make db-stop  stop the checkout's own PostgreSQL"

$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ ! -x $(PY) ]; then \
		python="$(PYTHON)"; \
		if [ -z "$$python" ]; then \
			echo "The portal needs Python 3.12 or newer (python3.13 or python3.12); none was found." >&2; \
			exit 1; \
		fi; \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev -c requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to install Bootstrap's files." >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed
	@$(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

db: setup
ifeq ($(USE_DEVDB),yes)
	@$(PY) -m imago_site.devdb start
endif

db-stop:
	@if [ -x $(PY) ]; then $(PY) -m imago_site.devdb stop; fi

# The task worker sends the e-mail beside the web server and stops with it (Ctrl+C). Without a
# mail server configured (EMAIL_BACKEND or EMAIL_HOST), development mail prints in the terminal.
run: export DJANGO_DEBUG ?= 1
run: db
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py erase_expired_data --schedule
	$(PY) manage.py run_billing --schedule
	$(PY) manage.py send_reminders --schedule
	@$(PY) manage.py create_local_staff
	@case "$${DJANGO_DEBUG,,}" in 1|true|yes|on) \
		if [ -z "$$EMAIL_BACKEND$$EMAIL_HOST" ]; then \
			export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend; \
			echo "No mail server configured: e-mails are printed here."; \
		fi;; \
	esac; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

# The benchmark (README, "Benchmark"): its own database, gunicorn and wrk; not part of `make test`.
bench: db
	$(PY) -m bench.run

# Mutation testing (README, "Tests"): mutmut changes the modules of [tool.mutmut] one mutant at a
# time and runs their tests against each; a mutant no test notices is a gap. Hours for all;
# not part of `make test`. MUTANTS="applicants.workflow.*" tests only the mutants whose names
# match. The copy in mutants/ reaches the checkout's database through DATABASE_URL (its own
# folder has no cluster); two mutants are tested at once, each in a test database of its own
# (tests/conftest.py), kept between mutants.
CHECKOUT_DATABASE_URL = $(shell $(PY) -c 'import pathlib, urllib.parse; from imago_site import devdb; \
	s = devdb.connection_settings(pathlib.Path.cwd()); \
	print("postgres://" + s["USER"] + "@" + urllib.parse.quote(s["HOST"], safe="") + "/" + s["NAME"])')

mutation: db
	$(PY) -m pip install --quiet --disable-pip-version-check --group mutation -c requirements.lock
	$(TEST_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	rm -rf mutants
	DATABASE_URL="$(or $(DATABASE_URL),$(CHECKOUT_DATABASE_URL))" \
		TEST_DATABASE_NAME="$${TEST_DATABASE_NAME:-test_imago_mutation}" $(VENV)/bin/mutmut run --max-children 2 $(MUTANTS)
	$(VENV)/bin/mutmut results --all true

# Optional: Lighthouse's mobile scores of the main pages, served as in `make bench`.
lighthouse: db
	$(PY) -m bench.lighthouse

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: lint db
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(VENV)/bin/pytest

# Gather new strings into the catalogues of locale/ (translate them, then `make setup`).
messages: setup
	$(TEST_ENV) $(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules \
		--ignore=staticfiles --ignore=tests --ignore=mutants

# Refresh requirements.lock after changing the versions in pyproject.toml.
lock:
	rm -rf .lock-venv && "$(PYTHON)" -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check pip==26.3
	.lock-venv/bin/pip install --quiet --disable-pip-version-check --group dev --group mutation
	{ echo "# Exact versions of every package, direct and transitive. Refresh with 'make lock'."; \
	  .lock-venv/bin/pip freeze --disable-pip-version-check; } > requirements.lock
	rm -rf .lock-venv

clean: db-stop
	rm -rf $(VENV) node_modules staticfiles test-results
