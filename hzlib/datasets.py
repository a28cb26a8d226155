"""The published tables by name, as `data/clean/` holds them: `list_datasets()` and `load(name)`.

Like vega_datasets or statsmodels.datasets, one registry names the datasets: the table schemas of
`hzlib.schema.TABLES`. `load(name)` gives the table with exactly the columns (and order) of its CSV
in `data/clean/`; an unknown name is an error that lists the valid ones.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable

import pandas as pd

from .relations import referenced_ids
from .schema import TABLES
from .store import default_store
from .targets import targets_table


class UnknownDatasetError(LookupError):
    """Raised by `load()` for a name that is not in `list_datasets()`."""


def list_datasets() -> list[str]:
    """The names of the published tables, in the order `data/clean/` and the workbook list them."""
    return list(TABLES)


def load(name: str) -> pd.DataFrame:
    """One published table by name (see `list_datasets()`), with the columns of its schema, in order."""
    if name not in TABLES:
        close = difflib.get_close_matches(name, TABLES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownDatasetError(f"no dataset {name!r}{hint}; valid names: {', '.join(TABLES)}")
    return _BUILDERS[name]()[list(TABLES[name].columns)]


def _relations() -> pd.DataFrame:
    """The relations as published: stated and computed as text (a number, True or empty), as in the CSV."""
    table = default_store().relations.copy()
    table["stated"] = table["stated"].astype("string")
    table["computed"] = table["computed"].astype("string")
    return table


def _links(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (key, claim id) of a table whose `claim_ids` column lists claims, space-separated."""
    pairs = [(row[key], claim_id) for _, row in table.iterrows() for claim_id in str(row["claim_ids"] or "").split()]
    return pd.DataFrame(pairs, columns=[key, "claim_id"]).astype("string")


def _relation_claims() -> pd.DataFrame:
    """The claims each relation uses, and whether each enters its expression or is the figure it states."""
    relation_table = default_store().relations
    links = _links(relation_table, "relation_id")
    used = {r: set(referenced_ids(e)) for r, e in zip(relation_table["relation_id"], relation_table["expression"], strict=True)}
    links["role"] = ["expression" if c in used[r] else "stated" for r, c in zip(links["relation_id"], links["claim_id"], strict=True)]
    return links


_BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "claims": lambda: default_store().claims.copy(),
    "sections": lambda: default_store().report.sections.copy(),
    "relations": _relations,
    "targets_2020": targets_table,
    "relation_claims": _relation_claims,
    "target_claims": lambda: _links(targets_table(), "indicator_zh"),
    "context": lambda: default_store().context.copy(),
}
