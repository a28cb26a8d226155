"""Each table's schema is declared once (hzlib.schema): the ledger, the exports and the docs follow it."""
from __future__ import annotations

import dataclasses
import json

import pytest

import hzlib
from hzlib import export, schema
from hzlib.ledger import CLAIM_COLUMNS

from .conftest import REPO

CLEAN = REPO / "data" / "clean"


def test_the_ledger_file_has_exactly_the_curated_columns() -> None:
    header = (REPO / "data" / "claims.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert tuple(header) == CLAIM_COLUMNS == schema.CLAIMS.curated_columns


def test_the_context_file_and_loader_take_their_columns_from_the_schema() -> None:
    import importlib

    ctx = importlib.import_module("hzlib.context")
    header = (REPO / "data" / "context.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert tuple(header) == ctx.CONTEXT_COLUMNS == schema.CONTEXT.curated_columns
    assert tuple(hzlib.context().columns) == schema.CONTEXT.columns
    assert schema.CONTEXT.primary_key == "context_id"
    assert schema.CONTEXT.field("basis").enum == tuple(ctx.BASES)
    assert schema.CONTEXT.field("unit").enum == tuple(ctx.UNITS)
    assert schema.CONTEXT.field("geography").enum == ctx.GEOGRAPHIES


def test_the_claim_type_has_every_column_and_the_offset() -> None:
    names = [f.name for f in dataclasses.fields(schema.Claim)]
    assert names == [*schema.CLAIMS.columns, "offset"]
    gdp = hzlib.claim("2019.economy.gdp.growth")
    assert isinstance(gdp, schema.Claim)
    assert (gdp.basis, gdp.basis_from, gdp.series, gdp.horizon) == ("real", "convention", "economy.gdp", "")


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_each_export_has_the_schema_s_columns(name: str) -> None:
    assert list(export.datasets()[name].columns) == list(schema.TABLES[name].columns)


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_the_datapackage_describes_each_table_from_the_schema(name: str) -> None:
    package = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == f"{name}.csv")
    table = schema.TABLES[name]
    fields = resource["schema"]["fields"]
    assert [(f["name"], f["type"], f["description"]) for f in fields] == [(f.name, f.type, f.description) for f in table.fields]
    key = table.primary_key
    assert resource["schema"].get("primaryKey") == (list(key) if isinstance(key, tuple) else key)


@pytest.mark.parametrize(("table", "column", "other"), [
    ("claims", "section", "sections"), ("relations", "section", "sections"),
    ("relation_claims", "relation_id", "relations"), ("relation_claims", "claim_id", "claims"),
    ("target_claims", "indicator_zh", "targets-2020"), ("target_claims", "claim_id", "claims"),
])
def test_the_datapackage_declares_the_foreign_keys(table: str, column: str, other: str) -> None:
    package = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == f"{table}.csv")
    keys = {(k["fields"], k["reference"]["resource"]) for k in resource["schema"]["foreignKeys"]}
    assert (column, other) in keys


def test_the_data_readme_tables_are_generated_from_the_schema() -> None:
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert schema.documented(readme) == readme, "data/README.md's column tables are stale: run `make data`"
    for name in schema.TABLES:
        assert f"<!-- BEGIN schema:{name} -->" in readme, f"data/README.md has no generated table for {name}"


def test_a_stale_readme_table_is_rewritten(tmp_path) -> None:  # type: ignore[no-untyped-def]
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- BEGIN schema:claims -->\n| old |\n<!-- END schema:claims -->\nend\n", encoding="utf-8")
    assert schema.write_readme(readme) is True
    text = readme.read_text(encoding="utf-8")
    assert "| old |" not in text and "| `basis` | string | people |" in text and text.endswith("end\n")
    assert schema.write_readme(readme) is False


def test_every_target_has_its_type_assigner_and_horizon(ledger_frame) -> None:  # type: ignore[no-untyped-def]
    targets = ledger_frame[ledger_frame["period"].str.endswith("-target")]
    assert len(targets) > 40
    assert targets["target_type"].isin(["indicative", "binding"]).all()
    assert targets["assigned_by"].isin(["district", "city", "province"]).all()
    assert (targets["horizon"] != "").all()
    facts = ledger_frame[~ledger_frame["period"].str.endswith("-target")]
    assert (facts[["target_type", "assigned_by", "target_from", "horizon"]] == "").all().all()


def test_the_energy_row_of_the_targets_table_is_binding_and_assigned_by_the_city() -> None:
    table = export.datasets()["targets_2020"]
    energy = table[table["indicator_zh"].str.contains("能耗")]
    assert energy[["target_type", "assigned_by"]].values.tolist() == [["binding", "city"]]
    assert (table.drop(energy.index)["target_type"] == "indicative").all()


def test_the_two_it_revenues_are_two_series_and_the_logistics_parks_one(ledger_frame) -> None:  # type: ignore[no-untyped-def]
    series = ledger_frame.set_index("claim_id")["series"]
    assert series["2019.services.ict_revenue.level"] != series["2020h1.it_services.revenue.level"]
    assert series["2019.urban_renewal.logistics_parks_closed.count"] == series["2020t.urban_renewal.logistics_parks.count"]


def test_relations_that_mix_price_bases_are_flagged_and_say_so() -> None:
    mixed = hzlib.relations().query("mixed_basis")
    assert set(mixed["relation_id"]) >= {"rel.1.1.modern_services_2018", "rel.1.1.leading_industries_2018",
                                          "rel.2.0.h1_2019_gdp_base", "rel.1.1.retail_sales_2018"}
    assert "rel.1.1.industrial_output_2018" not in set(mixed["relation_id"])  # nominal level, nominal growth
    assert mixed["description"].str.contains("approximate").all()
