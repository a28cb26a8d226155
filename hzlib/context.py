"""Context figures: what other sources (bulletins, work reports, the press) say about Haizhu, the city and beyond.

`data/context.csv` holds figures the report does not state: the 2019 GDP level, the 2020 outturns,
other districts, the city, the province, the nation. They are kept apart from the claims ledger on
purpose: the ledger records what the report says and is checked against its text; a context row
records what another publication says and is checked only against its own source (an address, a
date, a heading). Nothing here is read by `claims()` or `verify()`.
"""
from __future__ import annotations

import difflib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .csvfile import Row, read_rows
from .errors import DataError, Problem
from .numbers import finite_number
from .paths import CONTEXT
from .schema import CONTEXT as CONTEXT_TABLE
from .store import DataStore, default_store
from .vocab import BASES
from .vocab import CONTEXT_AUTHORITIES as AUTHORITIES
from .vocab import CONTEXT_GEOGRAPHIES as GEOGRAPHIES
from .vocab import CONTEXT_QUALIFIERS as QUALIFIERS
from .vocab import CONTEXT_UNITS as UNITS

CONTEXT_COLUMNS: tuple[str, ...] = CONTEXT_TABLE.curated_columns  # declared once, in hzlib.schema.CONTEXT
TEXT_COLUMNS = [c for c in CONTEXT_COLUMNS if c != "value"]

CONTEXT_ID = re.compile(r"^ctx(?:\.[a-z0-9_]+){3,}$")  # "ctx." first: never a claim id
CONTEXT_REF = re.compile(r"\bctx(?:\.[a-z0-9_]+){3,}")  # another row's id, named in a note
PERIOD = re.compile(r"^(?P<start>\d{4})(?:H1|H2|Q[1-4]|-(?P<end>\d{4}))?$")
YEAR_ONLY = re.compile(r"^\d{4}$")
URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+/\S*$")
INFERRED = "date inferred"


