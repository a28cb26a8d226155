"""The claims ledger: load `data/claims.csv`, check every row against the report, type it."""
from __future__ import annotations

import difflib
import math
from pathlib import Path

import pandas as pd

from .csvfile import Row, read_rows
from .errors import DataError, Problem
from .numbers import declines, finite_number, occurrences, parse
from .paths import CLAIMS
from .report import PLAN_SECTIONS, Report
from .schema import CLAIMS as CLAIMS_SCHEMA
from .schema import Claim
from .store import DataStore, default_store
from .vocab import (
    ASSIGNERS,
    BASES,
    BASIS_FROM,
    CLAIM_ID,
    HORIZONS,
    ID_PREFIXES,
    KINDS,
    PERIOD,
    PERIODS_HELP,
    QUALIFIERS,
    SERIES,
    TARGET_FROM,
    TARGET_TYPES,
    UNITS,
)

CLAIM_COLUMNS: tuple[str, ...] = CLAIMS_SCHEMA.curated_columns
BASE_COLUMNS: tuple[str, ...] = ("base_value", "base_unit")  # may stand in a curated file too (an export read back)
TEXT_COLUMNS = [f.name for f in CLAIMS_SCHEMA.fields if f.type == "string"]
MONEY_UNITS = {unit for unit, (base, _) in UNITS.items() if base == "元"}
BASIS_KINDS = ("level", "growth", "change_pp")  # the kinds whose price basis is recorded
__all__ = ["Claim", "claim", "claims", "load_claims", "check_claims", "UnknownClaimError"]


class UnknownClaimError(LookupError):
    """Raised by `claim()` for an id that is not in the ledger."""


