"""The context dataset: figures from other sources, sourced, typed, checked, and kept out of the ledger.

Three kinds of test: the committed file (every row sourced and dated; vocabularies; the figures'
own arithmetic), bad input (each way of breaking a private copy is one DataError naming file, line
and column, exactly), and the wall between context and ledger.
"""
from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import hzlib
from hzlib.store import default_store

from .conftest import line_of, read_records, set_cell, write_records

ctx = importlib.import_module("hzlib.context")  # the module: `hzlib.context` is the function

GDP = "ctx.haizhu.2020.gdp.level"  # line 2: 2086.93 亿元 (2021 Government Work Report)
GDP_2019 = "ctx.haizhu.2019.gdp.level"  # 1935.12 亿元, source dated 2020-09-11
EXPECTED_COLUMNS = f"expected columns: {', '.join(ctx.CONTEXT_COLUMNS)}"
GEOGRAPHIES = ("Haizhu, Guangzhou, Tianhe, Huangpu, Yuexiu, Nansha, Baiyun, Panyu, Liwan, Huadu, Zengcheng, Conghua, "
               "Guangdong, China")
# Context figures whose period, unit and value equal a claim's by coincidence: a different indicator.
COINCIDENCES: dict[str, set[str]] = {
    "ctx.guangzhou.2019.districts_above_city_growth.count": {"2019.industry.leading.count"},  # 5 districts vs 5 industries
    "ctx.haizhu.2019.urbanisation.rate": {  # 100% urban vs 100% park occupancy and after-school care
        "2019.innovation.lujiang_park_occupancy.rate", "2019.education.public_primary_afterschool_care.share"},
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The committed context file, loaded and checked."""
    return hzlib.context()


@pytest.fixture
def context_copy(data_copy: Path) -> Iterator[Path]:
    """A copy of data/ that hzlib reads (a fresh store of it: nothing loaded yet)."""
    yield data_copy


def _row(frame: pd.DataFrame, context_id: str) -> pd.Series:
    (index,) = frame.index[frame["context_id"] == context_id]
    return frame.loc[index]


# --- the committed file ---------------------------------------------------------------------------

def test_the_file_has_the_documented_columns_in_order() -> None:
    assert tuple(read_records(default_store().file("context.csv"))[0]) == ctx.CONTEXT_COLUMNS


def test_there_are_at_least_40_sourced_figures(frame: pd.DataFrame) -> None:
    assert len(frame) >= 40
    assert frame["context_id"].is_unique


def test_every_figure_has_an_address_a_date_a_heading_and_a_publisher(frame: pd.DataFrame) -> None:
    assert frame["source_url"].str.match(r"^https?://[^\s/]+\.[^\s/]+/").all()
    assert frame["source_date"].str.fullmatch(r"\d{4}(-\d{2}-\d{2})?").all()
    for column in ("source_title", "source_publisher", "source_heading"):
        assert (frame[column].str.strip() != "").all(), column


def test_a_year_only_date_always_says_how_it_was_inferred(frame: pd.DataFrame) -> None:
    year_only = frame[frame["source_date"].str.len() == 4]
    assert not year_only.empty  # the mirrors without a date: the rule is exercised
    assert year_only["note"].str.contains("date inferred: ", regex=False).all()


def test_vocabularies(frame: pd.DataFrame) -> None:
    assert set(frame["geography"]) <= set(ctx.GEOGRAPHIES)
    assert set(frame["basis"]) <= set(ctx.BASES)
    assert set(frame["authority"]) <= set(ctx.AUTHORITIES)
    assert set(frame["unit"]) <= set(ctx.UNITS)
    assert set(frame["qualifier"]) <= set(ctx.QUALIFIERS)
    assert frame["context_id"].str.match(r"^ctx\.").all()


def test_the_dataframe_is_typed(frame: pd.DataFrame) -> None:
    assert frame["value"].dtype == "float64" and frame["base_value"].dtype == "float64"
    assert all(isinstance(frame[c].dtype, pd.StringDtype) for c in ctx.TEXT_COLUMNS)
    assert list(frame.columns) == [*ctx.CONTEXT_COLUMNS, "base_value", "base_unit"]


def test_base_values_put_other_sources_units_on_one_scale(frame: pd.DataFrame) -> None:
    gdp_2015 = _row(frame, "ctx.haizhu.2015.gdp.level")  # written 140.54 billion yuan
    assert (gdp_2015["unit"], gdp_2015["base_unit"]) == ("billion yuan", "yuan")
    assert gdp_2015["base_value"] == pytest.approx(140.54e9)
    assert _row(frame, "ctx.haizhu.2020.resident_population.level")["base_value"] == 1819037
    assert _row(frame, "ctx.guangzhou.2019.resident_population.level")["base_value"] == pytest.approx(1530.59e4)


def test_growth_of_output_is_real_and_growth_of_money_flows_is_nominal(frame: pd.DataFrame) -> None:
    growth = frame[frame["context_id"].str.contains(r"\.growth$|\.average_growth$")]
    output = growth[growth["context_id"].str.contains(r"\.gdp\.|_value_added\.")]
    money = growth[growth["context_id"].str.contains(r"budget|tax|investment|retail|imports|fdi|spending")]
    assert len(output) >= 10 and len(money) >= 10
    assert set(output["basis"]) == {"real"}
    assert set(money["basis"]) <= {"nominal", "same_coverage"}
    assert not frame[frame["unit"].isin(["万人", "人"])]["basis"].ne("not_money").any()


def test_declines_are_negative(frame: pd.DataFrame) -> None:
    declines = frame[frame["note"].str.contains("下降", regex=False)]
    assert len(declines) >= 5
    assert (declines["value"] < 0).all()


@pytest.mark.parametrize(("parts", "total", "tolerance"), [
    (["ctx.haizhu.2020.primary_value_added.level", "ctx.haizhu.2020.secondary_value_added.level",
      "ctx.haizhu.2020.tertiary_value_added.level"], "ctx.haizhu.2020.gdp.level", 0.005),
    (["ctx.haizhu.2020.tax_revenue.level", "ctx.haizhu.2020.non_tax_revenue.level"], "ctx.haizhu.2020.budget_revenue.level", 0.015),
    (["ctx.haizhu.2020.primary_share.share", "ctx.haizhu.2020.secondary_share.share", "ctx.haizhu.2020.tertiary_share.share"], 100.0, 0.05),
    (["ctx.haizhu.2019.primary_share.share", "ctx.haizhu.2019.secondary_share.share", "ctx.haizhu.2019.tertiary_share.share"], 100.0, 0.05),
], ids=["gdp-by-sector", "revenue-tax-and-non-tax", "structure-2020", "structure-2019"])
def test_the_parts_add_up_to_the_whole_within_rounding(frame: pd.DataFrame, parts: list[str], total: str | float, tolerance: float) -> None:
    whole = total if isinstance(total, float) else _row(frame, total)["value"]
    assert math.fsum(_row(frame, p)["value"] for p in parts) == pytest.approx(whole, abs=tolerance)


def test_the_2020_gdp_per_person_agrees_with_the_census_population(frame: pd.DataFrame) -> None:
    gdp = _row(frame, GDP)["base_value"]
    people = _row(frame, "ctx.haizhu.2020.resident_population.level")["base_value"]
    assert gdp / people == pytest.approx(_row(frame, "ctx.haizhu.2020.gdp_per_person.level")["base_value"], rel=0.05)


def test_context_returns_a_copy(frame: pd.DataFrame) -> None:
    first = hzlib.context()
    first.loc[0, "value"] = -1.0
    assert hzlib.context().loc[0, "value"] == frame.loc[0, "value"] != -1.0


# --- nothing from this file enters the ledger -----------------------------------------------------

def test_no_context_id_is_a_claim_id(frame: pd.DataFrame, ledger_frame: pd.DataFrame) -> None:
    assert set(frame["context_id"]).isdisjoint(ledger_frame["claim_id"])


def test_no_context_figure_is_a_figure_of_the_ledger(frame: pd.DataFrame, ledger_frame: pd.DataFrame) -> None:
    """A figure the report states belongs to the ledger only: no context row repeats a claim's period, unit and value."""
    claims = ledger_frame.assign(value=ledger_frame["value"].round(9))
    same = frame.assign(value=frame["value"].round(9)).merge(claims, on=["period", "unit", "value"], suffixes=("", "_claim"))
    found = {cid: set(group["claim_id"]) for cid, group in same.groupby("context_id")}
    assert found == COINCIDENCES


def test_the_ledger_never_reads_the_context_file(context_copy: Path) -> None:
    """A broken context file leaves the ledger loading; `verify()` reports it, beside the ledger's checks."""
    (context_copy / "context.csv").write_bytes(b"\xef\xbb\xbfnot,a,context,file\n")
    assert len(hzlib.claims()) > 0
    with pytest.raises(hzlib.DataError, match="byte-order mark"):
        hzlib.context()
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        "data/context.csv, line 1, column 'not': starts with a byte-order mark (BOM); save it as UTF-8 without BOM"]


