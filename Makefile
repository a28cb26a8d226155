# Thin aliases of the README's commands: the work is in `hzbook` (hzbook/cli.py) and its tested Python.
#   make book       build the book (only what changed is executed or rebuilt: hzbook/plan.py decides)
#   make test-all   every test, the slow tier included: the README's test command, what CI runs (.ci/run)
#   make test       the inner loop: every test but the slow tier (pytest -m "not slow")
# Each sets itself up first (`make setup`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HZBOOK := $(BIN)/hzbook
STAMP := $(VENV)/.installed
# The environment is installed from requirements.lock: exact versions with hashes, the ones the notebooks'
# stored outputs were made with. The locked wheels are downloaded (hashes checked) into the wheelhouse first
# and installed from there; tests/test_downloaded_chapter.py installs `hzlib[book]` from them, offline.
LOCK := requirements.lock
WHEELHOUSE := $(VENV)/wheelhouse
# A second, small environment with the oldest versions pyproject.toml allows (`hzbook lock-min`): hzlib's
# library tests run in it too. hzlib is installed in it (editable, built offline from the wheelhouse).
MIN_VENV := .venv-min
MIN_LOCK := requirements-min.lock
MIN_STAMP := $(MIN_VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json

.PHONY: help setup book test test-all pdf execute lab lock bench mutate data translate clean

help:
	@echo "make book       set up, then build the HTML book into _build/html (STUDENT=1: the student edition;"
	@echo "                BOOKLANG=zh: the Chinese edition, into _build/zh/html)"
	@echo "make test-all   set up, then every test, the slow tier included (what CI runs)"
	@echo "make test       set up, then every test but the slow tier (the inner loop)"
	@echo "make pdf        the whole book as one PDF: _build/pdf/haizhu-2019.pdf (STUDENT=1: without solutions;"
	@echo "                BOOKLANG=zh: _build/zh/pdf/haizhu-2019-zh.pdf)"
	@echo "make translate  bring the Chinese catalogs (locales/) in line with the English sources"
	@echo "make execute    re-execute every notebook in place (NB=book/x.ipynb for one)"
	@echo "make lab        JupyterLab on book/ at 127.0.0.1:8888 (PORT=… for another), offline"
	@echo "make data       rewrite data/clean/ from the ledger"
	@echo "make lock       refresh requirements.lock and requirements-min.lock after changing pyproject.toml"
	@echo "                (LOCK_ARGS=\"-P pandas\" moves one package to its newest allowed version)"
	@echo "make mutate     mutation testing: change every claim's figure, the tests must catch each (~15 min)"
	@echo "make bench      measure builds, tests, imports, page weight and Lighthouse on this machine"
	@echo "make setup      create .venv and .venv-min from the locks (exact versions, hashes), fonts, Chromium, npm"

setup: $(STAMP) $(MIN_STAMP) $(NODE_STAMP)
	@$(HZBOOK) system

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet --require-hashes --no-deps -d $(WHEELHOUSE) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-index --find-links $(WHEELHOUSE) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

$(MIN_STAMP): $(MIN_LOCK) $(STAMP)
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --require-hashes -r $(MIN_LOCK)
	$(MIN_VENV)/bin/python -m pip install --quiet --no-deps --no-index --find-links $(WHEELHOUSE) -e .
	@touch $@

# axe-core (the browser check), Lighthouse (bench), Font Awesome (hzbook.sphinx.html), from package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

STUDENT ?= 0
EDITION := $(if $(filter 1,$(STUDENT)),student,html)
# The book's language: en (default) or zh, the Chinese edition (_build/zh/…). Not LANG or LANGUAGE: those
# are the locale's variables.
BOOKLANG ?= en

book: setup
	@$(HZBOOK) build --edition $(EDITION) --lang $(BOOKLANG)

test: setup
	$(HZBOOK) test

test-all: setup
	$(HZBOOK) test --all

pdf: setup
	$(HZBOOK) pdf --lang $(BOOKLANG) $(if $(filter 1,$(STUDENT)),--student)

translate: setup
	$(HZBOOK) translate $(TRANSLATE)

NB ?=
execute: setup
	$(HZBOOK) execute $(NB)

PORT ?= 8888
lab: setup
	@$(HZBOOK) lab --port $(PORT)

data: setup
	$(BIN)/python -m hzlib export

lock: setup
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url \
	  --no-emit-find-links --extra dev --extra book --extra zh $(LOCK_ARGS) -o $(LOCK) pyproject.toml
	@mkdir -p _build
	$(HZBOOK) lock-min >_build/requirements-min.in
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url \
	  --no-emit-find-links --upgrade -o $(MIN_LOCK) _build/requirements-min.in

BENCH ?=
bench: setup
	$(BIN)/python -m bench.run $(BENCH)

MUTATE ?=
mutate: setup
	$(BIN)/python -m tests.support.mutate $(MUTATE)

clean:
	rm -rf _build .pytest_cache
