"""The appendices teach: the glossary in pinyin order with each term's pinyin, every {term} and {cite}
resolving, the method pages' labels, and a complete 90-minute lesson plan for every chapter."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .support.notebooks import REPO, toc_files

BOOK = REPO / "book"
GLOSSARY = BOOK / "glossary.md"
BIB = BOOK / "references.bib"
TOC = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))

HAN = re.compile(r"[\u3400-\u9fff]")
ROLE = re.compile(r"(?<!`)\{(term|(?:foot)?cite(?::\w+)?|ref|numref|doc)\}`([^`]*)`")
EXERCISE = re.compile(r"```\{exercise\}\s*(.*)\n:label:\s*(\S+)")


# --- reading the book ------------------------------------------------------------------------------

def chapters() -> list[str]:
    """The chapter files of every part but the appendices and the lesson plans: the ones a plan must cover."""
    return [c["file"] for part in TOC["parts"] if part["caption"] not in ("Appendices", "Lesson plans")
            for c in part["chapters"]]


def markdown_of(path: Path) -> str:
    """The markdown a reader sees: a .md file's text, or a notebook's markdown cells joined."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def pages() -> list[Path]:
    """Every page source under book/: markdown files and notebooks."""
    return sorted(p for p in BOOK.rglob("*") if p.suffix in (".md", ".ipynb") and "_build" not in p.parts
                  and ".ipynb_checkpoints" not in p.parts)


def roles(kind: str) -> list[tuple[Path, str]]:
    """Every use of a role ({term}, {cite}, …) in book/, with the page it is on; `text <target>` gives target."""
    used = []
    for page in pages():
        for role, body in ROLE.findall(markdown_of(page)):
            if role.split(":")[0].removeprefix("foot") == kind:  # {footcite} is a {cite}
                target = re.search(r"<([^>]+)>\s*$", body)
                used.append((page, target.group(1) if target else body))
    return used


def glossary_entries() -> list[tuple[str, list[str]]]:
    """(term, definition lines) of the glossary directive, in the order written."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    entries: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        if line and not line[0].isspace():
            entries.append((line.strip(), []))
        elif line.strip():
            entries[-1][1].append(line.strip())
    return entries


# --- pinyin ------------------------------------------------------------------------------------------

def pinyin_key(term: str) -> list[tuple[str, int]]:
    """Dictionary order: syllable by syllable, the syllable's letters first, then its tone (1–4, neutral 5);
    characters that are not Chinese (a leading 5+3+4) keep their own text and sort before letters."""
    from pypinyin import Style, pinyin

    key = []
    for (syllable,) in pinyin(term, style=Style.TONE3, neutral_tone_with_five=True):
        match = re.fullmatch(r"([a-zü]+)([1-5])", syllable.replace("v", "ü"))
        key.append((match[1], int(match[2])) if match else (syllable.strip(), 0))
    return key


def spoken(term: str) -> str:
    """The term's pinyin with tone marks, one syllable after another, as pypinyin reads it in context."""
    from pypinyin import Style, pinyin

    return "".join(s for (s,) in pinyin("".join(HAN.findall(term)), style=Style.TONE))


def normalised(written: str) -> str:
    """Pinyin as written in the glossary, without word spaces, hyphens, apostrophes, capitals or digits."""
    return re.sub(r"[\s\-'’0-9+]", "", written).lower()


def test_the_glossary_is_in_pinyin_order_computed_with_pypinyin() -> None:
    terms = [term for term, _ in glossary_entries()]
    assert len(terms) == len(set(terms)), "a glossary term appears twice"
    expected = sorted(terms, key=pinyin_key)
    out_of_place = [(i, term, expected[i]) for i, term in enumerate(terms) if term != expected[i]]
    assert not out_of_place, f"glossary not in pinyin order; first misplaced (position, found, expected): {out_of_place[:3]}"


def test_the_order_is_the_dictionarys_letters_then_tone() -> None:
    # 低保 (dī) before 地区生产总值 (dì): same letters, tone 1 before tone 4; 精准 (jīng) before 就业 (jiù)
    assert pinyin_key("低保") < pinyin_key("地区生产总值") < pinyin_key("东西部扶贫协作")
    assert pinyin_key("精准扶贫") < pinyin_key("就业困难人员")
    assert pinyin_key("5+3+4 产业体系") < pinyin_key("碧道")


