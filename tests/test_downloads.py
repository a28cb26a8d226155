"""Chapter downloads and the student edition: which claims a chapter shows, its CSV, solutions removed, the edition chosen.

The slow end-to-end checks (real jupyter-book builds, the PDF) are in tests/test_editions.py.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import hzlib
from hzbook.downloads import ChapterError, claims_csv, shown_sections, strip_solutions, write_chapter
from hzbook.sphinx import student
from hzlib.chapter import claims_table

from .support.notebooks import REPO, chapter_of, toc_notebooks

CLEAN_CLAIMS = REPO / "data" / "clean" / "claims.csv"


def _records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _notebook(tmp_path: Path, *cells: tuple[str, str]) -> Path:
    path = tmp_path / "chapter.ipynb"
    notebook = {"cells": [{"cell_type": kind, "source": source, "metadata": {}, **({"outputs": [], "execution_count": None}
                           if kind == "code" else {})} for kind, source in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.parametrize("section", hzlib.PLAN_SECTIONS)
def test_the_chapter_of_each_section_shows_that_section(section: str) -> None:
    notebook = chapter_of(section)
    assert notebook is not None
    assert section in shown_sections(notebook), f"{notebook.name} does not call claims_table for section {section}"


@pytest.mark.parametrize("notebook", [nb for nb in toc_notebooks() if shown_sections(nb)], ids=lambda p: p.name)
def test_chapter_csv_is_exactly_the_claims_table_with_every_ledger_column(notebook: Path) -> None:
    sections = shown_sections(notebook)
    rows = _records(claims_csv(sections))
    shown = [claim_id for section in sections for claim_id in claims_table(section)["claim_id"]]
    assert [row["claim_id"] for row in rows] == shown
    with CLEAN_CLAIMS.open(encoding="utf-8", newline="") as file:
        clean = {row["claim_id"]: row for row in csv.DictReader(file)}
    header = CLEAN_CLAIMS.read_text(encoding="utf-8").splitlines()[0]
    assert claims_csv(sections).splitlines()[0] == header, "the chapter CSV's columns differ from data/clean/claims.csv"
    assert rows == [clean[row["claim_id"]] for row in rows], "a chapter CSV row differs from data/clean/claims.csv"


def test_sections_come_from_literals_and_names_bound_once(tmp_path: Path) -> None:
    path = _notebook(tmp_path, ("code", 'SECTION = "2.6"\nclaims_table(SECTION)\n%matplotlib inline'),
                     ("code", 'hzlib.chapter.claims_table("2.5")\nclaims_table(SECTION)'))
    assert shown_sections(path) == ("2.6", "2.5")


def test_a_section_that_cannot_be_resolved_is_an_error_naming_the_notebook(tmp_path: Path) -> None:
    path = _notebook(tmp_path, ("code", 'SECTION = "1.1"\nSECTION = "1.2"\nclaims_table(SECTION)'))
    with pytest.raises(ChapterError, match=r"chapter\.ipynb: cannot tell which section `claims_table\(SECTION\)`"):
        shown_sections(path)


def test_an_unknown_section_is_an_error_listing_the_real_ones(tmp_path: Path) -> None:
    with pytest.raises(ChapterError, match=r"unknown report sections \['9\.9'\]; the report has \[.*'1\.1', '1\.2'"):
        claims_csv(["9.9"])


def test_strip_solutions_keeps_exercises_and_text_around_the_markers(tmp_path: Path) -> None:
    exercise = "```{exercise}\n:label: ex-a\nCompute it.\n```"
    notebook = json.loads(_notebook(
        tmp_path,
        ("markdown", f"Intro.\n\n{exercise}\n\n```{{solution-start}} ex-a\n:class: dropdown\n```\nHidden words."),
        ("code", "secret = 42"),
        ("markdown", "More hidden.\n\n```{solution-end}\n```\n\n## Check your understanding"),
    ).read_text(encoding="utf-8"))
    stripped = strip_solutions(notebook)
    sources = [cell["source"] for cell in stripped["cells"]]
    assert sources == [f"Intro.\n\n{exercise}", "## Check your understanding"]


def test_strip_solutions_on_a_real_chapter_removes_every_solution_and_no_exercise() -> None:
    path = REPO / "book" / "1-1-growth.ipynb"
    original = path.read_text(encoding="utf-8")
    stripped = json.dumps(strip_solutions(json.loads(original)), ensure_ascii=False)
    assert original.count("{solution-start}") > 0
    assert "{solution-start}" not in stripped and "{solution-end}" not in stripped
    assert stripped.count("{exercise}") == original.count("{exercise}")
    assert "revenue_2018 = revenue" in original and "revenue_2018 = revenue" not in stripped
    assert "Check your understanding" in stripped


def test_a_solution_without_its_end_is_an_error() -> None:
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "```{solution-start} ex\n```\nopen"}]}
    with pytest.raises(ChapterError, match="solution-start has no solution-end"):
        strip_solutions(notebook)


def test_write_chapter_is_idempotent(tmp_path: Path) -> None:
    path = REPO / "book" / "1-1-growth.ipynb"
    files, changed = write_chapter(path, tmp_path, student=False)
    assert changed and files.notebook.read_bytes() == path.read_bytes()
    assert files.claims_csv is not None and files.n_claims == len(claims_table("1.1"))
    _, changed_again = write_chapter(path, tmp_path, student=False)
    assert not changed_again, "an unchanged chapter rewrote its files (Sphinx would re-read the page every build)"


@pytest.mark.parametrize(("value", "student_edition"), [(None, False), ("book", False), ("student", True)])
def test_the_edition_is_chosen_by_hzbook_edition(monkeypatch: pytest.MonkeyPatch, value: str | None,
                                                 student_edition: bool) -> None:
    if value is None:
        monkeypatch.delenv(student.EDITION_ENV, raising=False)
    else:
        monkeypatch.setenv(student.EDITION_ENV, value)
    assert student.is_student_edition() is student_edition


def test_the_student_edition_hides_solutions_and_says_so_in_its_title(monkeypatch: pytest.MonkeyPatch) -> None:
    class Config:
        hide_solutions = False
        html_title = "Haizhu 2019: a reproducible analysis book"
        project = "Haizhu"

    config = Config()
    monkeypatch.setenv(student.EDITION_ENV, "student")
    app = SimpleNamespace(config=SimpleNamespace(language="en"))
    student._choose_edition(app, config)  # type: ignore[arg-type]
    assert config.hide_solutions is True
    assert config.html_title == "Haizhu 2019: a reproducible analysis book (student edition)"
    chinese = Config()
    chinese.html_title = "海珠 2019：可复现的数据分析读本"
    app = SimpleNamespace(config=SimpleNamespace(language="zh_CN", hz_locale_dir="locales"), confdir=str(REPO))
    student._choose_edition(app, chinese)  # type: ignore[arg-type]
    assert chinese.html_title == "海珠 2019：可复现的数据分析读本（学生版）", "the interface catalog's Chinese suffix"