def test_verify_lists_every_problem_of_the_context_file(context_copy: Path) -> None:
    from hzlib.checks import problems

    assert problems() == []
    line = set_cell(context_copy / "context.csv", GDP, "geography", "Haizu")
    found = [str(p) for p in problems()]
    assert found == [f"data/context.csv, line {line}, column 'geography', context {GDP}: unknown geography 'Haizu' "
                     f"(did you mean Haizhu?); valid: {GEOGRAPHIES}"]


def test_the_context_never_reads_the_ledger(context_copy: Path) -> None:
    (context_copy / "claims.csv").unlink()
    assert len(hzlib.context()) > 0
    with pytest.raises(hzlib.DataError, match="claims.csv: file not found"):
        hzlib.claims()


# --- bad input: one DataError naming file, line and column ----------------------------------------

@dataclass(frozen=True)
class Case:
    """One way to break data/context.csv in a copy, and the problems it must be reported as."""

    id: str
    breaks: Callable[[Path], list[str]]


def _field(column: str, value: str, message: str, context_id: str = GDP) -> Callable[[Path], list[str]]:
    def breaks(path: Path) -> list[str]:
        line = set_cell(path, context_id, column, value)
        named = value if column == "context_id" else context_id
        return [f"data/context.csv, line {line}, column {column!r}, context {named}: {message}"]

    return breaks


