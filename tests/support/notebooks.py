"""Reading the book's notebooks: which exist (hzbook.project reads _toc.yml), which section each presents,
what their outputs say."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hzbook.project import Project

REPO = Path(__file__).resolve().parents[2]
PROJECT = Project(REPO)


def toc_files() -> list[str]:
    """Every file the book's table of contents names, without extension, in order."""
    return PROJECT.toc_files()


def toc_notebooks() -> list[Path]:
    """The notebooks of the table of contents."""
    return PROJECT.notebooks()


def chapter_of(section: str) -> Path | None:
    """The notebook that presents a report section: book/1-1-*.ipynb for 1.1, book/2-t-*.ipynb for 2.T."""
    return PROJECT.chapter_of(section)


def outputs(path: Path) -> list[dict[str, Any]]:
    """Every output of every code cell of a notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell.get("outputs", [])]


def output_text(output: dict[str, Any]) -> str:
    """The text a reader sees in one output: stream text, text/plain and text/html, error message."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    data = output.get("data", {})
    return "".join("".join(data.get(kind, "")) for kind in ("text/plain", "text/html"))
