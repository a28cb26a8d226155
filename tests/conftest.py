"""Shared fixtures: a private copy of the data folder that a test may break."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import hzlib
from hzlib import arithmetic, ledger, paths, sources

REPO = Path(__file__).resolve().parent.parent


def clear_caches() -> None:
    """Forget every cached load, so that the next call reads the (new) data folder."""
    for cached in (paths.data_dir, sources.report, ledger._claims, arithmetic._relations):
        cached.cache_clear()


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that hzlib reads instead of the real one, for as long as the test runs."""
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns("fragments", "clean"))
    monkeypatch.setenv(paths.DATA_ENV, str(copy))
    clear_caches()
    yield copy
    monkeypatch.delenv(paths.DATA_ENV)
    clear_caches()


@pytest.fixture(scope="session")
def ledger_frame():  # type: ignore[no-untyped-def]
    """The verified ledger of the real data folder."""
    return hzlib.claims()
