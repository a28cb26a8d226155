"""The Debian packages the book needs, installed when missing: a CJK font, Chromium, poppler.

`hzbook system` (run by `make setup`) is quiet and does nothing when everything is there. The font
draws the charts' Chinese labels; Chromium runs the browser checks and prints the PDF (Playwright
drives it: its own browser download needs a network this machine may not have); poppler's pdfinfo
and pdftoppm count and preview the PDF's pages.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .chromium import CHROMIUM


def missing_packages() -> list[str]:
    """The Debian packages to install, none if everything is in place."""
    need: list[str] = []
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False) \
        if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        need += ["fonts-noto-cjk", "fontconfig"]
    if not CHROMIUM.is_file() or not shutil.which("chromedriver"):
        need += ["chromium", "chromium-driver"]
    if not shutil.which("pdftoppm") or not shutil.which("pdfinfo"):
        need += ["poppler-utils"]
    return need


def install() -> int:
    """Install what is missing with apt-get (through sudo unless root); 0 when done or nothing was needed."""
    need = missing_packages()
    if not need:
        return 0
    print(f"installing Debian packages: {' '.join(need)}", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *need], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["fc-cache", "-f"], capture_output=True, check=False)
    return 0
