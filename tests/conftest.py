"""Shared fixtures and helpers: a private copy of the data folder that a test may break, and edits of its CSVs."""
from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import hzlib
from hzlib import paths
from hzlib.store import DataStore, using

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that hzlib reads instead of the real one, for as long as the test runs.

    In this process a fresh `DataStore` of the copy is the default store; a subprocess finds the
    copy through $HZLIB_DATA.
    """
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns("clean"))
    monkeypatch.setenv(paths.DATA_ENV, str(copy))
    with using(DataStore(copy)):
        yield copy


@pytest.fixture(scope="session")
def ledger_frame():  # type: ignore[no-untyped-def]
    """The verified ledger of the real data folder."""
    return hzlib.claims()


def read_records(path: Path) -> list[list[str]]:
    """Every record of a curated CSV, header first (record i stands on file line i + 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_records(path: Path, records: list[list[str]]) -> None:
    """Write records back as the curators do: UTF-8 without BOM, `\\n` line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def line_of(path: Path, key: str) -> int:
    """The file line of the row whose first field (claim_id, relation_id, …) is `key`."""
    return next(i + 1 for i, record in enumerate(read_records(path)) if record[0] == key)


def set_cell(path: Path, key: str, column: str, value: str) -> int:
    """Set one field of the row keyed `key` in a (copied) CSV; return that row's file line."""
    records = read_records(path)
    line = line_of(path, key)
    records[line - 1][records[0].index(column)] = value
    write_records(path, records)
    return line


def built_site(name: str) -> Path:
    """The folder of an edition of the book (hzbook.plan's EDITIONS), brought up to date by `hzbook build`.

    `hzbook test` builds every edition the tests look at before pytest starts, so this finds them
    up to date and returns at once; run alone, a test builds what it needs (a lock keeps two
    workers from building at the same time).
    """
    from hzbook.build import build, log_path
    from hzbook.plan import EDITIONS
    from hzbook.project import Project

    project, edition = Project(REPO), EDITIONS[name]
    status = build(project, edition, say=lambda line: None)
    assert status == 0, f"`hzbook build --edition {name}` failed: see {log_path(REPO, edition)}"
    return edition.output(REPO)


@pytest.fixture(scope="session")
def book_site() -> Path:
    """The built book (`make book`): _build/html."""
    return built_site("html")


@pytest.fixture(scope="session")
def student_site() -> Path:
    """The built student edition (`make book STUDENT=1`): _build/student/_build/html."""
    return built_site("student")


@pytest.fixture(scope="session")
def zh_site() -> Path:
    """The built Chinese edition (`make book BOOKLANG=zh`): _build/zh/html."""
    return built_site("zh")


@pytest.fixture(scope="session")
def zh_student_site() -> Path:
    """The Chinese student edition (`make book BOOKLANG=zh STUDENT=1`): _build/zh/student/html."""
    return built_site("zh-student")


@pytest.fixture(scope="session")
def single_site() -> Path:
    """The book as one page, the PDF's source (`make pdf`): _build/single/_build/singlehtml."""
    return built_site("singlehtml")


@pytest.fixture(scope="session")
def zh_single_site() -> Path:
    """The Chinese edition as one page, its PDF's source (`make pdf BOOKLANG=zh`): _build/zh/single/singlehtml."""
    return built_site("zh-singlehtml")
