# School logistics (学校后勤管理): set-up, running and checking.
#
# Everything runs from .venv (created on first use); system packages that are
# missing are installed through apt when run as root, otherwise the exact
# command to run is printed. See scripts/system-packages.sh.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := PYTHON=$(PYTHON) sh scripts/system-packages.sh
DEV := DJANGO_DEBUG=1
ADDRESS ?= 127.0.0.1:8000
# Serial by default. Measured on the 2-core machine (305 tests): `-n 2` took
# 107-215 s against 94-120 s serial, and 45% more CPU (each worker migrates its
# own test database, starts its own Chromium and live server and seeds the demo
# school again). Try `make test PYTEST_ARGS="-n 2"` on a bigger, idle machine.
PYTEST_ARGS ?=

# Compiled translations: built from the .po files only where a .mo is missing
# (a clean clone has them committed; `make messages` refreshes them properly).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.DEFAULT_GOAL := help
# apt-get and pip must not run side by side.
.NOTPARALLEL:
.PHONY: help venv sysdeps sysdeps-font sysdeps-browser sysdeps-gettext translations \
	run test lint bench messages collectstatic

help:
	@echo "make run            install what is missing, migrate, load the demo school, serve http://127.0.0.1:8000/ with a background worker"
	@echo "make test           install what is missing and run every test (PYTEST_ARGS=... to pass options)"
	@echo "make lint           ruff check and ruff format --check"
	@echo "make bench          run the benchmarks (bench/run.py; BENCH_ARGS=--quick for a short run)"
	@echo "make messages       update and compile the zh_Hans translations (needs gettext)"
	@echo "make collectstatic  collect static files for production (STATIC_ROOT)"
	@echo "make venv           create .venv and install requirements.txt"

venv: $(VENV)/.installed
	@:

# A failing `python3 -m venv` on Debian usually means ensurepip is missing
# (package python3-venv): remove the half-made venv, get the package, try again.
$(VENV)/bin/python:
	@echo "Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { \
		rm -rf $(VENV); \
		$(SYSTEM_PACKAGES) venv && $(PYTHON) -m venv $(VENV); \
	}

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	@echo "Installing requirements.txt into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@touch $@

# One call per target, so that apt-get update runs at most once.
sysdeps-font:
	@$(SYSTEM_PACKAGES) font pdf

sysdeps-browser:
	@$(SYSTEM_PACKAGES) browser

# LibreOffice (office) for the tests that open exports as a person would; pdftoppm
# (raster, from poppler-utils) for those that read printed QR codes.
sysdeps:
	@$(SYSTEM_PACKAGES) font pdf browser office raster

sysdeps-gettext:
	@$(SYSTEM_PACKAGES) gettext

translations: $(MO_FILES)

%.mo: | %.po venv
	@echo "Compiling $@"
	@$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $*.po $@

run: venv sysdeps-font translations
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo --if-new
	$(DEV) PY=$(PY) ADDRESS=$(ADDRESS) sh scripts/run-dev.sh

test: venv sysdeps translations
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: venv sysdeps-font translations
	$(PY) bench/run.py $(BENCH_ARGS)

# Apps with their own catalogue (<app>/locale) are extracted from inside the app,
# so its .po names files relative to the app; the rest goes to locale/.
LOCALE_APPS := $(patsubst %/locale,%,$(wildcard */locale))
MAKEMESSAGES := makemessages -l zh_Hans --no-obsolete

messages: venv sysdeps-gettext
	@set -e; for app in $(LOCALE_APPS); do \
		echo "$$app/locale"; \
		(cd $$app && $(DEV) ../$(PY) ../manage.py $(MAKEMESSAGES)); \
	done
	@echo "locale"
	@$(DEV) $(PY) manage.py $(MAKEMESSAGES) $(foreach app,$(LOCALE_APPS),--ignore='$(app)/*') \
		--ignore='static/*' --ignore='staticfiles/*' --ignore='media/*' \
		--ignore='tests/*' --ignore='bench/*' --ignore='scripts/*'
	$(DEV) $(PY) manage.py compilemessages -l zh_Hans --ignore='.venv'

# Production settings (manifest storage); collecting needs no real secret key.
collectstatic: venv
	SECRET_KEY="$${SECRET_KEY:-collectstatic-only-not-a-secret}" $(PY) manage.py collectstatic --noinput