def _drop_column(path: Path) -> list[str]:
    records = read_records(path)
    at = records[0].index("source_url")
    write_records(path, [r[:at] + r[at + 1:] for r in records])
    return [f"data/context.csv, line 1, column 'source_url': missing column; {EXPECTED_COLUMNS}"]


def _rename_column(path: Path) -> list[str]:
    records = read_records(path)
    records[0][records[0].index("geography")] = "place"
    write_records(path, records)
    return [f"data/context.csv, line 1, column 'geography': missing column; {EXPECTED_COLUMNS}",
            f"data/context.csv, line 1, column 'place': unknown column (renamed?); {EXPECTED_COLUMNS}"]


def _duplicate_id(path: Path) -> list[str]:
    line = set_cell(path, "ctx.haizhu.2020.gdp.growth", "context_id", GDP)
    return [f"data/context.csv, line {line}, column 'context_id', context {GDP}: duplicate context_id, first used on line 2"]


def _year_only_date_without_note(path: Path) -> list[str]:
    set_cell(path, GDP_2019, "source_date", "2020")
    line = set_cell(path, GDP_2019, "note", "")
    return [f"data/context.csv, line {line}, column 'note', context {GDP_2019}: "
            "must say how the year-only source_date 2020 was found ('date inferred: …')"]


def _gbk(path: Path) -> list[str]:
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    return ["data/context.csv, line 2, column 'indicator_zh': is not UTF-8 (byte 0xb5; GBK or another legacy "
            "encoding?): re-save it as UTF-8"]


def _bom(path: Path) -> list[str]:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return ["data/context.csv, line 1, column 'context_id': starts with a byte-order mark (BOM); save it as UTF-8 without BOM"]


