"""ruff and mypy, pinned in the dev extra and configured in pyproject.toml, find nothing in the code."""
from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO

CODE = ("hzlib", "hzbook", "tests", "bench")


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *CODE], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_mypy_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", "/dev/null"], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_file_changes_sys_path_or_loads_modules_by_file() -> None:
    """hzbook and the tests are packages, imported as packages: no path insertion, no spec loading."""
    pattern = re.compile(r"sys\.path\.(insert|append)|spec_from_file_location|module_from_spec")
    offenders = [str(path.relative_to(REPO)) for folder in (*CODE, "book") for path in (REPO / folder).rglob("*.py")
                 if path.name != "test_lint.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
