"""The built book in a real headless Chromium (tests/support/browser_check.py), and proof that the check catches faults.

Both editions come from the session's one build (conftest.py's fixtures: up to date, or built by
`hzbook build`, which decides from hashes what is stale).
"""
from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from .support.notebooks import REPO, toc_files


def run_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the browser check as a user does (`python -m tests.support.browser_check SITE`), capturing its report."""
    return subprocess.run([sys.executable, "-m", "tests.support.browser_check", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=1800, check=False)


def failures_by_page(report: str) -> dict[str, list[str]]:
    """The check's failure list ('  page: what') grouped by page."""
    found: dict[str, list[str]] = {}
    lines = report.split("failures:\n", 1)[1].splitlines() if "failures:\n" in report else []
    for line in lines:
        if line.startswith("  ") and ": " in line:
            page, what = line.strip().split(": ", 1)
            found.setdefault(page, []).append(what)
    return found


def png(path: Path, colours: list[tuple[int, int, int]], size: int = 8) -> None:
    """Write a small RGB PNG whose rows cycle through `colours` (one colour: a blank image)."""
    rows = b"".join(b"\x00" + bytes(colours[y % len(colours)]) * size for y in range(size))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)


FAVICON = '<link rel="icon" href="favicon.svg">'
FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'


def page(body: str, head: str = FAVICON) -> str:
    """A minimal HTML page laid out like the book's theme: the content in main > article.bd-article."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title>{head}</head>'
            f'<body style="margin:0"><main><article class="bd-article">{body}</article></main></body></html>')


def test_the_built_book_passes_the_browser_check(book_site: Path) -> None:
    check_site(book_site)


def check_site(site: Path) -> None:
    """Every page of a built edition passes the browser check, and each leaves its two screenshots."""
    missing = [name for name in toc_files() if not (site / f"{name}.html").is_file()]
    assert not missing, f"_toc.yml pages missing from {site}: {missing}"
    result = run_check(site)
    if result.returncode != 0:
        pytest.fail(f"tests/support/browser_check.py failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    shots = site.parent / "screenshots"
    for name in toc_files():
        for suffix in ("", "-phone"):
            shot = shots / f"{name}{suffix}.png"
            assert shot.is_file() and shot.stat().st_size > 0, f"no screenshot {shot}"


def test_the_check_catches_each_fault_and_accepts_a_scrolled_table(tmp_path: Path) -> None:
    site = tmp_path / "html"
    site.mkdir()
    png(site / "blank.png", [(255, 255, 255)])
    png(site / "chart.png", [(255, 255, 255), (31, 119, 180)])
    (site / "favicon.svg").write_text(FAVICON_SVG, encoding="utf-8")
    other = tmp_path / "zh" / "html"  # the other language's edition, built, with good.html only
    other.mkdir(parents=True)
    (other / "index.html").write_text(page("<h1>首页</h1>"), encoding="utf-8")
    (other / "good.html").write_text(page("<h1>好</h1>"), encoding="utf-8")
    (site / "bad.html").write_text(page(
        '<a href="../zh/html/bad.html" hreflang="zh-CN" lang="zh-CN">中文版</a>'
        '<a href="missing.html">gone</a> <a href="good.html#nowhere">no anchor</a> <a href="good.html#here">fine</a>'
        '<img src="absent.png" alt="a chart that is not there"> <img src="blank.png" alt="an empty chart">'
        '<img src="chart.png"> <img src="chart.png" alt="chart.png">'
        '<div style="width:600px;background:#eee">a box wider than a phone</div>'
        '<details><summary>Solution</summary><p style="width:500px">a wide solution</p></details>'
        '<script>console.error("boom from the page")</script><script src="missing.js"></script>'
        # a serious axe-core violation (a link without a name) and a minor one of the content
        # (an empty table header), a script redeclaring a constant (the thebe fault), a request to another host
        '<a href="good.html"><span style="display:inline-block;width:20px;height:20px;background:#00f"></span></a>'
        '<table><tr><th></th><th>year</th></tr><tr><td>a</td><td>1</td></tr></table>'
        '<script>const THEBE_JS_URL = 1;</script><script>const THEBE_JS_URL = 2;</script>'
        '<img src="http://example.invalid/remote.png" alt="an image from another host">',
        head=""), encoding="utf-8")
    (site / "good.html").write_text(page(
        '<p><a href="../zh/html/good.html" hreflang="zh-CN" lang="zh-CN">中文版</a></p>'
        '<h1>Good</h1><h2 id="here">Here</h2><img src="chart.png" alt="Two stripes, white and blue">'
        # focusable, as the theme's script makes every scrolling box (axe-core: scrollable-region-focusable)
        '<div style="overflow-x:auto" tabindex="0"><table><tr>' + "<td>a&nbsp;wide&nbsp;cell</td>" * 12 + '</tr></table></div>'
    ), encoding="utf-8")
    result = run_check(site, "--screenshots", tmp_path / "shots", "--no-search")
    assert result.returncode == 1, result.stdout + result.stderr
    found = failures_by_page(result.stdout)
    assert "good.html" not in found, f"a clean page was failed: {found['good.html']}"
    expected = [
        "broken link missing.html", "broken anchor good.html#nowhere", "image did not load: absent.png",
        "image is blank (one colour): blank.png", "figure without alt text: chart.png (alt=None)",
        "figure without alt text: chart.png (alt='chart.png')",
        "phone: page is", "a box wider than a phone", "a wide solution",
        "console error: boom from the page", "HTTP 404 for missing.js",
        "axe serious link-name", "axe minor empty-table-header",
        "Identifier 'THEBE_JS_URL' has already been declared",
        "request to another host: http://example.invalid/remote.png", "no favicon",
        "the other-language link ../zh/html/bad.html: no file",
    ]
    bad = "\n".join(found.get("bad.html", []))
    missed = [what for what in expected if what not in bad]
    assert not missed, f"the check missed {missed}; it reported:\n{result.stdout}"
    assert (tmp_path / "shots" / "bad.png").is_file() and (tmp_path / "shots" / "good-phone.png").is_file()
