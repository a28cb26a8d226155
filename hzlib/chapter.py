"""The chapter toolkit: what every chapter shows (its claims, its checked relations, its commitments)
and how it glues numbers into prose. Shown tables are text at the report's precision (hzlib.tables)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from .ledger import claims
from .relations import relations
from .tables import figure_text, number_text, shown, written_decimals

SECTION_CLAIM_COLUMNS = ["claim_id", "indicator_en", "indicator_zh", "value", "unit", "qualifier", "as_written", "period",
                         "kind", "basis", "target_type", "assigned_by"]
CLAIM_TABLE_COLUMNS = ["indicator_en", "indicator_zh", "figure", "period", "basis", "claim_id"]
RELATION_TABLE_COLUMNS = ["relation_id", "description", "stated", "computed", "tolerance", "unit", "verdict"]


class RelationMismatchError(AssertionError):
    """A relation of the report no longer gives the verdict its curator recorded."""


def start(section: str) -> str:
    """A chapter's first call: set the house style and return the report section it presents, after
    checking that the section exists (a typo would otherwise show an empty chapter)."""
    from . import plot
    from .report import sections

    known = list(sections()["section"])
    if section not in known:
        raise ValueError(f"not a section of the report: {section!r}; sections: {', '.join(known)}")
    plot.house_style()
    return section


def section_claims(section: str) -> pd.DataFrame:
    """All claims of one section, in report order, as data (floats): what a chapter computes with."""
    frame = claims()
    frame = frame[frame["section"] == section].sort_values("offset")
    return frame[SECTION_CLAIM_COLUMNS].reset_index(drop=True)


def claims_table(section: str) -> pd.DataFrame:
    """All claims of one section, in report order, for reading: each figure as the report states it
    (qualifier, number at the report's precision, unit), its period and price basis, its claim id."""
    from .language import edition_language

    frame = section_claims(section)
    figures = [figure_text(r.value, r.as_written, r.unit, r.qualifier) for r in frame.itertuples()]
    columns = [c for c in CLAIM_TABLE_COLUMNS if not (c == "indicator_en" and edition_language() == "zh")]
    return shown(frame.assign(figure=figures)[columns])


def checked_relations(section: str) -> pd.DataFrame:
    """The section's relations, stated vs computed, for reading; raise RelationMismatchError if a
    verdict changed. Computed figures show one decimal more than the stated one they check."""
    frame = relations(section)
    wrong = frame[frame["verdict"] != frame["expected"]]
    if not wrong.empty:
        lines = [f"{r.relation_id}: expected {r.expected}, got {r.verdict} (stated {r.stated}, computed {r.computed})"
                 for r in wrong.itertuples()]
        raise RelationMismatchError("relations of section " + section + " changed:\n" + "\n".join(lines))
    return shown(frame[RELATION_TABLE_COLUMNS], {"stated": 2, "computed": 3, "tolerance": 3})


def values(*claim_ids: str) -> pd.Series:
    """Values of the given claims, indexed by claim id, in the order asked."""
    frame = claims().set_index("claim_id")
    return frame.loc[list(claim_ids), "value"]


CONTEXT_TABLE_COLUMNS = ["context_id", "indicator_en", "indicator_zh", "period", "value", "qualifier", "unit", "basis",
                         "source_publisher", "source_date", "source_url"]


def context_table(*context_ids: str) -> pd.DataFrame:
    """Figures of `data/context.csv` (not from the report), in the order asked, each with its source:
    publisher, date and address. Kept apart from `claims_table`, which reads the ledger only."""
    from .context import context

    frame = context().set_index("context_id")
    unknown = [i for i in context_ids if i not in frame.index]
    if unknown:
        raise KeyError(f"not context ids of data/context.csv: {', '.join(unknown)}")
    return frame.loc[list(context_ids)].reset_index()[CONTEXT_TABLE_COLUMNS]


def context_values(*context_ids: str) -> pd.Series:
    """Values of the given context figures, indexed by context id, in the order asked."""
    return context_table(*context_ids).set_index("context_id")["value"]


GLUE_DECIMALS = 4
"""Decimals a glued float keeps: more than the prose ever shows (2), too few for float noise to reach."""


def glue(name: str, value: object) -> None:
    """Glue a number for the chapter's prose ({glue:text}`name:.1f`), as a plain Python number.

    numpy scalars would be stored as `np.float64(7.6)`, which myst-nb cannot format; a float is
    rounded to `GLUE_DECIMALS`, so that its stored text (16.6667, not 16.666666666666675) does not
    depend on the last bits of the arithmetic that made it.
    """
    from myst_nb import glue as myst_glue

    number = value.item() if hasattr(value, "item") else value
    if isinstance(number, float):
        number = round(number, GLUE_DECIMALS) + 0.0  # + 0.0: -0.0 becomes 0.0
    myst_glue(name, number, display=False)


DEADLINES: dict[str, str] = {
    "2020-target": "end of 2020",
    "3y-target": "within three years",
    "5y-target": "within five years",
    "10y-target": "within ten years",
    "multiyear-target": "over several years",
    "2020": "in 2020 (a measure of the year, not a target)",
    "standing": "no date given (a stock at the report's date)",
}
"""A claim's period in words, for the commitment tables of the 2020 chapters."""

STRIVE = re.compile("力争|争取")
"""Words that make a commitment an aim (strive to, seek) rather than a firm promise."""


def clause(quote: str, text: str) -> str:
    """The clause of `text` that states `quote`: between the marks ，。；or line breaks around it."""
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"quote not in the text: {quote!r}")
    end = start + len(quote)
    after = [i for i in (text.find(mark, end) for mark in "，。；\n") if i >= 0]
    before = max(text.rfind(mark, 0, start) for mark in "，。；\n")
    return text[before + 1: min(after, default=len(text))]


