"""Coverage: every number of the report (Arabic, or a Chinese quantity) is in exactly one of claims.csv and not_claims.csv."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import hzlib
from hzlib.not_claims import not_claim_offsets, number_sites

from .conftest import read_records, write_records


def _claimed(ledger_frame: pd.DataFrame) -> dict[int, str]:
    return dict(zip(ledger_frame["offset"].astype(int), ledger_frame["claim_id"], strict=True))


def test_number_sites_are_every_arabic_number_of_the_report_and_its_chinese_quantities() -> None:
    text = hzlib.report().text
    sites = [(s.offset, s.number) for s in number_sites(hzlib.report())]
    arabic = [(m.start(), m.group()) for m in re.finditer(r"\d+(?:\.\d+)?", text)]
    assert [site for site in sites if site[1][0].isdigit()] == arabic
    for words, numeral in (("街两级调解", "两"), ("规划三年行动", "三"), ("创新岛十八条", "十八"), ("修复十大范例", "十"),
                           ("广州六大红色", "六"), ("更新九项重点", "九"), ("连续两年保持", "两")):
        where = text.index(words) + words.index(numeral)
        assert (where, numeral) in sites, f"the coverage check misses the Chinese quantity {numeral} in {words}"
    assert sites == sorted(sites), "number sites are not in report order"


@pytest.mark.parametrize("not_a_quantity", ["第十六届", "第四", "一批", "进一步", "第二批"])
def test_ordinals_and_the_article_one_are_not_number_sites(not_a_quantity: str) -> None:
    text = hzlib.report().text
    where = text.index(not_a_quantity)
    covered = {s.offset for s in number_sites(hzlib.report())}
    assert not covered & set(range(where, where + len(not_a_quantity))), f"{not_a_quantity} counted as a quantity"


def test_an_uncovered_chinese_quantity_is_reported(data_copy: Path) -> None:
    path = data_copy / "not_claims.csv"
    records = read_records(path)
    write_records(path, [r for r in records if r[2] != "区、街两级调解中心"])
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        "data/claims.csv: the number 两 in section 1.4 (…市改革创新经验，在全市率先建立区、街两级调解中心，打造链接广州…) "
        "is neither a claim nor listed in not_claims.csv"]


def test_no_number_is_both_a_claim_and_a_not_claim(ledger_frame: pd.DataFrame) -> None:
    assert set(_claimed(ledger_frame)) & set(not_claim_offsets(hzlib.report())[1]) == set()


def test_not_claims_cover_only_numbers_of_the_report() -> None:
    sites = {s.offset for s in number_sites(hzlib.report())}
    assert set(not_claim_offsets(hzlib.report())[1]) <= sites


def test_a_number_nothing_covers_is_reported(data_copy: Path) -> None:
    records = read_records(data_copy / "not_claims.csv")
    assert records[1][:3] == ["0", "2019", "广州市海珠区 2019 年"]
    write_records(data_copy / "not_claims.csv", [records[0], *records[2:]])
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        "data/claims.csv: the number 2019 in section 0 (…广州市海珠区 2019 年国民经济和社会发展规…) "
        "is neither a claim nor listed in not_claims.csv",
    ]


def test_a_number_both_claimed_and_listed_is_reported(data_copy: Path) -> None:
    records = read_records(data_copy / "not_claims.csv")
    records.append(["1.1", "7.6", "地区生产总值增长 7.6%", "1", "name", "a wrong listing"])
    write_records(data_copy / "not_claims.csv", records)
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        "data/claims.csv, claim 2019.economy.gdp.growth: the number 7.6 in section 1.1 "
        "(…经济平稳健康发展。地区生产总值增长 7.6%，高于全国（6.1%）…) is both a claim (2019.economy.gdp.growth) "
        f"and listed in data/not_claims.csv line {len(records)}",
    ]


def test_a_wrong_occurrence_count_is_reported(data_copy: Path) -> None:
    records = read_records(data_copy / "not_claims.csv")
    records[1][3] = "2"
    write_records(data_copy / "not_claims.csv", records)
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems] == [
        "data/not_claims.csv, line 2, column 'occurrences': is '2', but the context occurs 1 times in the report",
    ]
