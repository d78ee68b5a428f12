"""Every generator name Fabricate and Mockaroo users reach for resolves, and generates values."""

from __future__ import annotations

import pytest

import census_names
import synthdb
from synthdb.generators.registry import REGISTRY

# The names of the realism issue's list, as Fabricate's reference and Mockaroo's type list spell them.
NAMES = [
    "AI", "Unstructured Data", "Number with variants", "City (Global)", "City (US)", "Country (Global)",
    "Image (binary)", "First Name (Male)", "First Name (Female)", "First Name (European)", "Family Name (Chinese)",
    "Given Name (Chinese)", "Airport Continent", "Airport Region", "MongoDB ObjectID", "Base64 Image URL",
    "Dummy Image URL", "Fake Company Name", "Product (Grocery)", "LinkedIn Skill", "Drug Company",
    "Drug Name (Brand)", "Drug Name (Generic)", "FDA NDC Code", "ICD10 Dx Desc (Long)", "ICD10 Dx Desc (Short)",
    "ICD10 Proc Desc (Long)", "ICD10 Proc Desc (Short)", "ICD9 Diagnosis Code", "ICD9 Dx Desc (Long)",
    "ICD9 Dx Desc (Short)", "ICD9 Procedure Code", "ICD9 Proc Desc (Long)", "ICD9 Proc Desc (Short)",
    "Medicare Beneficiary ID", "Nato Phonetic", "Repeating Element", "Formula", "Encrypt", "Dataset Column",
    "Scenario",
]
# Names whose generator needs parameters to run, with the smallest sensible ones.
PARAMS: dict[str, dict[str, object]] = {
    "Repeating Element": {"items": {"generator": "Number"}},
    "Formula": {"sql": "1 + 1"},
    "Encrypt": {"field": "other"},
    "Dataset Column": {"foreign_key_field": "parent_id", "value_field": "label"},
    "Scenario": {"values": ["happy_path", "edge_case"]},
}


@pytest.mark.parametrize("name", NAMES)
def test_the_name_resolves(name: str) -> None:
    REGISTRY.resolve(name)


@pytest.mark.parametrize("name", NAMES)
def test_the_name_generates_values(name: str) -> None:
    field = {"name": "value", "generator": name, **PARAMS.get(name, {})}
    parent = {"name": "p", "record_count": "5", "fields": [
        {"name": "id", "generator": "Row Number", "primary_key": True}, {"name": "label", "generator": "Color"}]}
    definition = {"name": "d", "seed": 3, "entities": [parent, {"name": "t", "record_count": "20", "fields": [
        {"name": "other", "generator": "First Name"},
        {"name": "parent_id", "generator": "Foreign Key", "primary_key_entity": "p",
         "primary_key_field": "id"}, field]}]}
    column = synthdb.to_tables(definition)["t"].column("value").to_pylist()
    assert len(column) == 20 and any(v not in (None, "") for v in column), column[:3]


def test_presets_keep_their_base_and_change_only_defaults() -> None:
    male = REGISTRY.resolve("First Name (Male)")
    first = REGISTRY.resolve("First Name")
    assert issubclass(male, first) and male.Params().gender == "male" and first.Params().gender == "any"
    # A user may still override the preset's default.
    definition = {"name": "d", "seed": 1, "entities": [{"name": "t", "record_count": "200", "fields": [
        {"name": "f", "generator": "First Name (Male)", "gender": "female"}]}]}
    names = set(synthdb.to_tables(definition)["t"].column("f").to_pylist())
    assert names <= set(census_names.female_first())
