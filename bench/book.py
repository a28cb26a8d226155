"""The costly steps, each run in the clone: builds, notebook execution (serial and parallel), make test.

A build is `make book` exactly as the Makefile has it. jupyter-book's own log
(_build/book-build.log, written by hzbook.build) tells whether it re-executed a notebook
or reused the cache filled by the Makefile's parallel pre-execution.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from hzbook.project import Project

from .sandbox import VENV, make_command
from .timing import BenchError, Timed, run

BUILD_LOG = Path("_build/book-build.log")
STAMPS = ("_build/.hzbook/html.json", "_build/.hzbook/executed.json")  # hzbook.plan's records of the last build
NBVAL = ["-m", "pytest", "-p", "no:cacheprovider", "-q", "book"]  # nbval's options: pyproject.toml's addopts
NBVAL_MODES = {"serial": ["-n", "0"], "parallel": ["-n", "2", "--dist", "loadscope"]}
PYTEST_SUMMARY = re.compile(r"=+ (.*\d+ (?:passed|failed).*) in ([\d.]+)s")


def toc_notebooks(clone: Path) -> list[str]:
    """The notebooks the book builds (those of _toc.yml, read by hzbook.project), relative to the clone."""
    return [path.relative_to(clone).as_posix() for path in Project(clone).notebooks()]


def build(clone: Path, env: dict[str, str]) -> dict[str, object]:
    """`make book` once: seconds, and how many notebooks jupyter-book executed itself vs took from the cache."""
    timed = run(make_command("book"), clone, env)
    log = (clone / BUILD_LOG).read_text(encoding="utf-8", errors="replace") if (clone / BUILD_LOG).is_file() else timed.output
    return {"seconds": timed.seconds, "load": timed.load, "busy": timed.busy, "others_cores": timed.others_cores,
            "jupyter_book_executed": log.count("Executing notebook using"), "jupyter_book_cached": log.count("Using cached notebook")}


def cold_build(clone: Path, env: dict[str, str]) -> dict[str, object]:
    """`make book` with no _build at all: no jupyter-cache, no Sphinx environment, every notebook executed."""
    shutil.rmtree(clone / "_build", ignore_errors=True)
    return build(clone, env)


def edit_code_cell(clone: Path, notebook_path: Path, mark: str) -> None:
    """Change the first code cell by a trailing comment: no output changes, but jupyter-cache re-executes."""
    path = clone / notebook_path
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.source = cell.source.rstrip("\n") + f"\n# {mark}"
    nbformat.write(notebook, path)
    touch_after_last_build(clone, notebook_path)


def touch_after_last_build(clone: Path, name: Path | str) -> None:
    """Give a file of the clone a modification time later than the last build's stamps, as any human edit has.

    File times come from a clock that ticks every few milliseconds: a file written just after a
    build ends can carry the very time of the build's stamp, and make then sees nothing to do.
    """
    path = clone / name
    built = max((s.stat().st_mtime_ns for s in (clone / p for p in STAMPS) if s.is_file()), default=0)
    os.utime(path)
    while path.stat().st_mtime_ns <= built:
        time.sleep(0.005)
        os.utime(path)


def _execute_once(clone: Path, env: dict[str, str], executor: str, notebooks: list[str]) -> tuple[Timed, dict[str, float]]:
    from jupyter_cache import get_cache

    cache = Path(tempfile.mkdtemp(prefix="bench-jcache-"))
    try:
        jcache = [str(VENV / "bin" / "jcache"), "notebook", "--cache-path", str(cache)]
        run([*jcache, "add", *notebooks], clone, env)
        timed = run([*jcache, "execute", "--executor", executor, "--timeout", "300", "--no-force", *notebooks], clone, env)
        seconds = {Path(r.uri).name: float(r.data["execution_seconds"]) for r in get_cache(cache).list_cache_records()}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return timed, seconds


def _why(output: str) -> str:
    """The lines of a jcache log that say why a notebook failed: each `Failed …`/`Excepted` and its traceback."""
    lines = output.splitlines()
    starts = [i for i, line in enumerate(lines) if "Failed" in line or "Execution Excepted" in line]
    return "\n".join(line for i in starts for line in lines[i:i + 25] if "IPKernelApp" not in line)[-4000:]


def execute_all(clone: Path, env: dict[str, str], executor: str, notebooks: list[str]) -> tuple[dict[str, object], dict[str, float]]:
    """Execute the notebooks into a fresh jupyter-cache with `executor`: the run's timing, and each notebook's seconds.

    A run in which jupyter-cache fails a notebook (a kernel that did not start in time on a loaded
    machine, a locked cache database) is run once more; the failure is kept in the results.
    """
    failures: list[str] = []
    for _ in range(2):
        timed, seconds = _execute_once(clone, env, executor, notebooks)
        missing = sorted({Path(n).name for n in notebooks} - set(seconds))
        if not missing:
            return {"seconds": timed.seconds, "load": timed.load, "busy": timed.busy, "others_cores": timed.others_cores,
                    "failed_then_rerun": failures}, seconds
        failures.append(f"{', '.join(missing)}: {_why(timed.output) or timed.output[-2000:]}")
    raise BenchError(f"jcache {executor} failed twice to execute every notebook; run `make book` to see why:\n" + "\n".join(failures))


def nbval(clone: Path, env: dict[str, str], mode: str) -> dict[str, object]:
    """nbval over book/ with pytest-xdist off (`-n 0`) or on two workers (`-n 2 --dist loadscope`)."""
    timed = run([str(VENV / "bin" / "python"), *NBVAL, *NBVAL_MODES[mode]], clone, env, check=False)
    return {"seconds": timed.seconds, "load": timed.load, "busy": timed.busy, "others_cores": timed.others_cores,
            "returncode": timed.returncode, "summary": _summary(timed)}


def make_test(clone: Path, env: dict[str, str]) -> dict[str, object]:
    """`make test` from a warm set-up, with pytest's ten slowest tests for the README's cost table."""
    timed = run(make_command("test"), clone, {**env, "PYTEST_ADDOPTS": "--durations=10"}, check=False)
    slowest = re.findall(r"^([\d.]+)s (call|setup|teardown)\s+(\S+)", timed.output, re.MULTILINE)
    return {"seconds": timed.seconds, "load": timed.load, "busy": timed.busy, "others_cores": timed.others_cores,
            "returncode": timed.returncode, "summary": _summary(timed),
            "slowest": [{"seconds": float(s), "when": w, "test": t} for s, w, t in slowest],
            "tail": "" if timed.returncode == 0 else timed.output[-3000:]}


def _summary(timed: Timed) -> str:
    found = PYTEST_SUMMARY.findall(timed.output)
    return found[-1][0] if found else timed.output.strip().splitlines()[-1] if timed.output.strip() else ""
