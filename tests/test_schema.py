"""The descriptor: a valid Frictionless v2 package that covers the data contract, read by ``schema``."""

from __future__ import annotations

import json

import pytest

from helpers import paths
from helpers.schema import DescriptorError, descriptor_path, load_package, slug

TABLES = ["sources", "interviews", "claims", "islands", "island_measures", "places", "straits",
          "deployments", "events", "phases", "claim_evidence", "sovereignty"]
LIST_FIELDS = {
    ("claims", "subjects"), ("straits", "between"), ("events", "islands"), ("sovereignty", "territory")
}


@pytest.fixture(scope="module")
def package():
    return load_package()


def test_resources_follow_the_contract(package):
    assert list(package.names) == TABLES
    for resource in package.resources:
        assert resource.path == f"{resource.name}.csv"
        assert resource.encoding == "utf-8"
        assert resource.primary_key, resource.name


def test_package_metadata():
    descriptor = json.loads(paths.DESCRIPTOR.read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert "GSHHG" in descriptor["description"] and "LGPL-3.0-or-later" in descriptor["description"]
    for key in ("name", "title", "version", "contributors", "sources"):
        assert descriptor[key]
    for resource in descriptor["resources"]:
        assert (resource["format"], resource["mediatype"]) == ("csv", "text/csv")


def test_every_field_is_described(package):
    for resource in package.resources:
        for field in resource.fields:
            assert field.type in {"string", "integer", "number", "date", "boolean"}
            assert field.description, f"{resource.name}.{field.name}"


def test_every_table_cites_a_source(package):
    for resource in package.resources:
        source = resource.field("source_id")
        assert source.required and source.pattern == "^[a-z0-9_]+$"
        if resource.name != "sources":
            keys = {(key.fields, key.resource) for key in resource.foreign_keys}
            assert (("source_id",), "sources") in keys, resource.name


def test_coordinates_and_keys(package):
    for name in ("islands", "places", "straits", "deployments"):
        resource = package.resource(name)
        assert (resource.field("lat").minimum, resource.field("lat").maximum) == (-90, 90)
        assert (resource.field("lon").minimum, resource.field("lon").maximum) == (-180, 180)
    assert package.resource("claim_evidence").primary_key == ("claim_id", "evidence")
    targets = {(key.fields, key.resource) for key in package.resource("sovereignty").foreign_keys}
    assert {(("from_event",), "events"), (("to_event",), "events")} <= targets


def test_list_fields_and_selected_reference(package):
    found = {(r.name, f.name) for r in package.resources for f in r.fields if f.list_spec is not None}
    assert found == LIST_FIELDS
    subjects = package.resource("claims").field("subjects").list_spec
    assert subjects.separator == ";" and "sea_of_okhotsk" in subjects.vocabulary
    reference = package.resource("claim_evidence").field("evidence").reference
    assert reference.selector == "evidence_table"
    assert reference.target("deployments") == "deployment_id" and reference.target("rumours") is None


def test_lookups_fail_clearly(package):
    with pytest.raises(ValueError, match="unknown table 'atlantis'"):
        package.resource("atlantis")
    with pytest.raises(ValueError, match=r"unknown field of islands 'atlantis'; known fields: island_id, name_en"):
        package.resource("islands").field("atlantis")


def test_slug():
    assert slug("Southern Kurils") == "southern_kurils"


def test_descriptor_path(tmp_path):
    assert descriptor_path(None) == paths.DESCRIPTOR
    assert descriptor_path(tmp_path) == paths.DESCRIPTOR
    (tmp_path / "datapackage.json").write_text("{}", encoding="utf-8")
    assert descriptor_path(tmp_path) == tmp_path / "datapackage.json"


def test_unusable_descriptors(tmp_path):
    with pytest.raises(DescriptorError, match="cannot read descriptor"):
        load_package(tmp_path / "missing.json")
    bad = tmp_path / "datapackage.json"
    bad.write_text('{"resources": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(DescriptorError, match="not a usable"):
        load_package(bad)


def test_minimal_descriptor_forms(tmp_path):
    descriptor = {"resources": [{"name": "t", "path": "t.csv", "schema": {
        "fields": [{"name": "a"}],
        "foreignKeys": [{"fields": "a", "reference": {"resource": "u", "fields": "b"}}],
    }}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    resource = load_package(tmp_path / "datapackage.json").resource("t")
    assert resource.primary_key == () and resource.missing_values == ("",)
    assert resource.field("a").type == "string"
    assert (resource.foreign_keys[0].fields, resource.foreign_keys[0].target_fields) == (("a",), ("b",))


def frictionless_errors(directory) -> list[str]:
    """Errors that frictionless itself finds in the package at ``directory``."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(directory / "datapackage.json"))
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_frictionless_accepts_descriptor_and_fixtures(corpus):
    assert frictionless_errors(corpus.path) == []


def test_frictionless_agrees_on_a_defect(corpus):
    corpus.set_cell("places", 2, "island_id", "atlantis")
    assert any("atlantis" in error for error in frictionless_errors(corpus.path))


def test_frictionless_accepts_real_data():
    assert frictionless_errors(paths.DATA_DIR) == []
