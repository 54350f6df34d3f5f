"""Units of work: one create / patch / delete of one resource, with its domain rules and the events of
everything it changed, in one database transaction. The HTTP handlers call this; it calls the domain
rules, the repository and the outbox.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from openapi_schema_validator import OAS30Validator
from sqlalchemy import Connection

from component.domain.kernel.clock import Clock, SystemClock, isoformat
from component.domain.kernel.documents import new_document
from component.domain.kernel.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from component.domain.kernel.patching import apply_patch
from component.domain.kernel.query import Filter, ListQuery, SameElement, parse_sort, resolve_filters
from component.domain.kernel.resource_type import ResourceType
from component.domain.kernel.schema import AttributeTree
from component.events import outbox
from component.store.database import Database
from component.store.repository import Page, ResourceRepository, Stored

PATCH_ATTEMPTS = 20  # optimistic retries when concurrent writers move the version under us


@dataclass(frozen=True)
class Served:
    """A resource type as this component serves it: its declaration, API and schema knowledge."""

    type: ResourceType
    api: str
    tree: AttributeTree
    validator: OAS30Validator
    repository: ResourceRepository
    collection_href: str  # for resources created by the domain rather than by a request


class Registry:
    """Every served resource type by name, so a rule can read or change another resource (the Customer
    of a billing account) in the same transaction, whatever API serves it.

    `base_url` (the path prefix) starts the hrefs of resources the domain creates without a request;
    every href is stored as a path (`/r1-oda-cms/tmf-api/...`) and made absolute per response."""

    def __init__(self, database: Database, clock: Clock | None = None, base_url: str = "") -> None:
        self.database = database
        self.clock = clock or SystemClock()
        self.base_url = base_url.rstrip("/")
        self._served: dict[str, Served] = {}

    def register(self, api: str, resource_type: ResourceType, document: Mapping[str, Any],
                 api_base_path: str = "") -> Served:
        served = Served(
            resource_type, api, AttributeTree(dict(document), resource_type.name),
            _schema_validator(document, resource_type.name),
            ResourceRepository(resource_type, self.database.dialect),
            f"{self.base_url}{api_base_path}/{resource_type.collection}",
        )
        self._served[resource_type.name] = served
        return served

    def __getitem__(self, kind: str) -> Served:
        try:
            return self._served[kind]
        except KeyError:
            raise LookupError(f"resource type {kind!r} is not served by this component") from None

    def __contains__(self, kind: str) -> bool:
        return kind in self._served


class Transaction:
    """The `UnitOfWork` handed to domain rules: reads and writes on the request's connection."""

    def __init__(self, registry: Registry, connection: Connection, now: str) -> None:
        self.registry = registry
        self.connection = connection
        self.now = now
        self._versions: dict[tuple[str, str], tuple[int, str]] = {}  # version and JSON snapshot read/written
        self._held: list[tuple[str, str, dict[str, Any]]] | None = None

    def find(self, kind: str, resource_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        """The stored resource, or None: a document of the caller's own, to change (nested parts included)
        and `save`; the transaction compares against its own snapshot of what was read."""
        stored = self.registry[kind].repository.get(self.connection, resource_id, for_update=for_update)
        if stored is None:
            return None
        self._versions[(kind, resource_id)] = (stored.version, _snapshot(stored.document))
        return stored.document

    def find_all(self, kind: str, *filters: Filter | SameElement, limit: int = 1000,
                 sort: str | None = None) -> list[dict[str, Any]]:
        served = self.registry[kind]
        query = ListQuery(resolve_filters(filters, served.tree), limit=limit,
                          sort=parse_sort(sort, served.tree) if sort else ())
        return served.repository.list(self.connection, query, count=False).items

    def save(self, kind: str, document: dict[str, Any]) -> bool:
        """Store `document` if it differs from what this transaction last read or wrote of it (nothing is
        written and no event raised otherwise); the caller may go on changing it and save again. True when
        it wrote."""
        served = self.registry[kind]
        key = (kind, document["id"])
        if key not in self._versions:
            raise RuntimeError(f"save of {kind} {document['id']} that this transaction did not read")
        version, before = self._versions[key]
        if _snapshot(document) == before:
            return False
        if served.type.update_date_attribute:
            document[served.type.update_date_attribute] = self.now
        if not served.repository.replace(self.connection, document, version, self.now):
            raise Conflict(f"{kind} {document['id']} changed concurrently; retry the request")
        self._versions[key] = (version + 1, _snapshot(document))
        self.emit_changes(kind, json.loads(before), document)
        return True

    def create(self, kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
        served = self.registry[kind]
        document = prepare_new(served.type, body, served.collection_href, self.now)
        served.type.rules.on_create(document, self)
        self.insert(kind, document)
        return document

    def insert(self, kind: str, document: dict[str, Any]) -> Stored:
        stored = self.registry[kind].repository.insert(self.connection, document, self.now)
        self._versions[(kind, document["id"])] = (stored.version, _snapshot(document))
        self._write_event(kind, "Create", document)
        return stored

    def delete(self, kind: str, document: Mapping[str, Any]) -> None:
        self.registry[kind].repository.delete(self.connection, document["id"])
        self.emit(kind, "Delete", document)

    def emit_changes(self, kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        resource_type = self.registry[kind].type
        state = resource_type.state_attribute
        if state and before.get(state) != after.get(state):
            self.emit(kind, resource_type.state_change_event, after)
        bookkeeping = {state, resource_type.update_date_attribute, *resource_type.state_bookkeeping}
        if any(before.get(key) != after.get(key) for key in set(before) | set(after) if key not in bookkeeping):
            self.emit(kind, "AttributeValueChange", after)

    def hold_events(self) -> None:
        """From now on keep emitted events back until `release_events` (a rule's own events, such as
        TroubleTicketResolvedEvent, then follow the change events of the change that caused them)."""
        self._held = []

    def release_events(self, first: Callable[[], None] | None = None) -> None:
        """Stop holding; run `first` (the triggering change's own events), then write the held ones."""
        held, self._held = self._held or [], None
        if first is not None:
            first()
        for kind, change, document in held:
            self.emit(kind, change, document)

    def emit(self, kind: str, change: str, document: Mapping[str, Any]) -> None:
        """Write a `<Resource><change>Event` for `document` to the outbox (if the type raises events)."""
        if self._held is not None:
            self._held.append((kind, change, json.loads(_snapshot(document))))  # as it is now
            return
        self._write_event(kind, change, document)

    def _write_event(self, kind: str, change: str, document: Mapping[str, Any]) -> None:
        served = self.registry[kind]
        event_type = served.type.event_type(change)
        if event_type is None:
            return
        outbox.append(
            self.connection, api=served.api, resource_kind=kind, resource_id=document["id"],
            event=outbox.envelope(event_type, served.type.payload_key, document, self.now, served.type.event_body_key),
        )


class ResourceService:
    """Create, read, list, patch and delete one resource type, raising `DomainError`s for the client."""

    def __init__(self, registry: Registry, kind: str) -> None:
        self.registry = registry
        self.served = registry[kind]
        self.type = self.served.type
        self.database = registry.database
        self.repository = self.served.repository

    def get(self, resource_id: str) -> Stored:
        with self.database.read(snapshot=False) as connection:
            stored = self.repository.get(connection, resource_id)
        if stored is None:
            raise NotFound(f"{self.type.name} {resource_id!r} not found")
        return stored

    def list(self, query: ListQuery, *, count: bool = True) -> Page:
        """`count=False`: no count query (a caller that knows the total, as the dashboard's board does)."""
        with self.database.read() as connection:
            return self.repository.list(connection, query, count=count)

    def state_counts(self, query: ListQuery) -> dict[str, int]:
        """Resources matching the query's filters, counted by state (the dashboard's board)."""
        with self.database.read() as connection:
            return self.repository.state_counts(connection, query)

    def create(self, body: Mapping[str, Any], collection_href: str) -> Stored:
        now = self._now()
        document = prepare_new(self.type, body, collection_href, now)
        with self.database.write() as connection:
            work = Transaction(self.registry, connection, now)
            work.hold_events()  # the resource's Create event first, then what its rules changed elsewhere
            self.type.rules.on_create(document, work)
            stored = work.insert(self.type.name, document)
            work.release_events()
            return stored

    def patch(self, resource_id: str, body: Any, media_type: str, if_match: str | None = None) -> Stored:
        for _attempt in range(PATCH_ATTEMPTS):
            try:
                return self._patch_once(resource_id, body, media_type, if_match)
            except _VersionMoved:
                continue  # someone else wrote in between (rolled back): re-read and re-apply
        raise PreconditionFailed(f"{self.type.name} {resource_id!r} changed too often concurrently; retry")

    def _patch_once(self, resource_id: str, body: Any, media_type: str, if_match: str | None) -> Stored:
        with self.database.write() as connection:
            current = self._current(connection, resource_id, if_match)
            patched = apply_patch(self.type, current.document, body, media_type)
            self._validate(patched)
            now = self._now()
            state = self.type.state_attribute
            if self.type.lifecycle and state:
                self.type.lifecycle.check(current.document.get(state), patched.get(state))
            if self.type.update_date_attribute and patched != current.document:
                patched[self.type.update_date_attribute] = now
            work = Transaction(self.registry, connection, now)
            work.hold_events()
            self.type.rules.on_patch(current.document, patched, work)
            if patched == current.document:
                work.release_events()
                return current
            if not self.repository.replace(connection, patched, current.version, now):
                raise _VersionMoved
            work.release_events(first=lambda: work.emit_changes(self.type.name, current.document, patched))
            return Stored(patched, current.version + 1)

    def delete(self, resource_id: str, if_match: str | None = None) -> None:
        with self.database.write() as connection:
            current = self._current(connection, resource_id, if_match)
            work = Transaction(self.registry, connection, self._now())
            self.type.rules.on_delete(current.document, work)
            work.delete(self.type.name, current.document)

    def _current(self, connection: Connection, resource_id: str, if_match: str | None) -> Stored:
        current = self.repository.get(connection, resource_id, for_update=True)
        if current is None:
            raise NotFound(f"{self.type.name} {resource_id!r} not found")
        if if_match is not None and not etag_matches(if_match, current.version):
            raise PreconditionFailed(
                f"{self.type.name} {resource_id!r} is at version {etag(current.version)}, not {if_match}"
            )
        return current

    def _validate(self, patched: dict[str, Any]) -> None:
        errors = sorted(self.served.validator.iter_errors(patched), key=lambda error: list(error.path))
        if errors:
            first = errors[0]
            where = "/".join(str(part) for part in first.path) or "(resource)"
            raise ValidationFailed(f"patched {self.type.name} is invalid at {where}: {first.message}")

    def _now(self) -> str:
        return isoformat(self.registry.clock.now())


class _VersionMoved(Exception):
    """The stored version changed between read and write; the transaction is rolled back and retried."""


def prepare_new(resource_type: ResourceType, body: Mapping[str, Any], collection_href: str, now: str) -> dict[str, Any]:
    """A new resource's document from a create body: refusals, initial state, server attributes."""
    refused = sorted(set(body) & resource_type.refused_on_create)
    if refused:
        raise ValidationFailed(f"{', '.join(refused)} cannot be set when creating a {resource_type.name}; "
                               "the component sets them")
    state = resource_type.state_attribute
    if resource_type.lifecycle and state:
        resource_type.lifecycle.check_initial(body.get(state))
    resource_id = str(uuid.uuid4())
    return new_document(resource_type, body, resource_id=resource_id, href=f"{collection_href}/{resource_id}",
                        now=now)


def _snapshot(document: Mapping[str, Any]) -> str:
    """A canonical JSON text of a document: what a transaction compares a changed document against."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)


def etag(version: int) -> str:
    return f'"{version}"'


def etag_matches(header: str, version: int) -> bool:
    """If-Match / If-None-Match: `*`, or a list of (weak or strong) tags one of which is this version."""
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag(version) in tags


def _schema_validator(document: Mapping[str, Any], schema_name: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document.get("components", {})}
    return OAS30Validator(schema)