@pytest.mark.parametrize(("term", "definition"), glossary_entries(), ids=[t for t, _ in glossary_entries()])
def test_each_term_shows_its_pinyin_first(term: str, definition: list[str]) -> None:
    match = re.match(r"\*([^*]+)\* — \S", definition[0] if definition else "")
    assert match, f"{term}: the definition does not open with its pinyin in italics, then ' — '"
    assert normalised(match[1]) == spoken(term), f"{term}: pinyin {match[1]!r}, pypinyin reads {spoken(term)!r}"


def test_the_glossary_gives_the_statistics_bureaus_thresholds_and_the_requested_terms() -> None:
    defs = {term: " ".join(lines) for term, lines in glossary_entries()}
    for term in ("可比价", "同口径", "限额以上", "四上企业", "约束性指标", "预期性指标", "三保", "过紧日子",
                 "再贷款", "再贴现", "减税降费", "六稳六保", "规模以上工业"):
        assert term in defs, f"the glossary has no entry {term}"
    assert "2000万元" in defs["规模以上工业"]
    assert all(t in defs["限额以上"] for t in ("2000万元", "500万元", "200万元"))
    assert all(t in defs["三保"] for t in ("保基本民生", "保工资", "保运转"))


def test_every_term_used_in_the_book_is_in_the_glossary() -> None:
    known = {term.lower() for term, _ in glossary_entries()}  # Sphinx matches glossary terms case-insensitively
    used = roles("term")
    assert used, "no {term} found in book/: the reader is broken"
    missing = sorted({f"{page.relative_to(REPO)}: {term}" for page, term in used if term.lower() not in known})
    assert not missing, f"{{term}} references with no glossary entry: {missing}"


# --- the method pages and the bibliography ----------------------------------------------------------

METHOD_PAGES = {
    "book/method-growth": ["method-growth", "method-growth-real-nominal", "method-growth-same-coverage",
                           "method-growth-thresholds", "method-growth-value-added", "method-growth-nominal-base"],
    "book/method-targets": ["method-targets", "method-targets-binding", "method-targets-assigned", "method-targets-2020",
                            "method-targets-fyp", "method-targets-no-growth", "method-targets-wording"],
}


@pytest.mark.parametrize("page", METHOD_PAGES)
def test_each_method_page_is_in_the_appendices_and_defines_its_labels(page: str) -> None:
    appendices = next(part for part in TOC["parts"] if part["caption"] == "Appendices")
    assert page in [c["file"] for c in appendices["chapters"]], f"{page} is not in the appendices of _toc.yml"
    text = markdown_of(REPO / f"{page}.ipynb")
    labels = re.findall(r"^\(([\w-]+)\)=\s*\n#{1,3} ", text, flags=re.MULTILINE)
    assert labels[: 1] == [METHOD_PAGES[page][0]], f"{page} does not open with its page label"
    assert labels == METHOD_PAGES[page], f"{page}: labels {labels}"


def test_labels_are_unique_across_the_book() -> None:
    seen: dict[str, str] = {}
    for page in pages():
        for label in re.findall(r"^\(([\w-]+)\)=\s*$", markdown_of(page), flags=re.MULTILINE):
            assert label not in seen, f"label {label} defined in {seen[label]} and {page.relative_to(REPO)}"
            seen[label] = str(page.relative_to(REPO))


