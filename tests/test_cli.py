"""The command line, `python -m hzlib`, run as a user runs it: in a subprocess."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import hzlib
from hzlib import cli, paths

from .conftest import REPO, set_cell


def run(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m hzlib ARGS` from the clone, on the real data or on the data folder `data`."""
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_ENV}
    env["PYTHONIOENCODING"] = "utf-8"
    if data is not None:
        env[paths.DATA_ENV] = str(data)
    return subprocess.run([sys.executable, "-m", "hzlib", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", check=False)


@pytest.fixture(scope="module")
def section_ids(ledger_frame: pd.DataFrame) -> list[str]:
    """The claim ids of section 1.1, in ledger order."""
    return list(ledger_frame[ledger_frame["section"] == "1.1"]["claim_id"])


def test_help_mentions_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m hzlib")
    assert [c for c in cli.COMMANDS if c not in result.stdout] == []
    assert set(cli.COMMANDS) == {"verify", "claims", "numbers", "export"}


def test_a_missing_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "the following arguments are required: COMMAND" in result.stderr


def test_an_unknown_section_is_a_usage_error() -> None:
    result = run("claims", "--section", "9.9")
    assert result.returncode == 2
    assert "invalid choice: '9.9'" in result.stderr


def test_claims_as_csv_lists_only_the_section(section_ids: list[str]) -> None:
    result = run("claims", "--section", "1.1", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["section"] for r in rows} == {"1.1"}
    assert [r["claim_id"] for r in rows] == section_ids


def test_claims_as_json_lists_only_the_section(section_ids: list[str]) -> None:
    result = run("claims", "--section", "1.1", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert {r["section"] for r in records} == {"1.1"}
    assert [r["claim_id"] for r in records] == section_ids
    assert records[0]["quote"] == "地区生产总值增长 7.6%" and records[0]["value"] == 7.6


def test_claims_as_markdown_lists_only_the_section(section_ids: list[str]) -> None:
    result = run("claims", "--section", "1.1", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    header, rule, *rows = result.stdout.rstrip("\n").split("\n")
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    columns = [c.strip() for c in header.strip("|").split("|")]
    assert set(rule) <= set("|:- ")
    assert {c[columns.index("section")] for c in cells} == {"1.1"}
    assert [c[columns.index("claim_id")] for c in cells] == section_ids


def test_claims_as_markdown_keeps_text_as_written() -> None:
    result = run("claims", "--section", "2.0", "--format", "markdown")
    rows = [[c.strip() for c in row.strip("|").split("|")] for row in result.stdout.split("\n")[2:] if row]
    assert {row[1] for row in rows} == {"2.0"}  # not 2


def test_claims_default_to_every_section_as_markdown(ledger_frame: pd.DataFrame) -> None:
    result = run("claims")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.rstrip("\n").split("\n")) == len(ledger_frame) + 2


def test_verify_exits_0_on_good_data(ledger_frame: pd.DataFrame) -> None:
    result = run("verify")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"ok: {len(ledger_frame)} claims verified, every number covered, ")
    assert result.stdout.rstrip("\n").endswith(f", {len(hzlib.context())} context figures checked")


def test_verify_checks_the_context_file_too(data_copy: Path) -> None:
    line = set_cell(data_copy / "context.csv", "ctx.haizhu.2019.gdp.level", "source_url", "")
    result = run("verify", data=data_copy)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.split("\n")[:2] == [
        "1 data problem:",
        f"  - data/context.csv, line {line}, column 'source_url', context ctx.haizhu.2019.gdp.level: is empty; "
        "every figure needs the address it was read at",
    ]


def test_verify_exits_1_naming_file_line_and_column_on_bad_data(data_copy: Path) -> None:
    line = set_cell(data_copy / "claims.csv", "2019.economy.gdp.growth", "value", "7.7")
    result = run("verify", data=data_copy)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.split("\n")[:2] == [
        "2 data problems:",
        f"  - data/claims.csv, line {line}, column 'value', claim 2019.economy.gdp.growth: is 7.7, but the quote says 7.6",
    ]


def test_verify_exits_1_on_a_file_in_gbk(data_copy: Path) -> None:
    claims = data_copy / "claims.csv"
    claims.write_bytes(claims.read_text(encoding="utf-8").encode("gbk"))
    result = run("verify", data=data_copy)
    assert result.returncode == 1
    assert "data/claims.csv, line 2, column 'indicator_zh': is not UTF-8" in result.stderr


def test_numbers_todo_is_empty_when_everything_is_covered() -> None:
    result = run("numbers", "--todo")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_numbers_names_what_covers_each_number() -> None:
    result = run("numbers", "--section", "1.1")
    lines = [line.split("\t") for line in result.stdout.rstrip("\n").split("\n")]
    assert {line[0] for line in lines} == {"1.1"}
    assert ["1.1", "482", "7.6", "2019.economy.gdp.growth"] in [line[:4] for line in lines]


def test_export_writes_the_clean_folder(tmp_path: Path) -> None:
    result = run("export", "--out", str(tmp_path / "clean"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {len(list((REPO / 'data/clean').iterdir()))} files to {tmp_path / 'clean'}\n"
