"""Tables for readers: numbers at the report's precision, with their units, no NaN and no float noise.

A chapter computes with floats; what it shows is text made here, so that a table prints the same
digits on every machine and never more decimals than the report itself uses.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .numbers import SIGNED_ARABIC

SHOWN_DECIMALS = 2
"""Decimals a shown number keeps by default: the report's own finest precision (54.67 亿元, 7.6%)."""
MAX_SHOWN_DECIMALS = 3
"""The most any table shows: a computed check one digit finer than the figure it checks (367.354)."""


def number_text(value: object, decimals: int = SHOWN_DECIMALS) -> str:
    """A number as a reader sees it: thousands separators, `decimals` places, "" when missing.

    Integral values print without decimals (51, not 51.00): counts and ranks are whole numbers.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    decimals = min(decimals, MAX_SHOWN_DECIMALS)
    rounded = round(float(value), decimals) + 0.0  # + 0.0: -0.0 prints as 0
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{decimals}f}"


def written_decimals(as_written: str) -> int:
    """Decimals of a number as the report writes it: 2 for `124.80`, 0 for `47` or `千`."""
    text = as_written.strip()
    if SIGNED_ARABIC.match(text) and "." in text:
        return len(text.split(".", 1)[1])
    return 0


def figure_text(value: float, as_written: str, unit: str, qualifier: str = "") -> str:
    """A claim's figure as the report states it: qualifier, number at the report's precision, unit.

    `as_written` keeps the report's digits (124.80 stays 124.80); a Chinese numeral (千, 四) shows
    its value in digits. A decline keeps its minus sign: the ledger records 下降 2.5% as -2.5.
    """
    if SIGNED_ARABIC.match(as_written.strip()):
        decimals = written_decimals(as_written)
        number = f"{abs(value):,.{decimals}f}" if decimals else f"{abs(value):,.0f}"
        number = ("-" if value < 0 else "") + number
    else:
        number = number_text(value)
    figure = number + unit if unit == "%" else " ".join(part for part in (number, unit) if part)
    return f"{qualifier} {figure}" if qualifier else figure


def shown(frame: pd.DataFrame, decimals: int | Mapping[str, int] = SHOWN_DECIMALS,
          gloss: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of `frame` for display, all text: every number at `decimals` places (one number for all
    columns, or per column), booleans as yes/no, missing cells empty. The index is kept.

    `gloss` names the columns that only gloss another column's Chinese in English (an `indicator_en`
    beside its `indicator_zh`, the English reading of a Chinese clause): the English edition shows them,
    the Chinese edition (hzlib.language) drops them, since translated back they would repeat the Chinese.
    """
    glosses = list(gloss)
    unknown = [c for c in glosses if c not in frame.columns]
    if unknown:
        raise KeyError(f"gloss columns not in the table: {', '.join(map(str, unknown))}")
    out = frame.copy()
    if _edition_language() == "zh":
        out = out.drop(columns=glosses)
    for column in out.columns:
        places = decimals.get(column, SHOWN_DECIMALS) if isinstance(decimals, Mapping) else decimals
        out[column] = [_cell_text(v, places) for v in out[column].astype("object")]
    return _in_edition_language(out.astype("string"))


def _edition_language() -> str:
    from . import language

    return language.edition_language()


def _in_edition_language(frame: pd.DataFrame) -> pd.DataFrame:
    """In the Chinese edition (hzlib.language), headers and words of a shown table in Chinese only."""
    from . import language

    if language.edition_language() != "zh":
        return frame
    frame = frame.map(language.chinese)
    frame.columns = [language.chinese(str(c)) for c in frame.columns]
    if frame.index.inferred_type == "string":  # object, string or pandas 3's str dtype: index labels that are words
        frame.index = pd.Index([language.chinese(str(i)) for i in frame.index], name=frame.index.name)
    if isinstance(frame.index.name, str):  # the index's header ("plot ratio (floor area / land)")
        frame.index.name = language.chinese(frame.index.name)
    return frame


def localized(table: pd.DataFrame | pd.Series, cells: Iterable[str] | bool = (), index: bool = False) -> pd.DataFrame | pd.Series:
    """A table as it is in the English edition; in the Chinese edition (hzlib.language) its column headers,
    the cells of the columns named in `cells` (for a Series: its values, with `cells=True`) and, with
    `index`, its index labels in Chinese, through the chart catalog. For tables whose other columns hold
    names and codes that must stay as they are (the data dictionary's field names, types, vocabularies)."""
    from . import language

    if language.edition_language() != "zh":
        return table
    out = table.copy()
    if isinstance(out, pd.Series):
        if cells is True:
            out = out.map(lambda v: language.chinese(v) if isinstance(v, str) else v)
    else:
        for column in ([] if isinstance(cells, bool) else list(cells)):
            out[column] = out[column].map(lambda v: language.chinese(v) if isinstance(v, str) else v)
        out.columns = [language.chinese(str(c)) for c in out.columns]
    if index:
        out.index = [language.chinese(str(i)) for i in out.index]
    return out


def _cell_text(value: object, decimals: int) -> str:
    """One table cell as text: a number through `number_text`, a boolean as yes/no, missing as ""."""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return number_text(float(value), decimals)
    return "" if value is None or value is pd.NA or value is pd.NaT else str(value)
