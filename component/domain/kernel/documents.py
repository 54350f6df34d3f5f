"""Shaping resource documents: server-assigned attributes on create, and `fields=` projection."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from component.domain.kernel.resource_type import ResourceType

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
    plus id and href. Names the resource does not have are ignored (the CTKs compare key sets)."""
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
    picked = _pick(source[head], rest)
    if picked is _NOTHING:
        return
    existing = target.get(head)
    target[head] = _merge(existing, picked) if existing is not None else picked


_NOTHING = object()


def _pick(value: Any, names: list[str]) -> Any:
    """The part of `value` that the dotted `names` select, or _NOTHING when they select nothing."""
    if not names:
        return copy.deepcopy(value)
    if isinstance(value, list):
        picked = [_pick(element, names) for element in value]
        if all(item is _NOTHING for item in picked):
            return _NOTHING
        return [{} if item is _NOTHING else item for item in picked]
    if isinstance(value, Mapping) and names[0] in value:
        inner = _pick(value[names[0]], names[1:])
        return _NOTHING if inner is _NOTHING else {names[0]: inner}
    return _NOTHING


def _merge(existing: Any, picked: Any) -> Any:
    """Combine two selections of the same attribute (`fields=a.b,a.c`)."""
    if isinstance(existing, dict) and isinstance(picked, dict):
        merged = dict(existing)
        for key, value in picked.items():
            merged[key] = _merge(merged[key], value) if key in merged else value
        return merged
    if isinstance(existing, list) and isinstance(picked, list) and len(existing) == len(picked):
        return [_merge(left, right) for left, right in zip(existing, picked, strict=True)]
    return picked


def with_absolute_hrefs(value: Any, base: str) -> Any:
    """A copy of `value` whose `href` attributes holding a path (`/tmf-api/...`, as this component stores
    its own hrefs) start with `base` (scheme and host, e.g. `https://api.example.net`). Absolute hrefs (to
    other systems) are kept. Stored documents never hold a host: a forged `Host` header cannot reach them."""
    if isinstance(value, dict):
        return {key: (base + item if key == "href" and _is_path(item) else with_absolute_hrefs(item, base))
                for key, item in value.items()}
    if isinstance(value, list):
        return [with_absolute_hrefs(item, base) for item in value]
    return value


def _is_path(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("/") and not value.startswith("//")
