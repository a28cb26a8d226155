"""The book's notebooks: outputs stored, every claim shown, no warnings, and nbval catches a changed figure."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hzlib
from hzlib.store import DataStore

from .support.notebooks import REPO, chapter_of, output_text, outputs, toc_files, toc_notebooks

SECTIONS = hzlib.PLAN_SECTIONS


def test_every_toc_entry_exists() -> None:
    missing = [name for name in toc_files() if not any((REPO / f"{name}{ext}").exists() for ext in (".md", ".ipynb"))]
    assert not missing, f"_toc.yml names files that do not exist: {missing}"


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_has_its_chapter_in_the_toc(section: str) -> None:
    notebook = chapter_of(section)
    assert notebook is not None, f"no book/{section.replace('.', '-')}-*.ipynb for section {section}"
    assert notebook in toc_notebooks(), f"{notebook.name} is not in _toc.yml"


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.name)
def test_notebook_has_stored_outputs(notebook: Path) -> None:
    assert outputs(notebook), f"{notebook.name} has no stored outputs: run `make execute NB=book/{notebook.name}`"


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.name)
def test_outputs_carry_no_error_warning_or_missing_glyph(notebook: Path) -> None:
    bad = []
    for output in outputs(notebook):
        text = output_text(output)
        stderr = output["output_type"] == "stream" and output["name"] == "stderr"
        if output["output_type"] == "error" or stderr or re.search(r"Traceback|Warning|Glyph \d+|missing from font", text):
            bad.append(text[:200])
    assert not bad, f"{notebook.name}: {bad}"


def shown_ids(notebooks: list[Path]) -> set[str]:
    """Every whole claim id the outputs show: `…gdp.growth` is not shown by `…gdp.growth_rank`."""
    text = "\n".join(output_text(o) for notebook in notebooks for o in outputs(notebook))
    return set(re.findall(r"(?<![\w.])[a-z0-9][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w.])", text))


def test_shown_ids_are_whole_ids(tmp_path: Path) -> None:
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": "2019.economy.gdp.growth_rank 2019.fiscal.revenue.level\n"}]}]}))
    assert shown_ids([notebook]) == {"2019.economy.gdp.growth_rank", "2019.fiscal.revenue.level"}


@pytest.mark.parametrize("section", SECTIONS)
def test_every_claim_of_the_section_is_shown_in_its_chapter(section: str) -> None:
    notebook = chapter_of(section)
    assert notebook is not None
    shown = shown_ids([notebook])
    ids = hzlib.claims().query("section == @section")["claim_id"]
    missing = [claim_id for claim_id in ids if claim_id not in shown]
    assert not missing, f"{notebook.name} does not show claims {missing}"


def test_every_claim_of_the_ledger_is_shown_in_some_chapter() -> None:
    shown = shown_ids(toc_notebooks())
    missing = [claim_id for claim_id in hzlib.claims()["claim_id"] if claim_id not in shown]
    assert not missing, f"claims shown in no chapter: {missing}"


# A figure changed consistently in the report and the ledger (so hzlib.verify() still passes)
# must make nbval fail on the chapter that shows it. Chosen figures enter no relation.
MUTATIONS = [
    ("1.1", "2019.finance.matchmaking_events.count", "举办产融对接活动 18 场", "18", "19"),
    ("1.3", "2019.innovation.high_tech_enterprises.count", "全区高新技术企业 713 家", "713", "714"),
    ("1.5", "2019.eldercare.new_beds.count", "全年新增养老床位 1593 张", "1593", "1594"),
]


def _mutated_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "data", copy / "data", ignore=shutil.ignore_patterns("clean"))
    shutil.copytree(REPO / "book", copy / "book")
    shutil.copytree(REPO / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    raw = copy / "data/raw/haizhu-2019-plan-report.txt"
    text = raw.read_text(encoding="utf-8")
    with (copy / "data/claims.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        header, rows = reader.fieldnames, list(reader)
    for _, claim_id, quote, old, new in MUTATIONS:
        assert text.count(quote) == 1, quote
        text = text.replace(quote, quote.replace(old, new))
        row = next(r for r in rows if r["claim_id"] == claim_id)
        row.update(value=new, as_written=new, quote=row["quote"].replace(old, new))
    raw.write_text(text, encoding="utf-8")
    with (copy / "data/claims.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, lineterminator="\n")  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(rows)
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    (copy / "data/raw/SHA256SUMS").write_text(f"{digest}  {raw.name}\n", encoding="utf-8")
    return copy


def test_mutated_data_is_still_self_consistent(tmp_path: Path) -> None:
    copy = _mutated_copy(tmp_path)
    store = DataStore(copy / "data")
    hzlib.verify(store)
    values = store.claims.set_index("claim_id")["value"]
    for _, claim_id, _, _, new in MUTATIONS:
        assert values[claim_id] == float(new)


@pytest.mark.slow  # nbval on three chapters again: the full mutation run (slow tier) proves the same for every claim
def test_nbval_fails_on_the_chapter_that_shows_a_changed_figure(tmp_path: Path) -> None:
    copy = _mutated_copy(tmp_path)
    notebooks = [f"book/{chapter_of(section).name}" for section, *_ in MUTATIONS]  # type: ignore[union-attr]
    env = {**os.environ, "HZLIB_DATA": str(copy / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(REPO / "pyproject.toml"), "--rootdir", str(copy), "-p", "no:cacheprovider",
         "-q", *notebooks],
        cwd=copy, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    for notebook in notebooks:
        assert re.search(rf"FAILED {re.escape(notebook)}::Cell \d+", result.stdout), f"nbval did not fail {notebook}"
    for *_, new in MUTATIONS:
        assert new in result.stdout, f"the failure report does not show the changed figure {new}"


def _markdown(path: Path) -> str:
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("section", SECTIONS)
def test_each_chapter_teaches_goals_exercises_with_solutions_and_a_check(section: str) -> None:
    notebook = chapter_of(section)
    assert notebook is not None
    text = _markdown(notebook)
    assert "Learning goals" in text.split("## ")[0], f"{notebook.name} does not open with its learning goals"
    assert "## Check your understanding" in text, f"{notebook.name} has no 'check your understanding' list"
    exercises = re.findall(r":label: (ex-[\w-]+)", text)
    solutions = re.findall(r"```\{solution(?:-start)?\} (ex-[\w-]+)", text)
    assert len(exercises) >= 2, f"{notebook.name} has fewer than two exercises"
    assert sorted(exercises) == sorted(solutions), f"{notebook.name}: exercises without a solution"
    assert "checked_relations(SECTION)" in notebook.read_text(encoding="utf-8"), f"{notebook.name} does not check its relations"


# --- the closing chapter: the 2020 plan against the outturn (no report section of its own) --------

OUTTURN = REPO / "book" / "2-9-outturn.ipynb"


def test_the_outturn_chapter_is_in_the_toc_after_the_2020_chapters_and_before_the_audit() -> None:
    files = toc_files()
    at = files.index("book/2-9-outturn")
    assert files.index("book/2-6-livelihood") < at < files.index("book/audit")
    assert all(files.index(f"book/{nb.stem}") < at for nb in (REPO / "book").glob("2-[0-6t]-*.ipynb"))


def test_the_outturn_chapter_starts_like_every_chapter() -> None:
    import json

    cells = json.loads(OUTTURN.read_text(encoding="utf-8"))["cells"]
    first = json.loads(chapter_of("2.T").read_text(encoding="utf-8"))["cells"]  # type: ignore[union-attr]
    assert cells[0]["cell_type"] == "markdown" and cells[0]["source"][0].startswith("# 2020: the plan against the outturn")
    assert (cells[1]["source"], cells[1]["metadata"]) == (first[1]["source"], {"tags": ["remove-cell"]})
    code = "".join(cells[2]["source"])
    assert "import hzlib" in code and "plot.house_style()" in code


def test_the_outturn_chapter_teaches_goals_exercises_with_solutions_and_checks_that_raise() -> None:
    text = _markdown(OUTTURN)
    source = OUTTURN.read_text(encoding="utf-8")
    assert "Learning goals" in text.split("## ")[0]
    assert "## Check your understanding" in text
    exercises = re.findall(r":label: (ex-[\w-]+)", text)
    solutions = re.findall(r"```\{solution(?:-start)?\} (ex-[\w-]+)", text)
    assert len(exercises) >= 2 and sorted(exercises) == sorted(solutions)
    assert "outturn.checked_outturns()" in source and "raise AssertionError" in source
    assert "Not from the report" in text and "## Revisions as a lesson" in text


def test_the_outturn_chapter_shows_every_linked_target_and_its_outturn() -> None:
    from hzlib import outturn

    shown = "\n".join(output_text(o) for o in outputs(OUTTURN))
    for row in outturn.outturns().query("context_id != ''").itertuples():
        assert row.claim_id in shown and row.context_id in shown, row.claim_id
    assert "not reported" in shown and "missed" in shown and "met" in shown
