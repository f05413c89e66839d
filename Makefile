# minwon — thin wrappers; CI runs the same targets a person runs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MINWON_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help run test lint typecheck unit bench drill clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# The agency simulator plays every agency on port 8700, so filings are delivered (and called
# back as "received"); it stops with the gateway.
run: $(VENV)/.installed-run ## Set up and serve minwon at http://127.0.0.1:8000 (SQLite, catalog, demo, agencies)
	@$(BIN)/minwon agency-sim --port 8700 --callback-url http://127.0.0.1:8000 & sim=$$!; \
	trap 'kill $$sim 2>/dev/null' EXIT INT TERM; \
	$(BIN)/minwon serve

drill: $(VENV)/.installed-test ## The disaster drill (Patroni failover + whole-site loss), full size
	$(BIN)/minwon dr drill

test: $(VENV)/.installed-test ## Install test dependencies; lint, type-check and run every test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/minwon catalog validate
	$(BIN)/python -m pytest

unit: $(VENV)/.installed-test ## Only the fast unit tests
	$(BIN)/python -m pytest tests/unit -q

bench: $(VENV)/.installed-test ## Run the benchmarks (figures go to docs/benchmarks.md by hand)
	$(BIN)/python bench/nlu.py
	$(BIN)/python bench/resilience.py

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
