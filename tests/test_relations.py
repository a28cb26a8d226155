"""Relations: the report's own arithmetic, evaluated to stated, computed, tolerance and verdict."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

import hzlib
from hzlib.relations import evaluate, referenced_ids

from .conftest import set_cell


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return hzlib.relations()


def test_at_least_20_relations(table: pd.DataFrame) -> None:
    assert len(table) >= 20
    assert table["relation_id"].is_unique


def test_every_verdict_is_the_expected_one(table: pd.DataFrame) -> None:
    wrong = table[table["verdict"] != table["expected"]]
    assert [f"{r.relation_id}: {r.verdict}, expected {r.expected}" for r in wrong.itertuples()] == []


def test_every_kind_of_relation_is_there(table: pd.DataFrame) -> None:
    assert set(table["kind"]) == {"equal", "compare", "derived"}


@pytest.mark.parametrize(("relation_id", "stated", "computed", "verdict"), [
    ("rel.1.1.modern_services_gap", 3.8, 11.4 - 7.6, "holds"),  # 比地区生产总值增速高 3.8 个百分点
    ("rel.2.2.fiscal_projects_sum", 32.24, 30.91 + 1.33, "holds"),
    ("rel.2.T.investment_target_from_2019", 367.0, 346.56 * 1.06, "holds"),
    ("rel.2.0.q1_investment_growth", math.nan, 8.0 - 6.7, "derived"),  # 比一季度提升 6.7 个百分点
    ("rel.1.1.gdp_growth_above_benchmarks", True, True, "holds"),  # 高于全国、全省、全市
])
def test_the_report_s_own_arithmetic(table: pd.DataFrame, relation_id: str, stated: object, computed: object, verdict: str) -> None:
    row = table.set_index("relation_id").loc[relation_id]
    assert row["stated"] == pytest.approx(stated, nan_ok=True)
    assert row["computed"] == pytest.approx(computed)
    assert row["verdict"] == verdict


def test_relations_of_one_section(table: pd.DataFrame) -> None:
    section = hzlib.relations("2.T")
    assert len(section) > 0 and set(section["section"]) == {"2.T"}
    assert list(section["relation_id"]) == list(table[table["section"] == "2.T"]["relation_id"])


def test_relations_returns_a_copy_the_caller_may_change() -> None:
    frame = hzlib.relations()
    frame.loc[0, "verdict"] = "fails"
    assert hzlib.relations().loc[0, "verdict"] != "fails"


def test_relation_descriptions_have_no_arabic_digits(table: pd.DataFrame) -> None:
    """Numbers in prose come from the data: a description names figures, it does not type them."""
    assert [f"{r.relation_id}: {r.description}" for r in table.itertuples() if re.search(r"\d", r.description)] == []


def test_a_failing_relation_is_kept_and_reported(data_copy: Path) -> None:
    line = set_cell(data_copy / "relations.csv", "rel.2.T.investment_target_from_2019", "tolerance", "0.1")
    row = hzlib.relations().set_index("relation_id").loc["rel.2.T.investment_target_from_2019"]
    assert (row["verdict"], row["expected"]) == ("fails", "holds")
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        f"data/relations.csv, line {line}, column 'expected', relation rel.2.T.investment_target_from_2019: "
        "expected holds, but the relation fails: stated 367.0, computed 367.3536",
    ]


def test_a_relation_on_a_broken_ledger_is_not_evaluated(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", "2019.economy.gdp.growth", "value", "7.7")
    with pytest.raises(hzlib.DataError, match=r"data/claims.csv, line 2, column 'value'"):
        hzlib.relations()


def test_evaluate_reads_claim_ids_in_braces() -> None:
    values = {"a.b": 346.56, "c.d": 6.0}
    assert evaluate("{a.b} * (1 + {c.d} / 100)", values) == pytest.approx(367.3536)
    assert evaluate("{a.b} > {c.d} and {c.d} >= 6", values) is True
    assert evaluate("round(-{c.d})", values) == -6
    assert referenced_ids("{a.b} - {c.d} + {a.b}") == ["a.b", "c.d", "a.b"]


@pytest.mark.parametrize("expression", ["__import__('os').getcwd()", "{a.b}.real", "[{a.b}]", "{a.b} if 1 else 0"])
def test_evaluate_refuses_anything_but_arithmetic(expression: str) -> None:
    with pytest.raises(ValueError, match="^unsupported syntax: "):
        evaluate(expression, {"a.b": 1.0})
