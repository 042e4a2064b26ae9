# Two commands on a fresh machine:
#   make serve   set everything up and open the workshop app on the demo
#   make test    set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(SUM)
SERVE_STAMP := $(VENV)/.serving-$(SUM)

.PHONY: setup system test test-hosting lint serve bench chart clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "sendreflect needs Python 3.10 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Serving needs the package alone; the test tools (Playwright, axe, PostgreSQL's driver,
# ruff…) come with `make test`.
$(SERVE_STAMP): pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	rm -f $(VENV)/.serving-*
	touch $@

$(STAMP): pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* $(VENV)/.serving-*
	touch $@ $(SERVE_STAMP)

setup: $(STAMP)

system:
	./scripts/system-deps

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup system lint
	$(BIN)/python -m pytest

# Only the hosted site: PostgreSQL, two replicas and HAProxy with HTTPS (docs/hosting.md).
test-hosting: setup system
	$(BIN)/python -m pytest tests/hosting

# The links come last. Afterwards the command line is .venv/bin/sendreflect (README).
serve: $(SERVE_STAMP)
	@$(BIN)/sendreflect demo
	@$(BIN)/sendreflect serve --workshop DEMO $(if $(HOST),--host $(HOST))

bench: setup system
	$(BIN)/python benchmarks/run.py

# The charts' browser code, sendreflect/static/chart.js, is built from js/ with npm and kept in
# the repository (so serving and testing need no Node); rebuild it after changing js/.
chart:
	cd js && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
