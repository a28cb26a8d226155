"""Where the data lives (inside the installed wheel, or at the top of a clone) and what its files are called."""
from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "HZLIB_DATA"  # points the default store at another data folder (a subprocess of a test or a mutation run)

RAW_REPORT = "raw/haizhu-2019-plan-report.txt"
RAW_CHECKSUMS = "raw/SHA256SUMS"
CLAIMS = "claims.csv"
NOT_CLAIMS = "not_claims.csv"
RELATIONS = "relations.csv"
CONTEXT = "context.csv"  # figures from other sources, never read by the ledger
OUTTURN_LINKS = "outturn_links.csv"  # which context figure is the outturn of which 2020 target, and how to compare


def locate_data_dir() -> Path:
    """The data folder: $HZLIB_DATA if set, `hzlib/data` in a wheel, else `data/` of the clone."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / CLAIMS).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The data folder of the default store (`hzlib.store.default_store()`)."""
    from .store import default_store

    return default_store().data_dir
