# Two commands for a fresh machine:  make run  (the app with demo data)  and  make test  (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.4
AXE_VERSION := 4.14.1
LIGHTHOUSE_VERSION := 12.8.2

# Reflex cannot download bun here: it comes from npm into .tools/ and Reflex is told to use it.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run demo build test lint unit services e2e install clean lighthouse translations

run: $(VENV)/.app-installed .tools/.bun-installed
	$(PY) -m customer_portal.cli prepare
	$(VENV)/bin/reflex run --env prod

# `make run` with card payments and email working against the project's fake Stripe and Resend, which start
# beside it (tests/fakes/demo.py); nothing is charged and no email leaves the machine.
demo: $(VENV)/.app-installed .tools/.bun-installed
	$(PY) -m tests.fakes.demo

# A release for deploying: the pages built for PUBLIC_URL into .web/ (Node and bun needed here only); then
# `python -m customer_portal.cli serve` starts the server over it without them.
build: $(VENV)/.app-installed .tools/.bun-installed
	$(PY) -m customer_portal.cli build

test: $(VENV)/.dev-installed .tools/.bun-installed .tools/.axe-installed /usr/bin/chromium /usr/bin/caddy lint unit services e2e

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

unit: $(VENV)/.dev-installed
	$(PY) -m pytest tests/unit

# Across the machine's cores (pytest-xdist; each worker has its own SQLite file and PostgreSQL schemas).
services: $(VENV)/.dev-installed
	$(PY) -m pytest --numprocesses=auto --maxprocesses=4 tests/services

# Browser tests run in their own pytest process: Playwright's event loop must not meet async tests.
e2e: $(VENV)/.dev-installed .tools/.bun-installed .tools/.axe-installed /usr/bin/chromium /usr/bin/caddy
	$(PY) -m pytest tests/e2e

# The text marked in the code (`_`, `N_`, `ngettext`, `plural_parts`) into customer_portal/i18n/messages.pot, then
# into each language's messages.po: new text arrives empty, changed text fuzzy, for a translator to finish (the
# catalog test fails until they have). `compile` checks each catalog and says how much is translated; the app
# reads the .po files themselves (README, "Adding a language").
BABEL_KEYWORDS := -k _ -k N_ -k ngettext:1,2 -k plural_parts:2,3 -k plural_template:1,2
translations: $(VENV)/.dev-installed
	$(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-default-keywords --sort-by-file \
		--project=customer-portal --copyright-holder="Pool Customer Portal" --width=120 \
		-o customer_portal/i18n/messages.pot .
	$(VENV)/bin/pybabel update -i customer_portal/i18n/messages.pot -d customer_portal/i18n --width=120 \
		--ignore-pot-creation-date
	$(VENV)/bin/pybabel compile -d customer_portal/i18n --statistics

$(VENV)/.app-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.app-installed

.tools/.bun-installed:
	npm install --silent --no-audit --no-fund --prefix .tools bun@$(BUN_VERSION)
	touch $@

# axe-core, injected into portal pages by the browser tests to check accessibility.
.tools/.axe-installed: .tools/.bun-installed
	npm install --silent --no-audit --no-fund --prefix .tools axe-core@$(AXE_VERSION)
	touch $@

# Lighthouse scores for the portal on a phone, by hand (not part of make test); Lighthouse 12 is the newest that
# runs on Debian's Node 20.
lighthouse: $(VENV)/.dev-installed .tools/.bun-installed .tools/.lighthouse-installed /usr/bin/chromium /usr/bin/caddy
	$(PY) benchmarks/lighthouse.py

.tools/.lighthouse-installed: .tools/.bun-installed
	npm install --silent --no-audit --no-fund --prefix .tools lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium

# Debian's Caddy: the deploy tests run the app behind deploy/Caddyfile.
/usr/bin/caddy:
	apt-get update -qq && apt-get install -y -qq caddy

clean:
	rm -rf .web .states $(VENV) .tools
