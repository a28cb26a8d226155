"""The Chinese edition's machinery: messages cut from the sources, translated back into them, checked."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hzbook import i18n
from hzlib import language

from .support.notebooks import REPO, toc_files

PAGES = [REPO / f"{name}{suffix}" for name in toc_files() for suffix in (".ipynb", ".md")
         if (REPO / f"{name}{suffix}").exists()]
LOCALES = REPO / "locales"
PENDING: dict[str, str] = {}
"""Pages whose catalog may still be incomplete, each with why: their test is expected to fail (strict)."""


def _docname(page: Path) -> str:
    return page.relative_to(REPO).with_suffix("").as_posix()


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.xfail(reason=PENDING[_docname(p)], strict=True))
                                  if _docname(p) in PENDING else p for p in PAGES], ids=lambda p: p.stem)
def test_every_message_of_a_page_is_translated_and_keeps_its_glued_numbers_and_roles(page: Path) -> None:
    """The Chinese edition's catalogs are complete: no message missing, untranslated or fuzzy, and no
    translation that lost or changed a glued number, a role's target, math or code (hzbook.i18n)."""
    problems = i18n.catalog_problems(page, _docname(page), LOCALES)
    assert not problems, f"{len(problems)} problem(s) in the catalog of {_docname(page)}:\n" + "\n".join(problems[:40])


FIELDS_DROPPED = {"Show code cell {type}", "Hide code cell {type}"}
"""Interface texts whose Chinese leaves a field out: myst-nb fills {type} with the English source/outputs/content."""


@pytest.mark.parametrize("name", [i18n.CHARTS, i18n.INTERFACE])
def test_the_chart_and_interface_catalogs_are_complete(name: str) -> None:
    """Every chart and table text (charts.po) and every text the book's extension writes (interface.po)
    has a finished translation that keeps its `{placeholders}`."""
    catalog = i18n.read_catalog(LOCALES / i18n.LOCALE / "LC_MESSAGES" / name)
    messages = [m for m in catalog if m.id]
    assert messages
    todo = [m.id for m in messages if not m.string or m.fuzzy]
    assert not todo, f"{name}: {len(todo)} text(s) untranslated or fuzzy: {todo[:20]}"
    fields = [m.id for m in messages if not set(re.findall(r"\{\w*\}", m.string)) <= set(re.findall(r"\{\w*\}", m.id))
              or (name == i18n.INTERFACE and m.id not in FIELDS_DROPPED
                  and set(re.findall(r"\{\w*\}", m.string)) != set(re.findall(r"\{\w*\}", m.id)))]
    assert not fields, f"{name}: translations that lost or added a {{field}}: {fields}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_without_translations_is_unchanged(page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    if page.suffix == ".ipynb":
        def cells(text: str) -> list[tuple[str, str]]:
            return [(c["cell_type"], "".join(c["source"])) for c in json.loads(text)["cells"]]

        assert cells(i18n.translate_page(source, ".ipynb", {})) == cells(source)
    else:
        assert i18n.translate_page(source, ".md", {}) == source


def test_messages_are_prose_blocks_and_structure_stays_out_of_them() -> None:
    source = "\n".join([
        "(label-a)=", "# A title", "", "A paragraph with {glue:text}`g:.1f`% and", "a second line.", "",
        "```{exercise} Warm-up: reading", ":label: ex-a", "", "What is {term}`个百分点`?", "```", "",
        "```{solution} ex-a", ":class: dropdown", "", "The answer.", "```", "",
        "1. A question?", "", "   ```{admonition} Answer", "   :class: dropdown", "   Its answer.", "   ```",
        "", "```python", "x = 1", "```", "", "$$", "L/(1+g)", "$$",
    ])
    messages = [i18n.message_id(s.text) for s in i18n.segments(source) if s.is_message]
    assert messages == ["# A title", "A paragraph with {glue:text}`g:.1f`% and\na second line.",
                        "```{exercise} Warm-up: reading", "What is {term}`个百分点`?", "The answer.",
                        "1. A question?", "```{admonition} Answer", "Its answer."]


def test_a_translation_replaces_its_message_and_keeps_the_indentation() -> None:
    source = "1. A question?\n\n   ```{admonition} Answer\n   :class: dropdown\n   Its answer,\n   in two lines.\n   ```"
    out = i18n.translate_markdown(source, {"Its answer,\nin two lines.": "它的答案，\n分两行。", "```{admonition} Answer": "```{admonition} 答案"})
    assert out == "1. A question?\n\n   ```{admonition} 答案\n   :class: dropdown\n   它的答案，\n   分两行。\n   ```"


