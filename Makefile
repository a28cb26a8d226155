# The two commands of the README: `make book` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
# A second, small environment with the oldest versions pyproject.toml allows (requirements-min.lock,
# from tools/min_requirements.py): hzlib's unit and data tests run in it too. The notebooks and the
# book stay on the main lock, whose versions made their stored outputs.
MIN_VENV := .venv-min
MIN_LOCK := requirements-min.lock
MIN_STAMP := $(MIN_VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json
LIBRARY_TESTS := tests/test_bad_input.py tests/test_cli.py tests/test_not_claims.py tests/test_export.py \
  tests/test_ledger.py tests/test_plot.py tests/test_relations.py tests/test_report.py tests/test_schema.py \
  tests/test_context.py tests/test_outturn.py tests/test_store.py
PYTEST_NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

.PHONY: setup system data test book execute clean help mutate lab

help:
	@echo "make book     set up, then build the HTML book into _build/html"
	@echo "make test     set up, then run every test (unit, data, nbval over book/)"
	@echo "make data     rewrite data/clean/ from the ledger"
	@echo "make execute  re-execute every notebook in place (NB=book/x.ipynb for one)"
	@echo "make lab      set up, then start JupyterLab on book/ at 127.0.0.1:8888 (PORT=… for another), offline"
	@echo "make setup    create .venv from requirements.lock (exact versions, hashes), install fonts"
	@echo "make lock     refresh requirements.lock and requirements-min.lock after changing pyproject.toml"
	@echo "              (LOCK_ARGS=\"-P pandas\" moves one package to its newest allowed version)"
	@echo "make pdf      build the whole book as one PDF: _build/pdf/haizhu-2019.pdf"
	@echo "              (STUDENT=1 with book or pdf: the student edition, without solutions)"
	@echo "make mutate   mutation testing: change every claim's figure, the tests must catch each (~4 min)"
	@echo "make bench    measure builds, tests, imports, page weight and Lighthouse scores on this machine (~10 min)"
	@echo "              (BENCH=--web-only: only the page weight and Lighthouse, a few minutes)"

setup: $(STAMP) $(MIN_STAMP) $(NODE_STAMP) system

# The outside validators and the book's icons, from the npm registry (package.json, package-lock.json):
# axe-core (tools/browser_check.py), Lighthouse (bench/lighthouse.py), Font Awesome (tools/book_html.py).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

system:
	@bash tools/system-packages.sh

# The environment is installed from requirements.lock: exact versions with hashes, the ones the
# notebooks' stored outputs were made with. `make lock` refreshes it after a change of pyproject.toml.
# The locked wheels are downloaded (hashes checked) into $(WHEELHOUSE) first and installed from there:
# tests/test_downloaded_chapter.py installs `hzlib[book]` from them into a fresh venv, with no index, offline.
LOCK := requirements.lock
WHEELHOUSE := $(VENV)/wheelhouse
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet --require-hashes --no-deps -d $(WHEELHOUSE) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-index --find-links $(WHEELHOUSE) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

# hzlib itself is installed (editable, built offline from the wheelhouse's hatchling): its version is its metadata's.
$(MIN_STAMP): $(MIN_LOCK) $(STAMP)
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --require-hashes -r $(MIN_LOCK)
	$(MIN_VENV)/bin/python -m pip install --quiet --no-deps --no-index --find-links $(WHEELHOUSE) -e .
	@touch $@

data: setup
	$(BIN)/python -m hzlib export

# Both run with no network (tools/offline.sh), after a preflight that turns the usual failures
# (corrupt notebook, missing kernel, font or report, stale data/clean) into one clear line.
test: setup book
	@$(MAKE) -s --no-print-directory book STUDENT=1   # the browser check (axe-core too) opens both editions
	@$(BIN)/python tools/tree_state.py save _build/tree-before-test.json
	@$(BIN)/python tools/preflight.py
	tools/offline.sh $(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_NBVAL) tests book
	tools/offline.sh $(MIN_VENV)/bin/python -m pytest -p no:cacheprovider $(LIBRARY_TESTS)
	@$(BIN)/python tools/tree_state.py compare _build/tree-before-test.json

book: setup
	@$(BIN)/python tools/preflight.py --skip-clean
	@$(MAKE) -s --no-print-directory $(EXECUTED)
	@$(MAKE) -s --no-print-directory -q $(BUILT) && echo "book up to date: $(EDITION_BUILD)/html/index.html" \
	  || $(MAKE) -s --no-print-directory $(BUILT)

# STUDENT=1 (`make book STUDENT=1`, `make pdf STUDENT=1`): the student edition, without solutions,
# into _build/student/_build/, from a config that tools/student_config.py generates from _config.yml.
STUDENT ?= 0
ifeq ($(STUDENT),1)
EDITION_BUILD := _build/student/_build
EDITION_ARGS := --config _build/student/_config.yml --path-output _build/student
EDITION_CONFIG = @$(BIN)/python tools/student_config.py --out _build/student/_config.yml >/dev/null
PDF_NAME := haizhu-2019-student.pdf
else
EDITION_BUILD := _build
EDITION_ARGS :=
EDITION_CONFIG =
PDF_NAME := haizhu-2019.pdf
endif

# jupyter-book runs only when a file of the repository (any file git sees, or the venv) changed since
# its last successful build: a rebuild with nothing changed costs the preflight, not Sphinx's start.
BUILT := $(EDITION_BUILD)/html/.built
BOOK_INPUTS = $(or $(wildcard $(shell git ls-files -co --exclude-standard 2>/dev/null)),FORCE)
$(BUILT): $(BOOK_INPUTS) $(EXECUTED) $(STAMP)
	$(EDITION_CONFIG)
	tools/offline.sh $(BIN)/python tools/build_book.py $(EDITION_ARGS)
	@touch $@
.PHONY: FORCE

# One PDF of the whole book: the single-page HTML printed by Debian's Chromium (tools/pdf.py),
# offline; the first 6 pages also as PNG beside it, to look at.
.PHONY: pdf
pdf: setup
	@$(BIN)/python tools/preflight.py --skip-clean
	@$(MAKE) -s --no-print-directory $(EXECUTED)
	$(EDITION_CONFIG)
	tools/offline.sh $(BIN)/python tools/build_book.py $(EDITION_ARGS) --builder singlehtml
	tools/offline.sh $(BIN)/python tools/pdf.py $(EDITION_BUILD)/singlehtml $(EDITION_BUILD)/pdf/$(PDF_NAME) --preview 6

# Notebooks of _toc.yml changed since the last build run first, in parallel (jupyter-cache's
# local-parallel executor: one kernel per core), into the cache jupyter-book reads; the build then
# only renders. A notebook that fails here is run and explained again by the build itself.
BOOK_NOTEBOOKS = $(wildcard $(addsuffix .ipynb,$(shell sed -n 's/^[ -]*\(root\|file\): *//p' _toc.yml)))
EXECUTED := _build/.notebooks-executed
JCACHE = $(BIN)/jcache notebook --cache-path _build/.jupyter_cache
# jupyter-cache keys an execution by the notebook's code only: when hzlib or the data change, every
# cached execution is stale, so the cache and Sphinx's record of the pages are emptied and every
# notebook runs again.
LIBRARY_INPUTS := $(wildcard hzlib/*.py) $(wildcard data/*.csv) $(wildcard data/raw/*)
LIBRARY_STAMP := _build/.library-inputs
$(LIBRARY_STAMP): $(LIBRARY_INPUTS)
	@rm -rf _build/.jupyter_cache _build/.doctrees _build/html _build/jupyter_execute
	@mkdir -p _build && touch $@

$(EXECUTED): $(BOOK_NOTEBOOKS) $(LIBRARY_STAMP)
	@mkdir -p _build/.jupyter_cache
	@echo "executing changed notebooks in parallel (log: _build/execute.log)"
	@{ $(JCACHE) add $(BOOK_NOTEBOOKS) && tools/offline.sh $(JCACHE) execute --executor local-parallel \
	   --no-force --timeout 300 $(BOOK_NOTEBOOKS); } >_build/execute.log 2>&1 || { tail -n 20 _build/execute.log; exit 1; }
	@touch $@

.PHONY: lock
lock: setup
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url \
	  --no-emit-find-links --extra dev --extra book $(LOCK_ARGS) -o $(LOCK) pyproject.toml
	$(BIN)/python tools/min_requirements.py >_build/requirements-min.in
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url \
	  --no-emit-find-links --upgrade -o $(MIN_LOCK) _build/requirements-min.in

NB ?= $(NOTEBOOKS)
execute: setup
	$(BIN)/python tools/execute.py $(NB)

# JupyterLab from the project's environment on book/, to open a chapter and re-run it (tools/lab.py):
# bound to 127.0.0.1, no browser opened, no news or update checks; it prints the URL to open.
PORT ?= 8888
lab: setup
	@$(BIN)/python tools/lab.py --port $(PORT)

# What each step costs on this machine (about 10 minutes): prints a table, writes bench/results.json.
# The heaviest page's weight and Lighthouse's scores on three pages are part of it; BENCH=--web-only
# measures only those (one build in a clone, a few minutes) and updates them in bench/results.json.
BENCH ?=
.PHONY: bench
bench: setup
	$(BIN)/python -m bench.run $(BENCH)

clean:
	rm -rf _build .pytest_cache

# Mutation testing (tools/mutate.py): MUTATE="--sample 20 --seed 1" for a sample, "--kinds a,b" for the data only.
MUTATE ?=
mutate: setup
	$(BIN)/python tools/mutate.py $(MUTATE)
