"""The claims ledger: verified, typed, and looked up one claim at a time."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import hzlib

MIN_CLAIMS = 220  # "well over 200": the ledger holds every quantitative statement of the report
DTYPES = {
    "claim_id": "string", "section": "string", "period": "string", "kind": "string",
    "indicator_zh": "string", "indicator_en": "string", "value": "float64", "unit": "string",
    "qualifier": "string", "as_written": "string", "quote": "string", "note": "string",
    "series": "string", "basis": "string", "basis_from": "string", "target_type": "string", "assigned_by": "string",
    "target_from": "string", "base_value": "float64", "base_unit": "string", "horizon": "string", "offset": "int64",
}


def test_the_real_data_verifies() -> None:
    assert hzlib.verify() is None


def test_the_ledger_has_well_over_200_claims(ledger_frame: pd.DataFrame) -> None:
    assert len(ledger_frame) > MIN_CLAIMS


def test_claims_have_proper_dtypes(ledger_frame: pd.DataFrame) -> None:
    assert {column: str(dtype) for column, dtype in ledger_frame.dtypes.items()} == DTYPES


def test_claims_returns_a_copy_the_caller_may_change() -> None:
    frame = hzlib.claims()
    frame.loc[frame["claim_id"] == "2019.economy.gdp.growth", "value"] = 99.0
    assert hzlib.claim("2019.economy.gdp.growth").value == 7.6
    assert hzlib.claims() is not frame


def test_claim_returns_one_row() -> None:
    gdp = hzlib.claim("2019.economy.gdp.growth")
    assert isinstance(gdp, hzlib.Claim)
    assert (gdp.section, gdp.kind, gdp.value, gdp.unit, gdp.quote) == ("1.1", "growth", 7.6, "%", "地区生产总值增长 7.6%")
    assert isinstance(gdp.offset, int) and isinstance(gdp.value, float)


def test_a_decline_is_negative() -> None:
    calls = hzlib.claim("2019.public_security.criminal_incident_calls.growth")
    assert (calls.value, calls.as_written, calls.quote) == (-10.8, "10.8", "刑事治安警情同比下降 10.8%")


def test_a_chinese_number_is_parsed() -> None:
    rank = hzlib.claim("2019.economy.gdp.growth_rank")
    assert (rank.value, rank.as_written, rank.unit) == (4.0, "四", "位")


def test_base_value_in_yuan() -> None:
    revenue = hzlib.claim("2019.fiscal.revenue.level")
    assert (revenue.base_value, revenue.base_unit) == (pytest.approx(54.67e8), "元")
    assert math.isclose(revenue.value, 54.67)


def test_an_unknown_claim_names_the_closest_ids() -> None:
    with pytest.raises(hzlib.UnknownClaimError) as error:
        hzlib.claim("2019.economy.gdp.growht")
    assert str(error.value) == (
        "no claim '2019.economy.gdp.growht' in data/claims.csv; did you mean: 2019.economy.gdp.growth, "
        "2020h1.economy.gdp.growth, 2019.economy.gdp.growth_rank, 2020h1.economy.gdp_growth.rank, "
        "2019.national.gdp.growth"
    )


def test_an_unknown_claim_without_close_ids_says_how_to_list_them() -> None:
    with pytest.raises(LookupError, match=r"^no claim 'gdp' in data/claims.csv; list them with hzlib.claims\(\)\['claim_id'\]$"):
        hzlib.claim("gdp")