@pytest.mark.parametrize(("msgstr", "lost"), [
    ("增长 {glue:text}`g:.1f`%，见{numref}`fig-a`", []),
    ("增长 {glue:text}`g:.2f`%，见{numref}`fig-a`", ["{glue:text}`g:.1f`", "added {glue:text}`g:.2f`"]),
    ("增长，见{numref}`fig-a`", ["{glue:text}`g:.1f`"]),
    ("增长 {glue:text}`g:.1f`%，见图", ["{numref}`fig-a`"]),
])
def test_a_translation_that_loses_a_glued_number_or_a_role_is_named(msgstr: str, lost: list[str]) -> None:
    assert i18n.lost_parts("grew by {glue:text}`g:.1f`%, see {numref}`fig-a`", msgstr) == lost


@pytest.mark.parametrize(("msgstr", "lost"), [
    ("见{ref}`实际值与名义值 <method-growth-real-nominal>`和{doc}`教师指南 <../teachers-guide>`", []),
    ("见{ref}`实际值与名义值 <method-growth>`和{doc}`教师指南 <../teachers-guide>`",
     ["{ref}`… <method-growth-real-nominal>`", "added {ref}`… <method-growth>`"]),
    ("见{ref}`method-growth-real-nominal`和{doc}`教师指南 <../teachers-guide>`",
     ["{ref}`… <method-growth-real-nominal>`", "added {ref}`method-growth-real-nominal`"]),
])
def test_a_links_shown_text_is_translated_and_its_target_kept(msgstr: str, lost: list[str]) -> None:
    """`{ref}`text <target>`: a Chinese reader needs the link's text in Chinese; the target must not move."""
    msgid = "See {ref}`real and nominal <method-growth-real-nominal>` and {doc}`the guide <../teachers-guide>`."
    assert i18n.lost_parts(msgid, msgstr) == lost


def test_a_role_name_written_as_code_is_code_not_a_role() -> None:
    msgid = "Cross-references such as `{term}` and `{glue}` show as plain text; see {doc}`audit`."
    assert i18n.lost_parts(msgid, "`{term}`、`{glue}` 之类的交叉引用显示为纯文本；见 {doc}`audit`。") == []
    assert i18n.lost_parts(msgid, "`{term}` 显示为纯文本；见 {doc}`audit`。") == ["`{glue}`"]


