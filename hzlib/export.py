"""Write the clean datasets: tidy CSVs, one XLSX workbook and a Frictionless datapackage.json.

Everything is built in a temporary folder beside the target and swapped in at the end, so a
failure (a data problem, a full disk) never leaves a half-written `data/clean/`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .ledger import CLAIM_COLUMNS, claims
from .paths import RAW_REPORT, data_dir, data_file
from .arithmetic import relations
from .sources import sections
from .targets import targets_table
from .vocab import UNITS
from .checks import verify

WORKBOOK = "haizhu-2019.xlsx"
FIXED_DATE = dt.datetime(2020, 9, 9)  # the report's date: keeps the workbook byte-identical

FIELD_DOCS: dict[str, str] = {
    "claim_id": "Stable dotted id of the claim, unique",
    "section": "Report section id (1.1 … 1.6, 2.0, 2.T, 2.1 … 2.6)",
    "period": "Period the figure refers to (2019, 2020H1, 2020-target, …)",
    "kind": "What sort of figure: level, count, growth, change_pp, share, rate, ratio, rank, duration",
    "indicator_zh": "What is measured, in the report's words",
    "indicator_en": "What is measured, in English",
    "value": "The figure as a number; a decline is negative",
    "unit": "Unit exactly as written after the number in the report",
    "qualifier": "超 (more than), 以上 (at least), 近 (nearly), … or empty",
    "as_written": "The number as the report writes it (Arabic digits or Chinese)",
    "quote": "Shortest verbatim excerpt of the cleaned report that states the figure",
    "note": "Curator's note",
    "base_value": "The value in base units (亿元 -> yuan, 万人 -> persons)",
    "base_unit": "The base unit of base_value",
    "title_zh": "Section title as the report writes it",
    "title_en": "Section title in English",
    "start": "Offset of the section's first character in the cleaned report",
    "end": "Offset just past the section's last character",
    "text": "The section's cleaned text",
    "relation_id": "Stable id of the relation",
    "description": "What the relation checks or derives",
    "expression": "Arithmetic over claim ids written {id}",
    "claim_ids": "Claim ids the relation uses, space-separated",
    "stated": "The figure the report states (compare: True)",
    "computed": "The figure computed from other claims",
    "difference": "stated minus computed",
    "verdict": "holds, fails or derived",
    "tolerance": "Largest difference the report's rounding allows",
    "expected": "The verdict the curator expects from independent arithmetic",
    "total": "总量 column of the table, as printed",
    "growth_pct": "增速 (%) column of the table, as printed",
}


def datasets() -> dict[str, pd.DataFrame]:
    """The tidy tables, by resource name, in the order they are written."""
    claim_table = claims()[[*CLAIM_COLUMNS, "base_value", "base_unit"]]
    section_table = sections()
    relation_table = relations()
    relation_table["stated"] = relation_table["stated"].astype("string")
    relation_table["computed"] = relation_table["computed"].astype("string")
    return {
        "claims": claim_table,
        "sections": section_table,
        "relations": relation_table,
        "targets_2020": targets_table(),
    }


def export(out: Path | None = None) -> list[Path]:
    """Verify the data, then write every file of `data/clean/` (or `out`) at once; return their paths."""
    verify()
    target = Path(out) if out else data_dir() / "clean"
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = datasets()
    staging = Path(tempfile.mkdtemp(prefix=".clean-", dir=target.parent))
    staging.chmod(0o755)
    try:
        for name, table in tables.items():
            table.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
        _write_workbook(tables, staging / WORKBOOK)
        (staging / "datapackage.json").write_text(
            json.dumps(_package(tables, staging), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(target.iterdir())


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# The header row's look, written by hzlib itself: pandas 3 no longer styles the header it writes,
# pandas 2 does, and the workbook must be the same bytes under both.
HEADER_FORMAT = {"bold": True, "border": 1, "align": "center", "valign": "top"}


def _write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        writer.book.set_properties({"title": "Haizhu 2019 plan report: claims and relations", "created": FIXED_DATE})
        header = writer.book.add_format(HEADER_FORMAT)
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name, index=False, header=False, startrow=1)
            sheet = writer.sheets[name]
            sheet.write_row(0, 0, [str(column) for column in table.columns], header)
            sheet.freeze_panes(1, 0)


def _package(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, object]:
    raw = data_file(RAW_REPORT).read_bytes()
    resources: list[dict[str, object]] = [
        {
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": "sha256:" + hashlib.sha256((folder / f"{name}.csv").read_bytes()).hexdigest(),
            "schema": {"fields": [_field(column, table[column]) for column in table.columns]},
        }
        for name, table in tables.items()
    ]
    claim_fields = resources[0]["schema"]["fields"]  # type: ignore[index]
    unit_field = next(f for f in claim_fields if f["name"] == "unit")
    unit_field["constraints"] = {"enum": list(UNITS)}
    unit_field["units"] = {unit: {"base_unit": base, "factor": factor} for unit, (base, factor) in UNITS.items()}
    for resource, name in zip(resources, tables, strict=True):
        if name in {"claims", "sections", "relations"}:
            resource["schema"]["primaryKey"] = {"claims": "claim_id", "sections": "section", "relations": "relation_id"}[name]  # type: ignore[index]
    resources.append({"name": "workbook", "path": WORKBOOK, "format": "xlsx",
                      "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "description": "All tables above as sheets of one workbook, for spreadsheet users"})
    return {
        "profile": "tabular-data-package",
        "name": "haizhu-2019-plan-report",
        "title": "Haizhu District 2019 plan report: every figure as verified data",
        "description": "Every quantitative statement of the Haizhu District (Guangzhou) Development and Reform "
                       "Bureau's report of 9 September 2020 on the 2019 plan and the 2020 draft plan, with the "
                       "verbatim quote it came from; the cleaned report by section; the report's own arithmetic.",
        "version": "0.1.0",
        "licenses": [{"name": "other-pd", "title": "Public government document; curated data offered for teaching and research, "
                      "cite the report and this book"}],
        "sources": [{"title": "广州市海珠区 2019 年国民经济和社会发展规划执行情况与 2020 年计划草案的报告 "
                     "(Haizhu District Development and Reform Bureau, 9 Sept 2020)",
                     "path": "data/raw/haizhu-2019-plan-report.txt",
                     "hash": "sha256:" + hashlib.sha256(raw).hexdigest()}],
        "resources": resources,
    }


def _field(name: str, column: pd.Series) -> dict[str, object]:
    kind = column.dtype.kind
    field_type = {"f": "number", "i": "integer", "b": "boolean"}.get(kind, "string")
    return {"name": name, "type": field_type, "description": FIELD_DOCS.get(name, name)}
