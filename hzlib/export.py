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

from .checks import verify
from .datasets import list_datasets, load
from .paths import RAW_REPORT
from .schema import TABLES, Table
from .store import default_store
from .version import __version__
from .vocab import CONTEXT_UNITS, UNITS

WORKBOOK = "haizhu-2019.xlsx"
UNIT_REGISTRIES = {"claims": UNITS, "context": CONTEXT_UNITS}  # each table's units with their base unit and factor
FIXED_DATE = dt.datetime(2020, 9, 9)  # the report's date: keeps the workbook byte-identical



def datasets() -> dict[str, pd.DataFrame]:
    """The tidy tables, by resource name, in the order they are written."""
    return {name: load(name) for name in list_datasets()}


def export(out: Path | None = None) -> list[Path]:
    """Verify the data, then write every file of `data/clean/` (or `out`) at once; return their paths."""
    verify()
    target = Path(out) if out else default_store().data_dir / "clean"
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
        writer.book.set_properties({"title": "Haizhu 2019 plan report: claims, relations and context", "created": FIXED_DATE})
        header = writer.book.add_format(HEADER_FORMAT)
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name, index=False, header=False, startrow=1)
            sheet = writer.sheets[name]
            sheet.write_row(0, 0, [str(column) for column in table.columns], header)
            sheet.freeze_panes(1, 0)


def _package(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, object]:
    raw = default_store().file(RAW_REPORT).read_bytes()
    resources: list[dict[str, object]] = [
        {
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": "sha256:" + hashlib.sha256((folder / f"{name}.csv").read_bytes()).hexdigest(),
            "schema": _schema(TABLES[name]),
        }
        for name, table in tables.items()
    ]
    workbook_hash = "sha256:" + hashlib.sha256((folder / WORKBOOK).read_bytes()).hexdigest()
    resources += [  # the workbook once per sheet, each sheet with its table's schema, so every resource is tabular
        {
            "name": f"workbook-{name.replace('_', '-')}",
            "path": WORKBOOK,
            "profile": "tabular-data-resource",
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "hash": workbook_hash,
            "dialect": {"excel": {"sheet": name}},
            "description": f"Sheet {name} of the workbook: the table {name}.csv, for spreadsheet users",
            "schema": _schema(TABLES[name]),
        }
        for name in tables
    ]
    return {
        "profile": "tabular-data-package",
        "name": "haizhu-2019-plan-report",
        "title": "Haizhu District 2019 plan report: every figure as verified data",
        "description": "Every quantitative statement of the Haizhu District (Guangzhou) Development and Reform "
                       "Bureau's report of 9 September 2020 on the 2019 plan and the 2020 draft plan, with the "
                       "verbatim quote it came from; the cleaned report by section; the report's own arithmetic; and, "
                       "apart from them, figures about Haizhu from other sources (context.csv), each with its source.",
        "version": __version__,  # pyproject.toml's, through hzlib.__version__
        "licenses": [{"name": "other-pd", "title": "Public government document; curated data offered for teaching and research, "
                      "cite the report and this book"}],
        "sources": [{"title": "广州市海珠区 2019 年国民经济和社会发展规划执行情况与 2020 年计划草案的报告 "
                     "(Haizhu District Development and Reform Bureau, 9 Sept 2020)",
                     "path": "data/raw/haizhu-2019-plan-report.txt",
                     "hash": "sha256:" + hashlib.sha256(raw).hexdigest()}],
        "resources": resources,
    }


def _schema(table: Table) -> dict[str, object]:
    """A Table Schema generated from hzlib.schema: types, descriptions, vocabularies and keys."""
    fields: list[dict[str, object]] = []
    for f in table.fields:
        spec: dict[str, object] = {"name": f.name, "type": f.type, "description": f.description}
        constraints: dict[str, object] = {}
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.required:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        if f.name == "unit" and table.name in UNIT_REGISTRIES:
            spec["units"] = {unit: {"base_unit": base, "factor": factor}
                             for unit, (base, factor) in UNIT_REGISTRIES[table.name].items()}
        fields.append(spec)
    schema: dict[str, object] = {"fields": fields}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key) if isinstance(table.primary_key, tuple) else table.primary_key
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": other.replace("_", "-"), "fields": key}}
                                 for column, other, key in table.foreign_keys]
    return schema
