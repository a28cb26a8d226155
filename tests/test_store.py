"""The data store and the datasets registry: one object holds the loaded tables; tables by name, like vega_datasets."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import hzlib
from hzlib.schema import TABLES
from hzlib.store import DataStore, default_store, using

from .conftest import REPO, set_cell


def test_a_store_loads_each_table_once_and_a_new_store_reads_again(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns("clean"))
    store = DataStore(copy)
    assert store.claims is store.claims, "the store read the ledger twice"
    set_cell(copy / "claims.csv", "2019.economy.gdp.growth", "note", "changed after loading")
    assert store.claims.set_index("claim_id").loc["2019.economy.gdp.growth", "note"] != "changed after loading"
    fresh = DataStore(copy)
    assert fresh.claims.set_index("claim_id").loc["2019.economy.gdp.growth", "note"] == "changed after loading"


def test_a_store_of_another_folder_is_checked_on_its_own_and_named_as_data(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns("clean"))
    line = set_cell(copy / "claims.csv", "2019.economy.gdp.growth", "value", "7.7")
    found = [str(p) for p in hzlib.checks.problems(DataStore(copy))]
    assert found[0] == (f"data/claims.csv, line {line}, column 'value', claim 2019.economy.gdp.growth: is 7.7, "
                        "but the quote says 7.6")
    assert hzlib.claim("2019.economy.gdp.growth").value == 7.6, "checking another store changed the default one"


def test_using_makes_a_store_the_default_for_a_while() -> None:
    before = default_store()
    other = DataStore(REPO / "data")
    with using(other):
        assert default_store() is other
    assert default_store() is before


def test_list_datasets_names_every_table_of_the_schema_registry() -> None:
    assert hzlib.list_datasets() == list(TABLES) == [
        "claims", "sections", "relations", "targets_2020", "relation_claims", "target_claims", "context"]


@pytest.mark.parametrize("name", list(TABLES))
def test_load_gives_the_published_csv_of_each_dataset(name: str) -> None:
    """The table as data/clean/ holds it: the same columns in the same order, the same rows and values."""
    table = hzlib.load(name)
    published = pd.read_csv(REPO / "data" / "clean" / f"{name}.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == list(TABLES[name].columns) == list(published.columns)
    assert table.to_csv(index=False, lineterminator="\n") == (REPO / "data" / "clean" / f"{name}.csv").read_text(encoding="utf-8")


def test_an_unknown_dataset_is_an_error_listing_the_valid_names() -> None:
    with pytest.raises(hzlib.UnknownDatasetError) as error:
        hzlib.load("claim")
    assert str(error.value) == ("no dataset 'claim' (did you mean 'claims'?); valid names: claims, sections, relations, "
                                "targets_2020, relation_claims, target_claims, context")
    assert isinstance(error.value, LookupError)