def _cut_after_five_fields(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[-1] = ",".join(lines[-1].split(",")[:5])
    path.write_text("\n".join(lines), encoding="utf-8")
    return [f"data/context.csv, line {len(lines)}, column 'value': has 5 fields, the header has 16: "
            "a truncated row, it stops before this column (check quotes and commas)"]


DATE_HELP = "write the date of the source as an ISO date (2021-02-09), or its year alone (2021) with a note"
CASES = [
    Case("missing-column", _drop_column),
    Case("renamed-column", _rename_column),
    Case("duplicate-id", _duplicate_id),
    Case("id-not-ctx", _field("context_id", "2020.economy.gdp.level",
                              "must be a dotted lowercase slug starting with ctx., such as ctx.haizhu.2020.gdp.level")),
    Case("unknown-geography", _field("geography", "Haizu", f"unknown geography 'Haizu' (did you mean Haizhu?); valid: {GEOGRAPHIES}")),
    Case("unknown-basis", _field("basis", "current", "unknown basis 'current'; valid: real, nominal, same_coverage, not_money")),
    Case("unknown-authority", _field("authority", "blog", "unknown authority 'blog'; valid: official_site, official_bulletin_mirror, "
                                     "official_document_mirror, press_report, reference_work")),
    Case("unit-outside-vocabulary", _field("unit", "亿美圆", "unknown unit '亿美圆' (did you mean 亿美元?); valid: 亿元, 万元, 元, "
                                           "billion yuan, 亿美元, 万人, 人, 亿元/平方公里, %, 位, 个")),
    Case("unknown-qualifier", _field("qualifier", "more than", "unknown qualifier 'more than'; valid: 超, 超过, 近, 约")),
    Case("empty-indicator", _field("indicator_en", " ", "is empty")),
    Case("empty-heading", _field("source_heading", "", "is empty")),
    Case("unknown-period", _field("period", "2020-target", "unknown period '2020-target'; valid forms: 2019, 2019H1, 2019Q3, 2016-2020")),
    Case("period-after-source", _field("period", "2021", "is 2021, after the source's date 2020-09-11: a source cannot report it", GDP_2019)),
    Case("empty-value", _field("value", "", "is empty")),
    Case("non-numeric-value", _field("value", "2086.93亿元", "is not a number: '2086.93亿元'")),
    Case("no-address", _field("source_url", "", "is empty; every figure needs the address it was read at")),
    Case("address-not-a-url", _field("source_url", "www.haizhu.gov.cn",
                                     "is not a web address: 'www.haizhu.gov.cn'; every figure needs the address it was read at")),
    Case("no-date", _field("source_date", "", f"is empty: {DATE_HELP}")),
    Case("date-not-iso", _field("source_date", "9 Feb 2021", f"is '9 Feb 2021': {DATE_HELP}")),
    Case("date-impossible", _field("source_date", "2021-02-30", f"is '2021-02-30': {DATE_HELP}")),
    Case("year-only-date-without-note", _year_only_date_without_note),
    Case("note-names-a-missing-row", _field("note", "two sources disagree: see ctx.haizhu.2020.gdp.levels",
                                            "names ctx.haizhu.2020.gdp.levels, which is not a context_id of this file")),
    Case("gbk-file", _gbk),
    Case("bom", _bom),
    Case("truncated-row", _cut_after_five_fields),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_data_error_naming_file_line_and_column(case: Case, context_copy: Path) -> None:
    expected = case.breaks(context_copy / "context.csv")
    with pytest.raises(hzlib.DataError) as error:
        hzlib.context()
    assert [str(p) for p in error.value.problems] == expected
    assert all(p.line is not None and p.column for p in error.value.problems)


def test_every_problem_of_a_row_is_listed(context_copy: Path) -> None:
    path = context_copy / "context.csv"
    set_cell(path, GDP, "geography", "Haizu")
    line = set_cell(path, GDP, "value", "")
    with pytest.raises(hzlib.DataError) as error:
        hzlib.context()
    assert [(p.line, p.column) for p in error.value.problems] == [(line, "geography"), (line, "value")]
    assert str(error.value).split("\n")[0] == "2 data problems:"


def test_a_note_may_name_another_row(context_copy: Path) -> None:
    set_cell(context_copy / "context.csv", GDP, "note", "two sources disagree: see ctx.haizhu.2020.gdp.growth.")
    assert _row(hzlib.context(), GDP)["note"].endswith("ctx.haizhu.2020.gdp.growth.")


def test_a_missing_context_file_says_how_to_restore_it(context_copy: Path) -> None:
    (context_copy / "context.csv").unlink()
    with pytest.raises(hzlib.DataError, match=r"^1 data problem:\n  - data/context.csv: file not found; restore it with `git checkout data`$"):
        hzlib.context()


def test_line_of_finds_context_rows() -> None:
    assert line_of(default_store().file("context.csv"), GDP) == 2
