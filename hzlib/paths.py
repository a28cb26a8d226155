"""Where the data lives: inside the installed wheel, or at the top of a clone."""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

DATA_ENV = "HZLIB_DATA"  # points hzlib at another data folder (tests, mutation runs)

RAW_REPORT = "raw/haizhu-2019-plan-report.txt"
RAW_CHECKSUMS = "raw/SHA256SUMS"
CLAIMS = "claims.csv"
NOT_CLAIMS = "not_claims.csv"
RELATIONS = "relations.csv"
CONTEXT = "context.csv"  # figures from other sources, never read by the ledger
OUTTURN_LINKS = "outturn_links.csv"  # which context figure is the outturn of which 2020 target, and how to compare


@cache
def data_dir() -> Path:
    """The data folder: $HZLIB_DATA if set, `hzlib/data` in a wheel, else `data/` of the clone."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / CLAIMS).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def data_file(name: str) -> Path:
    """Path of one data file, by its name relative to the data folder."""
    return data_dir() / name


def display_name(path: Path) -> str:
    """A short name for messages: `data/claims.csv` rather than an absolute path."""
    try:
        return f"data/{path.resolve().relative_to(data_dir().resolve()).as_posix()}"
    except ValueError:
        return str(path)
