# Two commands on a fresh machine:
#   make serve   set everything up and open the workshop app on the demo
#   make test    set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup system test test-hosting lint serve bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "sendreflect needs Python 3.10 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

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

serve: setup
	$(BIN)/sendreflect demo
	$(BIN)/sendreflect serve --workshop DEMO

bench: setup system
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
