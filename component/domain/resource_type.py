"""Declaration of a TMF resource type: everything the generic engine needs to serve it.

Adding a resource is a `ResourceType(...)` plus, where it has any, a `Rules` subclass holding its
domain rules. Nothing here knows HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class Lookup(Protocol):
    """Read access to stored resources, offered to domain rules (implemented by the store)."""

    def find(self, kind: str, resource_id: str) -> dict[str, Any] | None: ...


class Rules:
    """Domain rules of one resource type; the defaults accept everything.

    Each hook may change the document it is given (it is the one about to be stored) and raises a
    `DomainError` to refuse. Hooks run inside the write transaction, so what they read through
    `lookup` is consistent with what is written.
    """

    def on_create(self, document: dict[str, Any], lookup: Lookup) -> None:
        """Validate and complete a new resource (defaults, derived attributes, references)."""

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], lookup: Lookup) -> None:
        """Validate a patched resource; `before` is the stored one."""

    def on_delete(self, document: Mapping[str, Any], lookup: Lookup) -> None:
        """Refuse a deletion that would break something (a Conflict)."""


@dataclass(frozen=True)
class ResourceType:
    """One resource collection of one API (e.g. Customer at /customer in TMF629)."""

    name: str  # the TMF resource name, also the default @type: "Customer"
    collection: str  # path segment: "customer"
    event_prefix: str | None = None  # "Customer" -> CustomerCreateEvent; None: no events
    state_attribute: str | None = None  # "status" or "state": its changes raise a StateChangeEvent
    initial_state: str | None = None
    # Attributes the server owns: ignored on create (the server sets them) and refused in a PATCH.
    server_owned: frozenset[str] = frozenset({"id", "href"})
    # Further attributes a client may set on create but never change afterwards.
    immutable: frozenset[str] = frozenset()
    creation_date_attribute: str | None = None  # e.g. "creationDate": set by the server on create
    update_date_attribute: str | None = None  # e.g. "lastUpdate": set by the server on every change
    rules: Rules = field(default_factory=Rules)
    read_only: bool = False  # served by GET only (catalogue and inventory views)

    @property
    def create_schema(self) -> str:
        return f"{self.name}_Create"

    @property
    def update_schema(self) -> str:
        return f"{self.name}_Update"

    @property
    def payload_key(self) -> str:
        """Key of the resource inside an event's `event` object: `customer`, `billingAccount`."""
        return self.name[0].lower() + self.name[1:]

    def event_type(self, change: str) -> str | None:
        """`CustomerCreateEvent` for change "Create"; None when the type raises no events."""
        return f"{self.event_prefix}{change}Event" if self.event_prefix else None

    @property
    def not_patchable(self) -> frozenset[str]:
        owned = {self.creation_date_attribute, self.update_date_attribute} - {None}
        return self.server_owned | self.immutable | frozenset(owned)  # type: ignore[arg-type]