def commitments(claim_ids: Iterable[str], bases: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """The 2020 plan's quantified commitments: target, deadline, firmness (力争/争取 in its clause: an
    aim; otherwise firm) and, where `bases` names the 2019 claim it builds on, that base and the change.

    The change is computed only when target and base share a base unit (万平方米 and 平方米 do;
    个 and 万人 do not); a percent change on a unit change would measure nothing.
    """
    from .report import sections

    texts = sections().set_index("section")["text"]
    ledger = claims().set_index("claim_id")
    bases = bases or {}
    rows = []
    for claim_id in claim_ids:
        target = ledger.loc[claim_id]
        base_id = bases.get(claim_id)
        row: dict[str, object] = {
            "claim_id": claim_id, "indicator_en": target["indicator_en"], "indicator_zh": target["indicator_zh"],
            "target": target["value"], "unit": target["unit"], "qualifier": target["qualifier"],
            "deadline": DEADLINES.get(target["period"], target["period"]),
            "firmness": "aim 力争" if STRIVE.search(clause(target["quote"], texts[target["section"]])) else "firm 明确",
            "base_id": base_id or "", "value_2019": float("nan"), "unit_2019": "",
            "change": float("nan"), "change_pct": float("nan"),
        }
        if base_id:
            base = ledger.loc[base_id]
            row.update(value_2019=base["value"], unit_2019=base["unit"])
            if base["base_unit"] == target["base_unit"]:
                scale = target["base_value"] / target["value"] if target["value"] else 1.0
                base_in_target_unit = base["base_value"] / scale
                row.update(change=target["value"] - base_in_target_unit,
                           change_pct=100 * (target["value"] / base_in_target_unit - 1))
        rows.append(row)
    return pd.DataFrame(rows)


def commitments_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A `commitments()` frame for reading: target and base as the report states them, change in %."""
    ledger = claims().set_index("claim_id")
    target = [figure_text(r.target, ledger.at[r.claim_id, "as_written"], r.unit, r.qualifier) for r in frame.itertuples()]
    base = [figure_text(r.value_2019, ledger.at[r.base_id, "as_written"], r.unit_2019, ledger.at[r.base_id, "qualifier"])
            if r.base_id else "" for r in frame.itertuples()]
    out = pd.DataFrame({"indicator": frame["indicator_en"] + " " + frame["indicator_zh"], "target": target,
                        "deadline": frame["deadline"], "firmness": frame["firmness"], "2019": base,
                        "change %": [number_text(v, 1) for v in frame["change_pct"]]})
    return shown(out)


def report_decimals(claim_ids: Iterable[str]) -> int:
    """The most decimals the report writes for any of these claims: the precision a result built
    from them may be shown at."""
    ledger = claims().set_index("claim_id")
    return max((written_decimals(ledger.at[i, "as_written"]) for i in claim_ids), default=0)
