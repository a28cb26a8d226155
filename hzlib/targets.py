"""The report's 2020 main-indicators table (主要指标), exactly as printed, linked to the ledger."""
from __future__ import annotations

import re

import pandas as pd

from .ledger import _claims
from .sources import report

TABLE_TITLE = "2020 年海珠区经济社会发展计划主要指标"
HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)$")


def targets_table() -> pd.DataFrame:
    """One row per indicator: name and unit from the row header, 总量 and 增速 as printed, claim ids."""
    text = report()
    start = text.text.index(TABLE_TITLE)
    lines = text.text[start:].split("\n")
    claims = _claims()
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
            rows.append({
                "indicator_zh": header["name"] if header else cells[0],
                "unit": header["unit"] if header else "",
                "total": total,
                "growth_pct": growth,
                "claim_ids": " ".join(inside["claim_id"]),
            })
        offset = end + 1
    return pd.DataFrame(rows).astype("string")
