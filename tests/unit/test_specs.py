"""load_bundled: an API document and the common file it refers to become one self-contained document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from component.specs import load_bundled

COMMON = {
    "components": {
        "schemas": {
            "RelatedParty": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "role": {"type": "string"},
                               "validFor": {"$ref": "#/components/schemas/TimePeriod"}},
            },
            "TimePeriod": {
                "type": "object",
                "properties": {"startDateTime": {"$ref": "common.yaml#/components/schemas/DateTime"}},
            },
            "DateTime": {"type": "string", "format": "date-time"},
            "Note": {"type": "object", "properties": {"author": {"$ref": "#/components/schemas/Author"}}},
            "Author": {"type": "object", "description": "common author"},
            "Unused": {"type": "string"},
            "Tree": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Tree"}}},
        },
        "parameters": {"Fields": {"name": "fields", "in": "query", "schema": {"type": "string"}}},
    }
}


def write(folder: Path, name: str, content: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def api_document(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths or {},
            "components": {"schemas": schemas}}


def bundle(tmp_path: Path, schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    write(tmp_path, "common.yaml", COMMON)
    return load_bundled(write(tmp_path, "api.yaml", api_document(schemas, paths)))


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def test_cross_file_ref_is_rewritten_to_a_local_one(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/DateTime"}})
    assert document["components"]["schemas"]["Thing"] == {"$ref": "#/components/schemas/DateTime"}


def test_referenced_common_component_is_copied_in(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/DateTime"}})
    assert document["components"]["schemas"]["DateTime"] == {"type": "string", "format": "date-time"}


def test_refs_are_inlined_transitively_including_the_common_files_refs_to_itself(tmp_path: Path) -> None:
    # RelatedParty -> TimePeriod (local ref in common) -> DateTime (ref to common.yaml by name)
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/RelatedParty"}})
    schemas = document["components"]["schemas"]
    assert {"RelatedParty", "TimePeriod", "DateTime"} <= set(schemas)
    assert schemas["TimePeriod"]["properties"]["startDateTime"] == {"$ref": "#/components/schemas/DateTime"}


def test_every_ref_of_the_bundle_is_local_and_resolvable(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"type": "object", "properties": {
        "party": {"$ref": "common.yaml#/components/schemas/RelatedParty"},
        "note": {"$ref": "common.yaml#/components/schemas/Note"},
    }}})
    for ref in refs(document):
        _, section, name = ref.removeprefix("#/").split("/")
        assert ref.startswith("#/components/")
        assert name in document["components"][section]


def test_unreferenced_common_components_are_not_copied(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/DateTime"}})
    assert "Unused" not in document["components"]["schemas"]


def test_self_referencing_common_schema_is_copied_once_without_looping(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/Tree"}})
    assert document["components"]["schemas"]["Tree"]["properties"]["child"] == {"$ref": "#/components/schemas/Tree"}


def test_refs_in_paths_are_inlined_into_their_section(tmp_path: Path) -> None:
    paths = {"/thing": {"get": {"parameters": [{"$ref": "common.yaml#/components/parameters/Fields"}],
                                "responses": {"200": {"description": "ok"}}}}}
    document = bundle(tmp_path, {}, paths)
    assert document["paths"]["/thing"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Fields"}]
    assert document["components"]["parameters"]["Fields"]["name"] == "fields"


def test_local_refs_of_the_api_document_are_left_alone(tmp_path: Path) -> None:
    document = bundle(tmp_path, {"Thing": {"$ref": "#/components/schemas/Other"}, "Other": {"type": "string"}})
    assert document["components"]["schemas"]["Thing"] == {"$ref": "#/components/schemas/Other"}


def test_api_documents_own_definition_wins_over_a_common_one_of_the_same_name(tmp_path: Path) -> None:
    own_author = {"type": "object", "description": "the API's own author"}
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/Note"}, "Author": own_author})
    assert document["components"]["schemas"]["Author"] == own_author


def test_direct_ref_to_a_common_name_the_api_also_defines_uses_the_api_definition(tmp_path: Path) -> None:
    own = {"type": "integer"}
    document = bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/DateTime"}, "DateTime": own})
    assert document["components"]["schemas"]["DateTime"] == own


def test_ref_to_a_missing_component_is_a_key_error(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="Missing"):
        bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/Missing"}})


def test_missing_component_reached_transitively_is_a_key_error(tmp_path: Path) -> None:
    write(tmp_path, "common.yaml", {"components": {"schemas": {"A": {"$ref": "#/components/schemas/Gone"}}}})
    path = write(tmp_path, "api.yaml", api_document({"Thing": {"$ref": "common.yaml#/components/schemas/A"}}))
    with pytest.raises(KeyError, match="Gone"):
        load_bundled(path)


def test_ref_to_a_third_file_is_resolved_relative_to_the_file_holding_it(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    write(tmp_path / "shared", "money.yaml", {"components": {"schemas": {"Money": {"type": "number"}}}})
    write(tmp_path, "common.yaml", {"components": {"schemas": {
        "Price": {"type": "object", "properties": {"value": {"$ref": "shared/money.yaml#/components/schemas/Money"}}},
    }}})
    path = write(tmp_path, "api.yaml", api_document({"Thing": {"$ref": "common.yaml#/components/schemas/Price"}}))
    schemas = load_bundled(path)["components"]["schemas"]
    assert schemas["Money"] == {"type": "number"}
    assert schemas["Price"]["properties"]["value"] == {"$ref": "#/components/schemas/Money"}


def test_ref_that_is_not_a_component_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        bundle(tmp_path, {"Thing": {"$ref": "common.yaml#/components/schemas/RelatedParty/properties/id"}})


def test_bundling_twice_gives_equal_documents_and_does_not_share_them(tmp_path: Path) -> None:
    write(tmp_path, "common.yaml", COMMON)
    path = write(tmp_path, "api.yaml", api_document({"Thing": {"$ref": "common.yaml#/components/schemas/Note"}}))
    first = load_bundled(path)
    first["components"]["schemas"]["Note"]["changed"] = True
    second = load_bundled(path)
    assert "changed" not in second["components"]["schemas"]["Note"]
