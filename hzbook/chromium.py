"""The browser every check and the PDF use: Debian's Chromium, headless, never one Playwright downloads.

Its path is written here once; `CHROMIUM=/path/to/chrome` in the environment overrides it.
"""
from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Offline and quiet: no first-run pages, no background fetches, no component updates, no QUIC.
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]


def missing_message() -> str:
    """What to do when Chromium is not where it is expected."""
    return f"Chromium not found at {CHROMIUM}: run `make setup` (it installs Debian's chromium), or set CHROMIUM to its path"
