"""Bad input: each way of breaking the curated CSVs is one DataError naming file, line and column.

Every case breaks a private copy of data/ (the `data_copy` fixture) and returns the problems it
must be reported as, exactly. None of them may leave a half-written file in data/clean/.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import hzlib
from hzlib import export
from hzlib.ledger import CLAIM_COLUMNS
from hzlib.store import default_store

from .conftest import REPO, line_of, read_records, set_cell, write_records

GDP = "2019.economy.gdp.growth"  # 地区生产总值增长 7.6%
CALLS = "2019.public_security.criminal_incident_calls.growth"  # 刑事治安警情同比下降 10.8%
FIRMS = "2019.business.new_four_above_firms.count"  # indicator_en is quoted: it holds commas
GAP = "rel.1.1.modern_services_gap"
FAI_TARGET = "2020t.investment.fixed_assets.level"
HUKOU_2018, HUKOU_2019 = "2018.employment.hukou_quota.count", "2019.employment.hukou_quota.count"  # one label, one series
EXPECTED_COLUMNS = f"expected columns: {', '.join(CLAIM_COLUMNS)}"


@dataclass(frozen=True)
class Case:
    """One way to break one file of the copy, and the problems it must be reported as."""

    id: str
    file: str  # relative to the data folder
    breaks: Callable[[Path], list[str]]  # breaks the file, returns the expected problems


def _drop_column(path: Path) -> list[str]:
    records = read_records(path)
    at = records[0].index("unit")
    write_records(path, [r[:at] + r[at + 1:] for r in records])
    return [f"data/claims.csv, line 1, column 'unit': missing column; {EXPECTED_COLUMNS}"]


def _rename_column(path: Path) -> list[str]:
    records = read_records(path)
    records[0][records[0].index("quote")] = "excerpt"
    write_records(path, records)
    return [
        f"data/claims.csv, line 1, column 'quote': missing column; {EXPECTED_COLUMNS}",
        f"data/claims.csv, line 1, column 'excerpt': unknown column (renamed?); {EXPECTED_COLUMNS}",
    ]


def _duplicate_id(path: Path) -> list[str]:
    second = read_records(path)[line_of(path, GDP)][0]
    line = set_cell(path, second, "claim_id", GDP)
    return [f"data/claims.csv, line {line}, column 'claim_id', claim {GDP}: duplicate claim_id, first used on line {line - 1}"]


def _claim_field(column: str, value: str, message: str, claim_id: str = GDP) -> Callable[[Path], list[str]]:
    def breaks(path: Path) -> list[str]:
        line = set_cell(path, claim_id, column, value)
        named = value if column == "claim_id" else claim_id
        return [f"data/claims.csv, line {line}, column {column!r}, claim {named}: {message}"]

    return breaks


def _second_series_under_one_label(path: Path) -> list[str]:
    line = set_cell(path, HUKOU_2019, "series", "employment.hukou")
    first = line_of(path, HUKOU_2018)
    records = read_records(path)
    header = records[0]
    shared = [c for c in ("indicator_zh", "indicator_en") if records[line - 1][header.index(c)] == records[first - 1][header.index(c)]]
    assert shared, "the two hukou rows no longer share a label: pick another pair"
    return [f"data/claims.csv, line {line}, column {column!r}, claim {HUKOU_2019}: label {records[line - 1][header.index(column)]!r} "
            f"names series 'employment.hukou' here and 'employment.hukou_quota' on line {first}: give one of them another "
            "label, or both one series" for column in shared]


def _basis_on_a_count(path: Path) -> list[str]:
    line = set_cell(path, FIRMS, "basis", "nominal")
    return [f"data/claims.csv, line {line}, column 'basis', claim {FIRMS}: must be empty (a basis is recorded only for kinds "
            "level, growth, change_pp)",
            f"data/claims.csv, line {line}, column 'basis_from', claim {FIRMS}: is empty (where the basis comes from is "
            "needed for a money basis); valid: report, convention, inference"]


def _gbk(path: Path) -> list[str]:
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    return ["data/claims.csv, line 2, column 'indicator_zh': is not UTF-8 (byte 0xb5; GBK or another legacy "
            "encoding?): re-save it as UTF-8"]


def _bom(path: Path) -> list[str]:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return ["data/claims.csv, line 1, column 'claim_id': starts with a byte-order mark (BOM); save it as UTF-8 without BOM"]


def _cut_after_five_fields(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[-1] = ",".join(lines[-1].split(",")[:5])  # the file ends in the middle of its last row
    path.write_text("\n".join(lines), encoding="utf-8")
    return [f"data/claims.csv, line {len(lines)}, column 'indicator_zh': has 5 fields, the header has {len(CLAIM_COLUMNS)}: "
            "a truncated row, it stops before this column (check quotes and commas)"]


def _cut_inside_quotes(path: Path) -> list[str]:
    line = line_of(path, FIRMS)
    lines = path.read_text(encoding="utf-8").split("\n")
    cut = lines[line - 1].index('"Newly added') + len('"Newly added')
    path.write_text("\n".join([*lines[: line - 1], lines[line - 1][:cut]]), encoding="utf-8")
    return [f"data/claims.csv, line {line}, column 'indicator_en': is not valid CSV (unexpected end of data): "
            "a truncated row or an unclosed quote"]


def _not_claim_field(column: str, value: str, message: str) -> Callable[[Path], list[str]]:
    def breaks(path: Path) -> list[str]:
        records = read_records(path)
        records[1][records[0].index(column)] = value
        write_records(path, records)
        return [f"data/not_claims.csv, line 2, column {column!r}: {message}"]

    return breaks


def _relation_field(column: str, value: str, message: str, relation_id: str = GAP) -> Callable[[Path], list[str]]:
    def breaks(path: Path) -> list[str]:
        line = set_cell(path, relation_id, column, value)
        return [f"data/relations.csv, line {line}, column {column!r}, relation {value if column == 'relation_id' else relation_id}: "
                + message.format(line=line_of(path, value) if column == "relation_id" else line)]

    return breaks


CASES = [
    Case("missing-column", "claims.csv", _drop_column),
    Case("renamed-column", "claims.csv", _rename_column),
    Case("duplicate-id", "claims.csv", _duplicate_id),
    Case("bad-id", "claims.csv", _claim_field(
        "claim_id", "2019.Economy.GDP", "must be a dotted lowercase slug such as 2019.economy.gdp.growth")),
    Case("unknown-section", "claims.csv", _claim_field(
        "section", "1.9", "unknown section '1.9'; valid: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 2.0, 2.T, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6")),
    Case("wrong-section", "claims.csv", _claim_field("section", "1.2", "is 1.2, but the quote stands in section 1.1")),
    Case("quote-not-in-report", "claims.csv", _claim_field(
        "quote", "地区生产总值增长 7.7%", "not found in the cleaned report (hzlib.report().text): '地区生产总值增长 7.7%'")),
    Case("quote-not-unique", "claims.csv", _claim_field(
        "quote", "增长 7", "occurs 2 times in the report; lengthen it until it is unique")),
    Case("number-not-in-quote", "claims.csv", _claim_field(
        "as_written", "7.7", "'7.7' does not occur in the quote; it must occur exactly once")),
    Case("value-disagrees-with-quote", "claims.csv", _claim_field("value", "7.7", "is 7.7, but the quote says 7.6")),
    Case("decline-not-negative", "claims.csv", _claim_field(
        "value", "10.8", "is 10.8, but the quote says -10.8 (the quote says it fell: 下降/减少)", CALLS)),
    Case("unit-outside-vocabulary", "claims.csv", _claim_field(
        "unit", "亿美元", "unit '亿美元' is not in the vocabulary hzlib.vocab.UNITS (did you mean 亿元, 万亿元?)")),
    Case("unknown-kind", "claims.csv", _claim_field(
        "kind", "speed", "unknown kind 'speed'; valid: level, count, growth, change_pp, share, rate, ratio, rank, duration, grade")),
    Case("empty-value", "claims.csv", _claim_field("value", "", "is empty")),
    Case("non-numeric-value", "claims.csv", _claim_field("value", "7.6%", "is not a number: '7.6%'")),
    Case("growth-without-basis", "claims.csv", _claim_field(
        "basis", "", "is empty (a basis is needed for kinds level, growth, change_pp); valid: real, nominal, "
        "same_coverage, not_money")),
    Case("basis-outside-vocabulary", "claims.csv", _claim_field(
        "basis", "constant", "'constant' is unknown (a basis is needed for kinds level, growth, change_pp); valid: real, "
        "nominal, same_coverage, not_money")),
    Case("money-basis-without-source", "claims.csv", _claim_field(
        "basis_from", "", "is empty (where the basis comes from is needed for a money basis); valid: report, convention, "
        "inference")),
    Case("basis-on-a-count", "claims.csv", _basis_on_a_count),
    Case("target-without-type", "claims.csv", _claim_field(
        "target_type", "", "is empty (is needed for a target: a period ending in -target); valid: indicative, binding",
        FAI_TARGET)),
    Case("target-assigner-outside-vocabulary", "claims.csv", _claim_field(
        "assigned_by", "nation", "'nation' is unknown (is needed for a target: a period ending in -target); valid: "
        "district, city, province", FAI_TARGET)),
    Case("target-fields-on-a-fact", "claims.csv", _claim_field(
        "target_type", "binding", "must be empty (is recorded only for a target: a period ending in -target)")),
    Case("id-prefix-against-period", "claims.csv", _claim_field(
        "claim_id", "2020h1.economy.gdp.growth_check", "prefix '2020h1' does not fit period '2019'; prefixes and their periods: 2018 (2018), "
        "2019 (2019), 2020 (2020), 2020h1 (2020H1), 2020q1 (2020Q1), 2020t (2020-target), plan (3y-target 5y-target "
        "10y-target multiyear-target), cumulative (cumulative), standing (standing)")),
    Case("bad-series", "claims.csv", _claim_field(
        "series", "Economy GDP", "must be a dotted lowercase slug such as investment.fixed_assets, not 'Economy GDP'")),
    Case("one-label-two-series", "claims.csv", _second_series_under_one_label),
    Case("gbk-file", "claims.csv", _gbk),
    Case("bom", "claims.csv", _bom),
    Case("truncated-row", "claims.csv", _cut_after_five_fields),
    Case("truncated-inside-quotes", "claims.csv", _cut_inside_quotes),
    Case("not-claim-unknown-category", "not_claims.csv", _not_claim_field(
        "category", "misc", "unknown category 'misc'; valid: year, date, ordinal, name, title, age, policy-name, enumeration, structure, horizon")),
    Case("not-claim-empty-reason", "not_claims.csv", _not_claim_field(
        "reason", " ", "is empty: say why this number is not a claim")),
    Case("relation-unknown-claim", "relations.csv", _relation_field(
        "expression", "{2019.services.modern.growht} - {2019.economy.gdp.growth}",
        "unknown claim id(s): 2019.services.modern.growht")),
    Case("relation-duplicate-id", "relations.csv", _relation_field(
        "relation_id", "rel.1.1.gdp_growth_above_benchmarks", "duplicate relation_id, first used on line {line}")),
    Case("relation-unknown-section", "relations.csv", _relation_field(
        "section", "3.1", "unknown section '3.1'; valid: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 2.0, 2.T, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6")),
    Case("relation-unit-outside-vocabulary", "relations.csv", _relation_field(
        "unit", "pp", "unit 'pp' is not in hzlib.vocab.UNITS")),
    Case("relation-mixing-bases-without-saying-so", "relations.csv", _relation_field(
        "description", "The previous year's value added of modern services.",
        "the relation combines figures of different price bases (real, nominal): its description must say why it is "
        "approximate, with the words 'approximate', 'real', 'nominal'", "rel.1.1.modern_services_2018")),
    Case("relation-verdict-not-expected", "relations.csv", _relation_field(
        "expected", "fails", "expected fails, but the relation holds: stated 3.8, computed 3.8")),
]


def _check(file: str) -> Callable[[], object]:
    """What reads the file: the ledger alone for claims.csv (no knock-on coverage problems), else all checks."""
    return hzlib.claims if file == "claims.csv" else hzlib.verify


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_data_error_naming_file_line_and_column(case: Case, data_copy: Path) -> None:
    expected = case.breaks(data_copy / case.file)
    with pytest.raises(hzlib.DataError) as error:
        _check(case.file)()
    assert [str(p) for p in error.value.problems] == expected
    assert all(p.line is not None and p.column for p in error.value.problems)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verify_reports_the_bad_input_first(case: Case, data_copy: Path) -> None:
    expected = case.breaks(data_copy / case.file)
    with pytest.raises(hzlib.DataError) as error:
        hzlib.verify()
    assert [str(p) for p in error.value.problems[: len(expected)]] == expected


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_leaves_data_clean_untouched(case: Case, data_copy: Path) -> None:
    shutil.copytree(REPO / "data/clean", data_copy / "clean")
    case.breaks(data_copy / case.file)
    before = _snapshot(data_copy)
    with pytest.raises(hzlib.DataError):
        export.export()
    assert _snapshot(data_copy) == before


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (and so every stray one) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_message_lists_every_problem_one_per_line(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", GDP, "unit", "亿美元")
    set_cell(data_copy / "claims.csv", CALLS, "value", "")
    with pytest.raises(hzlib.DataError) as error:
        hzlib.claims()
    lines = str(error.value).split("\n")
    assert lines[0] == "2 data problems:"
    assert lines[1].startswith("  - data/claims.csv, line 2, column 'unit', claim 2019.economy.gdp.growth: unit '亿美元'")
    assert lines[2].startswith(f"  - data/claims.csv, line {line_of(data_copy / 'claims.csv', CALLS)}, column 'value'")


def test_a_missing_ledger_says_how_to_restore_it(data_copy: Path) -> None:
    (data_copy / "claims.csv").unlink()
    with pytest.raises(hzlib.DataError, match=r"^1 data problem:\n  - data/claims.csv: file not found; restore it with `git checkout data`$"):
        hzlib.claims()


def test_messages_name_a_copied_data_folder_as_data(data_copy: Path) -> None:
    assert default_store().display_name(data_copy / "claims.csv") == "data/claims.csv"
    assert default_store().display_name(data_copy / "raw/SHA256SUMS") == "data/raw/SHA256SUMS"
    assert default_store().display_name(data_copy.parent / "elsewhere.csv") == str(data_copy.parent / "elsewhere.csv")
