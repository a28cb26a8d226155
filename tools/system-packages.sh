#!/usr/bin/env bash
# Installs the Debian packages the book needs when they are missing: a CJK font for the charts,
# Chromium for the browser check.
# Idempotent and quiet when everything is there already.
set -euo pipefail

need=()
if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then
  need+=(fonts-noto-cjk fontconfig)
fi
# Headless Chromium for the browser check (tools/browser_check.py drives /usr/bin/chromium through
# Playwright; Playwright's own browser download needs a network this machine does not have).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  need+=(chromium chromium-driver)
fi
# poppler-utils: pdfinfo and pdftoppm, to count and preview the pages of `make pdf`.
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${need[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
