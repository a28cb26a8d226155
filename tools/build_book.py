"""Build the book with Jupyter Book (warnings are errors) and, if it fails, say why in a few lines.

Usage: python tools/build_book.py [extra jupyter-book arguments]
The full build log goes to _build/book-build.log; on failure this prints each warning once and,
for a notebook whose cell raised, the notebook, the error and what to run.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOG = REPO / "_build" / "book-build.log"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = re.compile(r"(?P<where>\S+?):(?P<line>\d+)?:? ?(?P<kind>WARNING|ERROR|CRITICAL): (?P<message>.*)")
EXCEPTION = re.compile(r"^(?P<name>[A-Z][A-Za-z]*(?:Error|Exception)): (?P<message>.*)$", re.MULTILINE)


def build(extra: list[str]) -> int:
    """Run jupyter-book; return its exit status after explaining a failure."""
    LOG.parent.mkdir(exist_ok=True)
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(REPO), "--warningiserror", "--keep-going", *extra]
    with LOG.open("w", encoding="utf-8") as log:
        status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO).returncode
    if status == 0:
        print(f"book built: {REPO / '_build' / 'html' / 'index.html'}")
        return 0
    for line in explain(LOG.read_text(encoding="utf-8", errors="replace")):
        print(f"book: {line}", file=sys.stderr)
    print(f"book: the build failed; full log in {LOG.relative_to(REPO)}", file=sys.stderr)
    return status


def explain(log: str) -> list[str]:
    """One line per distinct problem found in a build log, with what to do about it."""
    lines: list[str] = []
    for raw in ANSI.sub("", log).splitlines():
        match = WARNING.search(raw)
        if not match or "IPKernelApp" in raw:
            continue
        where = _relative(match["where"])
        message = match["message"]
        if "Executing notebook failed" in message or "mystnb.exec" in message:
            lines.append(f"{where}: a cell raised an error{_cell_error(where)}; fix the notebook, then run "
                         f"`make execute NB={where}` and `make book`")
        else:
            lines.append(f"{where}{':' + match['line'] if match['line'] else ''}: {message}")
    return list(dict.fromkeys(lines)) or ["jupyter-book failed before building any page (see the log)"]


def _relative(where: str) -> str:
    try:
        return str(Path(where).resolve().relative_to(REPO))
    except ValueError:
        return where


def _cell_error(notebook: str) -> str:
    report = REPO / "_build" / "html" / "reports" / Path(notebook).with_suffix(".err.log")
    if not report.is_file():
        return ""
    found = EXCEPTION.findall(ANSI.sub("", report.read_text(encoding="utf-8", errors="replace")))
    return f" ({found[-1][0]}: {found[-1][1]})" if found else ""


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
