"""Open every page of the built book in headless Chromium and fail on what a reader would hit.

Usage: python -m tests.support.browser_check [SITE] [--screenshots DIR] [--no-search]
SITE defaults to _build/html, DIR to _build/screenshots. Exit 0 when every page passes, 1 with
the list of failures (each names its page), 2 when the site, the browser or axe-core is missing.

Why a browser and not an HTML parser: broken images, console errors, what the theme's
JavaScript does and how wide a page lays out on a phone only show when a real browser renders
the page. The site is served on 127.0.0.1 (an ephemeral port); a request to any other host is
blocked and fails the page: the book must work offline (math included: it is typeset at build time).
Each page is opened in a fresh browser context (no cache), so its transfer size is what a first
visit downloads, as served uncompressed by Python's http.server (and, estimated, gzipped).
Checks per page: console errors and uncaught exceptions (none is excused); failed or 4xx/5xx
requests to local files; requests to other hosts; a favicon declared and served (headless
Chromium never asks for /favicon.ico by itself, a browser does); every local link (file exists,
#anchor is an id or name in the target); images loaded and not blank (one colour); alt text on
every image in the article (a file name is no alt text); axe-core (node_modules/axe-core,
installed by `make setup`) run in the page: no critical or serious violation, no violation of
any impact in the article (the book's own content), and outside it only the theme's known
ones (KNOWN_AXE, each with why); on a 375 px phone screen, no horizontal page scroll and no
article content that sticks out past the screen edge outside a horizontal scroll box. Then the
theme's search page must find a chapter for each query in SEARCHES. A desktop and a phone
screenshot of each page go to DIR/<page>.png and DIR/<page>-phone.png.
"""
from __future__ import annotations

import argparse
import base64
import functools
import gzip
import hashlib
import html.parser
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from hzbook.chromium import CHROMIUM
from hzbook.chromium import CHROMIUM_ARGS as BASE_ARGS

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [*BASE_ARGS, "--hide-scrollbars"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
SEARCHES = ("fixed-asset investment", "固定资产投资")
ZH_SEARCHES = ("固定资产投资", "一般公共预算收入")  # the Chinese edition (<html lang="zh-CN">): Sphinx's search cuts words with jieba
CHAPTER = re.compile(r"^book/\d-[0-9a-z]+-[^/]+\.html$")  # a report-section chapter: book/1-1-growth.html
ARTICLE = ("article.bd-article", "main", "body")  # the content of a page: the first of these that exists
TIMEOUT_MS = 30_000
ALT_METADATA = '"mystnb": {"image": {"alt": "…"}} in its metadata'  # read by MyST-NB for a cell's image outputs
# Console errors that are known, harmless and not the book's to fix, each with why; anything else fails.
# Empty: the one excused before (sphinx-thebe's configuration twice in the head, "Identifier 'THEBE_JS_URL'
# has already been declared") is fixed at its source, hzbook/sphinx/html.py.
KNOWN_CONSOLE_ERRORS: dict[str, str] = {}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILS_ALWAYS = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
# axe-core rules the theme (not the book's content) breaks at a moderate or minor impact, each with why it
# stays; a violation of one of them inside the article, or of any other rule, fails the page.
KNOWN_AXE: dict[str, str] = {}

IMAGES_JS = """async (article) => {
  const root = article.map((s) => document.querySelector(s)).find(Boolean);
  const out = [];
  for (const img of Array.from(document.images)) {
    if (!img.complete) { try { await img.decode(); } catch (e) {} }
    const r = {src: img.getAttribute('src') || '', url: img.currentSrc || img.src, alt: img.getAttribute('alt'),
               inArticle: !!(root && root.contains(img)), width: img.naturalWidth, height: img.naturalHeight,
               colours: -1};
    if (r.width > 0 && r.height > 0) {
      const scale = Math.min(1, 160 / Math.max(r.width, r.height));
      const c = document.createElement('canvas');
      c.width = Math.max(1, Math.round(r.width * scale)); c.height = Math.max(1, Math.round(r.height * scale));
      const ctx = c.getContext('2d', {willReadFrequently: true});
      try {
        ctx.drawImage(img, 0, 0, c.width, c.height);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length && seen.size < 16; i += 4) {
          seen.add((d[i] << 24 | d[i+1] << 16 | d[i+2] << 8 | d[i+3]) >>> 0);
        }
        r.colours = seen.size;
      } catch (e) { r.colours = -2; }
    }
    out.push(r);
  }
  return out;
}"""

LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]:not([hreflang])'), a => a.href)"""
# The link to the same page in the other language (hzbook.sphinx.language): it leaves this edition's folder.
OTHER_LANGUAGE_JS = """() => Array.from(document.querySelectorAll('a[hreflang]'), a => a.getAttribute('href'))"""

