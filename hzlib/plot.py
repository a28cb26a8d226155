"""House style for the book's charts: a real CJK font, a colour-blind-safe palette, a source line.

Imported lazily (`hzlib.plot`), so `import hzlib` does not pay for matplotlib.
"""
from __future__ import annotations

import itertools
import subprocess
from collections.abc import Iterable, Sequence
from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import language, svg

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "WenQuanYi Micro Hei", "Source Han Sans SC")
# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
HAIZHU, BENCHMARK, MUTED = PALETTE[0], PALETTE[1], "#999999"
LANGS = ("en", "zh", "both")


class MixedBasesError(ValueError):
    """A chart would put figures of different price bases (real, nominal, same coverage) side by side."""


class FontMissingError(RuntimeError):
    """No font with Chinese glyphs is installed: the charts would show empty boxes."""


@cache
def cjk_font() -> str:
    """Family name of an installed CJK font, registering fontconfig's fonts if matplotlib missed them."""
    found = _known_cjk()
    if found:
        return found
    for path in _fontconfig_cjk_files():
        font_manager.fontManager.addfont(path)
    found = _known_cjk()
    if not found:
        raise FontMissingError(
            "no CJK font found (looked for " + ", ".join(CJK_FAMILIES) + "): run `make setup`, "
            "which installs Debian's fonts-noto-cjk, then restart the kernel"
        )
    return found


def _known_cjk() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def _fontconfig_cjk_files() -> list[str]:
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return []
    return sorted({line.split(":")[0].strip() for line in listing.splitlines() if line.strip()})


def house_style() -> None:
    """Apply the book's look to matplotlib and pandas, and make figure output byte-stable."""
    mpl.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font(), "DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts often lack U+2212
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.labelsize": 11,
        "xtick.labelsize": 10.5,
        "ytick.labelsize": 10.5,
        "legend.fontsize": 10,
        "legend.frameon": False,
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "savefig.bbox": "tight",
        "figure.constrained_layout.use": True,
        "svg.hashsalt": "haizhu-2019",
        "svg.fonttype": "none",
    })
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", None)  # no text cut off with "..."
    _stable_inline_figures()


SVG_METADATA = {"Date": None, "Creator": None}
_figure_numbers = itertools.count(1)


def _stable_inline_figures() -> None:
    """In a notebook, store figures as SVG with text kept as text, no date, and stable numbers and ids.

    SVG is a tenth of a 2x PNG's weight on the heaviest page, stays sharp when a phone zooms, and
    nbval compares it (it skips PNG): a changed chart fails a test like a changed table.
    """
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        set_matplotlib_formats("svg", metadata=SVG_METADATA)
        shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, figure_svg)
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def frame_html(frame: pd.DataFrame) -> str | None:
    """pandas' notebook HTML of a table, its empty header cells (the corner above the index) as `<td>`.

    A `<th>` without text is a header that names nothing: screen readers announce it and axe-core
    flags it (`empty-table-header`); an empty corner is a data cell, as WCAG's technique H63 has it.
    None when pandas itself gives no HTML (`display.notebook_repr_html` off).
    """
    html = frame._repr_html_()
    return None if html is None else html.replace("<th></th>", "<td></td>")


def figure_svg(fig: Figure, prefix: str | None = None) -> str | None:
    """The figure as SVG that does not depend on a float's last bits (see `hzlib.svg`).

    Its ids are `<prefix>-<n>`; by default the prefix is `fig<k>-<title slug>`, k counting the
    figures drawn in this process, so that several charts on one page never share an id.
    None for an empty figure, as IPython does.
    """
    from io import StringIO

    if not fig.axes and not fig.lines:
        return None
    prefix = prefix or f"fig{next(_figure_numbers)}-{svg.slug(figure_title(fig))}"
    language.localize(fig)  # the Chinese edition's charts are Chinese only (hzlib.language)
    buffer = StringIO()
    fig.canvas.print_figure(buffer, format="svg", bbox_inches="tight", dpi=fig.dpi, metadata=SVG_METADATA,
                            facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor())
    return svg.stabilise(buffer.getvalue(), prefix)


