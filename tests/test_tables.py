"""Shown tables: numbers at the report's precision, with units, never NaN or float noise."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hzlib import chapter, tables


@pytest.mark.parametrize(("value", "as_written", "unit", "qualifier", "expected"), [
    (124.8, "124.80", "亿元", "", "124.80 亿元"),       # the report's trailing zero is kept
    (4.0, "四", "位", "", "4 位"),                      # a Chinese numeral shows in digits, no decimals
    (1000.0, "千", "亿元", "突破", "突破 1,000 亿元"),
    (-2.5, "2.5", "%", "", "-2.5%"),                   # a decline keeps its sign; % sticks to its number
    (47.0, "47", "亿元", "超", "超 47 亿元"),
])
def test_a_figure_reads_as_the_report_states_it(value: float, as_written: str, unit: str, qualifier: str,
                                                expected: str) -> None:
    assert tables.figure_text(value, as_written, unit, qualifier) == expected


def test_shown_numbers_carry_no_float_noise_and_missing_cells_are_empty() -> None:
    frame = pd.DataFrame({"computed": [1027.102804, np.nan, 367.3536], "count": [51.0, 4.0, None],
                          "name": ["a", None, "c"]})
    out = tables.shown(frame, {"computed": 3})
    assert list(out["computed"]) == ["1,027.103", "", "367.354"]
    assert list(out["count"]) == ["51", "4", ""]
    assert list(out["name"]) == ["a", "", "c"]


def test_no_table_shows_more_than_three_decimals_whatever_is_asked() -> None:
    assert tables.number_text(1 / 3, decimals=9) == "0.333"


def test_a_value_one_ulp_either_side_shows_the_same() -> None:
    share = 100 / 6
    shown = {tables.number_text(v) for v in (np.nextafter(share, 0), share, np.nextafter(share, np.inf))}
    assert shown == {"16.67"}
    assert tables.number_text(-0.0001) == "0"


def test_a_chapters_claims_table_is_text_at_the_report_precision() -> None:
    table = chapter.claims_table("1.1")
    row = table.set_index("claim_id").loc["2019.investment.key_projects.level"]
    assert row["figure"] == "124.80 亿元"
    assert not table.isna().any().any()
    assert list(table.columns) == chapter.CLAIM_TABLE_COLUMNS


def test_checked_relations_show_computed_figures_one_decimal_finer_than_stated() -> None:
    table = chapter.checked_relations("2.T").set_index("relation_id")
    assert table.at["rel.2.T.investment_target_from_2019", "stated"] == "367"
    assert table.at["rel.2.T.investment_target_from_2019", "computed"] == "367.354"
    assert table.at["rel.2.T.investment_2019_base_implied", "stated"] == ""


def test_commitments_compare_a_target_with_its_2019_base_in_one_unit_only() -> None:
    frame = chapter.commitments(
        ["2020t.urban_renewal.illegal_buildings_demolished.level", "2020t.environment.pm25_standard.level"],
        {"2020t.urban_renewal.illegal_buildings_demolished.level": "2019.urban_renewal.illegal_buildings_demolished.level"})
    demolition, pm25 = frame.itertuples()
    ledger = chapter.claims().set_index("claim_id")
    base = ledger.at["2019.urban_renewal.illegal_buildings_demolished.level", "value"]
    assert demolition.change_pct == pytest.approx(100 * (demolition.target / base - 1))
    assert demolition.firmness == "aim 力争" and demolition.deadline == "end of 2020"
    assert np.isnan(pm25.change_pct) and pm25.base_id == ""
    shown = chapter.commitments_table(frame)
    assert shown.loc[0, "change %"] == tables.number_text(demolition.change_pct, 1)
    assert shown.loc[1, "2019"] == ""


def test_a_clause_is_cut_at_the_marks_around_its_quote() -> None:
    assert chapter.clause("47亿", "减税降费，新增超47亿元；其他。") == "新增超47亿元"
    with pytest.raises(ValueError, match="quote not in the text"):
        chapter.clause("48亿", "减税降费，新增超47亿元。")


def test_a_gloss_column_is_shown_in_english_and_dropped_in_the_chinese_edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An English column that only glosses the Chinese beside it would repeat that Chinese once translated."""
    from hzlib import language

    frame = pd.DataFrame({"clause_zh": ["稳中求进"], "gloss_en": ["seek progress while keeping stability"],
                          "count": [2.0]})
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "en")
    assert list(tables.shown(frame, gloss=["gloss_en"]).columns) == ["clause_zh", "gloss_en", "count"]
    po = tmp_path / "charts.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "count"\nmsgstr "个数"\n', encoding="utf-8")
    monkeypatch.setenv(language.CATALOG_VARIABLE, str(po))
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "zh")
    out = tables.shown(frame, gloss=["gloss_en"])
    assert list(out.columns) == ["clause_zh", "个数"] and out.iloc[0].tolist() == ["稳中求进", "2"]
    with pytest.raises(KeyError, match="gloss_fr"):
        tables.shown(frame, gloss=["gloss_fr"])
