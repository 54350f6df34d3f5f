"""TMF641 used directly by an external client: creation rules (NOTES), execution by the network
simulator, CancelServiceOrder, events and what cannot change afterwards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.product_ordering.conftest import events_of
from tests.orchestration.conftest import Orchestrate
from tests.support.live_server import ApiClient, LiveServer


def service_item(item_id: str, service_type: str = "featureProvisioning", **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "action": "add", "service": {"name": service_type, "serviceType": service_type},
            **extra}


def depends_on(other: str) -> list[dict[str, Any]]:
    return [{"relationshipType": "dependsOn", "orderItem": {"id": other}}]


@pytest.mark.parametrize("attribute, value", [
    ("id", "mine"), ("href", "http://example.com/so/1"), ("state", "completed"),
    ("orderDate", "2026-01-01T00:00:00Z"), ("completionDate", "2026-01-01T00:00:00Z"),
    ("expectedCompletionDate", "2026-01-01T00:00:00Z"), ("startDate", "2026-01-01T00:00:00Z"),
])
def test_a_client_cannot_set_what_the_component_sets(services: ApiClient, attribute: str, value: str) -> None:
    response = services.post("serviceOrder", json={"serviceOrderItem": [service_item("1")], attribute: value})
    assert response.status_code == 400, response.text
    assert attribute in response.json()["message"]


@pytest.mark.parametrize("items, message", [
    ([], "non-empty serviceOrderItem"),
    ([service_item("1"), service_item("1")], "unique"),
    ([service_item("1", state="completed")], "state cannot be set"),
    ([service_item("1", serviceOrderItemRelationship=depends_on("9"))], "not another item"),
    ([service_item("1", serviceOrderItemRelationship=depends_on("2")),
      service_item("2", serviceOrderItemRelationship=depends_on("1"))], "cycle"),
])
def test_items_are_checked_on_create(services: ApiClient, items: list[dict[str, Any]], message: str) -> None:
    response = services.post("serviceOrder", json={"serviceOrderItem": items})
    assert response.status_code == 400, response.text
    assert message in response.json()["message"]


def test_an_item_needs_an_id_and_an_action(services: ApiClient) -> None:
    for item in ({"action": "add", "service": {}}, {"id": "1", "service": {}}):
        assert services.post("serviceOrder", json={"serviceOrderItem": [item]}).status_code == 400


def test_a_client_order_is_acknowledged_then_executed_in_dependency_order(
    server: LiveServer, services: ApiClient, orchestrate: Orchestrate,
) -> None:
    response = services.post("serviceOrder", json={"externalId": "client-order", "serviceOrderItem": [
        service_item("1", "simActivation"), service_item("2", "hlrHssProvisioning",
                                                         serviceOrderItemRelationship=depends_on("1"))]})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["state"] == "acknowledged" and {item["state"] for item in created["serviceOrderItem"]} == {
        "acknowledged"}
    assert response.headers["Location"] == created["href"] and "orderDate" in created
    orchestrate()
    done = services.get(f"serviceOrder/{created['id']}").json()
    assert done["state"] == "completed" and "completionDate" in done and "startDate" in done
    completed = [milestone["serviceOrderItem"][0]["id"] for milestone in done["milestone"]
                 if milestone["name"] == "itemCompleted"]
    assert completed == ["1", "2"]
    events = events_of(server, created["id"])
    assert events[0] == "ServiceOrderCreateEvent" and "ServiceOrderMilestoneEvent" in events
    assert events.count("ServiceOrderStateChangeEvent") == 2  # inProgress, completed
    assert services.patch(f"serviceOrder/{created['id']}", json={"description": "late"}).status_code == 409
    assert services.delete(f"serviceOrder/{created['id']}").status_code == 204


def test_an_acknowledged_order_is_cancelled_and_a_completed_one_cannot_be(
    services: ApiClient, orchestrate: Orchestrate,
) -> None:
    first = services.post("serviceOrder", json={"serviceOrderItem": [service_item("1")]}).json()
    response = services.post("cancelServiceOrder", json={"serviceOrder": {"id": first["id"]},
                                                          "cancellationReason": "not needed"})
    assert response.status_code == 201, response.text
    assert response.json()["state"] == "done" and "effectiveCancellationDate" in response.json()
    cancelled = services.get(f"serviceOrder/{first['id']}").json()
    assert cancelled["state"] == "cancelled" and cancelled["serviceOrderItem"][0]["state"] == "cancelled"
    second = services.post("serviceOrder", json={"serviceOrderItem": [service_item("1")]}).json()
    orchestrate()
    assert services.post("cancelServiceOrder", json={"serviceOrder": {"id": second["id"]}}).status_code == 409
    assert services.post("cancelServiceOrder", json={"serviceOrder": {"id": "ghost"}}).status_code == 400
    assert services.delete(f"serviceOrder/{second['id']}").status_code == 204
    open_order = services.post("serviceOrder", json={"serviceOrderItem": [service_item("1")]}).json()
    assert services.delete(f"serviceOrder/{open_order['id']}").status_code == 409