WIDTH_JS = """(article) => {
  const vw = document.documentElement.clientWidth;
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const root = article.map((s) => document.querySelector(s)).find(Boolean);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    const text = (el.innerText || el.getAttribute('alt') || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    return text ? `${s} "${text}"` : s;
  };
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== root.parentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const sticking = [];
  if (root) {
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= vw + 1) continue;
      if (getComputedStyle(el).visibility === 'hidden' || scrolls(el)) continue;
      if (sticking.some((outer) => outer.el.contains(el))) continue;
      sticking.push({el, right: Math.round(r.right)});
    }
  }
  return {viewport: vw, page,
          sticking: sticking.slice(0, 5).map((s) => ({element: describe(s.el), right: s.right})),
          stickingCount: sticking.length};
}"""

EXPAND_JS = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach((e) => e.classList.remove('toggle-hidden'));
}"""

AXE_JS = """async (article) => {
  const root = article.map((s) => document.querySelector(s)).find(Boolean);
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact || 'minor', help: v.help,
    nodes: v.nodes.map((n) => {
      const selector = n.target.map(String).join(' ');
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) {}
      return {target: selector, html: n.html.replace(/\\s+/g, ' ').slice(0, 100), inArticle: !!(root && el && root.contains(el))};
    }),
  }));
}"""

FAVICON_JS = """async () => {
  const link = document.querySelector('link[rel~="icon"]');
  if (!link) return {href: null, status: 0};
  try { const r = await fetch(link.href, {cache: 'no-store'}); return {href: link.href, status: r.status}; }
  catch (e) { return {href: link.href, status: -1}; }
}"""

SEARCH_DONE_JS = """() => {
  const s = document.querySelector('#search-results p.search-summary');
  return !!(s && s.innerText.trim());
}"""

SEARCH_RESULTS_JS = """() => Array.from(document.querySelectorAll('#search-results ul.search li a'), a => a.href)"""


@dataclass
class PageResult:
    """What one page showed: its failures, and the numbers for the summary table."""

    page: str
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    transfer: int = 0
    gzipped: int = 0
    heaviest: list[tuple[int, str]] = field(default_factory=list)
    links: int = 0
    external: int = 0
    images: int = 0
    phone_width: int = 0
    known: int = 0
    axe: dict[str, int] = field(default_factory=lambda: dict.fromkeys(IMPACTS, 0))
    axe_known: int = 0
    seconds: float = 0.0
    note: str = ""

    def fail(self, message: str) -> None:
        """Record a failure of this page."""
        self.failures.append(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's signature
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at an ephemeral port for as long as the block runs; yield the base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site (generated ones too: genindex, search), not the theme's `_static/`."""
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    return sorted(p for p in pages if not any(part.startswith("_") for part in p.split("/")[:-1]))