def figure_title(fig: Figure) -> str:
    """The figure's title: its suptitle, else the first axes title found (left, then centre)."""
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    for ax in fig.get_axes():
        for loc in ("left", "center"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return ""


def label(row: pd.Series | dict[str, object], lang: str = "both") -> str:
    """A claim's indicator as a chart label: English, Chinese, or both on two lines."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    en, zh = str(row["indicator_en"]), str(row["indicator_zh"])
    return {"en": en, "zh": zh, "both": f"{en}\n{zh}"}[lang]


def check_bases(claim_ids: Iterable[str], allow_mixed_bases: bool = False, context_ids: Iterable[str] = ()) -> None:
    """Refuse figures of different price bases on one chart: a real growth rate beside a nominal one
    measures two different things. Claims and context figures (`context_ids`) are checked together.
    `allow_mixed_bases=True` when the chapter says why it is right."""
    from .ledger import claims

    frame = claims()
    frame = frame[frame["claim_id"].isin(list(claim_ids)) & frame["basis"].isin(["real", "nominal", "same_coverage"])]
    groups: dict[str, list[str]] = frame.groupby("basis")["claim_id"].apply(list).to_dict()
    context_ids = list(context_ids)
    if context_ids:
        from .context import context

        ctx = context()
        ctx = ctx[ctx["context_id"].isin(context_ids) & ctx["basis"].isin(["real", "nominal", "same_coverage"])]
        for basis, ids in ctx.groupby("basis")["context_id"].apply(list).items():
            groups.setdefault(str(basis), []).extend(ids)
    if len(groups) > 1 and not allow_mixed_bases:
        listing = "; ".join(f"{basis}: {', '.join(ids)}" for basis, ids in sorted(groups.items()))
        raise MixedBasesError(f"one chart would mix price bases ({listing}); chart them apart, or pass "
                              "allow_mixed_bases=True and say in the text why the comparison holds")


def context_sources(context_ids: Iterable[str]) -> list[str]:
    """One line per source of the given context figures: publisher, date, address (in order of first use)."""
    from .context import context

    ctx = context().set_index("context_id")
    ids = list(dict.fromkeys(context_ids))
    unknown = [i for i in ids if i not in ctx.index]
    if unknown:
        raise KeyError(f"not context ids of data/context.csv: {', '.join(unknown)}")
    lines: list[str] = []
    for i in ids:
        row = ctx.loc[i]
        line = f"{row['source_publisher']}, {row['source_date']}, {row['source_url']}"
        if line not in lines:
            lines.append(line)
    return lines


REPORT_SOURCE = "海珠区发展和改革局, 2020-09-09"
"""The report's publisher (Haizhu District Development and Reform Bureau) and date, as a source line names them."""


def source_text(section: str | None, context_ids: Iterable[str] = ()) -> str:
    """The one-line source of a chart: "Source: 海珠区发展和改革局, 2020-09-09, §1.4", and for figures
    of `data/context.csv` their publishers and dates (their addresses are in the chapter's context table)."""
    zh = language.edition_language() == "zh"
    parts = []
    if section:
        where = f"§{section}" if section[:1].isdigit() else section
        parts.append(f"资料来源：{REPORT_SOURCE}，{where}" if zh else f"Source: {REPORT_SOURCE}, {where}")
    context_ids = list(context_ids)
    if context_ids:
        from .context import context

        ctx = context().set_index("context_id")
        context_sources(context_ids)  # raises KeyError naming unknown ids
        publishers = dict.fromkeys(f"{_short(ctx.at[i, 'source_publisher'])}, {ctx.at[i, 'source_date']}" for i in context_ids)
        if zh:
            parts.append(("非报告数据：" if section else "资料来源（非报告数据）：") + "；".join(publishers))
        else:
            parts.append(("not from the report: " if section else "Source (not from the report): ") + "; ".join(publishers))
    return ("；" if zh else "; ").join(parts)


def _short(publisher: str) -> str:
    """A publisher's name without its English gloss: "海珠区人民政府办公室 (Haizhu …)" -> "海珠区人民政府办公室"."""
    return publisher.split(" (", 1)[0]


def text_width(text: str) -> int:
    """Width of a line in Latin characters: a CJK character is as wide as two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def source_line(fig: Figure, section: str | None, claim_ids: Iterable[str], width: int = 130,
                allow_mixed_bases: bool = False, context_ids: Iterable[str] = ()) -> None:
    """Write one short line under the figure saying where its numbers come from (`source_text`).

    `section` is a section id ("1.1", "1.3 and 2.T") or words ("every section"), None for a chart of
    context figures only. `claim_ids` name the figures drawn: they are not printed (the chapter's
    folded table and download list them) but checked, so that figures of different price bases
    raise MixedBasesError unless `allow_mixed_bases` (see `check_bases`). A source longer than
    `width` characters raises ValueError: a source line is one line.
    """
    claim_ids, context_ids = list(claim_ids), list(context_ids)
    check_bases(claim_ids, allow_mixed_bases, context_ids)
    text = source_text(section, context_ids)
    if text_width(text) > width:
        raise ValueError(f"a chart's source line is one line of at most {width} characters; this one has "
                         f"{text_width(text)}: {text!r}")
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=8, color="#555555")


def barh(
    data: pd.DataFrame,
    *,
    value: str = "value",
    labels: Sequence[str],
    title: str,
    xlabel: str,
    colors: Sequence[str] | None = None,
    fmt: str = "{:,.2f}",
) -> tuple[Figure, Axes]:
    """Horizontal bars with the value printed at each bar's end (readable on a phone)."""
    height = 0.8 + 0.55 * len(data)
    fig, ax = plt.subplots(figsize=(7.5, height), layout="constrained")
    bars = ax.barh(list(labels), data[value], color=list(colors) if colors else HAIZHU)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[fmt.format(v) for v in data[value]], padding=3, fontsize=9)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.margins(x=0.15)
    return fig, ax


def alt_text(fig: Figure) -> str:
    """A description of a chart for readers who cannot see it: its title and its axes."""
    parts = []
    title = fig._suptitle.get_text() if fig._suptitle else ""
    for ax in fig.get_axes():
        heading = " ".join(t for t in (ax.get_title("left"), ax.get_title()) if t)
        axes = "; ".join(f"{name} axis: {label}" for name, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if label)
        if heading or axes:
            parts.append(" — ".join(p for p in (heading.replace("\n", " / "), axes) if p))
    text = ". ".join(p for p in [title.replace("\n", " / "), *parts] if p)
    return f"Chart: {text}." if text else "Chart."


def show(fig: Figure | None = None) -> None:
    """Display a figure with alt text (its title and axes) in its output's metadata, then close it.

    `hzbook execute` copies that alt text into the cell's metadata, where the book reads it.
    """
    from IPython import get_ipython
    from IPython.display import display

    fig = fig or plt.gcf()
    shell = get_ipython()
    if shell is None:
        plt.show()
        return
    data, metadata = shell.display_formatter.format(fig)
    for mime in ("image/png", "image/svg+xml"):
        if mime in data:
            metadata.setdefault(mime, {})["alt"] = alt_text(fig)
    display(data, raw=True, metadata=metadata)
    plt.close(fig)
