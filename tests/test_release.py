"""One version number, pyproject.toml's, shown by the package, the data package, the citation and the changelog."""
from __future__ import annotations

import json
import re
import tomllib

import hzlib

from .conftest import REPO


def pyproject_version() -> str:
    return str(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def test_the_package_reads_its_version_from_pyproject() -> None:
    assert hzlib.__version__ == pyproject_version()


def test_the_data_package_shows_the_same_version() -> None:
    package = json.loads((REPO / "data" / "clean" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == hzlib.__version__, "run `make data` after changing the version"


def test_the_citation_file_shows_the_same_version() -> None:
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", text, re.MULTILINE)
    found = re.search(r"^version: (\S+)$", text, re.MULTILINE)
    assert found and found[1] == hzlib.__version__, f"CITATION.cff says {found[1] if found else None}"


def test_the_changelog_keeps_a_changelog() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    assert re.search(rf"^## \[{re.escape(hzlib.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.MULTILINE)
