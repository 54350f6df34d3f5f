"""The order lifecycle over HTTP: what a client may PATCH and DELETE in which state, and a failed
fulfilment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.product_ordering.bodies import modify, new_subscription, numbers, order
from tests.api.product_ordering.conftest import Fulfil, complete, place_order
from tests.support.live_server import ApiClient

Subscription = dict[str, dict[str, Any]]


@pytest.fixture
def acknowledged(ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any],
                 tag: str) -> dict[str, Any]:
    body = new_subscription(customer, prepaid_account, *numbers(tag))
    return place_order(ordering, {**body, "externalId": f"x-{tag}"})


@pytest.mark.parametrize(("attribute", "value"), [
    ("state", "completed"), ("orderDate", "2030-01-01T00:00:00Z"), ("completionDate", "2030-01-01T00:00:00Z"),
    ("expectedCompletionDate", "2030-01-01T00:00:00Z"), ("externalId", "other"), ("id", "other"),
])
def test_server_set_and_fixed_attributes_cannot_be_patched(
    ordering: ApiClient, acknowledged: dict[str, Any], attribute: str, value: str,
) -> None:
    response = ordering.patch(f"productOrder/{acknowledged['id']}", json={attribute: value})
    assert response.status_code == 400
    assert response.json()["code"] == "NOT_PATCHABLE"


def test_an_item_state_cannot_be_patched(ordering: ApiClient, acknowledged: dict[str, Any]) -> None:
    items = acknowledged["productOrderItem"]
    items[0]["state"] = "completed"
    response = ordering.patch(f"productOrder/{acknowledged['id']}", json={"productOrderItem": items})
    assert response.status_code == 400
    assert "state cannot be patched" in response.json()["message"]


def test_descriptive_attributes_of_an_acknowledged_order_can_be_patched(
    ordering: ApiClient, acknowledged: dict[str, Any],
) -> None:
    response = ordering.patch(f"productOrder/{acknowledged['id']}", json={"description": "urgent", "priority": "1"})
    assert response.status_code == 200
    assert (response.json()["description"], response.json()["state"]) == ("urgent", "acknowledged")


def test_items_patched_into_an_invalid_order_are_refused(ordering: ApiClient, acknowledged: dict[str, Any]) -> None:
    response = ordering.patch(f"productOrder/{acknowledged['id']}",
                              json={"productOrderItem": acknowledged["productOrderItem"][:1]})
    assert response.status_code == 400
    assert "needs exactly one SIM item" in response.json()["message"]


def test_a_completed_order_cannot_be_patched(
    ordering: ApiClient, fulfil: Fulfil, acknowledged: dict[str, Any],
) -> None:
    fulfil()
    response = ordering.patch(f"productOrder/{acknowledged['id']}", json={"description": "late"})
    assert response.status_code == 409
    assert "is completed; it can no longer be changed" in response.json()["message"]


def test_an_open_order_cannot_be_deleted(ordering: ApiClient, acknowledged: dict[str, Any]) -> None:
    response = ordering.delete(f"productOrder/{acknowledged['id']}")
    assert response.status_code == 409
    assert "cancel it with a CancelProductOrder first" in response.json()["message"]


def test_a_completed_order_can_be_deleted(ordering: ApiClient, fulfil: Fulfil, acknowledged: dict[str, Any]) -> None:
    fulfil()
    assert ordering.delete(f"productOrder/{acknowledged['id']}").status_code == 204
    assert ordering.get(f"productOrder/{acknowledged['id']}").status_code == 404


def test_an_order_that_no_longer_fits_the_installed_base_fails_with_the_reason(
    ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    later = datetime.now(UTC) + timedelta(days=1)
    first = place_order(ordering, order(customer, modify("1", subscription["plan"]["id"], status="suspended"),
                                        requestedStartDate=later.isoformat()))
    complete(ordering, fulfil, order(customer, {"id": "1", "action": "delete",
                                                "product": {"id": subscription["plan"]["id"]}}))
    fulfil(later + timedelta(minutes=1))
    failed = ordering.get(f"productOrder/{first['id']}").json()
    assert failed["state"] == "failed" and "completionDate" in failed
    assert [item["state"] for item in failed["productOrderItem"]] == ["failed"]
    assert "fulfilment failed" in failed["note"][-1]["text"] and "is terminated" in failed["note"][-1]["text"]
