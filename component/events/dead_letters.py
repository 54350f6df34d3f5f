"""The dead-letter list: deliveries given up after the retry horizon, to inspect and replay.

Replay puts a dead delivery back to pending with a fresh retry horizon (counted from the replay) and
its attempt count reset; it is delivered after any later events of the same resource that were
delivered meanwhile (a dead letter does not block its resource), so receivers that keep state should
apply events by `X-Event-Sequence` (the billing sink does) or by eventTime.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, update

from component.events.fanout import DEAD, PENDING
from component.store.tables import delivery, hub_subscription, outbox


def list_dead(connection: Connection, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Dead letters, oldest event first."""
    rows = connection.execute(
        select(delivery.c.id, delivery.c.subscription_id, delivery.c.event_id, delivery.c.sequence,
               delivery.c.resource_key, delivery.c.attempts, delivery.c.created_at, delivery.c.last_status,
               delivery.c.last_error, hub_subscription.c.api, hub_subscription.c.callback, outbox.c.event_type)
        .join(hub_subscription, hub_subscription.c.id == delivery.c.subscription_id)
        .join(outbox, outbox.c.sequence == delivery.c.sequence)
        .where(delivery.c.state == DEAD)
        .order_by(delivery.c.sequence, delivery.c.id)
        .limit(limit).offset(offset)
    )
    return [
        {"id": row.id, "subscriptionId": row.subscription_id, "api": row.api, "callback": row.callback,
         "eventId": row.event_id, "eventType": row.event_type, "sequence": row.sequence,
         "resource": row.resource_key, "attempts": row.attempts, "queuedAt": row.created_at,
         "lastStatus": row.last_status, "lastError": row.last_error}
        for row in rows
    ]


def count_dead(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(delivery).where(delivery.c.state == DEAD))
               .scalar_one())


def replay(connection: Connection, now: str, ids: Iterable[int] | None = None) -> int:
    """Re-queue the dead letters with these ids (all of them when `ids` is None); how many."""
    statement = update(delivery).where(delivery.c.state == DEAD)
    if ids is not None:
        wanted = [int(identifier) for identifier in ids]
        if not wanted:
            return 0
        statement = statement.where(delivery.c.id.in_(wanted))
    result = connection.execute(statement.values(state=PENDING, attempts=0, created_at=now, next_attempt_at=now,
                                                 lease_until=None, claim=None))
    return result.rowcount or 0
