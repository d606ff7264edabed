# One entry point. `make serve` and `make test` set up whatever is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test lint clean article dist bench

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

# While writing, a page missing its other language falls back with a note;
# `make build` and `make test` fail on it instead.
serve: setup
	ALLOW_MISSING_TRANSLATIONS=1 $(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

build: setup
	$(BIN)/mkdocs build --strict --clean

test: build
	$(BIN)/python -m pytest

# Start-up, transfer, Lighthouse and build scale; writes BENCHMARKS.md.
# BENCH_ARGS: --runs N, --quick, --skip-lighthouse, --skip-scale (see scripts/bench.py)
bench: setup
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check checker scripts tests
	$(BIN)/ruff format --check checker scripts tests
	$(BIN)/mypy

# A new article in both languages: make article TITLE="Otsikko" (asks when TITLE is not given)
article: setup
	$(BIN)/python scripts/new_article.py $(if $(TITLE),"$(TITLE)") $(if $(TITLE_EN),--en "$(TITLE_EN)")

# The built site as a tarball for any static host: dist/site-<date>-<commit>.tar.gz
DIST_VERSION ?= $(shell date -u +%Y-%m-%d)-$(shell git rev-parse --short HEAD 2>/dev/null || echo local)
dist: build
	@mkdir -p dist
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='1980-01-01 00:00Z' \
		-czf dist/site-$(DIST_VERSION).tar.gz -C site .
	@echo "dist/site-$(DIST_VERSION).tar.gz"

clean:
	rm -rf site $(VENV) node_modules
