# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make book   build the online (HTML) and print (PDF) editions
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
NODE_MODULES := node_modules/.installed

.PHONY: help venv system-deps web-deps test-deps html pdf book test test-fast bench clean lock

help:
	@echo "make book   build the HTML ($(BUILD)/html/) and PDF ($(PDF)) editions"
	@echo "make test   build the book and run all tests"
	@echo "make html   HTML only;  make pdf   PDF only;  make clean   remove $(BUILD)"
	@echo "make bench  build-time, page-weight and Lighthouse report (scratch copy; _build/ is untouched)"

## The project-local virtual environment, from the exact versions in requirements.lock.
venv: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

system-deps:
	scripts/ensure_debian_packages.sh $(PDF_DEBS)

## Chromium, Java and the npm tools (axe-core, the Nu Html Checker, Lighthouse) for the browser tests and bench.
web-deps: $(NODE_MODULES)
	scripts/ensure_debian_packages.sh $(WEB_DEBS)

$(NODE_MODULES): package.json package-lock.json
	command -v npm >/dev/null || scripts/ensure_debian_packages.sh nodejs npm
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# A rebuild with nothing changed is skipped: jupyter-book needs seconds just to start. Any file of the book newer
# than the last successful build (sources, data, library, extension, config, templates; a deleted file changes its
# folder), a new environment or another data folder runs the real build, in which Sphinx re-reads only the changed
# pages and a notebook re-runs only when a file it read has changed (moscow_pyongyang_book/cache.py).
HTML_STAMP := $(BUILD)/html/.book-built-from
NEWER_THAN_HTML = find . $${MOSCOW_PYONGYANG_DATA:-} \( -name _build -o -name .git -o -name '.venv*' -o -name node_modules -o -name __pycache__ \
                  -o -name .pytest_cache -o -name .ipynb_checkpoints -o -path ./tests \) -prune \
                  -o -newer $(HTML_STAMP) -print -quit

html: venv
	mkdir -p $(LOGS)
	@if [ -f $(HTML_STAMP) ] && [ "$$(cat $(HTML_STAMP))" = "$${MOSCOW_PYONGYANG_DATA:-data}" ] \
	   && [ ! $(VENV)/.installed -nt $(HTML_STAMP) ] && [ -z "$$($(NEWER_THAN_HTML))" ]; then \
	  echo "html: nothing changed since the last build of $(BUILD)/html"; \
	else \
	  rm -f $(HTML_STAMP); echo "$${MOSCOW_PYONGYANG_DATA:-data}" > $(LOGS)/html.stamp; \
	  $(BIN)/jupyter-book build . $(JB_FLAGS) 2>&1 | tee $(LOGS)/html.log; \
	  mv $(LOGS)/html.stamp $(HTML_STAMP); \
	fi

pdf: venv system-deps
	mkdir -p $(LOGS) $(dir $(PDF))
	rm -f $(BUILD)/latex/$(PDF_NAME).pdf
	$(BIN)/jupyter-book build . --builder pdflatex $(JB_FLAGS) 2>&1 | tee $(LOGS)/pdf.log
	cp $(BUILD)/latex/$(PDF_NAME).pdf $(PDF)
	@echo "PDF edition: $(PDF)"

book: html pdf

# Debian packages first, in one go (one `apt-get update` on a fresh machine), then the book, then every test.
test: test-deps book
	$(BIN)/python -m pytest

test-deps: $(NODE_MODULES)
	scripts/ensure_debian_packages.sh $(PDF_DEBS) $(WEB_DEBS)

## A report, not a test: build times, notebook run times, page weights and Lighthouse scores, on a scratch copy.
bench: venv system-deps web-deps
	$(BIN)/python scripts/bench.py

## Tests that need no rebuild (after a `make book`).
test-fast: venv web-deps
	$(BIN)/python -m pytest -m "not slow"

## Refresh requirements.lock from pyproject.toml (needs the network to PyPI).
lock:
	rm -rf $(BUILD)/lock-venv && $(PYTHON) -m venv $(BUILD)/lock-venv
	$(BUILD)/lock-venv/bin/pip install --quiet -e ".[test,lab]"
	{ echo "# Exact versions of every Python package the book needs (Python 3.11). Regenerate with \`make lock\`."; \
	  $(BUILD)/lock-venv/bin/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(BUILD)
