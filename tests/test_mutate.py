"""Mutation testing (tests/support/mutate.py): its wrong-figure rules, its kill detection, a sample and the full run.

`make mutate` changes every claim's figure. A deterministic sample of kinds a and b (10 claims, seed
2020, hzlib's checks in-process, no notebook run) is in `make test`; the full run of every kind, nbval
on the chapter of every claim included, is in the slow tier (`make test-all`, CI), so that CI proves
on every run that a changed figure is caught, by hzlib's checks and by nbval on the chapter that shows it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hzlib.numbers import parse

from .conftest import REPO
from .support import mutate

SAMPLE, SEED = 10, 2020


@pytest.mark.parametrize(("written", "wrong"), [
    ("7.6", "7.7"), ("9", "8"), ("124.80", "124.81"), ("1099", "1098"), ("-2.5", "-2.6"), ("0", "1"),
    ("四", "五"), ("九", "八"), ("两", "三"), ("十八", "十九"), ("千", "万"),
    ("持平", "1"), ("基本持平", "1"), ("双位数", "9"),
])
def test_the_wrong_figure_follows_the_documented_rule(written: str, wrong: str) -> None:
    first = mutate.changes(written)[0]
    assert first.as_written == wrong
    assert parse(first.as_written) != parse(written)


def test_every_claim_has_a_wrong_figure(ledger_frame: pd.DataFrame) -> None:
    missing = [cid for cid, written in zip(ledger_frame["claim_id"], ledger_frame["as_written"], strict=True)
               if not mutate.changes(written)]
    assert not missing, f"tests/support/mutate.py has no rule to change the figure of {missing}: add one to changes()"


def test_an_unchanged_figure_survives_and_a_changed_one_is_killed_naming_its_claim(data_copy: Path, tmp_path: Path) -> None:
    snap = mutate.Snapshot(data_copy)
    site = snap.sites["2019.economy.gdp.growth"]
    change = mutate.changes(site.as_written)[0]
    picks = {site.claim_id: change}
    nothing = mutate.in_process(snap, tmp_path / "work", "b-value", {site.claim_id: mutate.Mutant()}, picks, mutate.naming, None)
    assert [o.status for o in nothing] == ["survived"], "a mutant that changes nothing must not count as killed"
    wrong = {site.claim_id: mutate.value_mutant(snap, site, change)}
    killed = mutate.in_process(snap, tmp_path / "work", "b-value", wrong, picks, mutate.naming, None)
    assert [o.status for o in killed] == ["killed"]
    assert "claim 2019.economy.gdp.growth" in killed[0].detail and "7.7" in killed[0].detail


def test_a_consistent_mutant_changes_report_checksum_and_ledger_together(data_copy: Path, tmp_path: Path) -> None:
    snap = mutate.Snapshot(data_copy)
    site = snap.sites["2019.economy.gdp.growth"]
    mutant = mutate.consistent_mutant(snap, site, mutate.changes(site.as_written)[0])
    mutate.write(snap, mutant, tmp_path / "c")
    found = mutate.check(tmp_path / "c")
    assert mutate.only_verdicts(found), [str(p) for p in found]
    text = (tmp_path / "c" / mutate.RAW).read_text(encoding="utf-8")
    assert "地区生产总值增长 7.7%" in text and "地区生产总值增长 7.6%" not in text
    assert (data_copy / mutate.RAW).read_bytes() == snap.files[mutate.RAW], "the source folder must not change"


def _run_tool(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    report = tmp_path / "outcomes.json"
    command = [sys.executable, "-m", "tests.support.mutate", *args, "--json", str(report)]
    # no timeout here: a speed target is not a test (bench/), and each nbval batch has its own hang guard
    result = subprocess.run(command, check=False, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"`{' '.join(command[1:])}`:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
    return list(json.loads(report.read_text(encoding="utf-8")))


def test_a_fixed_sample_of_data_mutants_all_die_naming_their_claim(tmp_path: Path) -> None:
    outcomes = _run_tool(tmp_path, "--kinds", "a,b", "--sample", str(SAMPLE), "--seed", str(SEED))
    for kind in ("a-checksum", "a", "b-value", "b-row"):
        mine = [o for o in outcomes if o["kind"] == kind]
        assert len(mine) == SAMPLE and all(o["status"] == "killed" for o in mine), (kind, mine)
    for o in (o for o in outcomes if o["kind"] in ("a", "b-value", "b-row")):
        assert f"claim {o['claim_id']}:" in str(o["detail"]), f"the kill of {o['kind']} {o['claim_id']} does not name the claim: {o}"


@pytest.mark.slow
def test_the_full_mutation_run_kills_every_mutant_a_chapter_shows(tmp_path: Path, ledger_frame: pd.DataFrame) -> None:
    outcomes = _run_tool(tmp_path, "--kinds", "a,b,c")
    assert {o["claim_id"] for o in outcomes} == set(ledger_frame["claim_id"])
    for o in outcomes:
        if o["kind"] == "c" and o["status"] == "killed":
            assert ".ipynb::Cell " in str(o["detail"]), f"the kill does not name the notebook cell: {o}"
        elif o["kind"] == "c":
            assert o["status"] in ("survived", "no chapter") and not o["shown"], o
        elif o["kind"] != "a-checksum":
            assert o["status"] == "killed", o


@pytest.mark.slow  # nbval on chapter 1.1 twice (the baseline and the mutant)
def test_a_change_the_book_does_not_catch_survives_and_fails_the_run(data_copy: Path, tmp_path: Path) -> None:
    """Blind a chapter (every output tagged nbval-ignore-output): a consistent mutant must then survive."""
    notebook, blind, claim_id = _blind_chapter_1_1()
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / notebook.name).write_text(json.dumps(blind), encoding="utf-8")
    snap = mutate.Snapshot(data_copy)
    picks, failed = mutate.choose_changes(snap, tmp_path / "choose", [claim_id])
    assert not failed, failed
    book = mutate.Book(tmp_path / "scratch", 1, tmp_path / "book")  # the blind chapter, in a batch of its own
    outcomes, stale = mutate.run_c(snap, book, tmp_path / "scratch", picks, failed, [claim_id], 1, lambda line: None)
    assert not stale
    assert [(o.status, o.shown) for o in outcomes] == [("survived", True)], outcomes
    text, ok = mutate.summary(outcomes, [])
    assert not ok and claim_id in text and "FAIL" in text


@pytest.mark.slow  # nbval on chapter 1.1 three times, in one pytest process
def test_runs_batched_in_one_nbval_process_each_read_their_own_data(data_copy: Path, tmp_path: Path) -> None:
    """A batch's verdicts belong to its runs: the same mutant is killed in the chapter and survives in a blind
    copy, and the unchanged data passes, all in one pytest process."""
    notebook, blind, claim_id = _blind_chapter_1_1()
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / notebook.name).write_bytes(notebook.read_bytes())
    (tmp_path / "book" / "blind.ipynb").write_text(json.dumps(blind), encoding="utf-8")
    snap = mutate.Snapshot(data_copy)
    site = snap.sites[claim_id]
    picks, failed = mutate.choose_changes(snap, tmp_path / "choose", [site.claim_id])
    assert not failed, failed
    wrong = mutate.consistent_mutant(snap, site, picks[site.claim_id])
    book = mutate.Book(tmp_path / "scratch", 1, tmp_path / "book")
    shown = f"book/{notebook.name}"
    verdicts = book.nbval(snap, [mutate.Run("seen", wrong, [shown]), mutate.Run("blind", wrong, ["book/blind.ipynb"]),
                                 mutate.Run("unchanged", mutate.Mutant(), [shown])])
    assert verdicts["seen"][0] == "killed" and verdicts["seen"][1].startswith(f"{shown}::Cell "), verdicts
    assert verdicts["blind"] == ("survived", "nbval passed"), verdicts
    assert verdicts["unchanged"] == ("survived", "nbval passed"), verdicts


def test_runs_are_dealt_into_batches_of_at_most_batch_and_at_least_one_per_job() -> None:
    runs = [mutate.Run(str(i), mutate.Mutant(), []) for i in range(2 * mutate.BATCH + 1)]
    dealt = mutate.batches(runs, 2)
    assert sorted(run.label for batch in dealt for run in batch) == sorted(run.label for run in runs)
    assert len(dealt) == 3 and max(len(batch) for batch in dealt) <= mutate.BATCH
    assert [len(batch) for batch in mutate.batches(runs[:3], 2)] == [2, 1]
    assert mutate.batches([], 2) == []


def _blind_chapter_1_1() -> tuple[Path, dict[str, object], str]:
    """Chapter 1.1, a copy of it blind to its outputs (every code cell tagged nbval-ignore-output), and a claim
    of 1.1 in no relation (a relation's claim makes checked_relations raise, blind or not)."""
    import hzlib

    from .support.notebooks import chapter_of

    notebook = chapter_of("1.1")
    assert notebook is not None
    blind = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in blind["cells"]:
        if cell["cell_type"] == "code":
            cell.setdefault("metadata", {}).setdefault("tags", []).append("nbval-ignore-output")
    in_relations = {cid for ids in hzlib.relations()["claim_ids"] for cid in ids.split()}
    claim_id = next(cid for cid in hzlib.claims().query("section == '1.1'")["claim_id"] if cid not in in_relations)
    return notebook, blind, claim_id