@pytest.mark.parametrize("page", METHOD_PAGES)
def test_the_method_pages_type_no_figure_and_glue_every_number_they_show(page: str) -> None:
    path = REPO / f"{page}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    prose = markdown_of(path)
    glued = set(re.findall(r"glue\(\"(\w+)\"", code))
    used = set(re.findall(r"\{glue:text\}`(\w+)", prose))
    assert used and used <= glued, f"{page}: glued names the code never glues: {sorted(used - glued)}"
    assert not glued - used, f"{page}: glued but never shown: {sorted(glued - used)}"
    stripped = re.sub(r"`[^`]*`|PM2\.5|\$[^$]*\$|[Ss]ections?\s+\d\.[\dT](?:–\d\.\d)?", "", prose)  # ids, not figures
    decimals = re.findall(r"\d+\.\d+", stripped)
    assert not decimals, f"{page}: numbers typed into the prose: {decimals}"
    assert all(o for c in notebook["cells"] if c["cell_type"] == "code" for o in [c.get("outputs")] if "glue(" in "".join(c["source"])), (
        f"{page}: a glue cell has no stored output: run `make execute NB={page}.ipynb`")


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_the_bibliography_is_configured_and_listed_in_the_appendices() -> None:
    assert CONFIG["bibtex_bibfiles"] == ["book/references.bib"] and BIB.is_file()
    assert "sphinxcontrib.bibtex" in CONFIG["sphinx"]["extra_extensions"]
    assert "book/references" in toc_files()
    # every entry, as a plain list: docutils' citation markup (role="list" over doc-biblioentry) fails axe-core,
    # so the method pages cite with {footcite} and list their own sources with {footbibliography}
    assert "```{bibliography}\n:all:\n:list: bullet" in (BOOK / "references.md").read_text(encoding="utf-8")
    for page in METHOD_PAGES:
        assert "```{footbibliography}" in markdown_of(REPO / f"{page}.ipynb"), f"{page} does not list its sources"


def test_every_cited_key_is_in_the_bibliography_and_every_entry_is_cited() -> None:
    keys = bib_keys()
    cited = {key.strip() for _, body in roles("cite") for key in body.split(",")}
    assert cited, "no {cite} in book/"
    assert not cited - keys, f"cited but not in references.bib: {sorted(cited - keys)}"
    assert not keys - cited, f"in references.bib but cited nowhere: {sorted(keys - cited)}"


def test_the_bibliography_has_the_entries_the_method_pages_rest_on() -> None:
    text = BIB.read_text(encoding="utf-8")
    for needle in ("海珠区2019年国民经济和社会发展计划执行情况", "统计上大中小微型企业划分办法", "第四次全国经济普查",
                   "第十三个五年规划纲要", "政府工作报告", "节能减排"):
        assert needle in text, f"references.bib has no entry on {needle}"
    for entry in re.split(r"\n(?=@)", text):
        if entry.startswith("@"):
            assert re.search(r"\byear\s*=", entry) and re.search(r"\btitle\s*=", entry), entry.split(",")[0]


def exercises() -> dict[str, tuple[str, str]]:
    """Every exercise of the notebooks: its label, with the page (stem) it is on and its title ("Warm-up: …")."""
    return {label: (page.stem, title.strip()) for page in pages() if page.suffix == ".ipynb"
            for title, label in EXERCISE.findall(markdown_of(page))}


def figures() -> dict[str, str]:
    """Every numbered figure of the notebooks (`mystnb.figure.name` in a cell's metadata), with the page it is on."""
    found: dict[str, str] = {}
    for page in (p for p in pages() if p.suffix == ".ipynb"):
        for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]:
            name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
            if name:
                found[name] = page.stem
    return found


def target_of(body: str) -> str:
    """The label a role names: `text <label>` gives label, a bare body is the label itself."""
    explicit = re.search(r"<([^>]+)>\s*$", body)
    return explicit.group(1) if explicit else body


def test_every_ref_and_doc_in_the_appendices_resolves() -> None:
    labels = {label for page in pages() for label in re.findall(r"^\(([\w-]+)\)=\s*$", markdown_of(page), flags=re.MULTILINE)}
    labels |= set(exercises()) | set(figures())  # sphinx-exercise labels and myst-nb figure names are labels too
    files = set(toc_files())
    appendix_pages = [BOOK / "glossary.md", BOOK / "teachers-guide.md", BOOK / "references.md",
                      BOOK / "method-growth.ipynb", BOOK / "method-targets.ipynb", *sorted((BOOK / "lessons").glob("*.md"))]
    for page in appendix_pages:
        for role, body in ROLE.findall(markdown_of(page)):
            target = target_of(body)
            if role == "ref":
                assert target in labels, f"{page.name}: {{ref}}`{body}` names no label"
            elif role == "numref":
                assert target in figures(), f"{page.name}: {{numref}}`{body}` names no numbered figure"
            elif role == "doc":
                resolved = (page.parent / body).resolve().relative_to(REPO.resolve()).as_posix()
                assert resolved in files, f"{page.name}: {{doc}}`{target}` is not a page of _toc.yml"


# --- the lesson plans --------------------------------------------------------------------------------