class _Anchors(html.parser.HTMLParser):
    """Collects every `id` and `<a name>` of a document, and a meta refresh target if there is one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refresh: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key] or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", values.get("content") or "", re.IGNORECASE)
            self.refresh = match.group(1).strip().strip("'\"") if match else None


@functools.cache
def anchors(path: Path) -> _Anchors:
    """The ids of one HTML file, parsed once."""
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def link_problem(site: Path, base: str, url: str) -> str | None:
    """Why a local link is broken (missing file or anchor), or None when it resolves."""
    parts = urllib.parse.urlsplit(url)
    relative = urllib.parse.unquote(parts.path[len(urllib.parse.urlsplit(base).path):])
    target = site / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    if not target.is_file():
        return f"broken link {url_name(base, url)}: no file {relative or 'index.html'}"
    fragment = urllib.parse.unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors(target).ids:
        return f"broken anchor {url_name(base, url)}: no id {fragment!r} in {target.relative_to(site).as_posix()}"
    return None


@functools.cache
def gzipped_size(site: Path, name: str) -> int:
    """What a served file would weigh gzip-compressed, as most web servers send text (images as they are)."""
    path = site / urllib.parse.unquote(urllib.parse.urlsplit(name).path)
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return 0
    data = path.read_bytes()
    compressed = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2"}
    return len(data) if path.suffix in compressed else len(gzip.compress(data, 6))


@functools.cache
def notebook_images(book: Path) -> dict[str, str]:
    """Which notebook cell made each image: MyST-NB names an output image by the sha256 of its bytes,
    so `_images/<sha256>.png` leads back to the cell whose metadata needs the alt text."""
    cells: dict[str, str] = {}
    for notebook in sorted(book.glob("*.ipynb")):
        try:
            content = json.loads(notebook.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for index, cell in enumerate(content.get("cells", [])):
            source = "".join(cell.get("source", "")).strip().splitlines()
            for output in cell.get("outputs", []):
                for mime, data in output.get("data", {}).items():
                    if mime in ("image/png", "image/jpeg", "image/gif"):
                        raw = base64.b64decode("".join(data) if isinstance(data, list) else data)
                        where = f"{notebook.relative_to(book.parent).as_posix()} cell {index}"
                        cells[hashlib.sha256(raw).hexdigest()] = f"{where} ({source[0] if source else 'empty'!s:.50})"
    return cells


def url_name(base: str, url: str) -> str:
    """A URL shown relative to the site root."""
    return url.removeprefix(base)


def is_blank_alt(alt: str | None, src: str) -> bool:
    """True when an image has no real alt text: none, empty, or only its file name (docutils' default)."""
    if alt is None or not alt.strip():
        return True
    text = alt.strip()
    return text == src or Path(text).name == Path(urllib.parse.urlsplit(src).path).name


def screenshot_path(shots: Path, page: str, suffix: str = "") -> Path:
    """DIR/<page>.png (or <page>-phone.png), mirroring the page's folder."""
    path = shots / f"{page.removesuffix('.html')}{suffix}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def open_page(browser: Any, base: str, url: str, viewport: dict[str, int], phone: bool,
              settle: bool = True) -> tuple[Any, Any, dict[str, list[Any]]]:
    """A fresh context and page at `url`, with console errors, failed requests and finished requests recorded.
    `settle` waits for the network to be idle too (late requests count), not only for the load event."""
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=1,
                                  service_workers="block")
    seen: dict[str, list[Any]] = {"errors": [], "failed": [], "finished": [], "external": [], "bad_status": []}

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(base) or request_route.request.url.startswith("data:"):
            request_route.continue_()
        else:
            seen["external"].append(request_route.request.url)
            request_route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: seen["errors"].append(m) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(e))
    page.on("requestfailed", lambda r: seen["failed"].append(r))
    page.on("requestfinished", lambda r: seen["finished"].append(r))
    page.on("response", lambda r: seen["bad_status"].append(r) if r.status >= 400 else None)
    page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    if settle:
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.evaluate("document.fonts.ready.then(() => true)")
    return context, page, seen


def record_traffic(result: PageResult, base: str, seen: dict[str, list[Any]]) -> None:
    """Console errors, failed local requests and bad statuses become failures; external requests are counted."""
    blocked = set(seen["external"])
    bad = {r.url: r.status for r in seen["bad_status"] if r.url.startswith(base)}
    failed = {r.url: r.failure for r in seen["failed"] if r.url.startswith(base) and r.url not in bad}
    for url, status in bad.items():
        result.fail(f"HTTP {status} for {url_name(base, url)}")
    for url, why in failed.items():
        result.fail(f"request failed: {url_name(base, url)} ({why})")
    for message in seen["errors"]:
        if any(known in str(getattr(message, "text", message)) for known in KNOWN_CONSOLE_ERRORS):
            result.known += 1
        elif hasattr(message, "location"):
            where = message.location.get("url", "")
            if message.text.startswith("Failed to load resource") and where in blocked | bad.keys() | failed.keys():
                continue  # Chromium's own line for a request already reported above, or blocked on purpose
            result.fail(f"console error: {message.text} ({url_name(base, where) or 'page'})")
        else:
            result.fail(f"uncaught exception: {message}")
    result.external = len(blocked)
    for url in sorted(blocked):
        result.fail(f"request to another host: {url} (blocked: the book must work offline)")


