# The project's interface. Every target installs what it needs the first time
# (a .venv with the pinned packages from pyproject.toml) and is quick after that.

SHELL  := /bin/bash
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve build test bench linkcheck-external browser node clean

$(STAMP): pyproject.toml scripts/requirements.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r <($(PYTHON) scripts/requirements.py)
	@touch $@



serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --livereload -a $(HOST):$(PORT)

# The production build: strict MkDocs, then LinkChecker over HTTP (anchors included).
build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python scripts/check_links.py site

# Opt-in: also follow links to other hosts (needs the internet).
linkcheck-external: build
	$(BIN)/python scripts/check_links.py site --external

# Debian's Chromium drives the browser tests; Playwright's own download does not work here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium' and try again."; exit 1; \
	  fi; }

# The browser-side quality tools (axe-core, vnu-jar, Lighthouse), pinned in
# package-lock.json and installed into ./node_modules, never globally. vnu-jar's
# postinstall would download a Java runtime: Debian's JRE is used instead.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm default-jre-headless >/dev/null; \
	  else \
	    echo "The quality gates need Node.js, npm and Java: run 'sudo apt-get install nodejs npm default-jre-headless' and try again."; exit 1; \
	  fi; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

node: $(NODE_STAMP)

test: $(STAMP) browser node build
	$(BIN)/python -m pytest

bench: $(STAMP) browser node build
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site build
