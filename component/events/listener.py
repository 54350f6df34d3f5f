"""The listener side: events other components send us (e.g. a downstream TMF641's service order events).

`receive` validates a v4 envelope, stores it in `received_event` (idempotent by eventId) and hands a
first receipt to the in-process consumers subscribed to its eventType, all in one transaction: a
consumer's database effects commit with the receipt, and a consumer that raises rolls the receipt
back, so the sender gets a 5xx and delivers again (at-least-once on both sides).

The composition root owns the `Consumers` and subscribes the consumers (e.g. the downstream TMF641 adapter's
`consumers.subscribe("ServiceOrderStateChangeEvent", handle)`); a handler gets the envelope and the
transaction's connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from component.domain.kernel.clock import parse_instant
from component.domain.kernel.errors import ValidationFailed
from component.store.database import Database
from component.store.tables import received_event

log = logging.getLogger(__name__)
Consumer = Callable[[Mapping[str, Any], Connection], None]
MAX_EVENT_ID = 64


class Consumers:
    """In-process consumers of received events, by eventType (None: every event)."""

    def __init__(self) -> None:
        self._consumers: list[tuple[str | None, Consumer]] = []

    def subscribe(self, event_type: str | None, consumer: Consumer) -> None:
        self._consumers.append((event_type, consumer))

    def unsubscribe(self, consumer: Consumer) -> None:
        self._consumers = [(kind, known) for kind, known in self._consumers if known is not consumer]

    def dispatch(self, event: Mapping[str, Any], connection: Connection) -> None:
        for event_type, consumer in list(self._consumers):
            if event_type is None or event_type == event["eventType"]:
                consumer(event, connection)




def event_type_of(listener_name: str) -> str:
    """`serviceOrderStateChangeEvent` (a listener path segment) -> `ServiceOrderStateChangeEvent`."""
    return listener_name[:1].upper() + listener_name[1:]


def validate_envelope(body: Any, listener_name: str | None = None) -> dict[str, Any]:
    """The envelope if it is a v4 notification (for this listener path); ValidationFailed otherwise."""
    if not isinstance(body, dict):
        raise ValidationFailed("an event notification must be a JSON object")
    event_id, event_type, event_time = body.get("eventId"), body.get("eventType"), body.get("eventTime")
    if not isinstance(event_id, str) or not event_id or len(event_id) > MAX_EVENT_ID:
        raise ValidationFailed(f"eventId must be a non-empty string of at most {MAX_EVENT_ID} characters")
    if not isinstance(event_type, str) or not event_type:
        raise ValidationFailed("eventType must be a non-empty string")
    if listener_name is not None and event_type != event_type_of(listener_name):
        raise ValidationFailed(f"eventType {event_type!r} does not belong on the listener {listener_name!r}")
    if not isinstance(event_time, str) or not _is_time(event_time):
        raise ValidationFailed("eventTime must be an ISO 8601 date-time")
    content = body.get("event", body.get("payload"))
    if not isinstance(content, dict):
        raise ValidationFailed("the notification must carry the resource in an `event` (or `payload`) object")
    return body


def receive(database: Database, event: Mapping[str, Any], *, source: str, now: str,
            consumers: Consumers) -> bool:
    """Store a validated event and run its consumers; False when this eventId was received before."""
    with database.write() as connection:
        upsert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        inserted = connection.execute(
            upsert(received_event).values(event_id=event["eventId"], event_type=event["eventType"], source=source,
                                          received_at=now, payload=dict(event))
            .on_conflict_do_nothing(index_elements=[received_event.c.event_id])
            .returning(received_event.c.event_id)
        ).first()
        if inserted is None:
            return False
        consumers.dispatch(event, connection)
    return True


def _is_time(value: str) -> bool:
    try:
        parse_instant(value)
    except ValueError:
        return False
    return True