def check_claims(rows: list[Row], text: Report, file: str) -> tuple[list[Problem], list[dict[str, object]]]:
    """Every problem of the ledger rows, and the rows that passed, typed and located."""
    problems: list[Problem] = []
    good: list[dict[str, object]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        found = _check_row(row, text, file)
        cid = row.fields["claim_id"]
        if cid in first_line:
            found.append(Problem(file, f"duplicate claim_id, first used on line {first_line[cid]}", row.line, "claim_id", cid))
        first_line.setdefault(cid, row.line)
        problems += found
        if not found:
            good.append(_typed(row, text))
    return problems + _labels_naming_two_series(rows, file), good


def _labels_naming_two_series(rows: list[Row], file: str) -> list[Problem]:
    """One label, one series: a label (zh or en) used by rows of two series is an error on the later row."""
    problems: list[Problem] = []
    for column in ("indicator_zh", "indicator_en"):
        first: dict[str, Row] = {}
        for row in rows:
            label, series = row.fields[column], row.fields["series"]
            seen = first.setdefault(label, row)
            if seen.fields["series"] != series:
                problems.append(Problem(
                    file, f"label {label!r} names series {series!r} here and {seen.fields['series']!r} on line "
                    f"{seen.line}: give one of them another label, or both one series", row.line, column,
                    row.fields["claim_id"] or None))
    return problems


def _check_row(row: Row, text: Report, file: str) -> list[Problem]:
    f = row.fields
    cid = f["claim_id"] or None

    def problem(column: str, message: str) -> Problem:
        return Problem(file, message, row.line, column, cid)

    problems: list[Problem] = []
    if not CLAIM_ID.match(f["claim_id"]):
        problems.append(problem("claim_id", "must be a dotted lowercase slug such as 2019.economy.gdp.growth"))
    if f["section"] not in PLAN_SECTIONS:
        problems.append(problem("section", f"unknown section {f['section']!r}; valid: {', '.join(PLAN_SECTIONS)}"))
    if not PERIOD.match(f["period"]):
        problems.append(problem("period", f"unknown period {f['period']!r}; valid forms: {PERIODS_HELP}"))
    if f["kind"] not in KINDS:
        problems.append(problem("kind", f"unknown kind {f['kind']!r}; valid: {', '.join(KINDS)}"))
    prefix = f["claim_id"].split(".")[0]
    if CLAIM_ID.match(f["claim_id"]) and f["period"] not in ID_PREFIXES.get(prefix, "").split():
        allowed = ", ".join(f"{p} ({periods})" for p, periods in ID_PREFIXES.items())
        problems.append(problem("claim_id", f"prefix {prefix!r} does not fit period {f['period']!r}; prefixes and their "
                                f"periods: {allowed}"))
    if not SERIES.match(f["series"]):
        problems.append(problem("series", f"must be a dotted lowercase slug such as investment.fixed_assets, not {f['series']!r}"))
    problems += _check_meaning(f, problem)
    for column in ("indicator_zh", "indicator_en"):
        if not f[column].strip():
            problems.append(problem(column, "is empty"))
    if f["unit"] not in UNITS:
        close = difflib.get_close_matches(f["unit"], UNITS, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        problems.append(problem("unit", f"unit {f['unit']!r} is not in the vocabulary hzlib.vocab.UNITS{hint}"))
    if f["qualifier"] not in QUALIFIERS:
        problems.append(problem("qualifier", f"unknown qualifier {f['qualifier']!r}; valid: {', '.join(q for q in QUALIFIERS if q)}"))
    value = finite_number(f["value"])
    if value is None:
        problems.append(problem("value", f"is {'empty' if not f['value'].strip() else 'not a number: ' + repr(f['value'])}"))
    problems += _check_quote(row, text, problem, value)
    if value is not None and f["unit"] in UNITS:
        problems += _check_base(row, value, problem)
    return problems


def _check_meaning(f: dict[str, str], problem) -> list[Problem]:  # type: ignore[no-untyped-def]
    """The price basis of levels and growth rates, and the type, assigner and source of targets."""
    problems: list[Problem] = []

    def vocabulary(column: str, words: dict[str, str], needed: bool, why: str) -> None:
        value = f[column]
        if needed and value not in words:
            problems.append(problem(column, f"{'is empty' if not value else repr(value) + ' is unknown'} {why}; "
                                    f"valid: {', '.join(words)}"))
        elif not needed and value:
            problems.append(problem(column, f"must be empty {why.replace('is needed', 'is recorded only')}"))

    if f["kind"] in KINDS:  # an unknown kind is reported once, as such
        vocabulary("basis", BASES, f["kind"] in BASIS_KINDS, f"(a basis is needed for kinds {', '.join(BASIS_KINDS)})")
    if f["basis"] == "not_money" and f["unit"] in MONEY_UNITS and f["kind"] == "level":
        problems.append(problem("basis", f"is not_money, but the unit {f['unit']} is money: real, nominal or same_coverage"))
    if f["basis"] in BASES:  # a missing or unknown basis is reported once, as such
        money_basis = f["basis"] != "not_money"
        vocabulary("basis_from", BASIS_FROM, money_basis, "(where the basis comes from is needed for a money basis)")
    is_target = f["period"].endswith("-target")
    for column, words in (("target_type", TARGET_TYPES), ("assigned_by", ASSIGNERS), ("target_from", TARGET_FROM)):
        vocabulary(column, words, is_target, "(is needed for a target: a period ending in -target)")
    return problems


def _check_quote(row: Row, text: Report, problem, value: float | None) -> list[Problem]:  # type: ignore[no-untyped-def]
    f = row.fields
    quote, written = f["quote"], f["as_written"]
    if not quote.strip():
        return [problem("quote", "is empty")]
    places = text.find(quote)
    if not places:
        return [problem("quote", f"not found in the cleaned report (hzlib.report().text): {quote!r}")]
    if len(places) > 1:
        return [problem("quote", f"occurs {len(places)} times in the report; lengthen it until it is unique")]
    section = text.section_at(places[0])
    problems = []
    if f["section"] in PLAN_SECTIONS and section != f["section"]:
        problems.append(problem("section", f"is {f['section']}, but the quote stands in section {section}"))
    inside = occurrences(written, quote) if written else []
    if len(inside) != 1:
        found = "does not occur" if not inside else f"occurs {len(inside)} times"
        return problems + [problem("as_written", f"{written!r} {found} in the quote; it must occur exactly once")]
    try:
        magnitude = parse(written)
    except ValueError as error:
        return problems + [problem("as_written", str(error))]
    if value is not None:
        sign = -1.0 if declines(quote, inside[0]) and magnitude > 0 else 1.0
        expected = sign * magnitude
        if not math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-12):
            why = " (the quote says it fell: 下降/减少)" if sign < 0 else ""
            problems.append(problem("value", f"is {f['value']}, but the quote says {expected:g}{why}"))
    return problems


def _check_base(row: Row, value: float, problem) -> list[Problem]:  # type: ignore[no-untyped-def]
    f = row.fields
    if "base_value" not in f:
        return []
    unit, factor = UNITS[f["unit"]]
    problems = []
    base = finite_number(f["base_value"])
    if base is None or not math.isclose(base, value * factor, rel_tol=1e-9):
        problems.append(problem("base_value", f"is {f['base_value']!r}, but {value:g} {f['unit']} is {value * factor:g} {unit}"))
    if f.get("base_unit") != unit:
        problems.append(problem("base_unit", f"is {f.get('base_unit')!r}, but {f['unit']} converts to {unit}"))
    return problems


def _typed(row: Row, text: Report) -> dict[str, object]:
    f = row.fields
    value = float(f["value"])
    base_unit, factor = UNITS[f["unit"]]
    first_digit = next((i for i, ch in enumerate(f["as_written"]) if ch.isdigit()), 0)
    at = text.find(f["quote"])[0] + occurrences(f["as_written"], f["quote"])[0] + first_digit
    return {**{c: f[c] for c in CLAIM_COLUMNS}, "value": value, "base_value": value * factor, "base_unit": base_unit,
            "horizon": HORIZONS.get(f["period"], ""), "offset": at}


def load_claims(path: Path | None = None, store: DataStore | None = None) -> pd.DataFrame:
    """Read and check a ledger file (default: the store's claims.csv); raise DataError listing every problem."""
    store = store or default_store()
    path = path or store.file(CLAIMS)
    rows = read_rows(path, CLAIM_COLUMNS, optional=BASE_COLUMNS, name=store.display_name(path))
    problems, good = check_claims(rows, store.report, store.display_name(path))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(good, columns=[*CLAIMS_SCHEMA.columns, "offset"])
    return frame.astype({**{c: "string" for c in TEXT_COLUMNS}, "value": "float64", "base_value": "float64", "offset": "int64"})


def claims() -> pd.DataFrame:
    """The verified ledger, one row per quantitative statement; loaded once, then a cheap copy."""
    return default_store().claims.copy()


def claim(claim_id: str) -> Claim:  # type: ignore[valid-type]  # Claim is generated from the schema
    """One claim by id; an unknown id raises UnknownClaimError naming the closest ids."""
    store = default_store()
    frame = store.claims
    match = frame[frame["claim_id"] == claim_id]
    if match.empty:
        close = difflib.get_close_matches(claim_id, frame["claim_id"].tolist(), n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}" if close else "; list them with hzlib.claims()['claim_id']"
        raise UnknownClaimError(f"no claim {claim_id!r} in {store.display_name(store.file(CLAIMS))}{hint}")
    return Claim(**{k: (v.item() if hasattr(v, "item") else v) for k, v in match.iloc[0].to_dict().items()})
