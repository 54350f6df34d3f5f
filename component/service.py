"""Units of work: one create / patch / delete of one resource, with its domain rules and events, in one
database transaction. The HTTP handlers call this; it calls the domain rules, the repository and the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openapi_schema_validator import OAS30Validator
from sqlalchemy import Connection

from component.domain.clock import Clock, SystemClock, isoformat
from component.domain.documents import new_document
from component.domain.errors import NotFound, PreconditionFailed, ValidationFailed
from component.domain.patching import apply_patch
from component.domain.query import ListQuery
from component.domain.resource_type import ResourceType
from component.events import outbox
from component.store.database import Database
from component.store.repository import Page, ResourceRepository, Stored

PATCH_ATTEMPTS = 20  # optimistic retries when concurrent writers move the version under us


@dataclass
class Registry:
    """Every served resource type by name, so rules can look up other resources (a Customer from an
    account) through one `Lookup`, whatever API serves them."""

    database: Database
    types: dict[str, ResourceType]

    def repository(self, kind: str) -> ResourceRepository:
        return ResourceRepository(self.types[kind], self.database.dialect)


class ConnectionLookup:
    """`Lookup` for domain rules, reading through the current transaction's connection."""

    def __init__(self, registry: Registry, connection: Connection) -> None:
        self._registry = registry
        self._connection = connection

    def find(self, kind: str, resource_id: str) -> dict[str, Any] | None:
        stored = self._registry.repository(kind).get(self._connection, resource_id)
        return stored.document if stored else None


class ResourceService:
    """Create, read, list, patch and delete one resource type, raising `DomainError`s for the client."""

    def __init__(
        self,
        api: str,
        resource_type: ResourceType,
        registry: Registry,
        document: Mapping[str, Any],
        clock: Clock | None = None,
    ) -> None:
        self.api = api
        self.type = resource_type
        self.registry = registry
        self.database = registry.database
        self.repository = registry.repository(resource_type.name)
        self.clock = clock or SystemClock()
        self._resource_validator = _schema_validator(document, resource_type.name)

    def get(self, resource_id: str) -> Stored:
        with self.database.read(snapshot=False) as connection:
            stored = self.repository.get(connection, resource_id)
        if stored is None:
            raise NotFound(f"{self.type.name} {resource_id!r} not found", reference=resource_id)
        return stored

    def list(self, query: ListQuery) -> Page:
        with self.database.read() as connection:
            return self.repository.list(connection, query)

    def create(self, body: Mapping[str, Any], collection_href: str) -> Stored:
        now = isoformat(self.clock.now())
        resource_id = str(uuid.uuid4())
        document = new_document(
            self.type, body, resource_id=resource_id, href=f"{collection_href}/{resource_id}", now=now
        )
        with self.database.write() as connection:
            self.type.rules.on_create(document, ConnectionLookup(self.registry, connection))
            stored = self.repository.insert(connection, document, now)
            self._emit(connection, "Create", document, now)
        return stored

    def patch(self, resource_id: str, body: Any, media_type: str, if_match: str | None = None) -> Stored:
        for _attempt in range(PATCH_ATTEMPTS):
            with self.database.write() as connection:
                current = self.repository.get(connection, resource_id, for_update=True)
                if current is None:
                    raise NotFound(f"{self.type.name} {resource_id!r} not found", reference=resource_id)
                if if_match is not None and not etag_matches(if_match, current.version):
                    raise PreconditionFailed(
                        f"{self.type.name} {resource_id!r} is at version {current.version}, not {if_match}"
                    )
                patched = apply_patch(self.type, current.document, body, media_type)
                self._validate_patched(patched)
                now = isoformat(self.clock.now())
                if self.type.update_date_attribute and patched != current.document:
                    patched[self.type.update_date_attribute] = now
                self.type.rules.on_patch(current.document, patched, ConnectionLookup(self.registry, connection))
                if patched == current.document:
                    return current
                if not self.repository.replace(connection, patched, current.version, now):
                    continue  # someone else wrote in between: re-read and re-apply
                self._emit_changes(connection, current.document, patched, now)
                return Stored(patched, current.version + 1)
        raise PreconditionFailed(f"{self.type.name} {resource_id!r} changed too often concurrently; retry")

    def delete(self, resource_id: str, if_match: str | None = None) -> None:
        with self.database.write() as connection:
            current = self.repository.get(connection, resource_id, for_update=True)
            if current is None:
                raise NotFound(f"{self.type.name} {resource_id!r} not found", reference=resource_id)
            if if_match is not None and not etag_matches(if_match, current.version):
                raise PreconditionFailed(f"{self.type.name} {resource_id!r} is at version {current.version}")
            self.type.rules.on_delete(current.document, ConnectionLookup(self.registry, connection))
            self.repository.delete(connection, resource_id)
            self._emit(connection, "Delete", current.document, isoformat(self.clock.now()))

    def _validate_patched(self, patched: dict[str, Any]) -> None:
        errors = sorted(self._resource_validator.iter_errors(patched), key=lambda error: list(error.path))
        if errors:
            first = errors[0]
            where = "/".join(str(part) for part in first.path) or "(resource)"
            raise ValidationFailed(f"patched {self.type.name} is invalid at {where}: {first.message}")

    def _emit_changes(self, connection: Connection, before: Mapping[str, Any], after: dict[str, Any], now: str) -> None:
        state = self.type.state_attribute
        if state and before.get(state) != after.get(state):
            self._emit(connection, "StateChange", after, now)
        bookkeeping = {state, self.type.update_date_attribute}
        if any(before.get(key) != after.get(key) for key in set(before) | set(after) if key not in bookkeeping):
            self._emit(connection, "AttributeValueChange", after, now)

    def _emit(self, connection: Connection, change: str, document: Mapping[str, Any], now: str) -> None:
        event_type = self.type.event_type(change)
        if event_type is None:
            return
        outbox.append(
            connection, api=self.api, resource_kind=self.type.name, resource_id=document["id"],
            event=outbox.envelope(event_type, self.type.payload_key, document, now),
        )


def etag(version: int) -> str:
    return f'"{version}"'


def etag_matches(header: str, version: int) -> bool:
    """If-Match / If-None-Match: `*`, or a list of (weak or strong) tags one of which is this version."""
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag(version) in tags


def _schema_validator(document: Mapping[str, Any], schema_name: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document.get("components", {})}
    return OAS30Validator(schema)
