"""Charts as SVG that no float noise can change: fixed-precision numbers and ids named in order.

matplotlib names a clip path after a hash of its rectangle at full float precision, while it writes
the rectangle rounded, so a difference in the last bit of a layout number (another CPU's SIMD path,
a font metric, a library's point release) changes the id but nothing that can be seen. Here every
number in an attribute is written with `DECIMALS` decimals (a hundredth of a point: far below what
a screen or a printer shows) and every id becomes `<slug>-<n>`, numbered in order of appearance,
with its `url(#…)` and `href="#…"` references rewritten to match.
"""
from __future__ import annotations

import re
import unicodedata

DECIMALS = 2
"""Decimals kept for every number in an SVG attribute (coordinates, sizes, transforms, styles)."""

_ATTRIBUTE = re.compile(r'(\s([\w:.-]+)=")([^"]*)(")')
# A number standing alone (not inside a name such as an id or a colour like #0072B2); a unit may follow.
_NUMBER = re.compile(r"(?<![\w#.-])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\d.])")
# Names, links (a data: URI's base64 holds digits) and the XML and SVG version numbers stay as written.
_UNNUMBERED = ("id", "href", "xlink:href", "version")
_ID = re.compile(r'\sid="([^"]+)"')


def _rounded(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def round_numbers(svg: str) -> str:
    """Write every number inside an attribute with at most `DECIMALS` decimals, and -0 as 0.

    Text between tags (the chart's labels, with svg.fonttype "none"), ids and links are left as they are.
    """
    def attribute(match: re.Match[str]) -> str:
        value = match.group(3) if match.group(2) in _UNNUMBERED else _NUMBER.sub(_rounded, match.group(3))
        return match.group(1) + value + match.group(4)

    return _ATTRIBUTE.sub(attribute, svg)


def slug(title: str, fallback: str = "chart") -> str:
    """A short ASCII id prefix made from a chart's title: 'GDP growth in 2019' -> 'gdp-growth-in-2019'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    text = "-".join(words)[:32].rstrip("-")
    return text if text and text[0].isalpha() else f"{fallback}-{text}".rstrip("-")


def renumber_ids(svg: str, prefix: str) -> str:
    """Rename every id to `<prefix>-<n>` in order of first appearance, and every reference with it."""
    names: dict[str, str] = {}
    for old in _ID.findall(svg):
        names.setdefault(old, f"{prefix}-{len(names) + 1}")
    if not names:
        return svg
    pattern = "|".join(re.escape(old) for old in sorted(names, key=len, reverse=True))
    svg = re.sub(rf'(\sid=")({pattern})(")', lambda m: m.group(1) + names[m.group(2)] + m.group(3), svg)
    svg = re.sub(rf"(url\(#)({pattern})(\))", lambda m: m.group(1) + names[m.group(2)] + m.group(3), svg)
    return re.sub(rf'(href="#)({pattern})(")', lambda m: m.group(1) + names[m.group(2)] + m.group(3), svg)


def stabilise(svg: str, prefix: str) -> str:
    """The SVG with fixed-precision numbers and ids `<prefix>-1`, `<prefix>-2`, …"""
    return renumber_ids(round_numbers(svg), prefix)