def check_axe(page: Any, result: PageResult) -> None:
    """Run axe-core in the page; count every violation by impact and fail the ones the book must not have."""
    page.add_script_tag(path=str(AXE))
    for violation in page.evaluate(AXE_JS, list(ARTICLE)):
        impact = violation["impact"] if violation["impact"] in IMPACTS else "minor"
        result.axe[impact] += 1
        ours = [node for node in violation["nodes"] if node["inArticle"]]
        if impact in AXE_FAILS_ALWAYS or ours or violation["id"] not in KNOWN_AXE:
            shown = ours or violation["nodes"]
            where = "; ".join(f"{node['target']} {node['html']}" for node in shown[:3])
            more = f" (+{len(shown) - 3} more)" if len(shown) > 3 else ""
            result.fail(f"axe {impact} {violation['id']}: {violation['help']} ({len(violation['nodes'])} "
                        f"element(s){', in the article' if ours else ''}): {where}{more}")
        else:
            result.axe_known += 1


def check_desktop(browser: Any, site: Path, base: str, page_name: str, shots: Path, result: PageResult) -> None:
    """Load the page at desktop size: traffic, links, images, alt text, transfer size, screenshot."""
    context, page, seen = open_page(browser, base, base + page_name, DESKTOP, phone=False)
    try:
        for url in page.evaluate(LINKS_JS):
            if not url.startswith(base):
                continue
            result.links += 1
            problem = link_problem(site, base, url)
            if problem:
                result.fail(problem)
        problem = other_language_problem(site, page_name, page.evaluate(OTHER_LANGUAGE_JS))
        if problem:
            result.fail(problem)
        images = page.evaluate(IMAGES_JS, list(ARTICLE))
        result.images = len(images)
        for image in images:
            name = url_name(base, image["url"])
            if image["width"] == 0:
                result.fail(f"image did not load: {name}")
            elif image["colours"] == 1:
                result.fail(f"image is blank (one colour): {name}")
            elif image["colours"] == -2:
                result.fail(f"image could not be read back to check it is not blank: {name}")
            if image["inArticle"] and is_blank_alt(image["alt"], image["src"]):
                made_by = notebook_images(REPO / "book").get(Path(urllib.parse.urlsplit(name).path).stem)
                fix = f"; made by {made_by}: give that cell {ALT_METADATA}" if made_by else ""
                result.fail(f"figure without alt text: {name} (alt={image['alt']!r}){fix}")
        favicon = page.evaluate(FAVICON_JS)
        if favicon["href"] is None:
            result.fail('no favicon: no <link rel="icon"> (a browser then asks for /favicon.ico and gets a 404)')
        elif favicon["status"] != 200:
            result.fail(f"favicon {url_name(base, favicon['href'])} not served (HTTP {favicon['status']})")
        page.screenshot(path=str(screenshot_path(shots, page_name)), full_page=True)
        check_axe(page, result)
        record_traffic(result, base, seen)
        sizes = []
        for request in seen["finished"]:
            if request.url.startswith(base):
                got = request.sizes()
                sizes.append((got["responseBodySize"] + got["responseHeadersSize"], url_name(base, request.url)))
        result.requests = len(sizes)
        result.transfer = sum(size for size, _ in sizes)
        result.gzipped = sum(gzipped_size(site, name) for _, name in sizes)
        result.heaviest = sorted(sizes, reverse=True)[:3]
    finally:
        context.close()


def other_language_problem(site: Path, page_name: str, hrefs: list[str]) -> str | None:
    """Why a page's link to the same page in the other language is wrong, or None. The link must exist, once,
    and name the same page; its file must exist when the other edition is built (its folder has index.html)."""
    if len(hrefs) != 1:
        return f"{len(hrefs)} links to the other language (one expected: hzbook.sphinx.language)"
    target = Path(os.path.normpath((site / page_name).parent / urllib.parse.unquote(hrefs[0])))
    if not target.as_posix().endswith("/" + page_name):
        return f"the other-language link {hrefs[0]} does not lead to the same page {page_name}"
    other_root = Path(target.as_posix()[: -len(page_name) - 1])
    if (other_root / "index.html").is_file() and not target.is_file():
        return f"the other-language link {hrefs[0]}: no file {target}"
    return None


