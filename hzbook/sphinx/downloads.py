"""Sphinx extension: every chapter offers its notebook and the CSV of the claims it shows.

At the top of each chapter page (under the title) a line links the chapter's notebook and the
CSV of exactly the claims its `claims_table(...)` shows; the CSV is also added to the theme's
download menu. The data appendix (`hz_data_page`) gets a section "Download the data" listing
`data/clean/` (CSVs, the XLSX workbook, datapackage.json) and every chapter's files.

The chapter files are generated on every build, by hzbook.downloads, into
`_build/.downloads/<edition>/` under the source folder, and handed to Sphinx as ordinary
`download` references, so Sphinx copies them into `_downloads/` for any HTML builder. Nothing
is committed, so nothing can go stale. In the student edition (`hide_solutions: true`) the
notebook copies leave the solutions out; in the Chinese edition their markdown is translated and the
lines are Chinese (hzbook.sphinx.language's interface catalog).
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import i18n
from ..downloads import ChapterError, ChapterFiles, chapter_title, write_chapter
from .language import language, text

LOGGER = logging.getLogger(__name__)
DOWNLOADS_DIR = "_build/.downloads"
CSS_FILE = "hz-book.css"
CLAIMS_CLASS = "hz-claims-download"
FORMAT_NAMES = {".csv": "CSV", ".xlsx": "Excel workbook", ".json": "JSON"}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the configuration, the generation step and the page changes."""
    app.add_config_value("hz_data_page", "book/data-dictionary", "env", [str])
    app.add_config_value("hz_data_dir", "data/clean", "env", [str])
    app.add_config_value("hz_static_dir", "book/_static", "html", [str])
    app.connect("config-inited", _add_static)
    app.connect("env-get-outdated", _generate)
    app.connect("doctree-read", _add_links, priority=400)  # before the collectors (500) that register downloads
    app.connect("html-page-context", _add_menu_entry, priority=502)  # after the theme fills its menu (501)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}


def _add_static(app: Sphinx, config: Any) -> None:
    static = Path(app.srcdir, config.hz_static_dir)
    if static.is_dir():
        config.html_static_path.append(str(static))
        app.add_css_file(CSS_FILE)
        # An incremental build with no changed page copies no static file: copy the stylesheet
        # here too, so an edited one reaches the next build.
        Path(app.outdir, "_static").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static / CSS_FILE, Path(app.outdir, "_static", CSS_FILE))


def _edition(app: Sphinx) -> str:
    return "student" if getattr(app.config, "hide_solutions", False) else "full"


def _out_dir(app: Sphinx) -> Path:
    folder = _edition(app) if language(app) == "en" else f"{language(app)}-{_edition(app)}"
    return Path(app.srcdir, DOWNLOADS_DIR, folder)


def _page_translations(app: Sphinx, docname: str) -> dict[str, str] | None:
    if language(app) == "en":
        return None
    return i18n.translations(Path(app.confdir) / app.config.hz_locale_dir, docname)


