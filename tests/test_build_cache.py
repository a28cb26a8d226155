"""hzbook.build.execute_into_cache runs a notebook again even when its code did not change.

jupyter-cache 1.0's local-parallel executor ignores `force` and runs only notebooks without a cached
execution; hzbook.plan asks for a run when hzlib, the data or a chart catalog changed, with the code
unchanged. Here the code reads an environment variable: the second run must store the new value.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hzbook.build import execute_into_cache
from hzbook.plan import EDITIONS
from hzbook.project import Project


def test_a_notebook_with_unchanged_code_is_executed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_cache import get_cache

    (tmp_path / "book").mkdir()
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/a\n", encoding="utf-8")
    cells: list[dict[str, object]] = [{"cell_type": "code", "id": "c1", "execution_count": None, "metadata": {}, "outputs": [],
              "source": "import os\nprint(os.environ.get('HZ_TEST_VALUE'))"}]
    (tmp_path / "book" / "a.ipynb").write_text(json.dumps(
        {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
         "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    project, edition = Project(tmp_path), EDITIONS["html"]

    def printed() -> str:
        cache = get_cache(str(tmp_path / edition.cache))
        record = cache.match_cache_file(str(tmp_path / "book" / "a.ipynb"))
        return "".join(cache.get_cache_bundle(record.pk).nb.cells[0].outputs[0]["text"]).strip()

    monkeypatch.setenv("HZ_TEST_VALUE", "first")
    assert execute_into_cache(project, ("book/a",), lambda line: None, edition) == []
    assert printed() == "first"
    monkeypatch.setenv("HZ_TEST_VALUE", "second")
    assert execute_into_cache(project, ("book/a",), lambda line: None, edition) == []
    assert printed() == "second", "the cached execution was kept: the notebook did not run again"
