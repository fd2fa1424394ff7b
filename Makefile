# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make book   build the online (HTML), print (PDF) and e-book (EPUB) editions
#   make test   build the book and run every test
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD  := _build
LOGS   := $(BUILD)/logs
PDF_NAME := moscow-pyongyang
PDF    := $(BUILD)/pdf/$(PDF_NAME).pdf
EPUB   := $(BUILD)/epub/$(PDF_NAME).epub
# jupyter-book flags: -W fail on any warning, -n nitpicky (every reference must resolve)
JB_FLAGS := -W -n --keep-going

# Debian packages: TeX Live with xelatex and latexmk, the book's text face Linux Libertine/Biolinum/Libertine Mono
# (Latin and Cyrillic), FreeFont (a fallback of the charts), Hangul (Nanum) and Chinese characters (WenQuanYi Micro Hei),
# and poppler-utils for the PDF tests (pdftotext, pdffonts).
PDF_DEBS  := texlive-xetex texlive-fonts-recommended fonts-linuxlibertine fonts-freefont-otf fonts-nanum \
             fonts-wqy-microhei latexmk poppler-utils
# For the tests of the online edition and `make bench`: Chromium (driven by Playwright and Lighthouse; never a
# downloaded browser) and Java for the Nu Html Checker. The npm tools are pinned in package-lock.json.
WEB_DEBS  := chromium default-jre-headless
# Node.js and npm for the npm tools, from Debian when there is no npm yet (libatomic1: Debian 13's node needs it
# but does not pull it in). npm older than 10 (Debian 12 and 13 ship 9) cannot `npm ci` this lock file, so an
# older npm runs npm 10 from the npm registry for that one command.
NODE_DEBS := nodejs npm libatomic1
NPM_10    := npm@10.9.2
NODE_MODULES := node_modules/.installed
# The EPUB test validates the e-book with epubcheck (4.2.6 in Debian 12 and 13; it runs on the same Java).
EPUB_DEBS := epubcheck

.PHONY: help venv python-check system-deps web-deps test-deps html pdf epub book test test-fast bench clean lock

help:
	@echo "make book   build the HTML ($(BUILD)/html/), PDF ($(PDF)) and EPUB ($(EPUB)) editions"
	@echo "make test   build the book and run all tests"
	@echo "make html   HTML only;  make pdf   PDF only;  make epub   EPUB only;  make clean   remove $(BUILD)"
	@echo "make bench  build-time, page-weight and Lighthouse report (scratch copy; _build/ is untouched)"

## The project-local virtual environment, from the exact versions in requirements.lock (a universal lock: one
## file for Python 3.11, 3.12 and 3.13). scripts/ensure_venv.sh checks $(PYTHON) first and rebuilds $(VENV) from
## scratch whenever the lock or the package metadata change; an interrupted build leaves nothing behind.
## PYTHON_GIVEN: the user chose a Python (`make book PYTHON=python3.12`), so an environment built with another is rebuilt.
PYTHON_GIVEN := $(if $(filter command line environment,$(origin PYTHON)),1,)
export PYTHON_GIVEN

venv:
	scripts/ensure_venv.sh $(PYTHON) $(VENV)

## Fails at once, with one line, when $(PYTHON) cannot build the environment (before anything is installed).
python-check:
	@scripts/ensure_venv.sh --check $(PYTHON) $(VENV)

system-deps:
	scripts/ensure_debian_packages.sh $(PDF_DEBS)

## Chromium, Java and the npm tools (axe-core, the Nu Html Checker, Lighthouse) for the browser tests and bench.
web-deps:
	scripts/ensure_debian_packages.sh $(WEB_DEBS) $(if $(shell command -v npm),,$(NODE_DEBS))
	$(MAKE) --no-print-directory $(NODE_MODULES)

$(NODE_MODULES): package.json package-lock.json
	command -v npm >/dev/null || scripts/ensure_debian_packages.sh $(NODE_DEBS)
	if [ "$$(npm --version | cut -d. -f1)" -ge 10 ]; then npm=(npm); else npm=(npm exec --yes $(NPM_10) --); fi; \
	  "$${npm[@]}" ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# A rebuild with nothing changed is skipped, for each edition: jupyter-book needs seconds just to start, and the PDF
