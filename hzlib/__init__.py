"""hzlib: the Haizhu District 2019 plan report as cleaned, verified datasets.

Public API: report(), sections(), claims(), claim(id), relations(), verify(), context(), DataError, plot (lazy).
"""
from __future__ import annotations

import importlib
from typing import Any

from .errors import DataError, Problem
from .ledger import Claim, UnknownClaimError, claim, claims
from .arithmetic import relations
from .sources import PLAN_SECTIONS, Report, report, sections
from .checks import verify
from .context import context

__version__ = "0.1.0"
__all__ = [
    "PLAN_SECTIONS", "Claim", "DataError", "Problem", "Report", "UnknownClaimError",
    "claim", "claims", "context", "plot", "relations", "report", "sections", "verify",
]


def __getattr__(name: str) -> Any:
    """Import matplotlib (through hzlib.plot) only when a chart is first asked for."""
    if name == "plot":
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'hzlib' has no attribute {name!r}")