def check_phone(browser: Any, base: str, page_name: str, shots: Path, result: PageResult) -> None:
    """On a 375 px phone screen: no horizontal scroll, nothing sticking out, as loaded and with every
    dropdown (solutions, hidden cells) opened; the screenshot shows the page as loaded."""
    context, page, _ = open_page(browser, base, base + page_name, PHONE, phone=True, settle=False)
    try:
        widths = [page.evaluate(WIDTH_JS, list(ARTICLE))]
        page.screenshot(path=str(screenshot_path(shots, page_name, "-phone")), full_page=True)
        page.evaluate(EXPAND_JS)
        widths.append(page.evaluate(WIDTH_JS, list(ARTICLE)))
    finally:
        context.close()
    result.phone_width = max(width["page"] for width in widths)
    if result.phone_width > PHONE["width"]:
        result.fail(f"phone: page is {result.phone_width} px wide on a {PHONE['width']} px screen")
    sticking = {stick["element"]: stick["right"] for width in widths for stick in width["sticking"]}
    for element, right in sticking.items():
        result.fail(f"phone: sticks out to {right} px (screen {PHONE['width']}): {element}")
    more = max(width["stickingCount"] - len(width["sticking"]) for width in widths)
    if more > 0:
        result.fail(f"phone: {more} more elements stick out")


def check_page(browser: Any, site: Path, base: str, page_name: str, shots: Path) -> PageResult:
    """Every check of one page; a redirect page (index.html) only has its target checked."""
    started = time.perf_counter()
    result = PageResult(page_name)
    refresh = anchors(site / page_name).refresh
    if refresh is not None:
        target = urllib.parse.urljoin(base + page_name, refresh)
        result.links = 1
        result.note = f"redirect to {url_name(base, target)}"
        problem = link_problem(site, base, target)
        if problem:
            result.fail(problem)
    else:
        try:
            check_desktop(browser, site, base, page_name, shots, result)
            check_phone(browser, base, page_name, shots, result)
        except PlaywrightError as error:  # a timeout or crash is a failure of this page, not of the run
            result.fail(f"could not be checked: {type(error).__name__}: {str(error).splitlines()[0]}")
    result.seconds = time.perf_counter() - started
    return result


def check_search(browser: Any, base: str, query: str) -> tuple[list[str], list[str]]:
    """Run `query` through the theme's search page; return (pages found, failures)."""
    url = f"{base}search.html?q={urllib.parse.quote(query)}"
    context, page, seen = open_page(browser, base, url, DESKTOP, phone=False)
    try:
        page.wait_for_function(SEARCH_DONE_JS, timeout=TIMEOUT_MS)
        found = sorted({url_name(base, u).split("#")[0].split("?")[0] for u in page.evaluate(SEARCH_RESULTS_JS)})
        probe = PageResult(f"search {query!r}")
        record_traffic(probe, base, seen)
    finally:
        context.close()
    failures = list(probe.failures)
    if not any(CHAPTER.match(name) for name in found):
        failures.append(f"search {query!r} found no chapter (found: {found or 'nothing'})")
    return found, failures


def axe_counts(result: PageResult) -> str:
    """axe-core's violations of a page by impact: critical/serious/moderate/minor ('-' for a redirect page)."""
    if result.note:
        return "-"
    return "/".join(str(result.axe[impact]) for impact in IMPACTS)


def kib(size: int) -> str:
    """A byte count as KiB with one decimal."""
    return f"{size / 1024:,.1f} KiB"


