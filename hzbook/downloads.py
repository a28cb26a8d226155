"""What a chapter offers for download: its notebook, and the CSV of exactly the claims it shows.

A chapter notebook shows its claims with `claims_table(SECTION)` (or `claims_table("1.1")`); the
sections are read from the notebook's code, so the CSV cannot drift from what the page shows.
The CSV has every column of `data/clean/claims.csv`, rows in report order. For the student
edition the notebook copy leaves out what lies between `solution-start` and `solution-end`.

The files are generated at build time (by hzbook.sphinx.downloads) into `_build/.downloads/`
and never committed: they cannot go stale. Stand-alone, for a teacher who wants the files
without building the book:

    hzbook downloads --out DIR [--student] book/1-1-growth.ipynb [...]
"""
from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .project import notebook_section

if TYPE_CHECKING:
    import pandas as pd

CLAIMS_CALL = "claims_table"
SOLUTION_START = re.compile(r"^\s*(`{3,}|:{3,})\s*\{solution-start\}")
SOLUTION_END = re.compile(r"^\s*(`{3,}|:{3,})\s*\{solution-end\}")


class ChapterError(ValueError):
    """A chapter notebook shows claims in a way this tool cannot resolve to report sections."""


@dataclass(frozen=True)
class ChapterFiles:
    """The download files of one chapter, and what the page says about them."""

    notebook: Path
    claims_csv: Path | None
    sections: tuple[str, ...]
    n_claims: int


def _code(notebook: dict[str, Any]) -> str:
    return "\n".join(
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"] if cell["cell_type"] == "code"
    )


def _python_lines(code: str) -> str:
    """The code without IPython magics (`%matplotlib`, `!pip`), which `ast` cannot parse."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())


def shown_sections(path: Path) -> tuple[str, ...]:
    """The report sections whose claims a chapter shows with `claims_table(...)`, in order of first use.

    The argument is a string literal, or a name bound once to one (`SECTION = "1.1"`) or to the
    chapter's start (`SECTION = chapter.start("1.1")`), which must agree with the notebook metadata's
    section (`hzbook.project.notebook_section`).
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    try:
        tree = ast.parse(_python_lines(_code(notebook)))
    except SyntaxError as error:
        raise ChapterError(f"{path}: its code does not parse ({error.msg}, line {error.lineno})") from None
    bindings: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        if isinstance(value, ast.Call) and _called_name(value) == START_CALL and value.args:
            value = value.args[0]  # SECTION = chapter.start("1.1")
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bindings.setdefault(target.id, set()).add(value.value)
    declared = notebook_section(path)
    started = {v for n in ast.walk(tree) if isinstance(n, ast.Call) and _called_name(n) == START_CALL
               for v in [_literal_section(n, bindings, path)]}
    if started and started != {declared}:
        raise ChapterError(f"{path}: chapter.start({', '.join(sorted(started))}) disagrees with the notebook "
                           f"metadata's section {declared!r} (hzbook.section)")
    sections: list[str] = []
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called_name(n) == CLAIMS_CALL]
    for call in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        section = _literal_section(call, bindings, path)
        if section not in sections:
            sections.append(section)
    return tuple(sections)


START_CALL = "start"


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _literal_section(call: ast.Call, bindings: dict[str, set[str]], path: Path) -> str:
    argument = call.args[0] if call.args else None
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.Name) and len(bindings.get(argument.id, ())) == 1:
        return next(iter(bindings[argument.id]))
    raise ChapterError(
        f"{path}: cannot tell which section `{ast.unparse(call)}` shows; pass a string such as "
        f'claims_table("1.1"), or a name bound once to one (SECTION = "1.1")'
    )


def claims_frame(sections: Sequence[str]) -> pd.DataFrame:
    """The ledger rows of these sections as `claims_table` orders them, with every column of data/clean/claims.csv."""
    import pandas as pd

    import hzlib
    from hzlib.schema import CLAIMS

    known = set(hzlib.sections()["section"])
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise ChapterError(f"unknown report sections {unknown}; the report has {sorted(known)}")
    ledger = hzlib.claims()
    parts = [ledger[ledger["section"] == s].sort_values("offset") for s in sections]
    return pd.concat(parts)[list(CLAIMS.columns)].reset_index(drop=True)


def claims_csv(sections: Sequence[str]) -> str:
    """The CSV text of `claims_frame`, written exactly as `python -m hzlib export` writes claims.csv."""
    return claims_frame(sections).to_csv(index=False, lineterminator="\n")


def strip_solutions(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of a notebook without its solutions: every line and cell from `solution-start` to `solution-end`.

    Exercises stay. Markdown around the markers is kept; cells left empty are dropped.
    """
    result = copy.deepcopy(notebook)
    kept: list[dict[str, Any]] = []
    hiding = False
    for cell in result["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        lines = source.splitlines(keepends=True)
        has_marker = any(SOLUTION_START.match(line) or SOLUTION_END.match(line) for line in lines)
        if cell["cell_type"] != "markdown" or not (has_marker or hiding):
            if not hiding:
                kept.append(cell)
            continue
        lines, hiding = _visible_lines(lines, hiding)
        text = "".join(lines).strip("\n")
        if text.strip():
            cell["source"] = text
            kept.append(cell)
    if hiding:
        raise ChapterError("a solution-start has no solution-end")
    result["cells"] = kept
    return result


def _visible_lines(lines: list[str], hiding: bool) -> tuple[list[str], bool]:
    """Lines outside solutions; a marker directive runs from its fence line to the matching closing fence."""
    visible: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = SOLUTION_START.match(line) or SOLUTION_END.match(line)
        if marker:
            fence = marker.group(1)
            index += 1
            while index < len(lines) and lines[index].strip() != fence:
                index += 1  # the directive's options (:class: dropdown) and body
            hiding = bool(SOLUTION_START.match(line))
        elif not hiding:
            visible.append(line)
        index += 1
    return visible, hiding


def _translated(text: str, translations: Mapping[str, str] | None) -> str:
    """A notebook's JSON with its markdown translated (hzbook.i18n), when translations are given."""
    if not translations:
        return text
    from .i18n import translate_page

    return translate_page(text, ".ipynb", dict(translations))


def chapter_title(path: Path, translations: Mapping[str, str] | None = None) -> str:
    """The notebook's first `# ` heading (translated, given the page's translations), or its file name."""
    notebook = json.loads(_translated(path.read_text(encoding="utf-8"), translations))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for line in source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so an unchanged file keeps its mtime (Sphinx rebuilds on mtime)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
    return True


def write_chapter(path: Path, out: Path, *, student: bool,
                  translations: Mapping[str, str] | None = None) -> tuple[ChapterFiles, bool]:
    """Write one chapter's notebook copy and claims CSV into `out`; return them and whether any file changed.
    Given the page's translations (the Chinese edition), the notebook's markdown is translated."""
    data = path.read_bytes()
    if translations:
        notebook = json.loads(_translated(data.decode("utf-8"), translations))
        data = (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if student:
        stripped = strip_solutions(json.loads(data.decode("utf-8")))
        data = (json.dumps(stripped, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    changed = write_if_changed(out / path.name, data)
    sections = shown_sections(path)
    csv_path, n_claims = None, 0
    if sections:
        frame = claims_frame(sections)
        csv_path, n_claims = out / f"{path.stem}-claims.csv", len(frame)
        changed |= write_if_changed(csv_path, frame.to_csv(index=False, lineterminator="\n").encode())
    return ChapterFiles(out / path.name, csv_path, sections, n_claims), changed