# minutes. Any file of the book newer than that edition's last successful build (sources, data, library, extension,
# config, templates; a deleted file changes its folder), a new environment or another data folder runs the real
# build, in which Sphinx re-reads only the changed pages and a notebook re-runs only when a file it read has changed
# (moscow_pyongyang_book/cache.py). A stamp is written only when its build succeeded.
STAMPS := $(BUILD)/stamps
DATA_FOLDER = $${MOSCOW_PYONGYANG_DATA:-data}
NEWER_THAN = find . $${MOSCOW_PYONGYANG_DATA:-} \( -name _build -o -name .git -o -name '.venv*' -o -name node_modules -o -name __pycache__ \
             -o -name .pytest_cache -o -name .ipynb_checkpoints -o -path ./tests \) -prune \
             -o -newer $(1) -print -quit
# $(call unless_unchanged,EDITION,COMMANDS): run COMMANDS (one shell line) unless nothing changed since the stamp.
define unless_unchanged
@mkdir -p $(LOGS) $(STAMPS)
@if [ -f $(STAMPS)/$(1) ] && [ "$$(cat $(STAMPS)/$(1))" = "$(DATA_FOLDER)" ] \
   && [ ! $(VENV)/.installed -nt $(STAMPS)/$(1) ] && [ -z "$$($(call NEWER_THAN,$(STAMPS)/$(1)))" ]; then \
  echo "$(1): nothing changed since the last $(1) build"; \
else \
  rm -f $(STAMPS)/$(1); echo "$(DATA_FOLDER)" > $(LOGS)/$(1).stamp; \
  echo "$(1): building"; ( $(2) ) || exit 1; \
  mv $(LOGS)/$(1).stamp $(STAMPS)/$(1); \
fi
endef

html: venv
	$(call unless_unchanged,html,$(BIN)/jupyter-book build . $(JB_FLAGS) 2>&1 | tee $(LOGS)/html.log)

pdf: venv system-deps
	$(call unless_unchanged,pdf,mkdir -p $(dir $(PDF)) && rm -f $(BUILD)/latex/$(PDF_NAME).pdf \
	  && $(BIN)/jupyter-book build . --builder pdflatex $(JB_FLAGS) 2>&1 | tee $(LOGS)/pdf.log \
	  && cp $(BUILD)/latex/$(PDF_NAME).pdf $(PDF) && echo "PDF edition: $(PDF)")

## The e-book: Sphinx's epub builder through Jupyter Book (moscow_pyongyang_book/epub.py sets cover and metadata).
## The e-book packs every file of its folder, so the folder is emptied first.
epub: venv
	$(call unless_unchanged,epub,rm -rf $(BUILD)/epub \
	  && $(BIN)/jupyter-book build . --builder custom --custom-builder epub $(JB_FLAGS) 2>&1 | tee $(LOGS)/epub.log \
	  && test -s $(EPUB) && echo "EPUB edition: $(EPUB)")

# The checks first (Python, then Debian packages), so a machine that cannot build stops before installing anything.
book: python-check system-deps html pdf epub

# Debian packages first, in one go (one `apt-get update` on a fresh machine), then the book, then every test.
test: python-check test-deps book
	$(BIN)/python -m pytest --durations=15

test-deps:
	scripts/ensure_debian_packages.sh $(PDF_DEBS) $(WEB_DEBS) $(EPUB_DEBS) $(if $(shell command -v npm),,$(NODE_DEBS))
	$(MAKE) --no-print-directory $(NODE_MODULES)

## A report, not a test: build times, notebook run times, page weights and Lighthouse scores, on a scratch copy.
bench: venv system-deps web-deps
	$(BIN)/python scripts/bench.py

## Tests that need no rebuild (after a `make book`).
test-fast: venv web-deps
	$(BIN)/python -m pytest -m "not slow"

## Refresh requirements.lock from pyproject.toml (needs PyPI): one universal lock, with environment markers, for
## every supported Python; resolved for 3.11.2 upwards (Debian 12's Python). Versions already in the lock are kept
## unless pyproject.toml needs others; `make lock LOCK_FLAGS=--upgrade` moves everything to the newest releases.
UV_VERSION := 0.13.9
LOCK_FLAGS ?=
lock: python-check
	rm -rf $(BUILD)/lock-tools && $(PYTHON) -m venv $(BUILD)/lock-tools
	$(BUILD)/lock-tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BUILD)/lock-tools/bin/uv pip compile --quiet --universal --python-version 3.11.2 $(LOCK_FLAGS) \
	  pyproject.toml --extra test --extra lab --group build --custom-compile-command "make lock" -o requirements.lock

clean:
	rm -rf $(BUILD)
