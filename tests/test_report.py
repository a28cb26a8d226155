"""The report: checksum, cleaning that only undoes the PDF extraction, sections by heading."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import hzlib
from hzlib.report import clean

from .conftest import REPO

# Recorded independently from ../shared/seed when the project started.
REPORT_SHA256 = "608ee5c6a75b8af75bcd65e504e30ae7b66f1dfe13923815bb9b3a8e1c22cd2a"
RAW = REPO / "data/raw/haizhu-2019-plan-report.txt"


def test_raw_report_is_the_seed_byte_for_byte() -> None:
    assert hashlib.sha256(RAW.read_bytes()).hexdigest() == REPORT_SHA256


def test_a_changed_report_is_refused_with_its_checksum(data_copy: Path) -> None:
    raw = data_copy / "raw/haizhu-2019-plan-report.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("7.6%", "7.7%"), encoding="utf-8")
    with pytest.raises(hzlib.DataError, match=r"data/raw/haizhu-2019-plan-report.txt: sha256 is [0-9a-f]{64}, but"):
        hzlib.report()


def test_a_missing_report_says_how_to_restore_it(data_copy: Path) -> None:
    (data_copy / "raw/haizhu-2019-plan-report.txt").unlink()
    with pytest.raises(hzlib.DataError, match="the report text is missing; restore it with `git checkout data/raw`"):
        hzlib.report()


@pytest.mark.parametrize("joined", [
    "认定人力资源、法律等高端专业服务业重点企业 9 家",
    "新建雨污管道 504.6 公里",
    "力争 49 个区重点建设项目完成年度投资 127.67 亿元",
    "促进经济社会持续健康发展。",
    "举办各类文化活动 600余场",
    "地铁 8 号线北延段",
    "发展壮大夜间消费，深化打造琶醍、太古仓等夜间经济集聚区，完善配套服务和管理，丰富产品和服务供给。",
    "——2020 年 9 月 9 日在广州市海珠区第十六届人民代表大会第六次会议上",
])
def test_sentences_cut_by_page_breaks_are_rejoined(joined: str) -> None:
    assert hzlib.report().find(joined), joined


def test_markup_is_normalised() -> None:
    text = hzlib.report().text
    assert "**" not in text and "PM_{" not in text
    assert "PM2.5 年平均浓度 30 微克/立方米" in text
    assert "一是经济下行压力加大。国内外环境" in text


def test_cleaning_changes_no_word() -> None:
    raw = RAW.read_text(encoding="utf-8")
    expected = re.sub(r"\s", "", raw.replace("**", "").replace("PM_{2.5}", "PM2.5"))
    assert re.sub(r"\s", "", hzlib.report().text) == expected
    assert re.sub(r"[\n\t]", "", hzlib.report().text).count(" ") == raw.count(" ") - _trailing_spaces(raw)


def _trailing_spaces(raw: str) -> int:
    return sum(len(line) - len(line.rstrip(" ")) for line in raw.split("\n"))


def test_cleaning_keeps_the_table_rows_apart() -> None:
    assert "固定资产投资 (亿元)\t367\t6\n商品进出口总值 (亿元)\t267.10\t持平\n" in clean(RAW.read_text(encoding="utf-8"))


def test_every_plan_section_is_found_in_report_order() -> None:
    table = hzlib.sections()
    plan = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.T", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert [s for s in table["section"] if s in plan] == plan
    assert list(hzlib.PLAN_SECTIONS) == plan
    assert table["start"].iloc[0] == 0 and table["end"].iloc[-1] == len(hzlib.report().text)
    assert (table["start"].iloc[1:].to_numpy() == table["end"].iloc[:-1].to_numpy()).all()


@pytest.mark.parametrize(("section", "title", "opening"), [
    ("1.1", "（一）经济增长保持韧性，产业结构持续升级", "地区生产总值增长 7.6%"),
    ("1.5", "（五）社会事业全面发展，人民生活质量进一步提高", "全区城镇新增就业 2.93 万人"),
    ("1.6", "同时，我区经济社会发展仍面临不少风险和挑战，存在不少困难和问题，主要表现在", "三是社会民生领域还存在不少问题挑战。"),
    ("2.0", "二、2020年国民经济和社会发展规划安排建议", "上半年实现地区生产总值 907.01 亿元，下降 2.4%"),
    ("2.T", "2020 年是全面建成小康社会和“十三五”规划收官之年", "固定资产投资 (亿元)\t367\t6"),
    ("2.1", "(一) 统筹推进疫情防控和经济社会发展工作，加快恢复同疫情防控相适应的经济社会运行秩序", "央行1万亿"),
    ("2.4", "(四)加速推进粤港澳大湾区建设，推动改革开放走深走实", "每万人发明专利拥有量达28件"),
    ("2.6", "（六）着力加强保障和改善民生，推进社会事业稳步发展", "2 片小型足球场"),
])
def test_sections_hold_their_own_text(section: str, title: str, opening: str) -> None:
    row = hzlib.sections().set_index("section").loc[section]
    assert row["title_zh"] == title
    assert opening in row["text"]
    assert row["title_en"]
