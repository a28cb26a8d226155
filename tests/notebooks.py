"""Reading the book's notebooks: which exist, which section each presents, what their outputs say."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def toc_files() -> list[str]:
    """Every file the book's table of contents names, without extension, in order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def toc_notebooks() -> list[Path]:
    """The notebooks of the table of contents."""
    return [REPO / f"{name}.ipynb" for name in toc_files() if (REPO / f"{name}.ipynb").exists()]


def chapter_of(section: str) -> Path | None:
    """The notebook that presents a report section: book/1-1-*.ipynb for 1.1, book/2-t-*.ipynb for 2.T."""
    stem = section.lower().replace(".", "-")
    found = sorted((REPO / "book").glob(f"{stem}-*.ipynb"))
    return found[0] if found else None


def outputs(path: Path) -> list[dict]:
    """Every output of every code cell of a notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell.get("outputs", [])]


def output_text(output: dict) -> str:
    """The text a reader sees in one output: stream text, text/plain and text/html, error message."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    data = output.get("data", {})
    return "".join("".join(data.get(kind, "")) for kind in ("text/plain", "text/html"))
