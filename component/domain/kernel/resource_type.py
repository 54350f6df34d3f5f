"""Declaration of a TMF resource type: everything the generic engine needs to serve it.

Adding a resource is a `ResourceType(...)` plus, where it has any, a `Rules` subclass holding its
domain rules. Nothing here knows HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from component.domain.kernel.lifecycle import Lifecycle
from component.domain.kernel.query import Filter, SameElement


class UnitOfWork(Protocol):
    """What domain rules may do inside the write transaction of a request (implemented by the service).

    Everything read and written through it commits or rolls back with the change that triggered the
    rule, events included.
    """

    now: str  # the transaction's timestamp, UTC ISO 8601

    def find(self, kind: str, resource_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        """A stored resource, or None. `for_update` locks it (PostgreSQL) for a later `save`."""

    def find_all(self, kind: str, *filters: Filter | SameElement, limit: int = 1000,
                 sort: str | None = None) -> list[dict[str, Any]]:
        """Resources of `kind` meeting every filter (TMF630 semantics, evaluated by the database), at most
        `limit`, ordered by the attribute `sort` names (`-name`: descending), else by creation."""

    def save(self, kind: str, document: dict[str, Any]) -> bool:
        """Store a resource read earlier with `find(..., for_update=True)` if it changed since it was read or
        last saved, raising its StateChange / AttributeValueChange events; True when it wrote."""

    def create(self, kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create a resource of `kind` from inside the domain (an order's service orders, an installed
        product): server attributes assigned, that kind's `on_create` rules applied, Create event raised."""

    def emit(self, kind: str, change: str, document: Mapping[str, Any]) -> None:
        """Write `<Resource><change>Event` (e.g. change "Resolved", "InformationRequired") to the outbox."""


class Rules:
    """Domain rules of one resource type; the defaults accept everything.

    Each hook may change the document it is given (it is the one about to be stored) and raises a
    `DomainError` to refuse. Hooks run inside the write transaction, so what they read and write
    through `work` is consistent with, and committed together with, the change.
    """

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        """Validate and complete a new resource (defaults, derived attributes, references)."""

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        """Validate a patched resource; `before` is the stored one."""

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        """Refuse a deletion that would break something (a Conflict), or tidy up what refers to it."""


class Unbound(Rules):
    """The rules of a type whose rules need collaborators (a catalogue, a policy): the composition root
    binds the real ones (`ResourceType.bound`); a type served without them refuses to run."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _refuse(self, *_args: Any) -> None:
        raise RuntimeError(f"the rules of {self.kind} were not bound by the composition root")

    on_create = on_patch = on_delete = _refuse


@dataclass(frozen=True)
class ResourceType:
    """One resource collection of one API (e.g. Customer at /customer in TMF629)."""

    name: str  # the TMF resource name, also the default @type: "Customer"
    collection: str  # path segment: "customer"
    event_prefix: str | None = None  # "Customer" -> CustomerCreateEvent; None: no events
    # Event types by change where a consumer needs other names than `<prefix><change>Event` (TMF669's
    # PartyRoleCreationNotification for the canvas); a change not listed keeps the default name.
    event_names: Mapping[str, str] = field(default_factory=dict, hash=False)
    # Key of the resource in the v4 envelope: "event" in most v4 documents, "payload" in TMF666 v4.
    event_body_key: str = "event"
    state_attribute: str | None = None  # "status" or "state": its changes raise a StateChangeEvent
    state_change_event: str = "StateChange"  # TMF621 names it "StatusChange"
    # Attributes the server keeps in step with the state (a status history, its date): their changes
    # are part of the StateChangeEvent, not an AttributeValueChangeEvent of their own.
    state_bookkeeping: frozenset[str] = frozenset()
    lifecycle: Lifecycle | None = None  # allowed transitions of the state attribute
    # Attributes the server owns: ignored on create (the server sets them) and refused in a PATCH.
    server_owned: frozenset[str] = frozenset({"id", "href"})
    # Attributes a create request must not carry at all (400), e.g. an order's state and dates.
    refused_on_create: frozenset[str] = frozenset()
    # Further attributes a client may set on create but never change afterwards.
    immutable: frozenset[str] = frozenset()
    creation_date_attribute: str | None = None  # e.g. "creationDate": set by the server on create
    update_date_attribute: str | None = None  # e.g. "lastUpdate": set by the server on every change
    rules: Rules = field(default_factory=Rules)
    read_only: bool = False  # served by GET only (catalogue and inventory views)

    def bound(self, rules: Rules) -> ResourceType:
        """This type with its rules bound to their collaborators."""
        return replace(self, rules=rules)

    @property
    def payload_key(self) -> str:
        """Key of the resource inside an event's `event` object: `customer`, `billingAccount`."""
        return self.name[0].lower() + self.name[1:]

    def event_type(self, change: str) -> str | None:
        """`CustomerCreateEvent` for change "Create"; None when the type raises no events."""
        if not self.event_prefix:
            return None
        return self.event_names.get(change, f"{self.event_prefix}{change}Event")

    @property
    def not_patchable(self) -> frozenset[str]:
        owned = {self.creation_date_attribute, self.update_date_attribute} - {None}
        return self.server_owned | self.immutable | frozenset(owned)  # type: ignore[arg-type]
