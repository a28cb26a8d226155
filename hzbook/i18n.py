"""The Chinese edition: the book's prose translated through gettext catalogs (locales/zh_CN/LC_MESSAGES/),
applied to each page's MyST source before it is parsed.

Why not Sphinx's own doctree translation: Sphinx parses every translated message in a fresh document,
where myst-nb's glued numbers are unknown (`{glue:text}` renders empty). Translating the source keeps
one source of truth (the notebooks and pages), shares every output, and resolves glue, numref and
term roles exactly as in the English edition. A message is one block of prose: a paragraph, a list
item's text, a heading, a directive's title line, a figure's caption or alt text.
"""
from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})(?P<rest>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^[ \t]*:[\w-]+:")
LABEL = re.compile(r"^[ \t]*\([\w.:-]+\)=\s*$")
TITLED_DIRECTIVES = {"admonition", "exercise", "dropdown", "topic", "sidebar", "card"}
"""Directives whose argument is a title to translate (a solution's argument is a label, a figure's a path)."""
VERBATIM_DIRECTIVES = {"code-cell", "code", "code-block", "math", "raw", "bibliography", "tableofcontents", "toctree"}
ROLE = re.compile(r"(?<!`)\{(?P<role>[\w:-]+)\}`(?P<target>[^`]*)`")
"""A MyST role, `{name}` then its target in backticks; not a role's name written as code ("`{term}` and `{glue}`")."""
KEPT_ROLES = ("glue", "numref", "ref", "doc", "term", "cite", "eq", "download")
"""Roles whose target a translation must keep exactly: a glued number, a cross-reference, a term."""
TITLED_ROLES = ("numref", "ref", "doc", "term", "download")
"""Roles whose shown text may be given before the target, `{ref}`text <target>`: the text is translated, the target kept."""
TITLED = re.compile(r"(?s)^(?P<text>.*\S)\s*<(?P<target>[^<>]+)>$")
WORDS = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Segment:
    """A run of source lines: a message to translate (`is_message`) or text kept as it is."""

    text: str
    is_message: bool


def _prose(text: str) -> bool:
    """Whether a block holds English words once roles, code spans and URLs are taken out."""
    stripped = re.sub(r"`[^`]*`|https?://\S+|\$[^$]*\$", " ", ROLE.sub(" ", text))
    return bool(WORDS.search(stripped))


def segments(markdown: str) -> list[Segment]:
    """The source cut into messages and kept text, in order; joined back they give `markdown` again."""
    lines = markdown.split("\n")
    out: list[Segment] = []
    _split(lines, 0, len(lines), out)
    return out


def _split(lines: list[str], start: int, end: int, out: list[Segment]) -> None:
    i = start
    while i < end:
        line = lines[i]
        fence = FENCE_OPEN.match(line)
        if not line.strip() or LABEL.match(line):
            out.append(Segment(line, False))
            i += 1
        elif fence:
            close = _closing(lines, i, end, fence["fence"])
            directive = DIRECTIVE.match(fence["rest"].strip())
            if directive is None or directive["name"] in VERBATIM_DIRECTIVES:
                out.extend(Segment(text, False) for text in lines[i:close + 1])
            else:
                out.append(Segment(line, directive["name"] in TITLED_DIRECTIVES and _prose(directive["arg"])))
                j = i + 1
                while j < close and OPTION.match(lines[j]):
                    out.append(Segment(lines[j], False))
                    j += 1
                _split(lines, j, close, out)
                if close < end:
                    out.append(Segment(lines[close], False))
            i = close + 1
        elif line.strip().startswith("$$"):
            one_line = len(line.strip()) > 2 and line.strip().endswith("$$")
            close = i if one_line else next((k for k in range(i + 1, end) if lines[k].strip().endswith("$$")), end - 1)
            out.extend(Segment(text, False) for text in lines[i:close + 1])
            i = close + 1
        else:
            j = i + 1
            while j < end and lines[j].strip() and not FENCE_OPEN.match(lines[j]) and not LABEL.match(lines[j]) \
                    and not lines[j].lstrip().startswith("#") and not _starts_item(lines[j], lines[i]):
                j += 1
            block = "\n".join(lines[i:j])
            out.append(Segment(block, _prose(block)))
            i = j


LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+\.)\s")


def _starts_item(line: str, first: str) -> bool:
    """Whether `line` opens a new list item at the indentation of the block's first line. As in
    CommonMark, a numbered item interrupts a paragraph only if it is numbered 1: a line that starts
    with a year ("2019. All of them…") continues the paragraph."""
    indent = len(first) - len(first.lstrip())
    if len(line) - len(line.lstrip()) != indent or not LIST_ITEM.match(line):
        return False
    return bool(LIST_ITEM.match(first)) or line.lstrip()[:1] in "-*+" or line.lstrip().startswith("1.")


