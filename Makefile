# The two commands of the README: `make book` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
PYTEST_NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

.PHONY: setup system data test book execute clean help

help:
	@echo "make book     set up, then build the HTML book into _build/html"
	@echo "make test     set up, then run every test (unit, data, nbval over book/)"
	@echo "make data     rewrite data/clean/ from the ledger"
	@echo "make execute  re-execute every notebook in place (NB=book/x.ipynb for one)"
	@echo "make setup    create .venv with the package and all extras, install fonts"

setup: $(STAMP) system

system:
	@bash tools/system-packages.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,book]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

data: setup
	$(BIN)/python -m hzlib export

# Both run with no network (tools/offline.sh), after a preflight that turns the usual failures
# (corrupt notebook, missing kernel, font or report, stale data/clean) into one clear line.
test: setup
	@$(BIN)/python tools/tree_state.py save _build/tree-before-test.json
	@$(BIN)/python tools/preflight.py
	tools/offline.sh $(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_NBVAL) tests book
	@$(BIN)/python tools/tree_state.py compare _build/tree-before-test.json

book: setup
	@$(BIN)/python tools/preflight.py --skip-clean
	tools/offline.sh $(BIN)/python tools/build_book.py

NB ?= $(NOTEBOOKS)
execute: setup
	$(BIN)/python tools/execute.py $(NB)

clean:
	rm -rf _build .pytest_cache
