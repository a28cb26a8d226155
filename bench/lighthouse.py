"""Lighthouse (npm `lighthouse`, installed by `make setup`) on three pages of the built book, served locally.

Usage: python -m bench.lighthouse [SITE] [--json FILE]
SITE defaults to _build/html. Each page (PAGES) is served from 127.0.0.1 by Python's http.server
(text gzip-compressed, as the book's hosts send it) and
audited by Lighthouse with its defaults (mobile, simulated throttling) in Debian's Chromium
(CHROME_PATH=/usr/bin/chromium, --headless=new --no-sandbox): the four category scores (0-100) and
the audits that cost points. It measures and prints; `make bench` records the scores in
bench/results.json with the targets (TARGETS) beside them. No test asserts a score: timings vary.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ("book/intro.html", "book/1-1-growth.html", "book/audit.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHAPTER_PAGES = ("book/1-1-growth.html",)  # the performance target is for chapter pages
# (category, lowest score accepted, pages it applies to: None for all)
TARGETS: tuple[tuple[str, int, tuple[str, ...] | None], ...] = (
    ("accessibility", 100, None), ("best-practices", 100, None), ("seo", 95, None), ("performance", 85, CHAPTER_PAGES),
)
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index", "total-byte-weight")
TIMEOUT_S = 300


COMPRESSED_TYPES = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Python's file server, quiet, and sending text gzip-compressed when the browser accepts it, as the
    book's hosts do (GitHub Pages, Read the Docs, any nginx): an uncompressed local server would make
    Lighthouse measure a transfer no reader has (and flag "enable text compression")."""

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's signature
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSED_TYPES
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            super().do_GET()
            return
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at an ephemeral port; yield the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def audit(url: str) -> dict[str, Any]:
    """One Lighthouse run: the four scores, a few metrics and the audits below full marks."""
    with tempfile.TemporaryDirectory(prefix="hz-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                   f"--only-categories={','.join(CATEGORIES)}"]
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url} (exit {done.returncode}): {done.stderr.strip()[-800:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    lost: dict[str, list[str]] = {}
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            found = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and found.get("score") is not None and found["score"] < 1:
                lost.setdefault(name, []).append(f"{ref['id']} ({found.get('displayValue') or found['score']})")
    metrics = {m: audits[m].get("numericValue") for m in METRICS if m in audits}
    return {"scores": scores, "metrics": metrics, "below_full_marks": lost,
            "lighthouse_version": data.get("lighthouseVersion"), "user_agent": data.get("environment", {}).get("hostUserAgent")}


def measure(site: Path, pages: tuple[str, ...] = PAGES) -> dict[str, Any]:
    """Lighthouse on each page of `site`; the scores per page and the targets checked."""
    if not LIGHTHOUSE.is_file():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `make setup` (it runs `npm ci`)")
    missing = [page for page in pages if not (site / page).is_file()]
    if missing:
        raise FileNotFoundError(f"{missing} not in {site}: run `make book`")
    found: dict[str, Any] = {}
    with serve(site) as base:
        for page in pages:
            found[page] = audit(base + page)
    return {"pages": found, "targets": targets(found)}


def targets(found: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target on each page it applies to: measured score, the lowest accepted, met or not."""
    rows = []
    for category, lowest, applies in TARGETS:
        for page, result in found.items():
            if applies is None or page in applies:
                score = result["scores"][category]
                rows.append({"what": f"Lighthouse {category}, {page}", "measured": score, "at_least": lowest,
                             "met": score >= lowest})
    return rows


def table(result: dict[str, Any]) -> str:
    """The scores as a plain-text table, then what cost points and the targets."""
    lines = [f"  {'page':28} " + " ".join(f"{c:>14}" for c in CATEGORIES) + "   LCP s   TBT ms   bytes"]
    for page, found in result["pages"].items():
        m = found["metrics"]
        lines.append(f"  {page:28} " + " ".join(f"{found['scores'][c]:>14}" for c in CATEGORIES)
                     + f"  {m.get('largest-contentful-paint', 0) / 1000:6.1f}  {m.get('total-blocking-time', 0):7.0f}"
                     f"  {m.get('total-byte-weight', 0):7.0f}")
    for page, found in result["pages"].items():
        for category, audits in found["below_full_marks"].items():
            lines.append(f"  {page} {category} lost points on: {', '.join(audits)}")
    for row in result["targets"]:
        lines.append(f"  target {row['what']} >= {row['at_least']}: {row['measured']} "
                     f"{'met' if row['met'] else 'NOT MET'}")
    version = next(iter(result["pages"].values()), {}).get("lighthouse_version")
    lines.append(f"  (Lighthouse {version}, mobile defaults, Chromium {CHROMIUM}, pages served from 127.0.0.1)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Measure and print; with --json, write the results too."""
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    try:
        result = measure(args.site.resolve())
    except (FileNotFoundError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return 1
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
