"""Strict reading of the curated CSV files: UTF-8 without BOM, exact header, whole rows."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem


@dataclass(frozen=True)
class Row:
    """One data row with the file line it starts on, for messages."""

    line: int
    fields: dict[str, str]


def read_rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = (), name: str | None = None) -> list[Row]:
    """Rows of a curated CSV, or one DataError naming the file (as `name`, default: its path), line and field at fault."""
    name = name or str(path)
    if not path.is_file():
        raise DataError(Problem(name, "file not found; restore it with `git checkout data`"))
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        first = data[3:].split(b"\n", 1)[0].split(b",", 1)[0].decode("utf-8", "replace").strip()
        raise DataError(Problem(
            name, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM", line=1, column=first or None,
        ))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataError(Problem(
            name, f"is not UTF-8 (byte {data[error.start]:#04x}; GBK or another legacy encoding?): "
            "re-save it as UTF-8", line=line, column=_column_at(data[: error.start].decode("utf-8")),
        )) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(Problem(name, "is empty: expected a header row", line=1)) from None
    _check_header(name, header, columns, optional)
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if len(record) < len(header):
                raise DataError(Problem(
                    name, f"has {len(record)} fields, the header has {len(header)}: "
                    "a truncated row, it stops before this column (check quotes and commas)",
                    line=line, column=header[len(record)],
                ))
            if len(record) > len(header):
                raise DataError(Problem(
                    name, f"has {len(record)} fields, the header has {len(header)}: "
                    "an over-long row (check quotes and commas)", line=line,
                ))
            rows.append(Row(line, dict(zip(header, record, strict=True))))
            line = reader.line_num + 1
    except csv.Error as error:
        rest = io.StringIO("\n".join(text.split("\n")[line - 1:]), newline="")
        raise DataError(Problem(
            name, f"is not valid CSV ({error}): a truncated row or an unclosed quote", line=line,
            column=_last_field(header, next(csv.reader(rest), [])),
        )) from None
    return rows


def _column_at(prefix: str) -> str | None:
    """The header's name for the field in which `prefix` (a file cut where it goes wrong) ends."""
    records = list(csv.reader(io.StringIO(prefix + "x", newline="")))  # "x": the field at the cut
    return _last_field(records[0], records[-1]) if len(records) > 1 else None


def _last_field(header: list[str], fields: list[str]) -> str | None:
    """The header's name for the last of `fields`, a row read up to where it goes wrong."""
    return header[len(fields) - 1] if 0 < len(fields) <= len(header) else None


def _check_header(name: str, header: list[str], columns: tuple[str, ...], optional: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns and c not in optional]
    problems = [Problem(name, f"missing column; expected columns: {', '.join(columns)}", line=1, column=c) for c in missing]
    problems += [Problem(name, f"unknown column (renamed?); expected columns: {', '.join(columns)}", line=1, column=c) for c in unknown]
    if problems:
        raise DataError(problems)
