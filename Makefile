# Two commands from a fresh machine (python3 with venv, git, make):
#   make run   installs everything, migrates, imports the reference data, loads demo data, serves :8000
#              (with the background worker for exports)
#   make test  installs everything and runs the whole suite
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
WASPADA := $(VENV)/bin/waspada
# uv uses the machine's Python 3.11 and never downloads an interpreter.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
export UV_PYTHON := $(PYTHON)

.PHONY: run test install migrate data demo serve lint typecheck messages bench chromium clean

run: install data demo serve

test: install chromium
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/mypy src
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)
	@# Concurrent writers need a database file; on SQLite the run above (in memory) skips them.
	mkdir -p var && WASPADA_TEST_SQLITE_NAME=$(CURDIR)/var/test-concurrent.sqlite3 $(VENV)/bin/pytest -q -m concurrent; \
	status=$$?; rm -f $(CURDIR)/var/test-concurrent.sqlite3*; exit $$status

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

# Bytecode is compiled here because these machines set PYTHONDONTWRITEBYTECODE: without it every process
# (each web worker, CLI command and test worker) compiles some 600 modules from source, about 0.5 s each time.
$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --compile-bytecode
	$(VENV)/bin/python -m compileall -q src
	touch $@

install: $(VENV)/.synced

migrate: install
	$(WASPADA) migrate --no-input

data: migrate
	$(WASPADA) regions import --if-changed
	$(WASPADA) elections import
	$(WASPADA) incidents import-taxonomy
	$(WASPADA) index-references load

demo: migrate
	WASPADA_DEBUG=1 $(WASPADA) demo

# The maps' base layer for `make run`: OpenStreetMap's standard tiles with the credit they require. Set
# WASPADA_TILE_URL yourself to use another server, or to nothing (WASPADA_TILE_URL= make run) for none.
# The application alone (and the test suite) has no base layer unless WASPADA_TILE_URL is set.
OSM_TILE_URL := https://tile.openstreetmap.org/{z}/{x}/{y}.png
OSM_ATTRIBUTION := © OpenStreetMap contributors
OSM_COPYRIGHT := https://www.openstreetmap.org/copyright

# The background worker (exports, later detection runs) runs beside the web server and stops with it.
serve: install
	export WASPADA_DEBUG=$${WASPADA_DEBUG:-1}; \
	if [ -z "$${WASPADA_TILE_URL+set}" ]; then export WASPADA_TILE_URL='$(OSM_TILE_URL)' \
	  WASPADA_TILE_ATTRIBUTION='$(OSM_ATTRIBUTION)' WASPADA_TILE_ATTRIBUTION_URL='$(OSM_COPYRIGHT)'; fi; \
	$(WASPADA) worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(WASPADA) serve --bind 127.0.0.1:8000

# Browser tests drive Debian's Chromium; install it when missing (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); }

lint: install
	$(VENV)/bin/ruff check src tests bench tools

typecheck: install
	$(VENV)/bin/mypy src

# Refresh translation catalogues after changing user-facing strings, then fill in the Indonesian text.
messages: install
	cd src/waspada && ../../$(WASPADA) makemessages -l id -l en --no-obsolete --ignore 'nlp/*' \
	  && ../../$(WASPADA) makemessages -d djangojs -l id -l en --no-obsolete
	cd src/waspada && ../../$(WASPADA) compilemessages

bench: install
	$(VENV)/bin/python bench/run --json foundation

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache .mypy_cache
