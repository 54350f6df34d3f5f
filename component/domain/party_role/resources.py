"""TMF669 PartyRole: the resource declaration and its rules.

The ODA canvas's identity operator listens on this API's hub and acts on `PartyRoleCreationNotification`,
`PartyRoleAttributeValueChangeNotification` and `PartyRoleRemoveNotification` whose
`event.partyRole.@baseType` is `PartyRole`: those are the names this resource raises (the TMF669 document
names them PartyRoleCreateEvent, ...; the canvas is what consumes them). `status` is free text and its
changes are attribute value changes (the canvas has no state-change notification).

A role's permissions in this component are its `characteristic` entries named `permission`
(`{"name": "permission", "value": "customer:read"}`); see docs/security.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.errors import ValidationFailed
from component.domain.kernel.resource_type import ResourceType, Rules, UnitOfWork

CANVAS_EVENTS = {
    "Create": "PartyRoleCreationNotification",
    "AttributeValueChange": "PartyRoleAttributeValueChangeNotification",
    "Delete": "PartyRoleRemoveNotification",
}
PERMISSION = "permission"


class PartyRoleRules(Rules):
    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        document.setdefault("@baseType", "PartyRole")
        _check_name(document)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        after.setdefault("@baseType", "PartyRole")
        _check_name(after)


def _check_name(document: Mapping[str, Any]) -> None:
    name = document.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationFailed("a PartyRole needs a non-empty name (the role it grants)")


def permissions_of(document: Mapping[str, Any]) -> list[str]:
    """The `<target>:<level>` permissions a PartyRole document grants."""
    found = []
    for item in document.get("characteristic") or []:
        if isinstance(item, Mapping) and item.get("name") == PERMISSION and isinstance(item.get("value"), str):
            found.append(item["value"])
    return found


PARTY_ROLE = ResourceType(
    name="PartyRole",
    collection="partyRole",
    event_prefix="PartyRole",
    event_names=CANVAS_EVENTS,
    rules=PartyRoleRules(),
)