def _closing(lines: list[str], start: int, end: int, fence: str) -> int:
    """The line that closes the fence opened at `start` (the last line if none does)."""
    for k in range(start + 1, end):
        if lines[k].strip() == fence or (lines[k].strip().startswith(fence) and set(lines[k].strip()) == {fence[0]}
                                         and len(lines[k].strip()) >= len(fence)):
            return k
    return end - 1


def message_id(segment: str) -> str:
    """The catalog's key for a message: its text without the common indentation of its lines."""
    return textwrap.dedent(segment).strip("\n")


def translate_markdown(markdown: str, translations: dict[str, str]) -> str:
    """`markdown` with every message that has a translation replaced by it, re-indented as the original."""
    parts = []
    for segment in segments(markdown):
        key = message_id(segment.text) if segment.is_message else ""
        if key and translations.get(key):
            indent = segment.text[: len(segment.text) - len(segment.text.lstrip(" \t"))]
            parts.append(textwrap.indent(translations[key], indent, lambda _: True))
        else:
            parts.append(segment.text)
    return "\n".join(parts)


# --- pages: notebooks (markdown cells, figure captions and alt texts) and MyST markdown pages ---------

FIGURE_TEXTS = (("figure", "caption"), ("image", "alt"))


def page_messages(path: Path) -> Iterator[str]:
    """Every message of a page, in order of appearance (repeats included)."""
    if path.suffix == ".ipynb":
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                yield from _messages("".join(cell["source"]))
            mystnb = cell.get("metadata", {}).get("mystnb", {})
            for key, field in FIGURE_TEXTS:
                text = mystnb.get(key, {}).get(field)
                if text:
                    yield message_id(text)
    else:
        yield from _messages(path.read_text(encoding="utf-8"))


def _messages(markdown: str) -> Iterator[str]:
    for segment in segments(markdown):
        if segment.is_message:
            yield message_id(segment.text)


def translate_page(source: str, suffix: str, translations: dict[str, str]) -> str:
    """A page's source (notebook JSON or MyST markdown) with its messages translated."""
    if suffix != ".ipynb":
        return translate_markdown(source, translations)
    notebook = json.loads(source)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = translate_markdown("".join(cell["source"]), translations)
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        for key, field in FIGURE_TEXTS:
            text = mystnb.get(key, {}).get(field)
            if text and translations.get(message_id(text)):
                mystnb[key][field] = translations[message_id(text)]
    return json.dumps(notebook, ensure_ascii=False)


# --- what a translation must keep ----------------------------------------------------------------------

def kept_parts(text: str) -> Counter[str]:
    """What a translation must keep of a message: the kept roles with their targets (a link's shown text,
    `{ref}`text <target>`, is translated: only `<target>` is kept), directive lines' names, math, and code spans."""
    parts: Counter[str] = Counter()
    for match in ROLE.finditer(text):
        name, target = match["role"].split(":")[0], match["target"]
        titled = TITLED.match(target) if name in TITLED_ROLES else None
        if name in KEPT_ROLES:
            parts[f"{{{match['role']}}}`{'… <' + titled['target'] + '>' if titled else target}`"] += 1
    stripped = ROLE.sub(" ", text)
    parts.update(f"`{span}`" for span in re.findall(r"`([^`]+)`", stripped))
    parts.update(re.findall(r"\$[^$]+\$", stripped))
    fence = FENCE_OPEN.match(text.strip())
    directive = DIRECTIVE.match(fence["rest"].strip()) if fence else None
    if fence and directive:
        parts[fence["fence"] + "{" + directive["name"] + "}"] += 1
    return parts


def lost_parts(msgid: str, msgstr: str) -> list[str]:
    """What `msgstr` lost or changed of `msgid`'s roles, math and code (empty: the translation keeps all)."""
    before, after = kept_parts(msgid), kept_parts(msgstr)
    return sorted((before - after).elements()) + [f"added {p}" for p in sorted((after - before).elements())]


# --- catalogs: one .po file per page, locales/<locale>/LC_MESSAGES/<docname>.po ------------------------

LOCALE = "zh_CN"


def catalog_path(locale_dir: Path, docname: str, locale: str = LOCALE) -> Path:
    """Where a page's catalog lives: locales/zh_CN/LC_MESSAGES/book/1-1-growth.po for book/1-1-growth."""
    return locale_dir / locale / "LC_MESSAGES" / f"{docname}.po"


