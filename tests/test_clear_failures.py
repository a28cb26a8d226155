"""The usual ways a build or a test run breaks each give one clear line saying what to run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hzlib import plot

from .conftest import REPO

SETUP_FILES = ("_config.yml", "_toc.yml", "pyproject.toml", "requirements.lock", "hzbook", "hzlib")


def _project_copy(tmp_path: Path, notebooks: tuple[str, ...] = ()) -> Path:
    """A copy of the project's build inputs, with only the named notebooks in book/."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in SETUP_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    shutil.copytree(REPO / "data", copy / "data")
    (copy / "book").mkdir()
    for name in notebooks:
        shutil.copy(REPO / "book" / name, copy / "book" / name)
    return copy


def _preflight(copy: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hzbook", "check", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})}, cwd=copy)


def test_preflight_passes_on_the_real_project() -> None:
    result = subprocess.run([sys.executable, "-m", "hzbook", "check"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_invalid_notebook_json_names_the_file_and_the_fix(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path, ("1-1-growth.ipynb",))
    notebook = copy / "book" / "1-1-growth.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    result = _preflight(copy, "--skip-clean")
    assert result.returncode == 1
    assert result.stderr.startswith("preflight: book/1-1-growth.ipynb: not a valid notebook (NotJSONError: Notebook does not appear to be JSON")
    assert "git checkout book/1-1-growth.ipynb" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_kernel_names_the_kernel_and_the_fix(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path, ("1-1-growth.ipynb",))
    path = copy / "book" / "1-1-growth.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["kernelspec"]["name"] = "no-such-kernel"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = _preflight(copy, "--skip-clean")
    assert result.returncode == 1
    assert "preflight: book/1-1-growth.ipynb: its kernel 'no-such-kernel' is not installed" in result.stderr
    assert "run `make setup`" in result.stderr


def test_missing_report_says_how_to_restore_it(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path)
    (copy / "data" / "raw" / "haizhu-2019-plan-report.txt").unlink()
    result = _preflight(copy, env={"HZLIB_DATA": str(copy / "data")})
    assert result.returncode == 1
    assert ("preflight: data: data/raw/haizhu-2019-plan-report.txt: the report text is missing; "
            "restore it with `git checkout data/raw`") in result.stderr
    assert "Traceback" not in result.stderr


def test_stale_clean_data_says_to_run_make_data(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path)
    stale = copy / "data" / "clean" / "claims.csv"
    stale.write_text(stale.read_text(encoding="utf-8").replace("7.6", "7.7", 1), encoding="utf-8")
    result = _preflight(copy, env={"HZLIB_DATA": str(copy / "data")})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "preflight: data/clean/ is stale (claims.csv differ from the ledger): run `make data` and commit data/clean/")


def test_missing_cjk_font_says_to_run_make_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plot.font_manager.fontManager, "ttflist",
                        [f for f in plot.font_manager.fontManager.ttflist if "CJK" not in f.name])
    monkeypatch.setattr(plot, "_fontconfig_cjk_files", lambda: [])
    plot.cjk_font.cache_clear()
    try:
        with pytest.raises(plot.FontMissingError, match=r"no CJK font found .*: run `make setup`, which installs Debian's fonts-noto-cjk"):
            plot.cjk_font()
    finally:
        plot.cjk_font.cache_clear()


def test_a_cell_that_raises_names_the_notebook_error_and_command(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path)
    (copy / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Broken"},
                  {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "1 / 0"}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (copy / "book" / "broken.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (copy / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/broken\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hzbook", "build"], capture_output=True, text=True, timeout=300, cwd=copy)
    assert result.returncode != 0
    assert ("book: book/broken.ipynb: a cell raised an error (ZeroDivisionError: division by zero); fix the notebook, "
            "then run `make execute NB=book/broken.ipynb` and `make book`") in result.stderr
    assert "Traceback" not in result.stderr