PARTS = ["Prerequisites", "Timings", "The live notebook", "Pair exercise", "Discussion prompts",
         "Common misconceptions", "Homework", "Marking rubric"]


def lesson_of(chapter: str) -> Path:
    return BOOK / "lessons" / f"{Path(chapter).name}.md"


def sections_of(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def table_rows(text: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.strip().startswith("|")]
    return [row for row in rows[2:]] if len(rows) > 2 else []


def test_there_is_a_lesson_plan_for_every_chapter_and_no_other() -> None:
    expected = {Path(c).name for c in chapters()}
    found = {p.stem for p in (BOOK / "lessons").glob("*.md")}
    assert expected == found, f"chapters without a plan: {sorted(expected - found)}; plans without a chapter: {sorted(found - expected)}"
    # a part of their own, not sections of the teacher's guide: nested sections give every page's sidebar a
    # collapsible <summary> without text, which axe-core fails (summary-name) in tests/test_browser.py
    part = next(part for part in TOC["parts"] if part["caption"] == "Lesson plans")
    assert [c["file"] for c in part["chapters"]] == [f"book/lessons/{Path(c).name}" for c in chapters()], (
        "the part 'Lesson plans' does not list one plan per chapter, in chapter order")
    assert not any("sections" in c for p in TOC["parts"] for c in p["chapters"]), "_toc.yml nests sections"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: Path(c).name)
def test_each_lesson_plan_has_every_part_and_ninety_minutes(chapter: str) -> None:
    text = lesson_of(chapter).read_text(encoding="utf-8")
    assert f"{{doc}}`../{Path(chapter).name}`" in text, f"the plan does not link its chapter {chapter}"
    parts = sections_of(text)
    assert list(parts) == PARTS, f"{chapter}: parts {list(parts)}"
    minutes = [int(row[0]) for row in table_rows(parts["Timings"])]
    assert len(minutes) >= 4 and sum(minutes) == 90, f"{chapter}: timings {minutes} do not add up to 90 minutes"
    assert len(re.findall(r"^- ", parts["Prerequisites"], flags=re.MULTILINE)) >= 2
    assert len(re.findall(r"^- ", parts["Discussion prompts"], flags=re.MULTILINE)) >= 2
    assert len(table_rows(parts["Common misconceptions"])) >= 2
    assert len(parts["The live notebook"].split()) >= 40 and len(parts["Pair exercise"].split()) >= 25
    assert len(parts["Homework"].split()) >= 15
    rubric = table_rows(parts["Marking rubric"])
    assert len(rubric) >= 3 and all(len(row) == 5 for row in rubric), f"{chapter}: the rubric is not criteria × 4 levels"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: Path(c).name)
def test_a_lesson_plan_links_its_own_chapters_exercises_and_figures_by_their_tier(chapter: str) -> None:
    """A plan written against an earlier chapter is caught here: every exercise or figure it links is one of its
    chapter's, and a tier named before an exercise link (warm-up, analysis, open) is the exercise's own."""
    text = lesson_of(chapter).read_text(encoding="utf-8")
    known_exercises, known_figures = exercises(), figures()
    for _role, body in ROLE.findall(text):
        target = target_of(body)
        for kind, known in (("exercise", known_exercises), ("figure", known_figures)):
            if target in known:
                page = known[target][0] if kind == "exercise" else known[target]
                assert page == Path(chapter).name, f"{chapter}: the plan links {kind} {target} of {page}"
    for tier, label in re.findall(r"\b(warm-up|analysis|open)\s+(?:exercise\s+)?\{ref\}`[^`]*<(ex-[\w-]+)>`", text, flags=re.I):
        title = known_exercises[label][1] if label in known_exercises else ""
        assert title.lower().startswith(tier.lower()), f"{chapter}: the plan calls {label} the {tier} exercise, but its title is {title!r}"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: Path(c).name)
def test_a_lesson_plan_quotes_no_figure_of_the_report(chapter: str) -> None:
    text = lesson_of(chapter).read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```|`[^`]*`|PM2\.5|[Ss]ections?\s+\d\.[\dT](?:–\d\.\d)?", "", text, flags=re.DOTALL)
    typed = re.findall(r"\d+\.\d+|\d\s*(?:%|亿|万|个百分点|元)", prose)
    assert not typed, f"{chapter}: the plan types figures {typed}; point to the chapter instead"
