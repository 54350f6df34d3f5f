"""PATCH semantics: RFC 7386 merge patch, RFC 6902 JSON Patch, and attributes no patch may change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from component.domain.kernel.errors import NotPatchable, ValidationFailed
from component.domain.kernel.patching import JSON_PATCH_TYPE, apply_patch, merge_patch
from component.domain.kernel.resource_type import ResourceType
from tests.unit.widgets import WIDGET

MERGE = "application/merge-patch+json"

STORED: dict[str, Any] = {
    "id": "w1",
    "href": "/widget/w1",
    "@type": "Widget",
    "name": "first",
    "status": "initialized",
    "externalId": "ext-1",
    "creationDate": "2024-01-01T00:00:00.000Z",
    "lastUpdate": "2024-01-01T00:00:00.000Z",
    "owner": {"id": "p1", "name": "Pat"},
    "tag": ["red", "blue"],
}


# RFC 7386 Appendix A, every example: (original, patch, result).
RFC_7386_EXAMPLES = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("original", "patch", "result"), RFC_7386_EXAMPLES)
def test_merge_patch_follows_rfc_7386_appendix_a(original: Any, patch: Any, result: Any) -> None:
    assert merge_patch(original, patch) == result


def test_merge_patch_null_removes_an_attribute() -> None:
    assert "name" not in merge_patch(STORED, {"name": None})


def test_merge_patch_merges_nested_objects() -> None:
    assert merge_patch(STORED, {"owner": {"name": "Sam"}})["owner"] == {"id": "p1", "name": "Sam"}


def test_merge_patch_replaces_arrays_whole() -> None:
    assert merge_patch(STORED, {"tag": ["green"]})["tag"] == ["green"]


def test_merge_patch_leaves_the_original_unchanged() -> None:
    original = copy.deepcopy(STORED)
    merge_patch(original, {"owner": {"name": "Sam"}, "name": None, "tag": ["green"]})
    assert original == STORED


def test_merge_patch_result_does_not_share_the_patch_values() -> None:
    patch = {"tag": ["green"]}
    result = merge_patch(STORED, patch)
    patch["tag"].append("yellow")
    assert result["tag"] == ["green"]


# -- apply_patch: merge patch -------------------------------------------------------------------------


@pytest.mark.parametrize("media_type", ["application/json", MERGE])
def test_merge_patch_media_types_apply_a_merge_patch(media_type: str) -> None:
    patched = apply_patch(WIDGET, STORED, {"name": "second", "owner": {"name": None}}, media_type)
    assert patched["name"] == "second"
    assert patched["owner"] == {"id": "p1"}


@pytest.mark.parametrize(
    "attribute", ["id", "href", "status", "externalId", "creationDate", "lastUpdate"]
)
def test_merge_patch_of_a_not_patchable_attribute_is_refused(attribute: str) -> None:
    with pytest.raises(NotPatchable, match=attribute):
        apply_patch(WIDGET, STORED, {attribute: "changed"}, MERGE)


def test_merge_patch_removing_a_not_patchable_attribute_is_refused() -> None:
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, {"externalId": None}, MERGE)


def test_merge_patch_refusal_names_the_attribute_even_among_allowed_ones() -> None:
    with pytest.raises(NotPatchable, match="href"):
        apply_patch(WIDGET, STORED, {"name": "x", "href": "/elsewhere"}, MERGE)


def test_merge_patch_body_must_be_an_object() -> None:
    with pytest.raises(ValidationFailed):
        apply_patch(WIDGET, STORED, [{"op": "remove", "path": "/name"}], MERGE)


# -- apply_patch: JSON Patch ------------------------------------------------------------------------------


def test_json_patch_operations_are_applied_in_order() -> None:
    body = [
        {"op": "replace", "path": "/name", "value": "second"},
        {"op": "add", "path": "/tag/-", "value": "green"},
        {"op": "remove", "path": "/owner/name"},
        {"op": "copy", "from": "/name", "path": "/description"},
        {"op": "move", "from": "/description", "path": "/note"},
    ]
    patched = apply_patch(WIDGET, STORED, body, JSON_PATCH_TYPE)
    assert patched["name"] == "second"
    assert patched["tag"] == ["red", "blue", "green"]
    assert patched["owner"] == {"id": "p1"}
    assert patched["note"] == "second"
    assert "description" not in patched


def test_json_patch_leaves_the_stored_document_unchanged() -> None:
    stored = copy.deepcopy(STORED)
    apply_patch(WIDGET, stored, [{"op": "add", "path": "/tag/-", "value": "green"}], JSON_PATCH_TYPE)
    assert stored == STORED


def test_json_patch_test_operation_is_allowed_on_a_not_patchable_attribute() -> None:
    body = [{"op": "test", "path": "/id", "value": "w1"}, {"op": "replace", "path": "/name", "value": "x"}]
    assert apply_patch(WIDGET, STORED, body, JSON_PATCH_TYPE)["name"] == "x"


def test_json_patch_failed_test_operation_is_a_validation_failure() -> None:
    body = [{"op": "test", "path": "/name", "value": "other"}, {"op": "replace", "path": "/name", "value": "x"}]
    with pytest.raises(ValidationFailed):
        apply_patch(WIDGET, STORED, body, JSON_PATCH_TYPE)


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "replace", "path": "/id", "value": "w2"},
        {"op": "remove", "path": "/href"},
        {"op": "add", "path": "/status", "value": "active"},
        {"op": "replace", "path": "/creationDate", "value": "2020-01-01T00:00:00.000Z"},
        {"op": "replace", "path": "/lastUpdate", "value": "2020-01-01T00:00:00.000Z"},
        {"op": "replace", "path": "/externalId", "value": "ext-2"},
        {"op": "add", "path": "/externalId/nested", "value": 1},
    ],
)
def test_json_patch_on_a_not_patchable_attribute_is_refused(operation: dict[str, Any]) -> None:
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, [operation], JSON_PATCH_TYPE)


@pytest.mark.parametrize("op", ["move", "copy"])
def test_json_patch_from_a_not_patchable_attribute_is_refused(op: str) -> None:
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, [{"op": op, "from": "/id", "path": "/name"}], JSON_PATCH_TYPE)


def test_json_patch_into_a_not_patchable_attribute_is_refused() -> None:
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, [{"op": "copy", "from": "/name", "path": "/externalId"}], JSON_PATCH_TYPE)


@pytest.mark.parametrize("op", ["replace", "add"])
def test_json_patch_replacing_the_root_is_refused(op: str) -> None:
    body = [{"op": op, "path": "", "value": {**STORED, "id": "w2"}}]
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, body, JSON_PATCH_TYPE)


def test_json_patch_removing_the_root_is_refused() -> None:
    with pytest.raises(NotPatchable):
        apply_patch(WIDGET, STORED, [{"op": "remove", "path": ""}], JSON_PATCH_TYPE)


def test_json_patch_escaped_pointer_is_unescaped_before_the_check() -> None:
    resource_type = ResourceType(name="Widget", collection="widget", server_owned=frozenset({"id", "a/b~c"}))
    with pytest.raises(NotPatchable):
        apply_patch(resource_type, {"id": "w1"}, [{"op": "add", "path": "/a~1b~0c", "value": 1}], JSON_PATCH_TYPE)


def test_json_patch_body_must_be_an_array() -> None:
    with pytest.raises(ValidationFailed):
        apply_patch(WIDGET, STORED, {"op": "replace", "path": "/name", "value": "x"}, JSON_PATCH_TYPE)


def test_json_patch_to_a_missing_path_is_a_validation_failure() -> None:
    with pytest.raises(ValidationFailed):
        apply_patch(WIDGET, STORED, [{"op": "replace", "path": "/nothing/there", "value": 1}], JSON_PATCH_TYPE)


def test_json_patch_unknown_operation_is_a_validation_failure() -> None:
    with pytest.raises(ValidationFailed):
        apply_patch(WIDGET, STORED, [{"op": "frobnicate", "path": "/name"}], JSON_PATCH_TYPE)
