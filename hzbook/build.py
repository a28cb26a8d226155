"""Build one edition of the book: execute what changed into its language's cache, then run Jupyter Book.

`hzbook build [--edition html|student|singlehtml|student-singlehtml] [--lang en|zh]`. What to redo
comes from `hzbook.plan.decide`; notebooks run in parallel (jupyter-cache's local-parallel executor,
one kernel per core) into `_build/.jupyter_cache` (the Chinese edition: `_build/zh/.jupyter_cache`,
executed with `HZBOOK_LANG=zh`), which jupyter-book reads (`execute_notebooks: cache`), so Sphinx
only renders. Jupyter Book runs (hzbook.jupyterbook) with warnings as errors, into the edition's
folder, with the edition's language; its full log goes to `_build/book-build.log` (the edition's
own log for the others) and a failure is explained in a few lines: each warning once and, for a
notebook whose cell raised, the notebook, the error and what to run.
A lock file keeps two builds of one project (two pytest workers, say) from running at once.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .plan import EDITIONS, LANGUAGE_ENV, STATE_DIR, Edition, Plan, State, decide, fingerprint
from .project import Project

CACHE = "_build/.jupyter_cache"  # the English editions' cache; Edition.cache names each language's
EDITION_ENV = "HZBOOK_EDITION"  # read by hzbook.sphinx: `student` leaves the solutions out
REREAD_ENV = "HZBOOK_REREAD"  # docnames whose cached execution changed: hzbook.sphinx makes Sphinx read them again
TIMEOUT_S = 300
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = re.compile(r"(?:(?P<where>\S+?):(?P<line>\d+)?:? ?)?(?P<kind>WARNING|ERROR|CRITICAL): (?P<message>.*)")
EXCEPTION = re.compile(r"^(?P<name>[A-Z][A-Za-z]*(?:Error|Exception)): (?P<message>.*)$", re.MULTILINE)


def log_path(root: Path, edition: Edition) -> Path:
    """Where the edition's jupyter-book log goes."""
    return root / "_build" / ("book-build.log" if edition.name == "html" else f"book-build-{edition.name}.log")


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project's build lock (blocking): one build of a project at a time."""
    folder = root / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def language_of(edition: Edition) -> Iterator[None]:
    """Set `HZBOOK_LANG` for the kernels that execute an edition's chapters (hzlib.language reads it)."""
    before = os.environ.get(LANGUAGE_ENV)
    os.environ[LANGUAGE_ENV] = edition.language
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANGUAGE_ENV, None)
        else:
            os.environ[LANGUAGE_ENV] = before


