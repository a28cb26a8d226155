"""The house style: a real CJK font, and charts that describe themselves for readers who cannot see them."""
from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from hzlib import plot, svg  # noqa: E402


def test_house_style_uses_an_installed_cjk_font() -> None:
    plot.house_style()
    assert plot.cjk_font() in plot.CJK_FAMILIES
    assert matplotlib.rcParams["font.sans-serif"][0] == plot.cjk_font()
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_alt_text_names_title_and_axes() -> None:
    fig, ax = plt.subplots()
    ax.set_title("GDP growth\n地区生产总值增速", loc="left")
    ax.set_xlabel("growth (%)")
    ax.set_ylabel("district")
    assert plot.alt_text(fig) == "Chart: GDP growth / 地区生产总值增速 — x axis: growth (%); y axis: district."
    plt.close(fig)


def test_label_offers_english_chinese_or_both() -> None:
    row = {"indicator_en": "GDP growth", "indicator_zh": "地区生产总值增速"}
    assert plot.label(row, "en") == "GDP growth"
    assert plot.label(row, "zh") == "地区生产总值增速"
    assert plot.label(row) == "GDP growth\n地区生产总值增速"


def _chart(width: float, height: float) -> plt.Figure:
    """A chart like the book's: bars with labels, a title, constrained layout, clipped axes."""
    plot.house_style()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    bars = ax.barh(["Haizhu 海珠区", "Guangzhou 全市"], [7.6, 6.8], color=plot.HAIZHU)
    ax.bar_label(bars, labels=["7.6%", "6.8%"])
    ax.plot([0, 7.6], [0, 1], marker="o")
    ax.set_title("GDP growth in 2019\n地区生产总值增速", loc="left")
    return fig


def _raw_svg(fig: plt.Figure) -> str:
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata=plot.SVG_METADATA)
    return buffer.getvalue()


def test_a_chart_one_ulp_larger_gives_the_same_svg_bytes() -> None:
    width, height = 7.5, 4.2
    first, second = _chart(width, height), _chart(np.nextafter(width, np.inf), np.nextafter(height, np.inf))
    # matplotlib alone names clip paths after full-precision floats: without hzlib.svg the bytes differ.
    assert _raw_svg(first) != _raw_svg(second), "matplotlib's own SVG no longer varies: this test proves nothing"
    assert plot.figure_svg(first, "chart") == plot.figure_svg(second, "chart")
    plt.close("all")


def test_chart_ids_are_numbered_after_the_title_and_every_reference_follows() -> None:
    text = plot.figure_svg(_chart(7.5, 4.2), prefix=None)
    plt.close("all")
    assert text is not None
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"fig\d+-gdp-growth-in-2019-\d+", name) for name in ids), ids
    references = set(re.findall(r'url\(#([^)]+)\)', text)) | set(re.findall(r'href="#([^"]+)"', text))
    assert references and references <= set(ids)
    assert not re.search(r'="[^"]*\d\.\d{3}', text), "an attribute keeps more than two decimals"


def test_rounding_touches_attributes_and_never_the_drawn_text() -> None:
    raw = ('<?xml version="1.0" encoding="utf-8"?><svg width="548.39952pt" version="1.1"><g id="p0a1.5">'
           '<path d="M 54.567891 -0.0001 L 1.5 -0 z" style="fill: #0072B2"/>'
           '<text x="3.14159" style="font: 10.123px">1027.102804</text><image xlink:href="data:image/png;base64,a/0072.5"/></g>')
    assert svg.round_numbers(raw) == (
        '<?xml version="1.0" encoding="utf-8"?><svg width="548.4pt" version="1.1"><g id="p0a1.5">'
        '<path d="M 54.57 0 L 1.5 0 z" style="fill: #0072B2"/>'
        '<text x="3.14" style="font: 10.12px">1027.102804</text><image xlink:href="data:image/png;base64,a/0072.5"/></g>')


def test_renumbering_rewrites_ids_and_both_kinds_of_reference() -> None:
    raw = ('<defs><clipPath id="p1a2b"><rect/></clipPath><path id="m9f"/></defs>'
           '<g clip-path="url(#p1a2b)"><use xlink:href="#m9f"/><use href="#m9f"/></g>')
    assert svg.renumber_ids(raw, "gdp") == (
        '<defs><clipPath id="gdp-1"><rect/></clipPath><path id="gdp-2"/></defs>'
        '<g clip-path="url(#gdp-1)"><use xlink:href="#gdp-2"/><use href="#gdp-2"/></g>')


def test_slug_keeps_the_ascii_words_of_a_title() -> None:
    assert svg.slug("GDP growth in 2019: Haizhu\n2019 年地区生产总值增速") == "gdp-growth-in-2019-haizhu-2019"
    assert svg.slug("地区生产总值增速") == "chart"
    assert svg.slug("2019 年") == "chart-2019"


def test_a_chart_refuses_to_mix_price_bases_unless_told() -> None:
    fig, _ = plt.subplots()
    real, same_coverage = "2019.economy.gdp.growth", "2019.consumption.retail_sales.growth"
    with pytest.raises(plot.MixedBasesError) as error:
        plot.source_line(fig, "1.1", [real, same_coverage])
    assert str(error.value) == (
        f"one chart would mix price bases (real: {real}; same_coverage: {same_coverage}); chart them apart, or pass "
        "allow_mixed_bases=True and say in the text why the comparison holds")
    plot.source_line(fig, "1.1", [real, same_coverage], allow_mixed_bases=True)
    plot.source_line(fig, "1.1", [real, "2019.guangzhou.gdp.growth", "2019.business.market_entities.count"])
    plt.close(fig)


def test_tables_have_no_empty_header_cell() -> None:
    """The corner above a DataFrame's index is a data cell, not a header naming nothing (axe-core:
    empty-table-header); the headers themselves stay headers."""
    import pandas as pd

    from hzlib.plot import frame_html

    for frame in (pd.DataFrame({"value": [7.6, 11.4]}), pd.DataFrame({"value": [7.6]}, index=pd.Index(["gdp"], name="id"))):
        html = frame_html(frame)
        assert html is not None and "<th></th>" not in html and "<td></td>" in html
        assert "<th>value</th>" in html