def summary(results: list[PageResult], searches: dict[str, list[str]], seconds: float) -> str:
    """The table of pages, the search results and the totals, as plain text."""
    header = (f"{'page':34} {'result':6} {'req':>4} {'transfer':>12} {'gzipped':>12} {'links':>6} {'ext':>4} "
              f"{'img':>4} {'phone px':>8} {'axe c/s/m/m':>11} {'s':>5}")
    rows = [header]
    for r in results:
        status = "FAIL" if r.failures else "ok"
        phone = str(r.phone_width) if r.phone_width else "-"
        rows.append(f"{r.page:34} {status:6} {r.requests:>4} {kib(r.transfer):>12} {kib(r.gzipped):>12} "
                    f"{r.links:>6} {r.external:>4} {r.images:>4} {phone:>8} {axe_counts(r):>11} {r.seconds:>5.1f}"
                    + (f"  {r.note}" if r.note else ""))
    heaviest = max(results, key=lambda r: r.transfer)
    rows.append("")
    for query, found in searches.items():
        rows.append(f"search {query!r}: {', '.join(found) or 'nothing'}")
    rows.append(f"pages checked: {len(results)}; links checked: {sum(r.links for r in results)}; "
                f"requests to other hosts (each a failure): {sum(r.external for r in results)}")
    rows.append(f"heaviest page: {heaviest.page}, {kib(heaviest.transfer)} in {heaviest.requests} requests as served "
                f"here, uncompressed (about {kib(heaviest.gzipped)} from a server that gzips text) "
                f"(largest: {', '.join(f'{name} {kib(size)}' for size, name in heaviest.heaviest)})")
    totals = {impact: sum(r.axe[impact] for r in results) for impact in IMPACTS}
    rows.append("axe-core violations (rules, all pages): " + ", ".join(f"{k} {v}" for k, v in totals.items())
                + (f"; known theme ones: {sum(r.axe_known for r in results)} ({'; '.join(KNOWN_AXE)})" if KNOWN_AXE else ""))
    known = sum(r.known for r in results)
    if known:
        rows.append(f"known console errors ignored: {known} ({'; '.join(KNOWN_CONSOLE_ERRORS.values())})")
    rows.append(f"browser check took {seconds:.1f} s")
    return "\n".join(rows)


def searches_for(site: Path) -> tuple[str, ...]:
    """The queries the search page must answer with a chapter: the Chinese edition's own, or the English edition's."""
    html = (site / "search.html").read_text(encoding="utf-8", errors="replace") if (site / "search.html").is_file() else ""
    return ZH_SEARCHES if re.search(r'<html[^>]* lang="zh', html) else SEARCHES


def run(site: Path, shots: Path, search: bool) -> int:
    """Check the whole site; print the summary and every failure; return the exit code."""
    started = time.perf_counter()
    if shots.exists():
        shutil.rmtree(shots)  # no screenshot of a page that no longer exists
    shots.mkdir(parents=True)
    failures: list[str] = []
    searches: dict[str, list[str]] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            results = [check_page(browser, site, base, name, shots) for name in site_pages(site)]
            for query in searches_for(site) if search else ():
                try:
                    searches[query], problems = check_search(browser, base, query)
                except PlaywrightError as error:  # e.g. the search never finished: a failure, not a crash
                    searches[query], problems = [], [f"search {query!r} did not finish: {type(error).__name__}"]
                failures += [f"search.html: {p}" for p in problems]
        finally:
            browser.close()
    failures = [f"{r.page}: {f}" for r in results for f in r.failures] + failures
    print(summary(results, searches, time.perf_counter() - started))
    print(f"screenshots: {shots}")
    if failures:
        print(f"\n{len(failures)} failures:")
        print("\n".join(f"  {f}" for f in failures))
        return 1
    print("every page passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, check the prerequisites, run the check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "_build" / "html", help="the built site")
    parser.add_argument("--screenshots", type=Path, default=None,
                        help="where screenshots go (default: SITE/../screenshots)")
    parser.add_argument("--no-search", action="store_true", help="skip the search-page queries")
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()
    if not (site / "search.html").is_file() and not site_pages(site):
        print(f"no built site in {site}: run `make book` first", file=sys.stderr)
        return 2
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing: run `make setup` (hzbook system installs Debian's chromium)",
              file=sys.stderr)
        return 2
    if not AXE.is_file():
        print(f"{AXE} is missing: run `make setup` (it runs `npm ci`)", file=sys.stderr)
        return 2
    shots = (args.screenshots or site.parent / "screenshots").resolve()
    return run(site, shots, search=not args.no_search)


if __name__ == "__main__":
    sys.exit(main())
