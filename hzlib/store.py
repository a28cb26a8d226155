"""One data store: the tables of one data folder, each read and verified on first use, then kept.

Every loaded table of hzlib lives here, in one object, instead of in module-level caches: the
cleaned report, the verified ledger, the evaluated relations, the context figures and the outturn
links. `hzlib.claims()` and the other public functions read the default store; a test or the
mutation tester builds its own (`DataStore(data_dir=copy)`) and passes it, or makes it the default
for a while with `using(store)`. A fresh store reads everything again: there is no cache to clear.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import locate_data_dir

if TYPE_CHECKING:
    import pandas as pd

    from .report import Report


class DataStore:
    """The data of one folder (`data/` of a clone, `hzlib/data` of a wheel, or a test's copy), loaded lazily."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else locate_data_dir()

    def __repr__(self) -> str:
        return f"DataStore(data_dir={str(self.data_dir)!r})"

    def file(self, name: str) -> Path:
        """Path of one data file, by its name relative to the data folder (`claims.csv`, `raw/…`)."""
        return self.data_dir / name

    def display_name(self, path: Path) -> str:
        """A short name for messages: `data/claims.csv` rather than an absolute path."""
        try:
            return f"data/{path.resolve().relative_to(self.data_dir.resolve()).as_posix()}"
        except ValueError:
            return str(path)

    @cached_property
    def report(self) -> Report:
        """The cleaned report with its sections (the raw text's checksum checked first)."""
        from .report import load_report

        return load_report(self)

    @cached_property
    def claims(self) -> pd.DataFrame:
        """The verified ledger (raises DataError listing every problem). Callers that may change it take a copy."""
        from .ledger import load_claims

        return load_claims(store=self)

    @cached_property
    def relations(self) -> pd.DataFrame:
        """The report's arithmetic, evaluated (raises DataError on a structural problem of relations.csv)."""
        from .relations import load_relations

        return load_relations(self)

    @cached_property
    def context(self) -> pd.DataFrame:
        """The figures of context.csv, checked (never read by the ledger)."""
        from .context import load_context

        return load_context(store=self)

    @cached_property
    def outturn_links(self) -> pd.DataFrame:
        """The links of outturn_links.csv, checked against the ledger and the context."""
        from .outturn import load_links

        return load_links(self)


_default: DataStore | None = None


def default_store() -> DataStore:
    """The store that `hzlib.claims()` and the other public functions read: created on first use."""
    global _default
    if _default is None:
        _default = DataStore()
    return _default


def set_default_store(store: DataStore | None) -> DataStore | None:
    """Make `store` the default (None: a fresh one on next use); return the one it replaces."""
    global _default
    previous, _default = _default, store
    return previous


@contextmanager
def using(store: DataStore) -> Iterator[DataStore]:
    """Make `store` the default inside a `with` block, then restore the one before."""
    previous = set_default_store(store)
    try:
        yield store
    finally:
        set_default_store(previous)
