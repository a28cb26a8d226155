"""Every chapter teaches the same way: a headline box, numbered captioned figures behind hide-input, the
claims table folded, tables at the report's precision, graded exercises with solutions, answered checks.

The rules are the ones `book/_template.ipynb` shows and CONTRIBUTING.md explains; a chapter made from
the template passes them (test_a_chapter_made_from_the_template_passes). The appendices made of notebooks
(the method pages, the data dictionary) follow the rules that apply to a page that teaches no section:
the set-up cells, charts and tables (check_appendix).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hzbook.project import notebook_section

from .support.notebooks import REPO, toc_notebooks

TEMPLATE = REPO / "book" / "_template.ipynb"
# appendices made of notebooks: they explain, they do not teach a section (test_the_appendix_notebooks_follow_the_rules_that_apply)
NOT_CHAPTERS = {"data-dictionary", "method-growth", "method-targets"}
TIERS = ("Warm-up", "Analysis", "Open")
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
GLUE = re.compile(r"\{glue:text\}`[^`]+`")
CODE_SPAN = re.compile(r"`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+|^\(.*\)=$", re.M)
DIRECTIVE_OPTION = re.compile(r"^\s*:[a-z-]+:.*$", re.M)
FENCE = re.compile(r"^\s*(```+|:::+)\s*\{?[a-z-:]*\}?.*$", re.M)
TYPED_FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s*(?:%|亿|万|个百分点|percentage point)|(?<![\w.])\d+\.\d{2,}(?![\w.])")
NUMBER_IN_CELL = re.compile(r"<td[^>]*>\s*-?[\d,]*\.(\d+)\s*</td>")


def chapters() -> list[Path]:
    """The notebooks of the table of contents that teach: the section chapters, the outturn, the audit."""
    return [nb for nb in toc_notebooks() if nb.stem not in NOT_CHAPTERS]


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def markdown(notebook: Path) -> str:
    return "\n\n".join("".join(c["source"]) for c in cells(notebook) if c["cell_type"] == "markdown")


def directives(text: str, name: str) -> Iterator[tuple[str, str]]:
    """(argument, body) of every ```{name} directive of a markdown text."""
    for match in re.finditer(r"^[ \t]*(?P<fence>```+|:::+)\{" + re.escape(name) + r"\}(?P<arg>[^\n]*)\n(?P<body>.*?)^[ \t]*(?P=fence)\s*$",
                             text, re.S | re.M):
        yield match["arg"].strip(), match["body"]


def check_chapter(notebook: Path) -> list[str]:
    """Every way `notebook` departs from the chapter rules, one line each (empty: it follows them)."""
    problems: list[str] = []
    all_cells, text = cells(notebook), markdown(notebook)
    section = notebook_section(notebook)
    code = ["".join(c["source"]) for c in all_cells if c["cell_type"] == "code"]
    if section is not None and not any(f'SECTION = chapter.start("{section}")' in c for c in code):
        problems.append(f'no setup cell `SECTION = chapter.start("{section}")` matching the metadata hzbook.section')

    first_heading = text.find("\n## ")
    headline = [body for arg, body in directives(text, "admonition") if arg == "Headline numbers"]
    if not headline or text.find("Headline numbers") > first_heading:
        problems.append("no 'Headline numbers' admonition before the first ## heading")
    elif len(GLUE.findall(headline[0])) < 3:
        problems.append("the headline box glues fewer than 3 numbers")

    problems += figure_problems(all_cells, text)

    for cell in all_cells:
        source = "".join(cell["source"])
        folded = {"hide-output", "hide-cell"} & set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] == "code" and "claims_table(" in source and not folded:
            problems.append("the claims table is not folded (tag hide-output or hide-cell)")

    exercises = list(directives(text, "exercise"))
    labels = [re.search(r":label:\s*(\S+)", body) for _, body in exercises]
    for tier in TIERS:
        if not any(arg.startswith(tier) for arg, _ in exercises):
            problems.append(f"no {tier} exercise (title starting '{tier}')")
    for (arg, _), label in zip(exercises, labels, strict=True):
        if not arg.startswith(TIERS):
            problems.append(f"exercise '{arg}' does not name its tier ({', '.join(TIERS)})")
        if label is None:
            problems.append(f"exercise '{arg}' has no :label:")
        elif not re.search(r"\{solution(-start)?\}\s*" + re.escape(label[1]) + r"\s*$", text, re.M):
            problems.append(f"exercise {label[1]} has no solution")

    check = text.split("## Check your understanding", 1)
    if len(check) < 2:
        problems.append("no '## Check your understanding' section")
    else:
        part = check[1].split("\n## ", 1)[0]
        questions = re.findall(r"^\d+\. ", part, re.M)
        answers = [arg for arg, body in directives(part, "admonition") if arg == "Answer" and ":class: dropdown" in body]
        if len(questions) < 2 or len(answers) != len(questions):
            problems.append(f"check your understanding: {len(questions)} questions, {len(answers)} folded answers")

    prose = ROLE.sub(" ", text)
    for pattern in (FENCE, MATH, CODE_SPAN, LINK_TARGET, DIRECTIVE_OPTION):
        prose = pattern.sub(" ", prose)
    for typed in TYPED_FIGURE.findall(prose):
        problems.append(f"a figure typed into the prose: {typed!r} (glue it)")

    problems += output_problems(all_cells)
    return problems


