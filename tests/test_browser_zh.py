"""The Chinese edition in a real headless Chromium: every page, the links to the English edition, and its
search page finding a chapter for 固定资产投资 and 一般公共预算收入 (Sphinx's Chinese search with jieba)."""
from __future__ import annotations

from pathlib import Path

from .test_browser import check_site


def test_the_chinese_edition_passes_the_browser_check(zh_site: Path) -> None:
    check_site(zh_site)
