"""The house style: a real CJK font, and charts that describe themselves for readers who cannot see them."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from hzlib import plot  # noqa: E402


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
