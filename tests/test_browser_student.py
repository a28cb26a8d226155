"""The student edition in a real headless Chromium: its own module, so that pytest-xdist runs it beside the book's check."""
from __future__ import annotations

from pathlib import Path

from .test_browser import check_site


def test_the_student_edition_passes_the_browser_check(student_site: Path) -> None:
    check_site(student_site)
