"""PATCH semantics: JSON merge patch (RFC 7386) and JSON Patch (RFC 6902), and what may change."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import jsonpatch

from component.domain.kernel.errors import NotPatchable, ValidationFailed
from component.domain.kernel.resource_type import ResourceType

MERGE_PATCH_TYPES = {"application/json", "application/merge-patch+json"}
JSON_PATCH_TYPE = "application/json-patch+json"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, `null` removes, anything else replaces."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def apply_patch(
    resource_type: ResourceType, document: Mapping[str, Any], body: Any, media_type: str
) -> dict[str, Any]:
    """The patched document; refuses changes to attributes the client may not patch."""
    if media_type == JSON_PATCH_TYPE:
        if not isinstance(body, list):
            raise ValidationFailed("a JSON Patch body is an array of operations")
        _refuse_not_patchable(resource_type, _touched_attributes(body))
        try:
            patched = jsonpatch.apply_patch(dict(document), body)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as error:
            raise ValidationFailed(f"JSON Patch cannot be applied: {error}") from error
        if not isinstance(patched, dict):
            raise ValidationFailed("JSON Patch must leave the resource an object")
        return patched
    if not isinstance(body, Mapping):
        raise ValidationFailed("a merge patch body is a JSON object")
    _refuse_not_patchable(resource_type, set(body))
    return merge_patch(document, body)


def _touched_attributes(operations: list[Any]) -> set[str]:
    """Top-level attributes a JSON Patch changes; an operation on the root counts as touching `id`."""
    touched: set[str] = set()
    for operation in operations:
        if not isinstance(operation, Mapping) or operation.get("op") == "test":
            continue
        for key in ("path", "from"):
            pointer = operation.get(key)
            if isinstance(pointer, str):
                name = pointer.lstrip("/").split("/", 1)[0].replace("~1", "/").replace("~0", "~")
                touched.add(name or "id")
    return touched


def _refuse_not_patchable(resource_type: ResourceType, names: set[str]) -> None:
    refused = sorted(names & resource_type.not_patchable)
    if refused:
        raise NotPatchable(
            f"{', '.join(refused)} cannot be patched on {resource_type.name}")
