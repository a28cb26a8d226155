"""hzbook.plan: what a build must execute and rebuild, decided from hashes, for every edition.

A small project in a temporary folder stands in for the book: two notebooks, a library module, a
data file, the configuration. Each test changes one thing and checks what `decide` asks for.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hzbook.plan import EDITIONS, Plan, State, decide, edition, fingerprint
from hzbook.project import Project


def _notebook(path: Path, code: str, markdown: str = "# A chapter") -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": markdown},
             {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": code}]
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("book", "hzlib", "hzbook", "data/raw", "data/clean"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n- file: book/a\n- file: book/b\n",
                                       encoding="utf-8")
    (tmp_path / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    _notebook(tmp_path / "book" / "a.ipynb", "print(1)")
    _notebook(tmp_path / "book" / "b.ipynb", "print(2)")
    (tmp_path / "hzlib" / "ledger.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "hzbook" / "build.py").write_text("Y = 1\n", encoding="utf-8")
    (tmp_path / "data" / "claims.csv").write_text("claim_id,value\na,1\n", encoding="utf-8")
    (tmp_path / "data" / "raw" / "report.txt").write_text("report\n", encoding="utf-8")
    return Project(tmp_path)


def _plan(project: Project, name: str = "html") -> Plan:
    state = State(project.root)
    chosen = EDITIONS[name]
    return decide(fingerprint(project, chosen), state.executed(chosen.language), state.built(chosen))


def _done(project: Project, *editions: str) -> None:
    """Record what a successful `hzbook build` records: the executions and each edition's build."""
    state = State(project.root)
    for name in editions:
        current = fingerprint(project, EDITIONS[name])
        state.record_executed(current.execution_keys(), EDITIONS[name].language)
        state.record_built(EDITIONS[name], current)


def test_a_first_build_executes_every_notebook_and_builds_from_scratch(project: Project) -> None:
    plan = _plan(project)
    assert plan == Plan(execute=("book/a", "book/b"), reread=("book/a", "book/b"), build=True, fresh=True)


def test_nothing_changed_nothing_to_do(project: Project) -> None:
    _done(project, "html")
    assert _plan(project) == Plan()
    assert _plan(project).describe() == "up to date"


def test_a_changed_notebook_re_executes_that_notebook_only(project: Project) -> None:
    _done(project, "html")
    _notebook(project.root / "book" / "b.ipynb", "print(3)")
    assert _plan(project) == Plan(execute=("book/b",), reread=("book/b",), build=True)


def test_changed_markdown_in_a_notebook_rebuilds_without_executing(project: Project) -> None:
    _done(project, "html")
    _notebook(project.root / "book" / "a.ipynb", "print(1)", markdown="# A chapter, retitled")
    assert _plan(project) == Plan(build=True)


