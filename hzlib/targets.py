"""The report's 2020 main-indicators table (主要指标), exactly as printed, linked to the ledger."""
from __future__ import annotations

import re

import pandas as pd

from .store import DataStore, default_store

TABLE_TITLE = "2020 年海珠区经济社会发展计划主要指标"
HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)$")


def _target_kind(line: str) -> tuple[str, str]:
    """A row's target type and assigner: the table is titled 预期目标 (indicative, the district's own);
    a row to 完成市下达 / 省下达 targets (the energy row) is binding, assigned by the city or province.

    The report disagrees with itself on the energy row: the table says 市下达, section 2.5 says
    力争完成省下达的…双控目标. The table's word is kept here; data/README.md notes the other.
    """
    for word, assigner in (("市下达", "city"), ("省下达", "province")):
        if word in line:
            return "binding", assigner
    return "indicative", "district"


def targets_table(store: DataStore | None = None) -> pd.DataFrame:
    """One row per indicator: name and unit from the row header, 总量 and 增速 as printed, claim ids."""
    store = store or default_store()
    text = store.report
    start = text.text.index(TABLE_TITLE)
    lines = text.text[start:].split("\n")
    claims = store.claims
    rows = []
    offset = start + len(lines[0]) + 1
    for line in lines[1:]:
        if "\t" not in line:
            break
        cells = line.split("\t")
        end = offset + len(line)
        if cells[0] and cells[0] != "指标":
            header = HEADER_UNIT.match(cells[0])
            inside = claims[(claims["offset"] >= offset) & (claims["offset"] < end)].sort_values("offset")
            total = cells[1] if len(cells) > 1 else ""
            growth = cells[2] if len(cells) > 2 else ""
            target_type, assigned_by = _target_kind(line)
            rows.append({
                "indicator_zh": header["name"] if header else cells[0],
                "unit": header["unit"] if header else "",
                "total": total,
                "growth_pct": growth,
                "target_type": target_type,
                "assigned_by": assigned_by,
                "claim_ids": " ".join(inside["claim_id"]),
            })
        offset = end + 1
    return pd.DataFrame(rows).astype("string")
