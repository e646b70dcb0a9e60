# Kring: the two commands a fresh machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1

.PHONY: install demo serve test lint typecheck pytest e2e-deps messages compile-messages clean bench security-report

# Create .venv (if missing) and install exactly what uv.lock pins, the project editable.
$(BIN)/uv:
	@command -v $(PYTHON) >/dev/null || { echo "Kring needs $(PYTHON) on PATH."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Safe to run any time: uv only installs what differs from the lock (a no-op takes ~0.1 s),
# and the catalogs are compiled only when their .po changed.
install: $(BIN)/uv
	@$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@$(MAKE) --no-print-directory --silent $(MO_FILES)

MO_FILES := $(patsubst %.po,%.mo,$(wildcard kring/locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	$(BIN)/pybabel -q compile -i $< -o $@

# axe-core for the accessibility checks of the browser journeys (pinned in package-lock.json).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

e2e-deps: node_modules/axe-core/axe.min.js

# Installs (bin/demo runs `make install` itself), migrates, builds the demo community, serves.
demo:
	@bin/demo

test: install e2e-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KRING_TESTING=true $(BIN)/mypy kring
	KRING_TESTING=true $(BIN)/kring makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	KRING_TESTING=true $(BIN)/mypy kring

pytest: install e2e-deps
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The security battery (XSS, CSRF, abuse, uploads, visibility): runs it and regenerates the
# results table in docs/security.md.
security-report: install e2e-deps
	bin/security-report $(PYTEST_ARGS)

# Load test of the production server on a seeded database (not part of `make test`): see
# bench/run for BENCH_DB=sqlite|postgres, BENCH_SCALE=small|medium|large and the rest.
bench: install
	bench/run

# Extract translatable strings (Python via makemessages, Jinja2 via Babel) into one catalog.
messages: install
	bin/messages

compile-messages: install
	$(BIN)/kring compilemessages --ignore=.venv -v0

clean:
	rm -rf $(VENV) node_modules var .mypy_cache .ruff_cache .pytest_cache