@pytest.mark.parametrize("changed", ["hzlib/ledger.py", "data/claims.csv", "data/raw/report.txt"])
def test_a_change_of_hzlib_or_the_data_re_executes_every_notebook(project: Project, changed: str) -> None:
    _done(project, "html")
    path = project.root / changed
    path.write_text(path.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    assert _plan(project) == Plan(execute=("book/a", "book/b"), reread=("book/a", "book/b"), build=True)


@pytest.mark.parametrize("changed", ["_config.yml", "_toc.yml", "hzbook/build.py"])
def test_a_change_of_the_configuration_rebuilds_from_scratch_without_executing(project: Project, changed: str) -> None:
    _done(project, "html")
    path = project.root / changed
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    plan = _plan(project)
    assert (plan.execute, plan.build, plan.fresh) == ((), True, True)


def test_a_changed_page_or_data_file_rebuilds_incrementally(project: Project) -> None:
    _done(project, "html")
    (project.root / "book" / "intro.md").write_text("# Intro, longer\n", encoding="utf-8")
    assert _plan(project) == Plan(build=True)
    _done(project, "html")
    (project.root / "data" / "clean" / "claims.csv").write_text("new\n", encoding="utf-8")
    assert _plan(project) == Plan(build=True)


def test_each_edition_keeps_its_own_record(project: Project) -> None:
    _done(project, "html")
    student = _plan(project, "student")
    assert (student.execute, student.build, student.fresh) == ((), True, True), "the student edition was never built"
    _done(project, "student")
    _notebook(project.root / "book" / "a.ipynb", "print(4)")
    _done(project, "html")  # the book is rebuilt: the notebook executed again, into the shared cache
    assert _plan(project) == Plan()
    assert _plan(project, "student") == Plan(reread=("book/a",), build=True), (
        "the student edition must re-read the notebook the book's build executed, without executing it again")


def test_a_lost_record_means_a_fresh_build(project: Project) -> None:
    _done(project, "html")
    (project.root / "_build" / ".hzbook" / "html.json").write_text("not json", encoding="utf-8")
    assert _plan(project).fresh


def _catalog(project: Project, name: str, text: str = "msgid \"\"\nmsgstr \"\"\n") -> Path:
    path = project.root / "locales" / "zh_CN" / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_chinese_edition_is_an_edition_in_its_own_folder_with_its_own_cache() -> None:
    assert edition("html", "zh") is EDITIONS["zh"] and edition("student", "zh") is EDITIONS["zh-student"]
    assert edition("singlehtml", "zh") is EDITIONS["zh-singlehtml"] and edition("student", "en") is EDITIONS["student"]
    zh = EDITIONS["zh"]
    assert (zh.out, zh.locale, zh.cache) == ("_build/zh/html", "zh_CN", "_build/zh/.jupyter_cache")
    assert (EDITIONS["html"].out, EDITIONS["html"].locale, EDITIONS["html"].cache) == ("_build/html", "en", "_build/.jupyter_cache")
    assert len({e.out for e in EDITIONS.values()}) == len(EDITIONS), "two editions share an output folder"
    with pytest.raises(KeyError, match="no language 'fr'"):
        edition("html", "fr")


def test_the_chinese_edition_executes_into_its_own_record(project: Project) -> None:
    _done(project, "html")
    assert _plan(project) == Plan()
    plan = _plan(project, "zh")
    assert (plan.execute, plan.fresh) == (("book/a", "book/b"), True), "the English executions do not serve the Chinese edition"
    _done(project, "zh")
    assert _plan(project, "zh") == Plan() and _plan(project) == Plan()
    student = _plan(project, "zh-student")
    assert (student.execute, student.fresh) == ((), True), "the Chinese student edition shares the Chinese executions"


def test_a_changed_chart_catalog_re_executes_the_chinese_edition_only(project: Project) -> None:
    _catalog(project, "charts.po")
    _done(project, "html", "zh")
    _catalog(project, "charts.po", 'msgid ""\nmsgstr ""\n\nmsgid "real growth"\nmsgstr "实际增长"\n')
    assert _plan(project) == Plan()
    assert _plan(project, "zh") == Plan(execute=("book/a", "book/b"), reread=("book/a", "book/b"), build=True)


def test_a_changed_page_catalog_rebuilds_the_chinese_edition_without_executing(project: Project) -> None:
    _catalog(project, "book/a.po")
    _catalog(project, "interface.po")
    _done(project, "html", "zh")
    _catalog(project, "book/a.po", 'msgid ""\nmsgstr ""\n\nmsgid "# A chapter"\nmsgstr "# 一章"\n')
    assert _plan(project) == Plan()
    assert _plan(project, "zh") == Plan(build=True)
    _done(project, "zh")
    _catalog(project, "interface.po", 'msgid ""\nmsgstr ""\n\nmsgid "all the data"\nmsgstr "全部数据"\n')
    plan = _plan(project, "zh")
    assert (plan.execute, plan.build, plan.fresh) == ((), True, True), "the interface texts are on every page"


def test_a_changed_caption_re_executes_its_notebook_and_its_translation_only_the_chinese_one(project: Project) -> None:
    """jupyter-cache keys an execution by the code cells with their metadata, where a figure's caption lives."""
    path = project.root / "book" / "a.ipynb"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][1]["metadata"] = {"mystnb": {"figure": {"caption": "Growth by year"}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    _catalog(project, "book/a.po")
    _done(project, "html", "zh")
    _catalog(project, "book/a.po", 'msgid ""\nmsgstr ""\n\nmsgid "Growth by year"\nmsgstr "逐年增速"\n')
    assert _plan(project) == Plan()
    assert _plan(project, "zh") == Plan(execute=("book/a",), reread=("book/a",), build=True)
    data["cells"][1]["metadata"]["mystnb"]["figure"]["caption"] = "Growth, year by year"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _plan(project) == Plan(execute=("book/a",), reread=("book/a",), build=True)