def read_catalog(path: Path):  # type: ignore[no-untyped-def]
    """A .po file as a babel Catalog."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALE)


def write_catalog(catalog, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Write a catalog, wrapped at no width, so that a message's lines stay as the source has them."""
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, include_previous=True)


def update_catalog(page: Path, docname: str, locale_dir: Path) -> tuple[int, int]:
    """Bring a page's catalog in line with its source: new messages added untranslated, changed ones
    kept as fuzzy (their old translation to revise), gone ones dropped. Returns (messages, untranslated)."""
    template = _empty_catalog()
    for index, message in enumerate(dict.fromkeys(page_messages(page)), start=1):
        template.add(message, locations=[(docname, index)])
    path = catalog_path(locale_dir, docname)
    catalog = read_catalog(path) if path.exists() else _empty_catalog()
    catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
    catalog.obsolete.clear()
    _fixed_header(catalog)
    write_catalog(catalog, path)
    messages = [m for m in catalog if m.id]
    return len(messages), sum(1 for m in messages if not m.string or m.fuzzy)


def translations(locale_dir: Path, docname: str) -> dict[str, str]:
    """A page's finished translations (neither empty nor fuzzy), by message."""
    return catalog_translations(catalog_path(locale_dir, docname))


def catalog_problems(page: Path, docname: str, locale_dir: Path) -> list[str]:
    """Every way a page's catalog falls short: missing, stale, untranslated or fuzzy messages, and
    translations that lost a glued number, a role's target, math or code. One line each."""
    path = catalog_path(locale_dir, docname)
    if not path.exists():
        return [f"{docname}: no catalog {path} (run `hzbook translate`)"]
    catalog = {m.id: m for m in read_catalog(path) if m.id}
    problems = []
    for message in dict.fromkeys(page_messages(page)):
        entry = catalog.get(message)
        where = f"{path.name}: {message[:70]!r}"
        if entry is None:
            problems.append(f"{where}: not in the catalog (run `hzbook translate`)")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy (the English changed: revise the translation, then drop the fuzzy flag)")
        elif not entry.string:
            problems.append(f"{where}: not translated")
        else:
            problems += [f"{where}: the translation lost {part}" for part in lost_parts(message, entry.string)]
            problems += [f"{where}: {problem}" for problem in emphasis_problems(entry.string)]
    return problems


CLOSING_AFTER_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f“”‘’、]((?:\*\*|\*))(?=[\u3400-\u9fff\w])")


def emphasis_problems(text: str) -> list[str]:
    """Bold or italic that Markdown will not close: `**位次。**全市` stays literal, because CommonMark's closing `**`
    must not follow punctuation unless whitespace or punctuation follows it, and Chinese puts neither there.
    Write the full stop after the closing marks: `**位次**。全市`."""
    found = []
    for match in CLOSING_AFTER_PUNCTUATION.finditer(text):
        if text[: match.start(1)].count(match.group(1)) % 2 == 1:  # an odd number before: this one closes
            found.append(f"'{text[max(0, match.start() - 12): match.end() + 4]}': the closing {match.group(1)} after "
                         "Chinese punctuation is not read as one; put the punctuation after it")
    return found


def _empty_catalog():  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog

    return _fixed_header(Catalog(locale=LOCALE, project="Haizhu 2019", fuzzy=False))


def _fixed_header(catalog):  # type: ignore[no-untyped-def]
    """The same header on every run: no creation date or translator fields that change a file for nothing."""
    from datetime import UTC, datetime

    stamp = datetime(2020, 9, 9, tzinfo=UTC)
    catalog.creation_date = catalog.revision_date = stamp
    catalog.version, catalog.copyright_holder = "", "The Haizhu 2019 book contributors"
    catalog.last_translator = catalog.language_team = "The Haizhu 2019 book contributors"
    catalog.msgid_bugs_address = ""
    catalog.fuzzy = False
    return catalog


# --- the search: the report's terms as words of Sphinx's Chinese search ---------------------------------

GLOSSARY_OPEN = re.compile(r"^(`{3,}|:{3,})\{glossary\}")
CHINESE = re.compile(r"[\u3400-\u9fff]")