def _generate(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Write every chapter's files; ask Sphinx to re-read the pages whose files changed."""
    chapters: dict[str, ChapterFiles] = {}
    reread: list[str] = []
    for docname in sorted(env.found_docs):
        source = Path(env.doc2path(docname))
        if source.suffix != ".ipynb":
            continue
        try:
            files, differs = write_chapter(source, _out_dir(app), student=_edition(app) == "student",
                                           translations=_page_translations(app, docname))
        except ChapterError as error:
            LOGGER.warning("no downloads for %s: %s", docname, error, type="hz", subtype="downloads")
            continue
        chapters[docname] = files
        if differs:
            reread.append(docname)
    app._hz_chapters = chapters  # type: ignore[attr-defined]
    if reread and app.config.hz_data_page in env.found_docs:
        reread.append(app.config.hz_data_page)
    return reread


def _chapters(app: Sphinx) -> dict[str, ChapterFiles]:
    return getattr(app, "_hz_chapters", {})


def _target(app: Sphinx, path: Path) -> str:
    """A download target relative to the source folder, as the `download` role writes it."""
    return "/" + path.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()


def _download(app: Sphinx, docname: str, path: Path, text: str, classes: list[str] | None = None) -> nodes.Node:
    return addnodes.download_reference(
        "", "", nodes.inline("", text), reftarget=_target(app, path), refdoc=docname,
        refdomain="", reftype="download", refexplicit=True, refwarn=False, classes=classes or [],
    )


def _doc_link(docname: str, target: str, text: str) -> nodes.Node:
    return addnodes.pending_xref(
        "", nodes.inline("", text), refdomain="std", reftype="doc", reftarget="/" + target,
        refdoc=docname, refexplicit=True, refwarn=True,
    )


def _chapter_line(app: Sphinx, docname: str, files: ChapterFiles) -> nodes.paragraph:
    line = nodes.paragraph(classes=["hz-downloads"])
    line += nodes.strong("", text(app, "Download this chapter: " if files.claims_csv is not None else "Download this page: "))
    line += _download(app, docname, files.notebook, text(app, "the notebook ({name})", name=files.notebook.name))
    if files.claims_csv is not None:
        line += nodes.Text(" · ")
        shows = "the {n} claim it shows ({name})" if files.n_claims == 1 else "the {n} claims it shows ({name})"
        line += _download(app, docname, files.claims_csv, text(app, shows, n=files.n_claims, name=files.claims_csv.name),
                          classes=[CLAIMS_CLASS])
    data_page = app.config.hz_data_page
    if data_page in app.env.found_docs and data_page != docname:
        line += nodes.Text(" · ")
        line += _doc_link(docname, data_page, text(app, "all the data"))
    return line


def _add_links(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    files = _chapters(app).get(docname)
    if files is not None:
        title = next((i for i, child in enumerate(top.children) if isinstance(child, nodes.title)), -1)
        top.insert(title + 1, _chapter_line(app, docname, files))
    if docname == app.config.hz_data_page:
        _insert_before_subsections(top, _data_section(app, docname))


def _insert_before_subsections(top: nodes.section, section: nodes.section) -> None:
    first = next((i for i, child in enumerate(top.children) if isinstance(child, nodes.section)), len(top.children))
    top.insert(first, section)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:,.0f} kB" if size >= 1024 else f"{size} bytes"


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as file:
        return sum(1 for _ in csv.reader(file)) - 1


def _data_section(app: Sphinx, docname: str) -> nodes.section:
    """The data files of data/clean/ and every chapter's files, as a section of the data appendix."""
    folder = Path(app.srcdir, app.config.hz_data_dir)
    section = nodes.section(ids=["download-the-data"], names=["download the data"])
    section += nodes.title("", text(app, "Download the data"))
    intro = nodes.paragraph()
    intro += nodes.Text(text(app, "The clean datasets, for any tool (spreadsheet, R, Stata, Python), as "))
    intro += nodes.literal("", f"{app.config.hz_data_dir}/")
    intro += nodes.Text(text(app, " holds them; they are generated from the ledger by "))
    intro += nodes.literal("", "make data")
    intro += nodes.Text(text(app, "."))
    section += intro
    descriptions = _resource_descriptions(app, folder / "datapackage.json")
    files = nodes.bullet_list()
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in FORMAT_NAMES:
            continue
        item = nodes.paragraph()
        item += _download(app, docname, path, path.name)
        facts = [text(app, FORMAT_NAMES[path.suffix]), _size(path)]
        if path.suffix == ".csv":
            facts.insert(1, text(app, "{n} rows", n=f"{_rows(path):,}"))
        item += nodes.Text(text(app, " ({facts})", facts=text(app, ", ").join(facts)))
        if path.name in descriptions:
            item += nodes.Text(text(app, ": {description}", description=descriptions[path.name]))
        files += nodes.list_item("", item)
    if not files.children:
        LOGGER.warning("no data files in %s: run `make data`", folder, type="hz", subtype="downloads")
    section += files
    chapters = _chapters(app)
    if chapters:
        section += nodes.paragraph("", text(app, "Each chapter's notebook and the claims it shows:"))
        listing = nodes.bullet_list()
        for chapter, chapter_files in chapters.items():
            if chapter == docname:
                continue
            item = nodes.paragraph()
            item += _doc_link(docname, chapter, chapter_title(Path(app.env.doc2path(chapter)), _page_translations(app, chapter)))
            item += nodes.Text(text(app, ": "))
            item += _download(app, docname, chapter_files.notebook, chapter_files.notebook.name)
            if chapter_files.claims_csv is not None:
                item += nodes.Text(" · ")
                item += _download(app, docname, chapter_files.claims_csv,
                                  text(app, "{name} ({n} rows)", name=chapter_files.claims_csv.name, n=chapter_files.n_claims))
            listing += nodes.list_item("", item)
        section += listing
    return section


def _resource_descriptions(app: Sphinx, package: Path) -> dict[str, str]:
    """What datapackage.json says each file is, in the book's language; the package describes itself."""
    if not package.is_file():
        return {}
    data = json.loads(package.read_text(encoding="utf-8"))
    found = {"datapackage.json": text(app, "Frictionless description of every file and field (types, units, hashes)")}
    described: dict[str, str] = {}
    for resource in data.get("resources", []):
        words = resource.get("description") or resource.get("title")
        fields = [field["name"] for field in (resource.get("schema") or {}).get("fields", [])]
        if words:
            described[resource["path"]] = words  # a file of several resources (the workbook's sheets): the last one's
        elif fields:
            found[resource["path"]] = text(app, "{n} fields: {names}", n=len(fields),
                                           names=", ".join(fields[:6]) + (", …" if len(fields) > 6 else ""))
    return found | {path: text(app, words) for path, words in described.items()}


def _add_menu_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add the claims CSV to the theme's download menu (next to .ipynb, source and .pdf)."""
    if doctree is None or "header_buttons" not in context:
        return
    link = next((n for n in doctree.findall(addnodes.download_reference) if CLAIMS_CLASS in n["classes"]), None)
    if link is None or "filename" not in link:
        return
    group = next((b for b in context["header_buttons"] if b.get("label") == "download-buttons"), None)
    if group is None:
        return
    group["buttons"].insert(1, {
        "type": "link",
        "url": context["pathto"](f"_downloads/{link['filename']}", 1),
        "text": ".csv",
        "tooltip": text(app, "Download the claims this chapter shows"),
        "icon": "fas fa-table",
        "label": "download-claims-button",
    })
