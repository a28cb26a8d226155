"""What every chapter shows: its claims as a table, its relations checked (raising on a mismatch)."""
from __future__ import annotations

import pandas as pd

from .ledger import claims
from .relations import relations

CLAIM_TABLE_COLUMNS = ["indicator_en", "indicator_zh", "value", "unit", "qualifier", "period", "claim_id"]
RELATION_TABLE_COLUMNS = ["relation_id", "kind", "description", "stated", "computed", "tolerance", "unit", "verdict"]


class RelationMismatchError(AssertionError):
    """A relation of the report no longer gives the verdict its curator recorded."""


def claims_table(section: str) -> pd.DataFrame:
    """All claims of one section, in report order, with the columns a reader needs."""
    frame = claims()
    frame = frame[frame["section"] == section].sort_values("offset")
    return frame[CLAIM_TABLE_COLUMNS].reset_index(drop=True)


def checked_relations(section: str) -> pd.DataFrame:
    """The section's relations, stated vs computed; raise RelationMismatchError if a verdict changed."""
    frame = relations(section)
    wrong = frame[frame["verdict"] != frame["expected"]]
    if not wrong.empty:
        lines = [f"{r.relation_id}: expected {r.expected}, got {r.verdict} (stated {r.stated}, computed {r.computed})"
                 for r in wrong.itertuples()]
        raise RelationMismatchError("relations of section " + section + " changed:\n" + "\n".join(lines))
    return frame[RELATION_TABLE_COLUMNS]


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
