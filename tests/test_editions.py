"""The built book as readers get it: the editions `hzbook build` made (HTML, student edition, single page) and the PDF.

Each edition is built once per test run, into _build/ (the session fixtures of conftest.py; `hzbook
test` builds them before pytest starts), from the shared execution cache: nothing is executed
again here. The PDF is printed once from the single page by the machine's Chromium
(hzbook.pdf) and read back with poppler.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from hzbook import i18n
from hzbook.downloads import chapter_title, claims_csv, shown_sections
from hzbook.pdf import make_pdf

from .support.notebooks import PROJECT, REPO, toc_notebooks

REPOSITORY = "haizhu-2019/haizhu-2019-book"
CHAPTERS = [nb for nb in toc_notebooks() if shown_sections(nb)]
DATA_FILES = sorted(p.name for p in (REPO / "data" / "clean").iterdir() if p.suffix in {".csv", ".xlsx", ".json"})


@pytest.fixture(scope="module")
def html(book_site: Path) -> Path:
    return book_site


@pytest.fixture(scope="module")
def student_html(student_site: Path) -> Path:
    return student_site


def _page(site: Path, notebook: Path) -> str:
    return (site / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")


def _download_line(page: str) -> str:
    match = re.search(r'<p class="hz-downloads">(.*?)</p>', page, re.DOTALL)
    assert match, "the page has no download line under its title"
    return match.group(1)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_each_chapter_links_its_notebook_and_exactly_its_claims(html: Path, notebook: Path) -> None:
    line = _download_line(_page(html, notebook))
    links = {name: path for path, name in re.findall(r'href="\.\./(_downloads/[0-9a-f]+/([^/"]+))"', line)}
    assert set(links) == {notebook.name, f"{notebook.stem}-claims.csv"}, line
    assert (html / links[notebook.name]).read_bytes() == notebook.read_bytes()
    csv_text = (html / links[f"{notebook.stem}-claims.csv"]).read_text(encoding="utf-8")
    assert csv_text == claims_csv(shown_sections(notebook))
    rows = len(list(csv.reader(io.StringIO(csv_text)))) - 1
    assert f"the {rows} claim" in line, "the link text does not say how many claims the CSV holds"


def test_the_theme_download_menu_offers_the_csv(html: Path) -> None:
    notebook = CHAPTERS[0]
    page = _page(html, notebook)
    entry = re.search(r'<a href="\.\./(_downloads/[0-9a-f]+/([^"]+))"[^>]*\s+class="[^"]*btn-download-claims-button', page)
    assert entry, "the theme's download menu has no .csv entry"
    assert entry.group(2) == f"{notebook.stem}-claims.csv" and (html / entry.group(1)).is_file()
    assert re.search(r'href="\.\./_sources/book/[^"]+\.ipynb"', page), "the theme's .ipynb download is missing"


def test_launch_and_repository_buttons_point_at_the_repository(html: Path) -> None:
    notebook = CHAPTERS[0]
    page = _page(html, notebook)
    assert f"https://mybinder.org/v2/gh/{REPOSITORY}/main?urlpath=lab/tree/book/{notebook.name}" in page
    assert f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/book/{notebook.name}" in page
    assert f'href="https://github.com/{REPOSITORY}"' in page
    assert f"https://github.com/{REPOSITORY}/issues/new" in page


def test_the_data_appendix_offers_every_clean_data_file(html: Path) -> None:
    page = (html / "book" / "data-dictionary.html").read_text(encoding="utf-8")
    section = page[page.index('id="download-the-data"'):]
    for name in DATA_FILES:
        match = re.search(rf'href="\.\./(_downloads/[0-9a-f]+/{re.escape(name)})"', section)
        assert match, f"the data appendix does not link data/clean/{name}"
        assert (html / match.group(1)).read_bytes() == (REPO / "data" / "clean" / name).read_bytes()
    for notebook in CHAPTERS:
        assert f"{notebook.stem}-claims.csv" in section, f"the data appendix does not list {notebook.stem}'s CSV"
    assert 'href="#download-the-data"' in page, "the section is missing from the page's table of contents"


def test_solutions_are_folded_in_the_book(html: Path) -> None:
    page = _page(html, CHAPTERS[0])
    assert page.count('class="solution dropdown') == page.count('class="exercise') > 0


def test_the_student_edition_has_every_exercise_and_no_solution(html: Path, student_html: Path) -> None:
    assert "(student edition)" in (student_html / "book" / "intro.html").read_text(encoding="utf-8")
    for notebook in CHAPTERS:
        full, student = _page(html, notebook), _page(student_html, notebook)
        assert student.count('class="exercise') == full.count('class="exercise')
        assert 'class="solution' not in student, f"{notebook.name}: a solution is in the student edition"
    for source in [*(student_html / "_sources").rglob("*.ipynb"), *(student_html / "_downloads").rglob("*.ipynb")]:
        assert "solution-start" not in source.read_text(encoding="utf-8"), f"{source}: a downloadable notebook has solutions"


def _cells(notebook: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_each_chinese_chapter_offers_its_chinese_notebook_and_the_same_claims(zh_site: Path, notebook: Path) -> None:
    """The Chinese edition's downloads: the chapter's notebook with its prose in Chinese and its code exactly
    the English notebook's (one source), and the same claims CSV as the English edition."""
    line = _download_line(_page(zh_site, notebook))
    links = {name: path for path, name in re.findall(r'href="\.\./(_downloads/[0-9a-f]+/([^/"]+))"', line)}
    assert set(links) == {notebook.name, f"{notebook.stem}-claims.csv"}, line
    offered = json.loads((zh_site / links[notebook.name]).read_text(encoding="utf-8"))
    english = json.loads(notebook.read_text(encoding="utf-8"))
    assert _cells(offered, "code") == _cells(english, "code"), f"{notebook.name}: the Chinese download's code differs"
    prose = "".join(_cells(offered, "markdown"))
    assert len(re.findall(r"[\u4e00-\u9fff]", prose)) > len(re.findall(r"[A-Za-z]", prose)), \
        f"{notebook.name}: the Chinese download's prose is not Chinese"
    csv_text = (zh_site / links[f"{notebook.stem}-claims.csv"]).read_text(encoding="utf-8")
    assert csv_text == claims_csv(shown_sections(notebook))
    rows = len(list(csv.reader(io.StringIO(csv_text)))) - 1
    assert f"本章所列的 {rows} 条" in line, "the link text does not say how many claims the CSV holds"


