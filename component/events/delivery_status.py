"""Read-only views of the outbox and the deliveries for operators (the dashboard's order timeline and
delivery panel): the events of one resource with each subscriber's delivery state, the outbox depth,
the recent event rate and the subscribers that are failing.

Every query is bounded by an index: the outbox by (resource_kind, resource_id, sequence) or by its
primary key, deliveries by (subscription_id, resource_key, ...) or (state, next_attempt_at). Nothing here
writes; replay stays in `dead_letters`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from component.domain.kernel.clock import isoformat
from component.events.fanout import DEAD, PENDING, resource_key
from component.store.tables import delivery, hub_subscription, outbox

RATE_WINDOW_SECONDS = 60
RATE_SAMPLE = 2000  # the newest outbox rows the event rate is computed from


def last_sequence(connection: Connection) -> int:
    """The newest outbox sequence (0 when empty): where a live view starts following."""
    return int(connection.execute(select(func.max(outbox.c.sequence))).scalar() or 0)


def changes_after(connection: Connection, sequence: int, limit: int = 200) -> list[dict[str, Any]]:
    """What changed after `sequence`, oldest first, without the event bodies."""
    rows = connection.execute(
        select(outbox.c.sequence, outbox.c.event_type, outbox.c.resource_kind, outbox.c.resource_id)
        .where(outbox.c.sequence > sequence).order_by(outbox.c.sequence).limit(limit))
    return [{"sequence": row.sequence, "eventType": row.event_type, "kind": row.resource_kind,
             "id": row.resource_id} for row in rows]


@dataclass(frozen=True)
class Delivery:
    subscription_id: str
    callback: str
    state: str
    attempts: int
    last_status: int | None
    last_error: str | None


@dataclass(frozen=True)
class PublishedEvent:
    sequence: int
    event_id: str
    event_type: str
    event_time: str
    payload: dict[str, Any]
    deliveries: tuple[Delivery, ...]


def events_of(connection: Connection, kind: str, resource_id: str, limit: int = 500) -> list[PublishedEvent]:
    """The events published for one resource, oldest first, each with its delivery to every subscriber."""
    rows = connection.execute(
        select(outbox.c.sequence, outbox.c.event_id, outbox.c.event_type, outbox.c.event_time, outbox.c.payload)
        .where(outbox.c.resource_kind == kind, outbox.c.resource_id == resource_id)
        .order_by(outbox.c.sequence).limit(limit)).all()
    subscriptions = dict(connection.execute(select(hub_subscription.c.id, hub_subscription.c.callback)).all())
    by_event: dict[str, list[Delivery]] = {}
    if subscriptions and rows:
        # (subscription_id, resource_key) is the prefix of ix_delivery_chain: one index range per subscriber.
        found = connection.execute(
            select(delivery.c.event_id, delivery.c.subscription_id, delivery.c.state, delivery.c.attempts,
                   delivery.c.last_status, delivery.c.last_error)
            .where(delivery.c.subscription_id.in_(list(subscriptions)),
                   delivery.c.resource_key == resource_key(kind, resource_id)))
        for row in found:
            by_event.setdefault(row.event_id, []).append(Delivery(
                row.subscription_id, subscriptions[row.subscription_id], row.state, row.attempts, row.last_status,
                row.last_error))
    return [PublishedEvent(row.sequence, row.event_id, row.event_type, row.event_time, dict(row.payload),
                           tuple(by_event.get(row.event_id, ()))) for row in rows]


@dataclass(frozen=True)
class FailingSubscriber:
    subscription_id: str
    api: str
    callback: str
    retrying: int
    dead: int
    last_error: str | None


@dataclass(frozen=True)
class DeliveryOverview:
    pending: int
    dead: int
    events_per_second: float
    failing: tuple[FailingSubscriber, ...]


def overview(connection: Connection, now: datetime) -> DeliveryOverview:
    """Outbox depth (pending deliveries), dead letters, events per second over the last minute, and
    subscribers with deliveries being retried or dead."""
    counts = dict(connection.execute(
        select(delivery.c.state, func.count()).where(delivery.c.state.in_([PENDING, DEAD]))
        .group_by(delivery.c.state)).all())
    failing_rows = connection.execute(
        select(delivery.c.subscription_id, delivery.c.state, func.count(), func.max(delivery.c.last_error))
        .where(delivery.c.state.in_([PENDING, DEAD]), delivery.c.attempts > 0)
        .group_by(delivery.c.subscription_id, delivery.c.state)).all()
    subscriptions = {row.id: row for row in connection.execute(
        select(hub_subscription.c.id, hub_subscription.c.api, hub_subscription.c.callback))}
    failing: dict[str, dict[str, Any]] = {}
    for subscription_id, state, count, last_error in failing_rows:
        entry = failing.setdefault(subscription_id, {"retrying": 0, "dead": 0, "last_error": None})
        entry["retrying" if state == PENDING else "dead"] += int(count)
        entry["last_error"] = entry["last_error"] or last_error
    return DeliveryOverview(
        pending=int(counts.get(PENDING, 0)), dead=int(counts.get(DEAD, 0)),
        events_per_second=_recent_rate(connection, now),
        failing=tuple(
            FailingSubscriber(subscription_id, getattr(subscriptions.get(subscription_id), "api", "?"),
                              getattr(subscriptions.get(subscription_id), "callback", "(unregistered)"),
                              entry["retrying"], entry["dead"], entry["last_error"])
            for subscription_id, entry in sorted(failing.items())),
    )


def _recent_rate(connection: Connection, now: datetime) -> float:
    """Events written in the last minute per second, from the newest outbox rows (primary-key order)."""
    since = isoformat(now - timedelta(seconds=RATE_WINDOW_SECONDS))
    newest = select(outbox.c.event_time).order_by(outbox.c.sequence.desc()).limit(RATE_SAMPLE).subquery()
    recent = connection.execute(select(func.count()).select_from(newest).where(newest.c.event_time >= since))
    return round(int(recent.scalar_one()) / RATE_WINDOW_SECONDS, 2)
