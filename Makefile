# One entry point. `make serve` and `make test` set up whatever is missing.
# Python >= 3.12 (pyodide-build needs it): the newest python3.13/python3.12 that
# runs, else pyenv's, else say so. Override with `make PYTHON=/path/to/python`.
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[3-9]*/bin/python $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python 2>/dev/null | sort -rV); do $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$p && break; done)
endif
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS_DIR ?= docs
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test test-quick lint clean article dist bench lock editor

setup: $(VENV)/.installed node_modules/.installed

# Every Python package comes from scripts/requirements.lock, checked against its
# sha256; the project's own two packages are then installed from this tree.
$(VENV)/.installed: pyproject.toml scripts/pyproject.toml scripts/requirements.lock
	@test -n "$(PYTHON)" || (echo "Python >= 3.12 is needed (python3.12 or python3.13 on PATH, or pyenv)"; exit 1)
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || (rm -rf $(VENV) && $(PYTHON) -m venv $(VENV))
	@echo "Installing the Python packages (first run: about 350 MB)…"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r scripts/requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . -e ./scripts
	@touch $@

# Re-lock the Python packages after changing a dependency in a pyproject.toml (needs PyPI).
lock: setup
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w build/lock .
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev \
		--find-links build/lock --unsafe-package klusterilaatu-checker --no-emit-find-links --no-emit-index-url \
		-o scripts/requirements.lock scripts/pyproject.toml
	@# the checker is this tree, installed from it: not a locked download
	$(BIN)/python -c 'import pathlib, re; p = pathlib.Path("scripts/requirements.lock"); \
		p.write_text(re.sub(r"(?m)^klusterilaatu-checker==.*\n(?:    .*\n)*", "", p.read_text()))' 

node_modules/.installed: package.json package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || (echo "Node >= 20 is needed" && exit 1)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# While writing, a page missing its other language falls back with a note;
# `make build` and `make test` fail on it instead.
# Stopping it (Ctrl-C) is a normal end, not an error.
serve: setup
	ALLOW_MISSING_TRANSLATIONS=1 $(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT) || [ $$? -ge 128 ]

build: setup
	$(BIN)/mkdocs build --strict --clean

# The JavaScript helpers' unit tests (node --test), then everything else: pytest
# on one worker per core (pytest-xdist), each module's tests on one worker, so
# that what a module sets up once is set up once. One file alone:
# .venv/bin/python -m pytest tests/browser/test_checker.py
test: build
	node --test tests/js/
	$(BIN)/python -m pytest -n auto --dist loadscope

# The quick loop while changing the engine, the rules or the build: everything
# but the tests that drive Chromium (marked `browser`). `make test` runs all.
test-quick: build
	node --test tests/js/
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not browser"

# The web editor for articles against this working copy: http://127.0.0.1:8000/admin/
# (Decap CMS; its local proxy, npm decap-server, on 127.0.0.1:8081 reads and writes docs/
# here, and `mkdocs serve` shows the site as it changes). Ctrl+C stops both.
EDITOR_PROXY_PORT := 8081
editor: setup
	@echo "Editor: http://$(HOST):$(PORT)/admin/ (saves into $(CURDIR)/docs; Ctrl+C stops)"
	@PORT=$(EDITOR_PROXY_PORT) BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" LOG_LEVEL=warn \
		node node_modules/decap-server/dist/index.js & proxy=$$!; \
	trap 'kill $$proxy 2>/dev/null' EXIT INT TERM; \
	ALLOW_MISSING_TRANSLATIONS=1 $(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

# Start-up as a visitor sees it, transfer, Lighthouse and build scale; writes BENCHMARKS.md.
# BENCH_ARGS: --runs N, --quick, --skip-lighthouse, --skip-scale (python -m sitetools.bench --help)
bench: setup
	$(BIN)/python -m sitetools.bench $(BENCH_ARGS)

# ruff for the Python; TypeScript's checker (tsc, pinned in package.json) for the
# JavaScript: three programs, for the page, the workers and Node.
# The project's own JavaScript, formatted by Prettier (.prettierrc.json):
# `node_modules/.bin/prettier --write $(JS_SOURCES)` formats it.
JS_SOURCES := "scripts/**/*.{js,mjs}" "tests/**/*.mjs" "docs/assets/**/*.js" "overrides/**/*.js"

lint: setup
	$(BIN)/ruff check checker scripts tests
	$(BIN)/ruff format --check checker scripts tests
	$(BIN)/mypy
	for program in page worker node; do node_modules/.bin/tsc -p scripts/sitebuild/browser/tsconfig.$$program.json || exit 1; done
	node_modules/.bin/prettier --check $(JS_SOURCES)

# A new article in both languages: make article TITLE="Otsikko" (asks when TITLE is not given).
# The titles reach the script unexpanded, in the environment: quotes, $ and backticks stay text.
override TITLE := $(value TITLE)
override TITLE_EN := $(value TITLE_EN)
article: export TITLE := $(TITLE)
article: export TITLE_EN := $(TITLE_EN)
article: setup
	$(BIN)/python -m sitetools.new_article --docs "$(DOCS_DIR)"

# The built site as a tarball for any static host: dist/site-<date>-<commit>.tar.gz
# (files keep the build's real times, so web servers' validators change with them)
DIST_VERSION ?= $(shell date -u +%Y-%m-%d)-$(shell git rev-parse --short HEAD 2>/dev/null || echo local)
dist: build
	$(BIN)/python -m sitetools.dist site dist/site-$(DIST_VERSION).tar.gz

clean:
	rm -rf site $(VENV) node_modules
