"""pytest plugin: after the run, one line per notebook whose stored outputs no longer match.

nbval's own report shows the differing cell; this adds what to do about it.
"""
from __future__ import annotations

from collections import defaultdict

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List failed notebooks and the command that refreshes their outputs."""
    cells: dict[str, list[str]] = defaultdict(list)
    for report in terminalreporter.stats.get("failed", []):
        path, _, cell = report.nodeid.partition("::")
        if path.endswith(".ipynb"):
            cells[path].append(cell)
    if not cells:
        return
    terminalreporter.section("notebooks that no longer reproduce their stored outputs")
    for path, failed in sorted(cells.items()):
        terminalreporter.write_line(
            f"{path}: {', '.join(failed)} differ or fail. If the data or code change is intended, "
            f"run `make execute NB={path}` (hzbook execute) and commit the notebook; otherwise a figure changed."
        )