def test_the_chinese_editions_solutions_are_titled_in_chinese(zh_site: Path) -> None:
    """sphinx-exercise's zh_CN catalog lacks "Solution"; hzbook.sphinx.language fills it from interface.po."""
    for notebook in CHAPTERS:
        page = _page(zh_site, notebook)
        solutions = page.count('class="solution dropdown')
        assert solutions > 0 and page.count('<p class="admonition-title">解答</p>') == solutions, notebook.name


def test_the_chinese_editions_table_of_contents_is_in_chinese(zh_site: Path) -> None:
    """The parts' captions of _toc.yml come from interface.po (hzbook.sphinx.language)."""
    captions = re.findall(r'caption-text">([^<]*)<', (zh_site / "book" / "intro.html").read_text(encoding="utf-8"))
    assert captions and all(re.search(r"[\u4e00-\u9fff]", c) for c in captions), captions


def test_the_chinese_student_edition_has_every_exercise_and_no_solution(zh_site: Path, zh_student_site: Path) -> None:
    assert "（学生版）" in (zh_student_site / "book" / "intro.html").read_text(encoding="utf-8")
    for notebook in CHAPTERS:
        full, student = _page(zh_site, notebook), _page(zh_student_site, notebook)
        assert student.count('class="exercise') == full.count('class="exercise') > 0
        assert 'class="solution' not in student, f"{notebook.name}: a solution is in the Chinese student edition"
        assert "练习" in student, f"{notebook.name}: the Chinese student edition's exercises are not in Chinese"
    for source in [*(zh_student_site / "_sources").rglob("*.ipynb"), *(zh_student_site / "_downloads").rglob("*.ipynb")]:
        assert "solution-start" not in source.read_text(encoding="utf-8"), f"{source}: a downloadable notebook has solutions"


PDF_LANGUAGES = {"en": ("single_site", "Solution"), "zh": ("zh_single_site", "解答")}
"""For each edition's PDF: the fixture of its single page, and the title its printed-open solutions carry."""


@pytest.mark.parametrize("language", PDF_LANGUAGES)
def test_the_pdf_has_the_whole_book_with_chinese_text_charts_and_math(language: str, request: pytest.FixtureRequest,
                                                                      tmp_path: Path) -> None:
    fixture, solution = PDF_LANGUAGES[language]
    site = request.getfixturevalue(fixture)
    pdf = tmp_path / "book.pdf"
    report = make_pdf(site, pdf, PROJECT.root_page, preview_pages=2)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "地区生产总值" in text, "the Chinese text is not in the PDF as text"
    words = "".join(text.split())
    for notebook in CHAPTERS:
        title = _title(notebook, language)
        assert "".join(title.split()) in words, f"chapter {title!r} is not in the PDF"
    assert solution in text, "the solutions were not printed open"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # Chromium embeds the glyphs of a font collection (.ttc, as Debian's Noto CJK) as Type 3 fonts;
    # DejaVu, the only other font, has no Chinese glyphs: no Type 3 font means boxes instead of Chinese.
    assert "Type 3" in fonts, f"no CJK glyphs embedded:\n{fonts[:2000]}"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    charts = len(re.findall(r'<img [^>]*src="_images/', (site / "book" / "intro.html").read_text(encoding="utf-8")))
    assert len(images.splitlines()) - 2 >= charts > 0, "charts of the book are missing from the PDF"
    assert re.search(r", [1-9]\d* formulas", report), f"no math typeset: {report}"
    assert len(list(tmp_path.glob("book-preview-*.png"))) == 2


def _title(notebook: Path, language: str = "en") -> str:
    """The chapter's title as its edition prints it (the Chinese edition's from the page's catalog)."""
    docname = notebook.relative_to(REPO).with_suffix("").as_posix()
    return chapter_title(notebook, i18n.translations(REPO / "locales", docname) if language == "zh" else None)
