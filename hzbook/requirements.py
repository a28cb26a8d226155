"""The oldest versions pyproject.toml allows: each dependency of hzlib pinned to its lower bound.

`hzbook lock-min > requirements-min.in` (then pip-compile it, as `make lock` does).
hzlib's unit and data tests run in an environment built from this (`make setup`, `make test`), so a
lower bound that no longer works fails a test instead of a user's install.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

# The test tools those tests need, from the dev extra: the rest of it serves the book and the notebooks.
TEST_TOOLS = ("pytest", "openpyxl", "frictionless")


def lower_bound(requirement: Requirement) -> str:
    """`name==X` for a requirement `name>=X,…`; a requirement without a lower bound is an error."""
    bounds = [spec.version for spec in requirement.specifier if spec.operator in (">=", "==")]
    if len(bounds) != 1:
        raise SystemExit(f"pyproject.toml: {requirement} has no single lower bound (>=) to pin")
    return f"{requirement.name}=={bounds[0]}"


def minimum_requirements(pyproject: Path) -> list[str]:
    """hzlib's dependencies and its test tools, each at the oldest version pyproject.toml allows."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    dev = {Requirement(text).name: Requirement(text) for text in project["optional-dependencies"]["dev"]}
    wanted = [Requirement(text) for text in project["dependencies"]] + [dev[name] for name in TEST_TOOLS]
    return [lower_bound(requirement) for requirement in wanted]
