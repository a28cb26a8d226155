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



def _version() -> str:
    """The version in pyproject.toml: from the installed package's metadata, else (a clone run without
    installing, as .venv-min does) from the pyproject.toml beside the package."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hzlib")
    except PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "0+unknown"


__version__ = _version()
__all__ = [
    "PLAN_SECTIONS", "Claim", "DataError", "Problem", "Report", "UnknownClaimError",
    "claim", "claims", "context", "plot", "relations", "report", "sections", "verify",
]


def __getattr__(name: str) -> Any:
    """Import matplotlib (through hzlib.plot) only when a chart is first asked for."""
    if name == "plot":
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'hzlib' has no attribute {name!r}")
