# The project's interface. Every target installs what it needs the first time
# (a .venv with the pinned packages from pyproject.toml and the project's own
# `guide` package, editable) and is quick after that.

SHELL  := /bin/bash
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The generator for `make build`: mkdocs (MkDocs + Material) or zensical.
ENGINE ?= mkdocs
# `make test` also builds the site with Zensical, here, and checks both.
ZENSICAL_SITE := build/zensical/site

.PHONY: serve build build-zensical record-urls branch-pages review test test-fast bench linkcheck-external system-packages node clean

$(STAMP): pyproject.toml scripts/requirements.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r <($(PYTHON) scripts/requirements.py)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The test and bench tools (pyproject.toml, [project.optional-dependencies] test).
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r <($(PYTHON) scripts/requirements.py test)
	@touch $@

# Live preview on MkDocs + Material; records nothing (handbook/developers.md, "How the build works").
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --livereload -a $(HOST):$(PORT)

# The production build: sources checked, the generator (strict), then the steps
# over site/ (short links, PDFs, search index, published URLs, link check).
build: $(STAMP)
	$(BIN)/python -m guide build --engine $(ENGINE)

build-zensical: $(STAMP)
	$(BIN)/python -m guide build --engine zensical --site-dir $(ZENSICAL_SITE)

# Append new page URLs and short links to data/published-urls.txt; commit it.
record-urls: $(STAMP)
	$(BIN)/python -m guide record-urls

# The pages overdue for review or due within 30 days (handbook/editors.md, "Review dates"). Never fails on a date.
review: $(STAMP)
	$(BIN)/python -m guide review

# Write docs/branches/SLUG.md for each branch in data/branches.yml that has none; commit them.
branch-pages: $(STAMP)
	$(BIN)/python -m guide branch-pages

# Opt-in: also follow links to other hosts (needs the internet).
linkcheck-external: build
	$(BIN)/python -m guide check-links site --external

# Debian's packages the tests and the bench need, as PACKAGE:PROBE (a command on
# the PATH or in /usr/sbin, or a file that the package installs): Chromium's headless
# shell for the browser tests (Playwright's own browser download does not work here)
# and the full Chromium for Lighthouse (make bench), which starts its own; pdftoppm
# and zbarimg to read QR codes back from PDFs (pyzbar uses the same libzbar);
# nginx with its Brotli module, which serves the built site with the generated
# configuration (each run starts its own from a temporary folder; the system's is
# never used); Node.js, npm and Java for the quality tools below. One apt-get run
# installs whatever is missing, as root; anyone else is told the command.
APT_NEEDS := chromium-headless-shell:chromium-headless-shell chromium:chromium poppler-utils:pdftoppm zbar-tools:zbarimg nginx:nginx \
  libnginx-mod-http-brotli-static:/usr/lib/nginx/modules/ngx_http_brotli_static_module.so \
  nodejs:node npm:npm default-jre-headless:java
system-packages:
	@missing=$$(for need in $(APT_NEEDS); do package=$${need%%:*}; probe=$${need#*:}; \
	  case $$probe in /*) test -e $$probe ;; *) command -v $$probe >/dev/null 2>&1 || test -x /usr/sbin/$$probe ;; esac \
	  || echo $$package; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need Debian's $$missing: run 'sudo apt-get install $$missing' and try again."; exit 1; \
	  fi; \
	fi

# The browser-side quality tools (axe-core, vnu-jar, Lighthouse, the MDN HTTP
# Observatory), pinned in package-lock.json and installed into ./node_modules,
# never globally. Install scripts stay off: vnu-jar's would download a Java
# runtime (Debian's JRE is used instead), and the Observatory's would download
# the HSTS preload list; it is given an empty one, since a test host is on no
# such list (handbook/operators.md, "Deploying").
NODE_STAMP := node_modules/.installed
OBSERVATORY := node_modules/@mdn/mdn-http-observatory
$(NODE_STAMP): package.json package-lock.json | system-packages
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	echo '{}' > $(OBSERVATORY)/conf/hsts-preload.json
	@touch $@

node: $(NODE_STAMP)

# The whole suite: both builds, the import contract, then every test, on four workers.
# Four keep two cores busy (the browser tests wait on page loads and nginx); six measured
# no faster, as both cores are then full. A test module stays on one worker (loadfile), so
# a module's built copy of the project is made once; session fixtures (a browser, nginx)
# start once per worker. Spreading the every-page browser checks over workers (loadgroup)
# gained nothing: the cores, not the order, are the limit. Modules go out in collection
# order, which puts the longest first (tests/conftest.py, LONGEST_FIRST), so no worker is
# left alone at the end with a long one.
PYTEST_PARALLEL ?= -n 4 --dist loadfile --no-loadscope-reorder
test: $(TEST_STAMP) system-packages node build build-zensical
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# Under a minute, no build and no browser: the unit tests (pytest -m unit), for editors and developers.
test-fast: $(TEST_STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -m unit

# Both builds: the bench measures search on each (a fresh clone has no Zensical build until this).
bench: $(TEST_STAMP) system-packages node build build-zensical
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site build
