#!/usr/bin/env bash
# Installs the Debian packages the book needs when they are missing: a CJK font for the charts.
# Idempotent and quiet when everything is there already.
set -euo pipefail

need=()
if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then
  need+=(fonts-noto-cjk fontconfig)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${need[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