def test_a_catalog_reports_untranslated_fuzzy_and_lost(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nGrew by {glue:text}`g:.1f`%.\n\nA third.\n", encoding="utf-8")
    assert i18n.update_catalog(page, "page", tmp_path) == (3, 3)
    catalog = i18n.read_catalog(i18n.catalog_path(tmp_path, "page"))
    catalog["# Title"].string = "# 标题"
    catalog["Grew by {glue:text}`g:.1f`%."].string = "增长了。"
    i18n.write_catalog(catalog, i18n.catalog_path(tmp_path, "page"))
    problems = i18n.catalog_problems(page, "page", tmp_path)
    assert any("lost {glue:text}`g:.1f`" in p for p in problems)
    assert any("'A third.': not translated" in p for p in problems)
    page.write_text("# Title\n\nGrew by {glue:text}`g:.1f`%.\n\nA third one.\n", encoding="utf-8")
    i18n.update_catalog(page, "page", tmp_path)
    catalog = i18n.read_catalog(i18n.catalog_path(tmp_path, "page"))
    assert catalog["# Title"].string == "# 标题"  # kept
    assert "A third." not in [m.id for m in catalog]  # gone message dropped


def test_updating_a_catalog_twice_writes_the_same_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nText.\n", encoding="utf-8")
    i18n.update_catalog(page, "page", tmp_path)
    first = i18n.catalog_path(tmp_path, "page").read_bytes()
    i18n.update_catalog(page, "page", tmp_path)
    assert i18n.catalog_path(tmp_path, "page").read_bytes() == first


@pytest.mark.parametrize(("text", "expected"), [
    ("Haizhu 海珠区", "海珠区"),
    ("GDP growth in 2019: Haizhu against its benchmarks\n2019 年地区生产总值增速", "2019 年地区生产总值增速"),
    ("PM2.5年均浓度", "PM2.5年均浓度"),
    ("7.6%", "7.6%"),
    ("5G基站", "5G基站"),
])
def test_a_bilingual_chart_text_keeps_its_chinese(text: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "zh")
    assert language.chinese(text) == expected


def test_an_english_chart_text_is_looked_up_and_refused_without_a_translation(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "charts.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "real growth on 2018 (%)"\nmsgstr "比上年实际增长（%）"\n', encoding="utf-8")
    monkeypatch.setenv(language.CATALOG_VARIABLE, str(po))
    assert language.chinese("real growth on 2018 (%)") == "比上年实际增长（%）"
    with pytest.raises(language.UntranslatedChartText, match="'nominal growth'"):
        language.chinese("nominal growth")
    with pytest.raises(language.UntranslatedChartText, match="gap"):
        language.chinese("gap (亿元)")  # not bilingual: its Chinese is only the unit
    with pytest.raises(language.UntranslatedChartText, match="implied"):
        language.chinese("Firms of at least a 亿元 (亿元以上), implied by the growth rate")  # a sentence, not a label
    missing = tmp_path / "missing.txt"
    monkeypatch.setenv(language.MISSING_VARIABLE, str(missing))
    assert language.chinese("nominal growth") == "nominal growth"
    assert missing.read_text(encoding="utf-8") == "nominal growth\n"


def test_each_edition_links_the_other_language_edition_of_the_same_kind() -> None:
    from hzbook.sphinx.language import other_root

    assert other_root("en", student=False) == "../zh/html"  # _build/html → _build/zh/html
    assert other_root("zh", student=False) == "../../html"
    assert other_root("en", student=True) == "../../../zh/student/html"  # _build/student/_build/html → _build/zh/student/html
    assert other_root("zh", student=True) == "../../../student/_build/html"


def test_the_glossary_terms_become_words_of_the_chinese_search() -> None:
    terms = i18n.glossary_terms((REPO / "book" / "glossary.md").read_text(encoding="utf-8"))
    assert {"固定资产投资", "一般公共预算收入", "个百分点", "四上企业"} <= set(terms)
    assert not [t for t in terms if " " in t or "\n" in t], "a jieba dictionary line is a word without spaces"
    source = "# G\n\n```{glossary}\n甲乙\n  Alpha.\n\nA B\n  Not a Chinese word.\n```\n\n丙丁\n  Outside.\n"
    assert i18n.glossary_terms(source) == ["甲乙"]


def test_a_catalog_translation_wins_over_the_bilingual_rule_and_hashes_stay(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "charts.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "预期性: an expected level"\nmsgstr "预期性：预期水平"\n\n'
                  'msgid "meaning"\nmsgstr "含义"\n\nmsgid "kind"\nmsgstr "类型"\n', encoding="utf-8")
    monkeypatch.setenv(language.CATALOG_VARIABLE, str(po))
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "zh")
    assert language.chinese("预期性: an expected level") == "预期性：预期水平"
    assert language.chinese("608ee5c6a75b8af75bcd65e504e30ae7") == "608ee5c6a75b8af75bcd65e504e30ae7"
    import pandas as pd

    from hzlib.tables import localized

    frame = pd.DataFrame({"kind": ["level"], "meaning": ["预期性: an expected level"]})
    out = localized(frame, ["meaning"])
    assert list(out.columns) == ["类型", "含义"] and out.iloc[0].tolist() == ["level", "预期性：预期水平"]
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "en")
    assert localized(frame, ["meaning"]) is frame, "the English edition's tables are left as they are"


def test_a_shown_tables_word_index_is_chinese_in_the_chinese_edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On pandas 3 a string index has dtype `str`: it was left in English (only object and "string" were looked at)."""
    import pandas as pd

    from hzlib.tables import shown

    po = tmp_path / "charts.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "gap (亿元)"\nmsgstr "差额（亿元）"\n\nmsgid "value"\nmsgstr "数值"\n', encoding="utf-8")
    monkeypatch.setenv(language.CATALOG_VARIABLE, str(po))
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "zh")
    out = shown(pd.Series({"gap (亿元)": 1.5}).to_frame("value"), 1)
    assert list(out.index) == ["差额（亿元）"] and list(out.columns) == ["数值"]


def test_bold_closed_after_chinese_punctuation_is_a_problem() -> None:
    assert i18n.emphasis_problems("- **一个区跑赢所在城市很常见**。全市增速") == []
    assert i18n.emphasis_problems("- **位次不是距离。**“全市第四”") == []  # punctuation follows: CommonMark closes it
    assert len(i18n.emphasis_problems("- **一个区跑赢所在城市很常见。**全市增速")) == 1