def glossary_terms(markdown: str) -> list[str]:
    """The Chinese terms of a page's `{glossary}` directives (a term is a line at the directive's margin
    followed by its indented definition), each once: 个百分点, 地区生产总值, 一般公共预算收入, …

    Sphinx's Chinese search cuts text into words with jieba, whose dictionary splits 一般公共预算收入 into
    一般 / 公共 / 预算 / 收入, and the search page looks a query up as one word: given these terms as a user
    dictionary (`html_search_options: {dict: …}`), jieba keeps each term whole (and its parts too)."""
    terms: list[str] = []
    lines = markdown.splitlines()
    inside: str | None = None
    for index, line in enumerate(lines):
        opened = GLOSSARY_OPEN.match(line)
        if inside is None:
            inside = opened.group(1) if opened else None
            continue
        if line.strip() == inside:
            inside = None
        elif line and not line[0].isspace() and index + 1 < len(lines) and lines[index + 1][:1].isspace() \
                and CHINESE.search(line) and not any(c.isspace() for c in line.strip()):
            terms.append(line.strip())
    return list(dict.fromkeys(terms))


# --- the interface catalog: texts the book's Sphinx extension writes (title, download lines) ------------

INTERFACE = "interface.po"
CHARTS = "charts.po"


def catalog_translations(path: Path) -> dict[str, str]:
    """A catalog's finished translations (neither empty nor fuzzy), by message; empty when there is no file."""
    if not path.exists():
        return {}
    return {m.id: m.string for m in read_catalog(path) if m.id and m.string and not m.fuzzy}


def interface_path(locale_dir: Path, locale: str = LOCALE) -> Path:
    """The interface catalog: locales/zh_CN/LC_MESSAGES/interface.po."""
    return locale_dir / locale / "LC_MESSAGES" / INTERFACE


def toc_pages(root: Path) -> list[tuple[Path, str]]:
    """Every page of _toc.yml with its docname: (book/1-1-growth.ipynb, "book/1-1-growth")."""
    from .project import Project

    pages = []
    for name in Project(root).toc_files():
        for suffix in (".ipynb", ".md"):
            if (root / f"{name}{suffix}").exists():
                pages.append((root / f"{name}{suffix}", name))
    return pages


def update_all(root: Path, locale_dir: Path | None = None) -> list[str]:
    """Update every page's catalog; one line per page: messages and how many still need a translator."""
    locale_dir = locale_dir or root / "locales"
    lines = []
    for page, docname in toc_pages(root):
        messages, todo = update_catalog(page, docname, locale_dir)
        lines.append(f"{docname}: {messages} messages, {todo} to translate")
    return lines


def chart_texts_missing(project_root: Path, notebooks: list[Path], locale_dir: Path | None = None) -> list[str]:
    """Execute the chapters as the Chinese edition does (`HZBOOK_LANG=zh`), in memory (nothing is written),
    collecting every chart and table text that the chart catalog does not translate (hzlib.language's collect
    mode, `HZBOOK_CHART_MISSING`). Returns the texts, each once, in order of appearance."""
    import os
    import tempfile

    import nbformat
    from nbclient import NotebookClient

    from hzlib import language

    from .execute import STABLE_ENV

    with tempfile.TemporaryDirectory() as folder:
        missing = Path(folder) / "missing.txt"
        saved = {k: os.environ.get(k) for k in (language.LANGUAGE_VARIABLE, language.MISSING_VARIABLE, language.CATALOG_VARIABLE)}
        os.environ.update(STABLE_ENV)
        os.environ[language.LANGUAGE_VARIABLE] = "zh"
        os.environ[language.MISSING_VARIABLE] = str(missing)
        if locale_dir is not None:
            os.environ[language.CATALOG_VARIABLE] = str(locale_dir / LOCALE / "LC_MESSAGES" / CHARTS)
        try:
            for path in notebooks:
                notebook = nbformat.read(path, as_version=4)
                NotebookClient(notebook, timeout=600, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        lines = missing.read_text(encoding="utf-8").splitlines() if missing.exists() else []
    return list(dict.fromkeys(line.replace("\\n", "\n") for line in lines))


def collect_chart_texts(project) -> str:  # type: ignore[no-untyped-def]
    """`hzbook translate --charts`: add the chart and table texts the chart catalog lacks, untranslated."""
    locale_dir = project.root / "locales"
    path = locale_dir / LOCALE / "LC_MESSAGES" / CHARTS
    texts = chart_texts_missing(project.root, project.notebooks(), locale_dir)
    catalog = read_catalog(path) if path.exists() else _empty_catalog()
    for text in texts:
        if text not in catalog:
            catalog.add(text)
    _fixed_header(catalog)
    write_catalog(catalog, path)
    return f"{path.relative_to(project.root)}: {len(texts)} text(s) without a translation added"
