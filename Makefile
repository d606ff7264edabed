# One entry point. `make serve` and `make test` set up whatever is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test lint clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || (echo "Node >= 20 is needed" && exit 1)
	npm ci --no-audit --no-fund
	@touch $@

serve: setup
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

build: setup
	$(BIN)/mkdocs build --strict --clean

test: build
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check checker scripts tests
	$(BIN)/ruff format --check checker scripts tests

clean:
	rm -rf site $(VENV) node_modules
