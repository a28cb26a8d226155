"""The 2020 targets against the outturn: the comparison rule by hand, the links checked, the statuses of the real data.

Expected values are worked out by hand from the report (targets) and the 2020 bulletin (outturns),
not copied from the code's output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import hzlib
from hzlib import outturn

from .conftest import read_records, write_records


@pytest.mark.parametrize(("target", "result", "tolerance", "expected"), [
    (54.7, 51.55, 0.0, "missed"),      # budget revenue level: 51.55 < 54.7
    (54.7, 54.7, 0.0, "met"),          # exactly on target
    (54.7, 54.71, 0.0, "met"),
    (0.0, -5.7, 1.0, "missed"),        # 基本持平 with a 1-point band: -5.7 < -1
    (0.0, -0.8, 1.0, "met"),           # within the band
    (0.0, -1.0, 1.0, "met"),           # on the edge of the band
    (62.0, 67.07, 0.0, "met"),         # modern services' share of services: 56.0 / 83.5 = 67.07%
    (62.0, None, 0.0, "not reported"),
])
def test_judge_by_hand(target: float, result: float | None, tolerance: float, expected: str) -> None:
    assert outturn.judge(target, result, "at_least", tolerance) == expected


def test_judge_refuses_an_unknown_rule_and_a_negative_tolerance() -> None:
    with pytest.raises(ValueError, match="unknown rule 'at_most'; valid: at_least"):
        outturn.judge(1.0, 2.0, "at_most")
    with pytest.raises(ValueError, match="tolerance must not be negative"):
        outturn.judge(1.0, 2.0, "at_least", -1.0)


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return outturn.checked_outturns().set_index("claim_id")


def test_every_2020_target_of_the_plan_sections_is_listed_once(table) -> None:  # type: ignore[no-untyped-def]
    ledger = hzlib.claims()
    targets = ledger[ledger["period"] == "2020-target"]
    assert sorted(table.index) == sorted(targets["claim_id"])
    assert set(table["section"]) <= set(outturn.TARGET_SECTIONS)
    assert set(table["status"]) <= set(outturn.STATUSES)


def test_the_linked_targets_by_hand(table) -> None:  # type: ignore[no-untyped-def]
    revenue = table.loc["2020t.fiscal.budget_revenue.level"]
    assert (revenue["target"], revenue["outturn"], revenue["status"]) == (54.7, 51.55, "missed")
    assert revenue["gap"] == pytest.approx(-3.15)
    growth = table.loc["2020t.fiscal.budget_revenue.growth"]
    assert (growth["target"], growth["qualifier"], growth["outturn"], growth["status"]) == (0.0, "基本", -5.7, "missed")
    share = table.loc["2020t.services.modern_services_share.share"]
    assert share["outturn"] == pytest.approx(56.0 / 83.5 * 100) == pytest.approx(67.0659, abs=1e-4)
    assert share["status"] == "met" and share["divide_by"] == "ctx.haizhu.2020.tertiary_share.share"


def test_unlinked_targets_are_not_reported(table) -> None:  # type: ignore[no-untyped-def]
    unlinked = table[table["context_id"] == ""]
    assert (unlinked["status"] == "not reported").all() and unlinked["outturn"].isna().all()
    assert table.loc["2020t.investment.fixed_assets.level", "status"] == "not reported"
    assert table.loc["2020t.environment.good_air_days.rate", "target_type"] == "binding"
    assert table.loc["2020t.environment.good_air_days.rate", "status"] == "not reported"
    assert (table["status"] != "not reported").sum() == 3


def test_the_target_columns_come_from_the_ledger(table) -> None:  # type: ignore[no-untyped-def]
    ledger = hzlib.claims().set_index("claim_id")
    for column in ("target_type", "assigned_by", "horizon", "basis", "unit"):
        assert table[column].tolist() == ledger.loc[table.index, column].tolist(), column


@pytest.fixture
def links_copy(data_copy: Path) -> Path:
    return data_copy / "outturn_links.csv"


def _set(path: Path, claim_id: str, column: str, value: str) -> int:
    records = read_records(path)
    line = next(i + 1 for i, r in enumerate(records) if r[0] == claim_id)
    records[line - 1][records[0].index(column)] = value
    write_records(path, records)
    return line


@pytest.mark.parametrize(("claim_id", "column", "value", "message"), [
    ("2020t.fiscal.budget_revenue.level", "context_id", "ctx.haizhu.2020.budget_revenue.levels",
     "is not a context_id of data/context.csv: 'ctx.haizhu.2020.budget_revenue.levels'"),
    ("2020t.fiscal.budget_revenue.level", "context_id", "ctx.haizhu.2020.budget_revenue.growth",
     "the target is in 亿元, the outturn in %: units must agree"),
    ("2020t.fiscal.budget_revenue.level", "claim_id", "2019.fiscal.revenue.level", "is not a 2020 target (period 2019)"),
    ("2020t.fiscal.budget_revenue.level", "rule", "about", "unknown rule 'about'; valid: at_least"),
    ("2020t.fiscal.budget_revenue.level", "tolerance", "-1", "must not be negative"),
])
def test_a_bad_link_is_a_data_error_naming_file_line_and_column(links_copy: Path, claim_id: str, column: str,
                                                                   value: str, message: str) -> None:
    line = _set(links_copy, claim_id, column, value)
    named = value if column == "claim_id" else claim_id
    with pytest.raises(hzlib.DataError) as error:
        outturn.links()
    assert [str(p) for p in error.value.problems] == [
        f"data/outturn_links.csv, line {line}, column {column!r}, link {named}: {message}"]
    with pytest.raises(hzlib.DataError):
        hzlib.verify()