def execute_into_cache(project: Project, docnames: tuple[str, ...], say: Callable[[str], None],
                       edition: Edition = EDITIONS["html"]) -> list[str]:
    """Run the notebooks in parallel into the edition's language's jupyter-cache; return those that failed.

    A failed notebook's stale record is removed, so that jupyter-book runs it itself and reports the error.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(project.root / edition.cache))
    folder = project.root if edition.language == "en" else translated_sources(project, edition, docnames)
    paths = [str(folder / f"{name}.ipynb") for name in docnames]
    for path in paths:
        cache.add_nb_to_project(path)
        # jupyter-cache 1.0's local-parallel executor ignores `force`: it runs only notebooks without a cached
        # execution, and a notebook whose code did not change (only hzlib, the data or a chart catalog did) has one.
        # Dropping that record makes it run; a failed run then leaves none, and jupyter-book reports the error.
        with suppress(KeyError):
            cache.remove_cache(cache.match_cache_file(path).pk)
    say(f"executing {len(paths)} notebook(s) in parallel into {edition.cache}")
    import logging

    quiet = logging.getLogger("hzbook.execute")
    quiet.setLevel(logging.ERROR)
    with language_of(edition):
        result = load_executor("local-parallel", cache=cache, logger=quiet).run_and_cache(
            filter_uris=paths, force=True, timeout=TIMEOUT_S)
    failed = [Path(uri) for uri in result.excepted + result.errored]
    for notebook in failed:
        with suppress(KeyError):
            cache.remove_cache(cache.match_cache_file(str(notebook)).pk)
    return [notebook.relative_to(folder).with_suffix("").as_posix() for notebook in failed]


def translated_sources(project: Project, edition: Edition, docnames: tuple[str, ...]) -> Path:
    """Write the notebooks as a translated edition reads them (hzbook.i18n: markdown, captions and alt texts
    translated) into `_build/<language>/sources/`, and return that folder. jupyter-cache keys an execution by the
    code cells *with their metadata*, where captions and alt texts live: the edition's cache must hold the
    translated notebooks for Sphinx to find their executions (else myst-nb executes each one again, one by one)."""
    from .i18n import translate_page
    from .plan import page_translations

    folder = project.root / "_build" / edition.language / "sources"
    for name in docnames:
        text = (project.root / f"{name}.ipynb").read_text(encoding="utf-8")
        copy = folder / f"{name}.ipynb"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(translate_page(text, ".ipynb", page_translations(project.root, edition, name) or {}), encoding="utf-8")
    return folder


def sphinx_overrides(project: Project, edition: Edition) -> dict[str, object]:
    """The Sphinx configuration an edition changes: its language, and for a translation its own execution cache
    and no Sphinx catalogs of its own (hzbook.i18n translates the pages' sources from locales/)."""
    if edition.language == "en":
        return {}
    return {"language": edition.locale, "nb_execution_cache_path": str(project.root / edition.cache), "locale_dirs": []}


def run_jupyter_book(project: Project, edition: Edition, plan: Plan) -> int:
    """Run jupyter-book for the edition (from scratch if the plan says so); explain a failure. Returns its status."""
    root = project.root
    out = edition.output(root)
    if plan.fresh:
        for folder in (out, out.parent / ".doctrees", out.parent / "jupyter_execute"):
            shutil.rmtree(folder, ignore_errors=True)
    log = log_path(root, edition)
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "hzbook.jupyterbook", str(root), str(out), "--builder", edition.builder,
               "--overrides", json.dumps(sphinx_overrides(project, edition), ensure_ascii=False)]
    env = {**os.environ, EDITION_ENV: "student" if edition.student else "book", REREAD_ENV: " ".join(plan.reread),
           LANGUAGE_ENV: edition.language}
    with log.open("w", encoding="utf-8") as handle:
        status = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, cwd=root, env=env, check=False).returncode
    if status != 0:
        for line in explain(log.read_text(encoding="utf-8", errors="replace"), root, edition):
            print(f"book: {line}", file=sys.stderr)
        print(f"book: the build failed; full log in {log.relative_to(root)}", file=sys.stderr)
    return status


def build(project: Project, edition: Edition, say: Callable[[str], None] = print) -> int:
    """Bring one edition up to date: execute what changed, build what changed, record it. Returns 0 or jupyter-book's status."""
    with locked(project.root):
        state = State(project.root)
        if not (project.root / edition.cache).is_dir():
            state.forget_executions(edition.language)
        current = fingerprint(project, edition)
        plan = decide(current, state.executed(edition.language), state.built(edition))
        index = edition.output(project.root) / "index.html"
        if not plan.build and not plan.execute:
            say(f"{edition.name}: up to date: {index}")
            return 0
        say(f"{edition.name}: {plan.describe()}")
        if plan.execute:
            failed = execute_into_cache(project, plan.execute, say, edition)
            keys = current.execution_keys()
            state.record_executed({name: keys[name] for name in plan.execute if name not in failed}, edition.language)
        status = run_jupyter_book(project, edition, plan)
        if status == 0:
            state.record_built(edition, current)
            say(f"{edition.name}: built {index}")
        return status


def explain(log: str, root: Path, edition: Edition | None = None) -> list[str]:
    """One line per distinct problem found in a build log, with what to do about it."""
    lines: list[str] = []
    for raw in ANSI.sub("", log).splitlines():
        match = WARNING.search(raw)
        if not match or "IPKernelApp" in raw:
            continue
        where = _relative(match["where"], root) if match["where"] else "sphinx"
        message = match["message"]
        if "Executing notebook failed" in message or "mystnb.exec" in message:
            lines.append(f"{where}: a cell raised an error{_cell_error(root, edition or EDITIONS['html'], where)}; "
                         f"fix the notebook, then run `make execute NB={where}` and `make book`")
        else:
            lines.append(f"{where}{':' + match['line'] if match['line'] else ''}: {message}")
    return list(dict.fromkeys(lines)) or ["jupyter-book failed before building any page (see the log)"]


def _relative(where: str, root: Path) -> str:
    try:
        return str(Path(where).resolve().relative_to(root))
    except ValueError:
        return where


def _cell_error(root: Path, edition: Edition, notebook: str) -> str:
    report = edition.output(root) / "reports" / Path(notebook).with_suffix(".err.log")
    if not report.is_file():
        return ""
    found = EXCEPTION.findall(ANSI.sub("", report.read_text(encoding="utf-8", errors="replace")))
    return f" ({found[-1][0]}: {found[-1][1]})" if found else ""
