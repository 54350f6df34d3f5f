"""The transactional outbox: events are rows written in the same transaction as the change they report.

A crash can never leave a change without its event or an event without its change. `append` also
writes, in the same transaction, a pending delivery per matching hub subscription (`fanout`); the
delivery worker (`delivery`) works those off. `event_id` is stable so receivers de-duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select

from component.events import fanout
from component.store.tables import outbox


def envelope(event_type: str, payload_key: str, document: Mapping[str, Any], event_time: str,
             body_key: str = "event") -> dict[str, Any]:
    """The TMF v4 notification body: `{eventId, eventTime, eventType, event: {<resource>: {...}}}`
    (`body_key` names `event`, or `payload` where a v4 document says so)."""
    return {
        "eventId": str(uuid.uuid4()),
        "eventTime": event_time,
        "eventType": event_type,
        body_key: {payload_key: dict(document)},
    }


_INSERT = insert(outbox)  # built once, compiled once


def append(
    connection: Connection,
    *,
    api: str,
    resource_kind: str,
    resource_id: str,
    event: Mapping[str, Any],
) -> None:
    result = connection.execute(_INSERT, {
        "event_id": event["eventId"], "event_type": event["eventType"], "api": api,
        "resource_kind": resource_kind, "resource_id": resource_id, "event_time": event["eventTime"],
        "payload": dict(event),
    })
    fanout.enqueue(connection, sequence=result.inserted_primary_key[0], api=api, resource_kind=resource_kind,
                   resource_id=resource_id, event=event)


def read_after(connection: Connection, sequence: int = 0, limit: int = 500) -> list[dict[str, Any]]:
    """Outbox rows after `sequence`, oldest first (the delivery worker's and the tests' view)."""
    rows = connection.execute(
        select(outbox).where(outbox.c.sequence > sequence).order_by(outbox.c.sequence).limit(limit)
    )
    return [dict(row._mapping) for row in rows]
