"""Listener endpoints: events from other components are validated, stored once, and handed to consumers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import requests
from sqlalchemy import Connection, select

from component.bootstrap.environment import settings_from_env
from component.store.tables import received_event
from tests.support.live_server import LiveServer

SERVICE_ORDER_LISTENER = "/tmf-api/serviceOrdering/v4/listener/serviceOrderStateChangeEvent"


def service_order_event(state: str = "completed", **extra: Any) -> dict[str, Any]:
    return {"eventId": str(uuid.uuid4()), "eventTime": "2026-11-27T10:00:00.000Z",
            "eventType": "ServiceOrderStateChangeEvent", "event": {"serviceOrder": {"id": "so-1", "state": state}},
            **extra}


@pytest.fixture
def consumed(events_server: LiveServer) -> Iterator[list[Mapping[str, Any]]]:
    seen: list[Mapping[str, Any]] = []

    def consumer(event: Mapping[str, Any], _connection: Connection) -> None:
        seen.append(event)

    events_server.component.root.consumers.subscribe("ServiceOrderStateChangeEvent", consumer)
    yield seen
    events_server.component.root.consumers.unsubscribe(consumer)


def test_a_new_event_is_accepted_stored_and_handed_to_its_consumers(
    events_server: LiveServer, consumed: list[Mapping[str, Any]]
) -> None:
    event = service_order_event()
    response = requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=event, timeout=10)
    assert response.status_code == 201
    assert consumed == [event]
    with events_server.component.database.read() as connection:
        stored = connection.execute(select(received_event).where(received_event.c.event_id == event["eventId"])).one()
    assert (stored.source, stored.payload) == ("serviceOrdering/v4", event)


def test_a_repeated_event_id_is_acknowledged_without_reaching_the_consumers_again(
    events_server: LiveServer, consumed: list[Mapping[str, Any]]
) -> None:
    event = service_order_event()
    requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=event, timeout=10)
    again = requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=event, timeout=10)
    assert again.status_code == 200
    assert consumed == [event]


def test_the_generic_listener_path_accepts_any_event_type(
    events_server: LiveServer, consumed: list[Mapping[str, Any]]
) -> None:
    response = requests.post(f"{events_server.root}/listener/serviceOrderStateChangeEvent",
                             json=service_order_event(), timeout=10)
    assert response.status_code == 201 and len(consumed) == 1


@pytest.mark.parametrize("broken", [
    {"eventId": ""}, {"eventType": "ServiceOrderCreateEvent"}, {"eventTime": "yesterday"}, {"event": "none"},
])
def test_a_malformed_envelope_is_refused(events_server: LiveServer, broken: dict[str, Any]) -> None:
    response = requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=service_order_event(**broken),
                             timeout=10)
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_FAILED"


def test_a_failing_consumer_makes_the_sender_deliver_again(events_server: LiveServer) -> None:
    def failing(_event: Mapping[str, Any], _connection: Connection) -> None:
        raise RuntimeError("downstream store unavailable")

    events_server.component.root.consumers.subscribe("ServiceOrderStateChangeEvent", failing)
    try:
        event = service_order_event()
        response = requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=event, timeout=10)
    finally:
        events_server.component.root.consumers.unsubscribe(failing)
    assert response.status_code == 500
    assert requests.post(events_server.root + SERVICE_ORDER_LISTENER, json=event, timeout=10).status_code == 201


def test_admin_endpoints_need_the_admin_token_when_one_is_configured(events_database_url: str) -> None:
    settings = settings_from_env(database_url=events_database_url, auto_migrate=False, run_workers=False,
                                 admin_token="t0ken", billing_listener_url=None)
    server = LiveServer(settings).start()
    try:
        url = f"{server.root}/admin/events/dead-letters"
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer t0ken"}, timeout=10).status_code == 200
    finally:
        server.stop()
