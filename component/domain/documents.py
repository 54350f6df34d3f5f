"""Shaping resource documents: server-assigned attributes on create, and `fields=` projection."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from component.domain.resource_type import ResourceType

ALWAYS_RETURNED = ("id", "href")


def new_document(
    resource_type: ResourceType, body: Mapping[str, Any], *, resource_id: str, href: str, now: str
) -> dict[str, Any]:
    """The document to store for a create request: client attributes plus what the server sets.

    Server-owned attributes in the request are ignored (TMF630: the server assigns id and href);
    `@type` defaults to the resource name; `@baseType`/`@schemaLocation` are kept as sent.
    """
    document = {key: copy.deepcopy(value) for key, value in body.items() if key not in resource_type.server_owned}
    document["id"] = resource_id
    document["href"] = href
    document.setdefault("@type", resource_type.name)
    if resource_type.creation_date_attribute:
        document[resource_type.creation_date_attribute] = now
    if resource_type.update_date_attribute:
        document[resource_type.update_date_attribute] = now
    if resource_type.state_attribute and resource_type.lifecycle:
        document.setdefault(resource_type.state_attribute, resource_type.lifecycle.initial)
    return document


def project(document: Mapping[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    """Apply `fields=`: exactly the named attributes (dotted names reach into objects and arrays)
    plus id and href. Names the resource does not have are ignored (NOTES: CTKs compare key sets)."""
    if fields is None:
        return dict(document)
    result: dict[str, Any] = {key: document[key] for key in ALWAYS_RETURNED if key in document}
    for dotted in fields:
        _copy_path(document, result, dotted.split("."))
    return result


def _copy_path(source: Any, target: dict[str, Any], names: list[str]) -> None:
    head, rest = names[0], names[1:]
    if not isinstance(source, Mapping) or head not in source:
        return
    value = source[head]
    if not rest:
        target[head] = copy.deepcopy(value)
        return
    if isinstance(value, list):
        existing = target.setdefault(head, [{} for _ in value])
        if not isinstance(existing, list) or len(existing) != len(value):
            return
        for element, element_target in zip(value, existing, strict=True):
            if isinstance(element_target, dict):
                _copy_path(element, element_target, rest)
        return
    if isinstance(value, Mapping):
        nested = target.setdefault(head, {})
        if isinstance(nested, dict):
            _copy_path(value, nested, rest)
