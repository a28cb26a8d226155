"""hzlib: the Haizhu District 2019 plan report as cleaned, verified datasets.

Public API: report(), sections(), claims(), claim(id), relations(), verify(), context(),
list_datasets(), load(name), DataStore, DataError, plot (lazy).
"""
from __future__ import annotations

import importlib
from typing import Any

from .checks import verify
from .context import context
from .datasets import UnknownDatasetError, list_datasets, load
from .errors import DataError, Problem
from .ledger import Claim, UnknownClaimError, claim, claims
from .relations import relations
from .report import PLAN_SECTIONS, Report, report, sections
from .store import DataStore
from .version import __version__

__all__ = [
    "PLAN_SECTIONS", "Claim", "DataError", "DataStore", "Problem", "Report", "UnknownClaimError", "UnknownDatasetError",
    "__version__", "claim", "claims", "context", "list_datasets", "load", "plot", "relations", "report", "sections",
    "verify",
]


def __getattr__(name: str) -> Any:
    """Import matplotlib (through hzlib.plot) only when a chart is first asked for."""
    if name == "plot":
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'hzlib' has no attribute {name!r}")
