"""Print the single-page HTML book to one PDF with the machine's Chromium, offline.

`hzbook pdf [--student] [--lang zh] [--preview N]` builds the single-page edition (`hzbook.build`) and prints it
to `_build/pdf/haizhu-2019[-student].pdf`, or `_build/zh/pdf/haizhu-2019-zh[-student].pdf` (`make pdf`
runs it). Why this route: Jupyter Book's own `pdfhtml` builder needs pyppeteer, which downloads its own Chromium
(impossible offline), and LaTeX would need a TeX installation and a second
layout of every table. Chromium prints exactly the page readers see, with the book's print
styles (book/_static/hz-book.css), Debian's Noto CJK fonts and the charts.

Before printing: MathJax, which the page loads from a CDN, is served from the
`django-static-mathjax` package (MathJax 3, the same files); any other outside request is
refused. Folded solutions are opened (the student edition has none). The print fails, naming
what is wrong, if an image did not load, if math was not typeset or if no CJK font is
installed. `--preview N` also writes the first N pages as PNG (poppler's pdftoppm) beside the
PDF, to look at.
"""
from __future__ import annotations

import importlib.resources
import shutil
import subprocess
from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS, missing_message

MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/"
PRINT_PAGE = "_print.html"
TIMEOUT_MS = 120_000
PRINT_VIEWPORT = {"width": 688, "height": 1000}  # A4 less 14 mm margins each side, in CSS pixels (96 per inch)
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
HEADER = ('<div style="font-size:8px;width:100%;padding:0 14mm;color:#666;font-family:sans-serif;'
          'text-align:right"><span class="title"></span></div>')

PREPARE_JS = r"""async (rootPage) => {
  const LONG_WORD = 16;
  // Folded solutions and toggled content: open them all.
  document.querySelectorAll('.toggle-hidden').forEach((e) => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('details').forEach((e) => { e.open = true; });
  // Table cells and headers holding a long word without spaces (a claim id) may break it: see hz-book.css.
  document.querySelectorAll('.cell_output td, .cell_output th').forEach((td) => {
    if (td.textContent.split(/\s+/).some((word) => word.length > LONG_WORD)) { td.classList.add('hz-long-word'); }
  });
  // Links to the single page's own file become links inside the PDF.
  document.querySelectorAll(`a[href^="${rootPage}#"]`).forEach((a) => {
    a.setAttribute('href', a.getAttribute('href').slice(rootPage.length));
  });
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  await Promise.all(Array.from(document.images).map((img) => img.complete ? null :
    new Promise((done) => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  // A table still wider than the page (many columns) is scaled down to fit rather than cut off.
  const article = document.querySelector('article.bd-article') || document.body;
  const width = article.getBoundingClientRect().width;
  let scaled = 0;
  document.querySelectorAll('.cell_output table').forEach((table) => {
    const tableWidth = table.getBoundingClientRect().width;
    if (tableWidth > width + 1) { table.style.zoom = (width / tableWidth).toFixed(3); scaled += 1; }
  });
  return {
    broken: Array.from(document.images).filter((img) => !img.naturalWidth).map((img) => img.getAttribute('src')),
    images: document.images.length,
    scaled,
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    title: document.title,
  };
}"""


class PdfError(RuntimeError):
    """The PDF could not be made, or would be missing something; the message says what to run."""


def print_copy(site: Path, root: str) -> Path:
    """A copy of the single page at the site's top, where its relative links (`_static/`, `_images/`) point.

    Sphinx's singlehtml builder writes `book/intro.html` for a root document in a folder, but
    writes its links as if the page were at the top; opened where it is, it has no styles or images.
    """
    page = site / f"{root}.html"
    if not page.is_file():
        raise PdfError(f"{page} not found: build the single page first (`make pdf` does)")
    copy = site.resolve() / PRINT_PAGE
    shutil.copyfile(page, copy)
    return copy


def mathjax_dir() -> Path:
    """MathJax 3's es5 folder from the django-static-mathjax package (same layout as the CDN)."""
    try:
        folder = Path(str(importlib.resources.files("mathjax") / "static" / "mathjax" / "es5"))
    except ModuleNotFoundError:
        raise PdfError("MathJax is not installed (package django-static-mathjax): run `make setup`") from None
    if not (folder / "tex-mml-chtml.js").is_file():
        raise PdfError(f"{folder} has no tex-mml-chtml.js: reinstall with `make setup`")
    return folder


def check_machine() -> None:
    """Chromium and a CJK font are Debian packages that `make setup` installs."""
    if not CHROMIUM.is_file():
        raise PdfError(missing_message())
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        raise PdfError("no CJK font installed: the Chinese text would print as boxes; run `make setup`")


def print_pdf(page: Path, out: Path, root: str) -> dict[str, object]:
    """Open the page in headless Chromium, prepare it for print, write the PDF; return what was found."""
    from playwright.sync_api import Route, sync_playwright

    es5 = mathjax_dir()
    refused: list[str] = []

    def serve(route: Route) -> None:
        url = route.request.url
        local = es5 / url[len(MATHJAX_CDN):].split("?")[0] if url.startswith(MATHJAX_CDN) else None
        if local is not None and local.is_file():
            route.fulfill(path=str(local))
        else:
            refused.append(url)
            route.abort()

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport=PRINT_VIEWPORT)  # type: ignore[arg-type]  # a ViewportSize
            tab.set_default_timeout(TIMEOUT_MS)
            tab.route(lambda url: url.startswith(("http://", "https://")), serve)
            tab.emulate_media(media="print")  # lay the page out as printed, then measure and fix it
            tab.goto(page.resolve().as_uri(), wait_until="load")
            found = tab.evaluate(PREPARE_JS, f"{root}.html")
            _check(found)
            tab.pdf(path=str(out), format="A4", print_background=True, prefer_css_page_size=True,
                    display_header_footer=True, header_template=HEADER, footer_template=FOOTER,
                    outline=True, tagged=True)
        finally:
            browser.close()
    return {**found, "refused": refused}


def _check(found: dict[str, object]) -> None:
    if found["broken"]:
        raise PdfError(f"images that did not load (the PDF would miss these charts): {found['broken']}")
    if found["math"] and not found["typeset"]:
        raise PdfError("the page has math but MathJax typeset none of it: reinstall with `make setup`")


def pages(pdf: Path) -> int | None:
    """Number of pages (poppler's pdfinfo), or None without poppler."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))


def preview(pdf: Path, count: int, resolution: int = 60) -> list[Path]:
    """The first `count` pages as PNG beside the PDF (`<name>-preview-01.png`, …)."""
    if not shutil.which("pdftoppm"):
        raise PdfError("pdftoppm not found (Debian's poppler-utils): run `make setup`")
    prefix = pdf.with_name(f"{pdf.stem}-preview")
    for old in pdf.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", str(count), str(pdf), str(prefix)],
                   check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def make_pdf(site: Path, out: Path, root: str, preview_pages: int = 0) -> str:
    """Print the single-page site to `out`; return the report line (pages, size, images, formulas)."""
    check_machine()
    found = print_pdf(print_copy(site, root), out, root)
    count = pages(out)
    shots = preview(out, preview_pages) if preview_pages else []
    size = out.stat().st_size / 1e6
    lines = [f"pdf: {out} ({count if count is not None else '?'} pages, {size:.1f} MB, {found['images']} images, "
             f"{found['typeset']} formulas, {found['scaled']} wide tables scaled; refused {len(found['refused'])} outside requests)"]  # type: ignore[arg-type]
    lines += [f"pdf: preview {shot}" for shot in shots]
    return "\n".join(lines)
