"""The language of a chart: English and Chinese together (the English edition), or Chinese only.

The book's build sets HZBOOK_LANG=zh to execute the chapters for the Chinese edition. A chart's texts
are then made Chinese-only just before it is rendered: a bilingual text keeps its Chinese part
("Haizhu 海珠区" → "海珠区", a title's English line is dropped), an English-only text is looked up in
the chart catalog (locales/zh_CN/LC_MESSAGES/charts.po). A text with no translation raises, naming
it, unless HZBOOK_CHART_MISSING names a file to collect such texts in (`hzbook translate` does).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

LANGUAGE_VARIABLE = "HZBOOK_LANG"
CATALOG_VARIABLE = "HZBOOK_CHART_CATALOG"
MISSING_VARIABLE = "HZBOOK_CHART_MISSING"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z]{3,}")
"""An English word in a text that also has Chinese ("gap (亿元)"): such a text needs a translation too."""
IDENTIFIER = re.compile(r"^(?:[\w-]+[._:/][\w./:-]*|https?://\S+|[0-9a-f]{16,})$")
"""A claim id (2019.economy.gdp.growth), a column name with underscores, a path, an address or a hash: kept as it is."""
BILINGUAL = re.compile(r"^(?P<en>[A-Za-z][^\u3400-\u9fff]*?)\s+(?P<zh>[^\sA-Za-z]*[\u3400-\u9fff].*)$")


class UntranslatedChartText(LookupError):
    """A chart of the Chinese edition holds an English text that the chart catalog does not translate."""


def edition_language() -> str:
    """"zh" when the Chinese edition is being executed, else "en" (bilingual charts)."""
    return "zh" if os.environ.get(LANGUAGE_VARIABLE, "").lower().startswith("zh") else "en"


def catalog_file() -> Path:
    """The chart catalog: $HZBOOK_CHART_CATALOG, or locales/zh_CN/LC_MESSAGES/charts.po of the clone."""
    named = os.environ.get(CATALOG_VARIABLE)
    return Path(named) if named else Path(__file__).resolve().parent.parent / "locales" / "zh_CN" / "LC_MESSAGES" / "charts.po"


@lru_cache(maxsize=4)
def _catalog(path: Path, stamp: float) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def catalog() -> dict[str, str]:
    """The chart catalog's finished translations (empty if there is none yet)."""
    path = catalog_file()
    return _catalog(path, path.stat().st_mtime) if path.exists() else {}


def chinese(text: str) -> str:
    """A chart text for the Chinese edition (see the module's docstring)."""
    if "\n" in text:
        lines = text.split("\n")
        if any(CJK.search(line) for line in lines) and not all(CJK.search(line) for line in lines):
            lines = [line for line in lines if CJK.search(line)]
        return "\n".join(chinese(line) for line in lines)
    if not LATIN_WORD.search(text) or IDENTIFIER.match(text.strip()):
        return text
    found = catalog().get(text)  # a translation in the catalog wins, for a text with Chinese in it too
    if found:
        return found
    if CJK.search(text):
        both = BILINGUAL.match(text)
        if both and not both["zh"].startswith(("(", "（")) and not ENGLISH_WORD.search(both["zh"]):
            return both["zh"]  # "Haizhu 海珠区": the Chinese name; not "gap (亿元)", whose Chinese is only its unit,
            # nor an English sentence with a Chinese term in it ("firms of at least a 亿元 (…), implied by …")
        if not ENGLISH_WORD.search(text):
            return text  # "PM2.5年均浓度", "5G基站": Chinese with a symbol or an abbreviation
    missing = os.environ.get(MISSING_VARIABLE)
    if missing:
        with open(missing, "a", encoding="utf-8") as handle:
            handle.write(text.replace("\n", "\\n") + "\n")
        return text
    raise UntranslatedChartText(f"chart text without a Chinese translation in {catalog_file()}: {text!r} "
                                "(run `hzbook translate`, then translate it in the catalog)")


def localize(fig) -> None:  # type: ignore[no-untyped-def]
    """Make every text of a figure Chinese-only, tick labels included, when the edition is Chinese."""
    if edition_language() != "zh":
        return
    from matplotlib.text import Text
    from matplotlib.ticker import FuncFormatter

    for artist in fig.findobj(Text):
        artist.set_text(chinese(artist.get_text()))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which in ("major", "minor"):
                ticker = getattr(axis, which)
                old = ticker.formatter
                if getattr(old, "_hz_chinese", False):
                    continue
                new = FuncFormatter(lambda x, pos, old=old: chinese(old(x, pos)))
                new._hz_chinese = True  # type: ignore[attr-defined]
                new.set_locs = old.set_locs  # type: ignore[method-assign]  # the wrapped formatter still sees the tick locations
                new.axis = old.axis
                ticker.formatter = new
