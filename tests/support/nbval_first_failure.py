"""A pytest plugin for the mutation run's nbval batches: `-x` for each notebook on its own.

tests/support/mutate.py runs several mutants' chapters in one pytest process (each copy of a chapter
reads its own data folder). This plugin skips the remaining cells of a notebook after its first failing
cell, as `-x` would for a single notebook, and writes, per notebook, the first failing cell and its
report to the JSON file named by $HZ_FIRST_FAILURES (notebooks that passed map to null).
"""
from __future__ import annotations

import json
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

RESULTS_ENV = "HZ_FIRST_FAILURES"
_first: dict[str, dict[str, str] | None] = {}


def _notebook(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the cells after a notebook's first failure (its outputs would only repeat the difference)."""
    if _first.get(_notebook(item)):
        pytest.skip("an earlier cell of this notebook failed")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Record each notebook's first failing cell, with the text of its report."""
    outcome = yield
    report = outcome.get_result()
    notebook = _notebook(item)
    _first.setdefault(notebook, None)
    if report.failed and not _first[notebook]:
        _first[notebook] = {"cell": item.nodeid, "text": str(report.longrepr)}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the first failures where the mutation run reads them."""
    target = os.environ.get(RESULTS_ENV)
    if target:
        Path(target).write_text(json.dumps(_first, ensure_ascii=False, indent=1), encoding="utf-8")
