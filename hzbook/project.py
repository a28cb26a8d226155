"""The book project: its root folder, its table of contents (`_toc.yml`, read once with yaml) and its notebooks."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

CONFIG = "_config.yml"
TOC = "_toc.yml"


SECTION_KEY = "hzbook"


def notebook_section(path: Path) -> str | None:
    """The report section a chapter presents: its notebook metadata `{"hzbook": {"section": "1.1"}}`.
    None for a notebook that presents no one section (the outturn, the audit, an appendix). The one
    place a section is read: downloads, tests and the chapter rules all ask here."""
    metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    section = metadata.get(SECTION_KEY, {}).get("section")
    return str(section) if section else None


class ProjectError(RuntimeError):
    """No book project here: the message says where hzbook looked and what to do."""


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working folder) holding _config.yml and _toc.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file() and (folder / TOC).is_file():
            return folder
    raise ProjectError(f"no {CONFIG} and {TOC} in {here} or above: run hzbook from the book's repository")


@dataclass(frozen=True)
class Project:
    """One book: where it lives and what its table of contents names."""

    root: Path = field(default_factory=find_root)

    @cached_property
    def toc(self) -> dict[str, Any]:
        """_toc.yml, parsed."""
        return dict(yaml.safe_load((self.root / TOC).read_text(encoding="utf-8")))

    @property
    def root_page(self) -> str:
        """The book's root document (`root:` of _toc.yml), without extension."""
        return str(self.toc["root"])

    def toc_files(self) -> list[str]:
        """Every file the table of contents names, without extension, in reading order."""
        files = [self.root_page]
        for part in self.toc.get("parts", []):
            files += [str(chapter["file"]) for chapter in part.get("chapters", [])]
        files += [str(chapter["file"]) for chapter in self.toc.get("chapters", [])]
        return files

    def notebooks(self) -> list[Path]:
        """The notebooks of the table of contents, in reading order."""
        return [self.root / f"{name}.ipynb" for name in self.toc_files() if (self.root / f"{name}.ipynb").is_file()]

    def chapter_of(self, section: str) -> Path | None:
        """The notebook of the table of contents whose metadata says it presents a report section."""
        return next((path for path in self.notebooks() if notebook_section(path) == section), None)
