# The project's interface. Every target installs what it needs the first time
# (a .venv with the pinned packages from pyproject.toml and the project's own
# `guide` package, editable) and is quick after that.

SHELL  := /bin/bash
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The generator for `make build`: mkdocs (MkDocs + Material) or zensical.
ENGINE ?= mkdocs
# `make test` also builds the site with Zensical, here, and checks both.
ZENSICAL_SITE := build/zensical/site

.PHONY: serve build build-zensical record-urls branch-pages review test bench linkcheck-external browser print-tools nginx node clean

$(STAMP): pyproject.toml scripts/requirements.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r <($(PYTHON) scripts/requirements.py)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Live preview on MkDocs + Material; records nothing (README, "How the build works").
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

# The pages overdue for review or due within 30 days (README, "Review dates"). Never fails on a date.
review: $(STAMP)
	$(BIN)/python -m guide review

# Write docs/branches/SLUG.md for each branch in data/branches.yml that has none; commit them.
branch-pages: $(STAMP)
	$(BIN)/python -m guide branch-pages

# Opt-in: also follow links to other hosts (needs the internet).
linkcheck-external: build
	$(BIN)/python -m guide check-links site --external

# Debian's Chromium drives the browser tests; Playwright's own download does not work here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium' and try again."; exit 1; \
	  fi; }

# The QR code tests rasterise PDFs (pdftoppm, Debian's poppler-utils) and read
# the codes (zbarimg, Debian's zbar-tools, whose libzbar pyzbar also uses).
print-tools:
	@command -v pdftoppm >/dev/null 2>&1 && command -v zbarimg >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils zbar-tools >/dev/null; \
	  else \
	    echo "The QR code tests need pdftoppm and zbarimg: run 'sudo apt-get install poppler-utils zbar-tools' and try again."; exit 1; \
	  fi; }

# Debian's nginx with its Brotli module serves the built site in the tests and
# the benchmark, with the configuration the build generates (README, "Deploying").
# Each run starts its own nginx from a temporary folder; the system's is never used.
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
nginx:
	@{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } && test -f $(NGINX_BROTLI) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null; \
	  else \
	    echo "The tests need Debian's nginx: run 'sudo apt-get install nginx libnginx-mod-http-brotli-static' and try again."; exit 1; \
	  fi; }

# The browser-side quality tools (axe-core, vnu-jar, Lighthouse, the MDN HTTP
# Observatory), pinned in package-lock.json and installed into ./node_modules,
# never globally. Install scripts stay off: vnu-jar's would download a Java
# runtime (Debian's JRE is used instead), and the Observatory's would download
# the HSTS preload list; it is given an empty one, since a test host is on no
# such list (README, "Deploying").
NODE_STAMP := node_modules/.installed
OBSERVATORY := node_modules/@mdn/mdn-http-observatory
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm default-jre-headless >/dev/null; \
	  else \
	    echo "The quality gates need Node.js, npm and Java: run 'sudo apt-get install nodejs npm default-jre-headless' and try again."; exit 1; \
	  fi; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	echo '{}' > $(OBSERVATORY)/conf/hsts-preload.json
	@touch $@

node: $(NODE_STAMP)

test: $(STAMP) browser print-tools nginx node build build-zensical
	$(BIN)/python -m pytest

bench: $(STAMP) browser nginx node build
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site build
