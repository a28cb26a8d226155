"""Page weight: the bytes a first visit to a page of the built book downloads from the site.

Weight = the HTML file + every local file it loads (scripts, style sheets, images, icons) + the
files those style sheets load (fonts, @import), each counted once. External URLs (MathJax comes
from a CDN) are not counted: the machine is offline and the book does not serve them.
"""
from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
LOADED_TAGS = {"script": "src", "img": "src", "source": "src", "video": "poster"}
LOADED_LINKS = {"stylesheet", "icon", "shortcut icon", "preload", "modulepreload"}


class _Loads(html.parser.HTMLParser):
    """Collect what a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in LOADED_TAGS and found.get(LOADED_TAGS[tag]):
            self.urls.append(str(found[LOADED_TAGS[tag]]))
        if tag == "link" and (found.get("rel") or "").lower() in LOADED_LINKS and found.get("href"):
            self.urls.append(str(found["href"]))


def _local(base: Path, url: str, site: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (base.parent / unquote(parts.path)).resolve()
    return target if target.is_file() and site.resolve() in target.parents else None


def page_weight(page: Path, site: Path) -> dict[str, object]:
    """Bytes of one page and of everything local it loads, with the count of files."""
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    files = {page.resolve()}
    pending = [f for f in (_local(page, u, site) for u in parser.urls) if f]
    while pending:
        file = pending.pop()
        if file in files:
            continue
        files.add(file)
        if file.suffix == ".css":
            text = file.read_text(encoding="utf-8", errors="replace")
            pending += [f for f in (_local(file, a or b, site) for a, b in CSS_URL.findall(text)) if f]
    return {"page": page.relative_to(site).as_posix(), "html_bytes": page.stat().st_size,
            "total_bytes": sum(f.stat().st_size for f in files), "files": len(files)}


def heaviest_page(site: Path) -> dict[str, object]:
    """The page of the site (search, index and error-report pages excluded) that weighs the most."""
    pages = [p for p in site.rglob("*.html") if not {"_static", "_sources", "reports"} & set(p.relative_to(site).parts)
             and p.name not in {"search.html", "genindex.html"}]
    if not pages:
        raise FileNotFoundError(f"no HTML pages under {site}: the build did not finish")
    return max((page_weight(p, site) for p in pages), key=lambda w: int(w["total_bytes"]))  # type: ignore[call-overload]
