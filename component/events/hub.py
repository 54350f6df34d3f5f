"""Hub subscriptions (`POST /hub`): who wants which API's events, filtered by a TMF630 query."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, delete, insert, select

from component.domain.errors import NotFound, ValidationFailed
from component.store.tables import hub_subscription


def validate_callback(callback: str) -> None:
    parts = urlsplit(callback)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationFailed(f"callback must be an absolute http(s) URL, got {callback!r}")


def subscribe(connection: Connection, api: str, callback: str, query: str | None, now: str) -> dict[str, Any]:
    validate_callback(callback)
    subscription_id = str(uuid.uuid4())
    connection.execute(
        insert(hub_subscription).values(id=subscription_id, api=api, callback=callback, query=query, created_at=now)
    )
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


def _render(subscription_id: str, callback: str, query: str | None) -> dict[str, Any]:
    rendered = {"id": subscription_id, "callback": callback}
    if query is not None:
        rendered["query"] = query
    return rendered
