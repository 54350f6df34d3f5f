"""Fan-out of an outbox event to the hub subscriptions whose query it matches.

Runs inside the transaction that appends the event (`outbox.append`), so an event is never committed
without its delivery rows, and a delivery row never exists for an event that was rolled back. A
subscription sees the events committed after it was registered.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from component.domain.kernel.errors import InvalidQuery
from component.events.matching import matches
from component.store.tables import delivery, hub_subscription

log = logging.getLogger(__name__)
PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"


def resource_key(resource_kind: str, resource_id: str) -> str:
    """What per-resource ordering is keyed by: `Customer/42`."""
    return f"{resource_kind}/{resource_id}"


_SUBSCRIPTIONS_OF_API = select(hub_subscription.c.id, hub_subscription.c.query).where(
    hub_subscription.c.api == bindparam("api"))


def enqueue(connection: Connection, *, sequence: int, api: str, resource_kind: str, resource_id: str,
            event: Mapping[str, Any]) -> int:
    """Write a pending delivery of `event` for each matching subscription of `api`; the number written."""
    subscriptions = connection.execute(_SUBSCRIPTIONS_OF_API, {"api": api}).all()
    rows = [
        {
            "subscription_id": subscription.id, "sequence": sequence, "event_id": event["eventId"],
            "resource_key": resource_key(resource_kind, resource_id), "state": PENDING, "attempts": 0,
            "created_at": event["eventTime"], "next_attempt_at": event["eventTime"],
        }
        for subscription in subscriptions
        if _matches(subscription.id, subscription.query, event)
    ]
    if rows:
        connection.execute(insert(delivery), rows)
    return len(rows)


def _matches(subscription_id: str, query: str | None, event: Mapping[str, Any]) -> bool:
    try:
        return matches(query, event)
    except InvalidQuery:
        # Registered before queries were validated: a broken query must not fail the change itself.
        log.warning("hub subscription %s has an unreadable query %r; it receives nothing", subscription_id, query)
        return False
