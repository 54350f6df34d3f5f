"""A small hand-written OpenAPI document and resource type the unit tests share.

`Widget` exercises what the TMF schemas do: inheritance through `allOf` and `$ref`, a nested object
(`owner`), arrays of objects (`contactMedium`, `item`), an array nested in an array element
(`item.characteristic`), a recursive schema (`item.item`), a free-form object (`extra`), an
`Any`-typed value (`characteristic.value`) and an array of scalars (`tag`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from component.domain.kernel.resource_type import ResourceType

INITIAL_STATE = "initialized"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "widgets", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Entity": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "href": {"type": "string"},
                    "@type": {"type": "string"},
                    "@baseType": {"type": "string"},
                    "@schemaLocation": {"type": "string"},
                },
            },
            "Widget": {
                "allOf": [
                    _ref("Entity"),
                    {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "status": {"type": "string"},
                            "creationDate": {"type": "string", "format": "date-time"},
                            "lastUpdate": {"type": "string", "format": "date-time"},
                            "priority": {"type": "integer"},
                            "weight": {"type": "number"},
                            "isVip": {"type": "boolean"},
                            "owner": _ref("PartyRef"),
                            "validFor": _ref("TimePeriod"),
                            "contactMedium": _array_of("ContactMedium"),
                            "item": _array_of("WidgetItem"),
                            "tag": {"type": "array", "items": {"type": "string"}},
                            "extra": {"type": "object"},
                        },
                    },
                ]
            },
            "PartyRef": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            },
            "TimePeriod": {
                "type": "object",
                "properties": {
                    "startDateTime": {"type": "string", "format": "date-time"},
                    "endDateTime": {"type": "string", "format": "date-time"},
                },
            },
            "ContactMedium": {
                "type": "object",
                "properties": {
                    "mediumType": {"type": "string"},
                    "preferred": {"type": "boolean"},
                    "characteristic": _ref("MediumCharacteristic"),
                },
            },
            "MediumCharacteristic": {
                "type": "object",
                "properties": {"emailAddress": {"type": "string"}, "city": {"type": "string"}},
            },
            "WidgetItem": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "quantity": {"type": "integer"},
                    "characteristic": _array_of("Characteristic"),
                    "item": _array_of("WidgetItem"),
                },
            },
            "Characteristic": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "value": _ref("Any")},
            },
            "Any": {},
        }
    },
}



def _initial_state_declaration(initial: str) -> dict[str, Any]:
    """The initial state is declared through a `Lifecycle` (or, before lifecycles, `initial_state`)."""
    if "lifecycle" in {field.name for field in dataclasses.fields(ResourceType)}:
        from component.domain.kernel.lifecycle import Lifecycle

        return {"lifecycle": Lifecycle("widget", initial, {initial: frozenset({"active"}), "active": frozenset()})}
    return {"initial_state": initial}


WIDGET = ResourceType(
    name="Widget",
    collection="widget",
    event_prefix="Widget",
    state_attribute="status",
    **_initial_state_declaration(INITIAL_STATE),
    server_owned=frozenset({"id", "href", "status"}),
    immutable=frozenset({"externalId"}),
    creation_date_attribute="creationDate",
    update_date_attribute="lastUpdate",
)