def figure_problems(all_cells: list[dict], text: str) -> list[str]:
    """Charts: numbered (mystnb.figure name 'fig-…' and caption), code behind hide-input, referenced with {numref}."""
    problems: list[str] = []
    names = []
    for cell in all_cells:
        if cell["cell_type"] != "code" or not any(k in o.get("data", {}) for o in cell.get("outputs", [])
                                                  for k in ("image/svg+xml", "image/png")):
            continue
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        first_line = "".join(cell["source"]).splitlines()[0][:60]
        if not str(figure.get("name", "")).startswith("fig-") or not str(figure.get("caption", "")).strip():
            problems.append(f"a chart without mystnb.figure name 'fig-…' and caption: {first_line}")
        tags = cell.get("metadata", {}).get("tags", [])
        if not {"hide-input", "remove-input", "remove-cell"} & set(tags):
            problems.append(f"a chart's plotting code is not behind hide-input: {first_line}")
        names.append(figure.get("name", ""))
    for name in names:
        if name and f"{{numref}}`{name}`" not in text and not re.search(r"\{numref\}`[^`]*<" + re.escape(name) + ">`", text):
            problems.append(f"figure {name} is never referenced with {{numref}}")
    return problems


def output_problems(all_cells: list[dict]) -> list[str]:
    """Tables as readers see them: at most three decimals, no NaN."""
    problems: list[str] = []
    for cell in all_cells:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            plain = "".join(output.get("data", {}).get("text/plain", ""))
            too_fine = [m for m in NUMBER_IN_CELL.findall(html) if len(m) > 3]
            if too_fine:
                problems.append(f"a table prints {max(map(len, too_fine))} decimals: {''.join(cell['source'])[:60]}")
            if re.search(r"<td[^>]*>\s*(NaN|&lt;NA&gt;|None)\s*</td>", html) or (not html and re.search(r"\bNaN\b|<NA>", plain)):
                problems.append(f"a table shows NaN: {''.join(cell['source'])[:60]}")
    return problems


COLAB_CELL = "".join(cells(TEMPLATE)[1]["source"])


def check_appendix(notebook: Path) -> list[str]:
    """The chapter rules that apply to an appendix notebook (a method page, the data dictionary): the set-up
    (the template's Colab cell if any, then hzlib and the house style first), charts, shown tables."""
    problems: list[str] = []
    all_cells = cells(notebook)
    code = [c for c in all_cells if c["cell_type"] == "code"]
    if code and "google.colab" in "".join(code[0]["source"]):
        if "".join(code[0]["source"]) != COLAB_CELL or code[0].get("metadata", {}).get("tags") != ["remove-cell"]:
            problems.append("the Colab cell is not the template's (book/_template.ipynb, tagged remove-cell)")
        code = code[1:]
    setup = "".join(code[0]["source"]) if code else ""
    if "import hzlib" not in setup or not ("plot.house_style()" in setup or "chapter.start(" in setup):
        problems.append("the first code cell does not import hzlib and apply the house style (plot.house_style())")
    return problems + figure_problems(all_cells, markdown(notebook)) + output_problems(all_cells)


@pytest.mark.parametrize("notebook", chapters(), ids=lambda p: p.stem)
def test_the_chapter_follows_the_chapter_rules(notebook: Path) -> None:
    problems = check_chapter(notebook)
    assert not problems, f"{notebook.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("notebook", [nb for nb in toc_notebooks() if nb.stem in NOT_CHAPTERS], ids=lambda p: p.stem)
def test_the_appendix_notebooks_follow_the_rules_that_apply(notebook: Path) -> None:
    problems = check_appendix(notebook)
    assert not problems, f"{notebook.name}:\n  " + "\n  ".join(problems)


def test_the_appendix_rules_catch_a_page_without_the_set_up(tmp_path: Path) -> None:
    page = REPO / "book" / "method-growth.ipynb"
    broken = tmp_path / "book" / page.name
    broken.parent.mkdir()
    broken.write_text(page.read_text(encoding="utf-8").replace("plot.house_style()", "pass"), encoding="utf-8")
    assert any("house style" in problem for problem in check_appendix(broken)), check_appendix(broken)


def test_figure_names_are_unique_across_the_book() -> None:
    names = [c["metadata"]["mystnb"]["figure"]["name"] for nb in chapters() for c in cells(nb)
             if c["cell_type"] == "code" and "name" in c.get("metadata", {}).get("mystnb", {}).get("figure", {})]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_the_template_follows_the_chapter_rules() -> None:
    assert check_chapter(TEMPLATE) == []


@pytest.mark.parametrize(("breakage", "expected"), [
    (lambda s: s.replace("Headline numbers", "Key figures"), "no 'Headline numbers' admonition"),
    (lambda s: s.replace('"hide-input"', '"hide-nothing"'), "plotting code is not behind hide-input"),
    (lambda s: s.replace("{exercise} Open", "{exercise} Last"), "no Open exercise"),
    (lambda s: s.replace(":class: dropdown", ":class: note"), "folded answers"),
    (lambda s: s.replace("{numref}", "{ref}"), "never referenced with {numref}"),
    (lambda s: s.replace("The headline", "The headline 7.6% and"), "a figure typed into the prose: '7.6%'"),
    (lambda s: s.replace('"hide-output"', '"full-width"'), "the claims table is not folded"),
])
def test_the_rules_catch_each_departure(tmp_path: Path, breakage, expected: str) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "book" / TEMPLATE.name
    broken.parent.mkdir()
    broken.write_text(breakage(TEMPLATE.read_text(encoding="utf-8")), encoding="utf-8")
    assert any(expected in problem for problem in check_chapter(broken)), check_chapter(broken)