def check_context(rows: list[Row], file: str) -> tuple[list[Problem], list[dict[str, object]]]:
    """Every problem of the context rows, and the rows that passed, typed."""
    problems: list[Problem] = []
    good: list[dict[str, object]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        found = _check_row(row, file)
        cid = row.fields["context_id"]
        if cid in first_line:
            found.append(Problem(file, f"duplicate context_id, first used on line {first_line[cid]}", row.line,
                                 "context_id", cid, record="context"))
        first_line.setdefault(cid, row.line)
        problems += found
        if not found:
            good.append(_typed(row))
    problems += _dangling_references(rows, set(first_line), file)
    return problems, good


def _dangling_references(rows: list[Row], ids: set[str], file: str) -> list[Problem]:
    """A note that names another row ("two sources disagree: see ctx.…") must name one that exists."""
    problems = []
    for row in rows:
        for named in CONTEXT_REF.findall(row.fields["note"]):
            if named not in ids:
                problems.append(Problem(file, f"names {named}, which is not a context_id of this file", row.line,
                                        "note", row.fields["context_id"] or None, record="context"))
    return problems


def _check_row(row: Row, file: str) -> list[Problem]:
    f = row.fields

    def problem(column: str, message: str) -> Problem:
        return Problem(file, message, row.line, column, f["context_id"] or None, record="context")

    problems: list[Problem] = []
    if not CONTEXT_ID.match(f["context_id"]):
        problems.append(problem("context_id", "must be a dotted lowercase slug starting with ctx., such as ctx.haizhu.2020.gdp.level"))
    problems += _vocabulary(f, problem)
    for column in ("indicator_zh", "indicator_en", "source_title", "source_publisher", "source_heading"):
        if not f[column].strip():
            problems.append(problem(column, "is empty"))
    period = PERIOD.match(f["period"])
    if not period:
        problems.append(problem("period", f"unknown period {f['period']!r}; valid forms: 2019, 2019H1, 2019Q3, 2016-2020"))
    value = finite_number(f["value"])
    if value is None:
        problems.append(problem("value", f"is {'empty' if not f['value'].strip() else 'not a number: ' + repr(f['value'])}"))
    if not URL.match(f["source_url"]):
        problems.append(problem("source_url", f"is {'empty' if not f['source_url'].strip() else 'not a web address: ' + repr(f['source_url'])}"
                                "; every figure needs the address it was read at"))
    published = _date(f["source_date"])
    if published is None:
        problems.append(problem("source_date", f"is {'empty' if not f['source_date'].strip() else repr(f['source_date'])}: "
                                "write the date of the source as an ISO date (2021-02-09), or its year alone (2021) with a note"))
    elif YEAR_ONLY.match(f["source_date"]) and INFERRED not in f["note"]:
        problems.append(problem("note", f"must say how the year-only source_date {f['source_date']} was found ('{INFERRED}: …')"))
    if period and published is not None:
        last = int(period["end"] or period["start"])
        if last > published:
            problems.append(problem("period", f"is {f['period']}, after the source's date {f['source_date']}: a source cannot report it"))
    return problems


def _vocabulary(f: dict[str, str], problem) -> list[Problem]:  # type: ignore[no-untyped-def]
    """The columns whose values come from a closed list, each checked against it."""
    problems: list[Problem] = []
    for column, allowed in (("geography", GEOGRAPHIES), ("basis", tuple(BASES)), ("authority", tuple(AUTHORITIES)),
                            ("unit", tuple(UNITS)), ("qualifier", QUALIFIERS)):
        if f[column] not in allowed:
            close = difflib.get_close_matches(f[column], allowed, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.append(problem(column, f"unknown {column} {f[column]!r}{hint}; valid: {', '.join(a for a in allowed if a)}"))
    return problems


def _date(text: str) -> int | None:
    """The year of an ISO date (2021-02-09) or of a year alone (2021); None if it is neither."""
    if YEAR_ONLY.match(text):
        return int(text)
    try:
        return date.fromisoformat(text).year if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _typed(row: Row) -> dict[str, object]:
    f = row.fields
    value = float(f["value"])
    base_unit, factor = UNITS[f["unit"]]
    base_value = float(Decimal(f["value"]) * Decimal(repr(factor)))  # decimal: 2086.93 亿元 is 208693000000.0 yuan, not …99997
    return {**{c: f[c] for c in CONTEXT_COLUMNS}, "value": value, "base_value": base_value, "base_unit": base_unit}


def context_problems(path: Path | None = None, store: DataStore | None = None) -> list[Problem]:
    """Every problem of a context file (unreadable, or rows that fail their checks), without raising.

    `hzlib.verify()` lists these beside the ledger's; the ledger itself never reads this file.
    """
    store = store or default_store()
    path = path or store.file(CONTEXT)
    try:
        rows = read_rows(path, CONTEXT_COLUMNS, name=store.display_name(path))
    except DataError as error:
        return list(error.problems)
    return check_context(rows, store.display_name(path))[0]


def load_context(path: Path | None = None, store: DataStore | None = None) -> pd.DataFrame:
    """Read and check a context file (default: the store's context.csv); raise DataError listing every problem."""
    store = store or default_store()
    path = path or store.file(CONTEXT)
    rows = read_rows(path, CONTEXT_COLUMNS, name=store.display_name(path))
    problems, good = check_context(rows, store.display_name(path))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(good, columns=list(CONTEXT_TABLE.columns))
    return frame.astype({**{c: "string" for c in TEXT_COLUMNS}, "base_unit": "string",
                         "value": "float64", "base_value": "float64"})


def context() -> pd.DataFrame:
    """Figures from other sources than the report, one row per figure; loaded once, then a cheap copy.

    `base_value`/`base_unit` put every amount in base units (yuan, persons…), so 208.69 billion
    yuan and 2086.93 亿元 can be compared. Never mixed with `claims()`.
    """
    return default_store().context.copy()
