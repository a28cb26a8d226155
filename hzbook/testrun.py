"""`hzbook test`: the whole test run in one command, as `make test` and `make test-all` start it.

In order: the preflight (one clear line per usual problem); the working tree's state saved; the
book built once, each edition the tests look at (the book, the student edition, the single page
for the PDF, the Chinese edition), executing each changed notebook once into its language's cache; pytest on two workers
(nbval's options are in pyproject.toml's pytest configuration); hzlib's library tests again in
`.venv-min`, the oldest versions pyproject.toml allows; and the tree compared with its saved state
(a run must leave `git status` as it found it). `--all` adds the slow tier (`-m slow`: determinism,
the full mutation run, the wheel and the downloaded chapter, JupyterLab in a browser).
"""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from . import preflight, tree_state
from .build import build
from .plan import EDITIONS
from .project import Project

TESTED_EDITIONS = ("html", "student", "singlehtml", "zh", "zh-student", "zh-singlehtml")
MIN_VENV = ".venv-min"
# hzlib's own tests: they need only hzlib's dependencies and pytest, openpyxl and frictionless.
LIBRARY_TESTS = (
    "tests/test_bad_input.py", "tests/test_cli.py", "tests/test_context.py", "tests/test_export.py",
    "tests/test_ledger.py", "tests/test_not_claims.py", "tests/test_outturn.py", "tests/test_plot.py",
    "tests/test_relations.py", "tests/test_report.py", "tests/test_schema.py", "tests/test_store.py",
)
FAST = ["-m", "not slow"]
WORKERS = ["-n", "2", "--dist", "loadscope"]


def pytest_command(everything: bool, extra: Sequence[str]) -> list[str]:
    """pytest on two workers, the fast tier only unless `everything`."""
    return [sys.executable, "-m", "pytest", *WORKERS, *([] if everything else FAST), *extra]


def min_command(root: Path) -> list[str]:
    """hzlib's library tests in .venv-min. Its pytest has no nbval: the configuration's addopts (nbval's
    options) are replaced by the plain ones."""
    return [str(root / MIN_VENV / "bin" / "python"), "-m", "pytest", "-o", "addopts=-ra --strict-markers",
            "-p", "no:cacheprovider", *LIBRARY_TESTS]


def run(project: Project, everything: bool = False, extra: Sequence[str] = ()) -> int:
    """The whole run; 0 when every step passed."""
    root = project.root
    found = preflight.problems(project)
    for line in found:
        print(f"preflight: {line}", file=sys.stderr)
    if found:
        return 1
    before = tree_state.state(root) if (root / ".git").exists() else {}
    for name in TESTED_EDITIONS:
        if build(project, EDITIONS[name]) != 0:
            return 1
    status = subprocess.run(pytest_command(everything, extra), cwd=root, check=False).returncode
    if (root / MIN_VENV / "bin" / "python").is_file():
        status = status or subprocess.run(min_command(root), cwd=root, check=False).returncode
    else:
        print(f"test: no {MIN_VENV}: run `make setup` to test hzlib with the oldest versions it allows", file=sys.stderr)
        status = status or 1
    if (root / ".git").exists():
        changed = tree_state.changes(before, tree_state.state(root))
        if changed:
            print("the run changed the working tree (it must leave `git status` as it found it):", file=sys.stderr)
            for line in changed:
                print(f"  {line}", file=sys.stderr)
            status = status or 1
    return status
