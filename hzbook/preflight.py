"""Check, before a build or a test run, what would otherwise fail deep inside Sphinx or nbval.

Each problem is one line saying what is wrong and what to run (`hzbook check [--skip-clean]` prints
them and exits 1 if any; `hzbook build` and `hzbook test` run it first).
"""
from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import find_kernel_specs

from .project import Project


def notebook_problems(project: Project) -> list[str]:
    """Notebooks that are not valid JSON or nbformat, or name a kernel that is not installed."""
    kernels = find_kernel_specs()
    problems = []
    for path in sorted((project.root / "book").glob("*.ipynb")):
        name = path.relative_to(project.root)
        try:
            notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
            nbformat.validate(notebook)
        except (ValueError, nbformat.ValidationError, UnicodeDecodeError) as error:  # NotJSONError is a ValueError
            problems.append(f"{name}: not a valid notebook ({type(error).__name__}: {str(error).splitlines()[0]}); "
                            f"restore it with `git checkout {name}` or repair the JSON")
            continue
        kernel = notebook.metadata.get("kernelspec", {}).get("name")
        if kernel not in kernels:
            problems.append(f"{name}: its kernel {kernel!r} is not installed (installed: {', '.join(sorted(kernels)) or 'none'}); "
                            "run `make setup`, or set the notebook's kernel to python3")
    return problems


def data_problems() -> list[str]:
    """The report and the ledger: missing or changed files, failed checks."""
    import hzlib

    try:
        hzlib.verify()
    except hzlib.DataError as error:
        return [f"data: {line.strip().removeprefix('- ')}" for line in str(error).splitlines()[1:]] + [
            "data: fix the rows above (see data/README.md), then run `python -m hzlib verify`"]
    return []


def font_problems() -> list[str]:
    """A CJK font for the charts."""
    from hzlib.plot import FontMissingError, cjk_font

    try:
        cjk_font()
    except FontMissingError as error:
        return [f"fonts: {error}"]
    return []


def clean_problems() -> list[str]:
    """data/clean/ must be what `make data` writes from the current ledger."""
    from hzlib.export import export
    from hzlib.store import default_store

    committed = default_store().data_dir / "clean"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "clean"
        export(fresh)
        names = sorted(p.name for p in fresh.iterdir())
        stale = [n for n in names if not (committed / n).is_file() or not filecmp.cmp(fresh / n, committed / n, shallow=False)]
    if stale:
        return [f"data/clean/ is stale ({', '.join(stale)} differ from the ledger): run `make data` and commit data/clean/"]
    return []


def problems(project: Project, clean: bool = True) -> list[str]:
    """Every problem found, one line each: notebooks and data first, then fonts and (unless `clean` is false) data/clean/."""
    found = notebook_problems(project) + data_problems()
    if not found:
        found += font_problems()
        if clean:
            found += clean_problems()
    return found
