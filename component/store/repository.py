"""The one generic resource repository: every TMF resource type is stored and queried through it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import DataError

from component.domain.kernel.errors import InvalidQuery, ValidationFailed
from component.domain.kernel.query import ListQuery
from component.domain.kernel.resource_type import ResourceType
from component.store.query_sql import QueryCompiler
from component.store.tables import resource

# Text copied into an indexed column is bounded: a PostgreSQL B-tree entry holds at most ~2.7 KB, and a
# longer value would fail the insert. Beyond this many UTF-8 bytes the write is refused with a 400.
MAX_INDEXED_BYTES = 1024

# Statements built once: SQLAlchemy then reuses their compiled form (writes are on every request path).
_INSERT = insert(resource)
_REPLACE = (
    update(resource)
    .where(resource.c.kind == bindparam("match_kind"), resource.c.id == bindparam("match_id"),
           resource.c.version == bindparam("expected_version"))
    .values(version=bindparam("version"), updated_at=bindparam("updated_at"), document=bindparam("document"),
            name=bindparam("name"), state=bindparam("state"))
)


@dataclass(frozen=True)
class Stored:
    document: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int


class ResourceRepository:
    """Reads and writes one resource type's rows on a connection the caller's unit of work owns."""

    def __init__(self, resource_type: ResourceType, dialect: str) -> None:
        self.resource_type = resource_type
        self.kind = resource_type.name
        self.dialect = dialect
        self.columns = {"id": resource.c.id, "href": resource.c.href, "name": resource.c.name}
        if resource_type.state_attribute:
            self.columns[resource_type.state_attribute] = resource.c.state
        if resource_type.creation_date_attribute:
            self.columns[resource_type.creation_date_attribute] = resource.c.created_at

    def get(self, connection: Connection, resource_id: str, *, for_update: bool = False) -> Stored | None:
        # The hottest statement of the component (every GET by id, every write): sent as plain SQL on the
        # driver, which skips SQLAlchemy's statement compilation and result processing.
        lock = " FOR UPDATE" if for_update and self.dialect == "postgresql" else ""
        placeholder = "%s" if self.dialect == "postgresql" else "?"
        row = connection.exec_driver_sql(
            f"SELECT document, version FROM resource WHERE kind = {placeholder} AND id = {placeholder}{lock}",
            (self.kind, resource_id),
        ).first()
        if row is None:
            return None
        document = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
        return Stored(dict(document), row[1])

    def insert(self, connection: Connection, document: Mapping[str, Any], now: str) -> Stored:
        connection.execute(_INSERT, {
            "kind": self.kind, "id": document["id"], "href": document["href"], "version": 1,
            "created_at": now, "updated_at": now, "document": dict(document), **self._side_columns(document),
        })
        return Stored(dict(document), 1)

    def replace(self, connection: Connection, document: Mapping[str, Any], expected_version: int, now: str) -> bool:
        """Store a new version if the stored one is still `expected_version`; False when it moved on."""
        result = connection.execute(_REPLACE, {
            "match_kind": self.kind, "match_id": document["id"], "expected_version": expected_version,
            "version": expected_version + 1, "updated_at": now, "document": dict(document),
            **self._side_columns(document),
        })
        return result.rowcount == 1

    def delete(self, connection: Connection, resource_id: str) -> bool:
        result = connection.execute(
            delete(resource).where(resource.c.kind == self.kind, resource.c.id == resource_id)
        )
        return result.rowcount == 1

    def list(self, connection: Connection, query: ListQuery, *, count: bool = True) -> Page:
        """A page of the resources matching `query`, with their total count (`count=False`: the total is
        the page's size, for the domain's own lookups)."""
        compiler = QueryCompiler(self.dialect, self.columns)
        where = [resource.c.kind == self.kind, *compiler.where(query.conditions)]
        total = -1
        if count:
            try:
                total = connection.execute(select(func.count()).select_from(resource).where(*where)).scalar_one()
            except DataError as error:
                # e.g. a regular expression the database's dialect refuses; the value is the client's
                raise InvalidQuery(f"the database cannot evaluate this filter: {error.orig}") from error
            if query.limit == 0 or query.offset >= total:
                return Page([], total)
        rows = connection.execute(
            select(resource.c.document).where(*where)
            .order_by(*compiler.order_by(query.sort)).offset(query.offset).limit(query.limit)
        )
        items = [dict(row.document) for row in rows]
        return Page(items, total if count else len(items))

    def state_counts(self, connection: Connection, query: ListQuery) -> dict[str, int]:
        """How many resources matching the query's filters are in each state: one GROUP BY over the
        indexed (kind, state) column, no rows loaded."""
        compiler = QueryCompiler(self.dialect, self.columns)
        where = [resource.c.kind == self.kind, *compiler.where(query.conditions)]
        try:
            rows = connection.execute(
                select(resource.c.state, func.count()).select_from(resource).where(*where).group_by(resource.c.state))
        except DataError as error:
            raise InvalidQuery(f"the database cannot evaluate this filter: {error.orig}") from error
        return {state or "": int(count) for state, count in rows}

    def _side_columns(self, document: Mapping[str, Any]) -> dict[str, Any]:
        state_attribute = self.resource_type.state_attribute
        name = document.get("name")
        state = document.get(state_attribute) if state_attribute else None
        columns = {
            "name": name if isinstance(name, str) else None,
            "state": state if isinstance(state, str) else None,
        }
        for column, value in columns.items():
            attribute = "name" if column == "name" else state_attribute
            if value is not None and len(value.encode("utf-8", "surrogatepass")) > MAX_INDEXED_BYTES:
                raise ValidationFailed(f"{attribute} must be at most {MAX_INDEXED_BYTES} bytes of UTF-8 text")
        return columns
