"""Hub subscriptions (`POST /hub`): who wants which API's events, filtered by a TMF630 query.

A subscription may carry a `secret` (an oda-cms extension of EventSubscriptionInput, never returned):
its deliveries are then signed (`signing`). Unregistering drops the subscription's undelivered events.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from component.domain.kernel.errors import NotFound, ValidationFailed
from component.events.callback_policy import CallbackPolicy
from component.events.fanout import DELIVERED
from component.events.matching import parse_event_query
from component.store.tables import delivery, hub_subscription, subscription_option

DEFAULT_POLICY = CallbackPolicy()


def validate_callback(callback: str, policy: CallbackPolicy = DEFAULT_POLICY) -> None:
    """ValidationFailed (400) unless the callback is an absolute http(s) URL the policy allows."""
    policy.check(callback)


def validate_query(query: str | None) -> None:
    """InvalidQuery (400) when the query cannot be evaluated against events."""
    parse_event_query(query)


def subscribe(connection: Connection, api: str, callback: str, query: str | None, now: str, *,
              policy: CallbackPolicy = DEFAULT_POLICY, secret: str | None = None,
              subscription_id: str | None = None, origin: str | None = None) -> dict[str, Any]:
    validate_callback(callback, policy)
    validate_query(query)
    if secret is not None and (not isinstance(secret, str) or not secret):
        raise ValidationFailed("secret must be a non-empty string")
    subscription_id = subscription_id or str(uuid.uuid4())
    connection.execute(
        insert(hub_subscription).values(id=subscription_id, api=api, callback=callback, query=query, created_at=now)
    )
    if secret is not None or origin is not None:
        connection.execute(insert(subscription_option).values(subscription_id=subscription_id, secret=secret,
                                                              origin=origin))
    return _render(subscription_id, callback, query)


def find(connection: Connection, api: str, subscription_id: str) -> dict[str, Any]:
    row = connection.execute(
        select(hub_subscription).where(hub_subscription.c.api == api, hub_subscription.c.id == subscription_id)
    ).first()
    if row is None:
        raise NotFound(f"no hub subscription {subscription_id!r}")
    return _render(row.id, row.callback, row.query)


def unsubscribe(connection: Connection, api: str, subscription_id: str) -> None:
    result = connection.execute(
        delete(hub_subscription).where(hub_subscription.c.api == api, hub_subscription.c.id == subscription_id)
    )
    if result.rowcount != 1:
        raise NotFound(f"no hub subscription {subscription_id!r}")
    forget(connection, subscription_id)


def forget(connection: Connection, subscription_id: str) -> None:
    """Drop what belongs to a removed subscription: options and undelivered deliveries."""
    connection.execute(delete(subscription_option).where(subscription_option.c.subscription_id == subscription_id))
    connection.execute(
        delete(delivery).where(delivery.c.subscription_id == subscription_id, delivery.c.state != DELIVERED)
    )


def _render(subscription_id: str, callback: str, query: str | None) -> dict[str, Any]:
    rendered = {"id": subscription_id, "callback": callback}
    if query is not None:
        rendered["query"] = query
    return rendered
