"""CancelProductOrder over HTTP: an order that can still be cancelled goes assessingCancellation ->
pendingCancellation -> cancelled; a cancellation the fulfiller cannot honour is rejected with a reason
and the order returns to its state; orders past cancelling are a 409."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.api.product_ordering.conftest import Fulfil, events_of, place_order, products_of
from tests.support.live_server import ApiClient, LiveServer


def cancel(ordering: ApiClient, order: dict[str, Any], **extra: Any) -> Any:
    return ordering.post("cancelProductOrder", json={"productOrder": {"id": order["id"]}, **extra})


@pytest.fixture
def acknowledged(ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any],
                 tag: str) -> dict[str, Any]:
    return place_order(ordering, new_subscription(customer, prepaid_account, *numbers(tag)))


def test_a_cancelled_order_goes_through_assessment_to_cancelled_and_installs_nothing(
    server: LiveServer, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, acknowledged: dict[str, Any],
) -> None:
    response = cancel(ordering, acknowledged, cancellationReason="customer changed their mind")
    assert response.status_code == 201, response.text
    request = response.json()
    assert request["state"] == "acknowledged"
    assert ordering.get(f"productOrder/{acknowledged['id']}").json()["state"] == "assessingCancellation"

    fulfil()
    cancelled = ordering.get(f"productOrder/{acknowledged['id']}").json()
    assert cancelled["state"] == "cancelled"
    assert cancelled["cancellationReason"] == "customer changed their mind" and "cancellationDate" in cancelled
    assert {item["state"] for item in cancelled["productOrderItem"]} == {"cancelled"}
    done = ordering.get(f"cancelProductOrder/{request['id']}").json()
    assert done["state"] == "done" and "effectiveCancellationDate" in done
    assert products_of(inventory, cancelled) == {}
    assert events_of(server, request["id"]) == [
        "CancelProductOrderCreateEvent",
        "CancelProductOrderStateChangeEvent",  # inProgress
        "CancelProductOrderStateChangeEvent", "CancelProductOrderAttributeValueChangeEvent",  # done
    ]
    states = [event for event in events_of(server, acknowledged["id"]) if event.endswith("StateChangeEvent")]
    assert len(states) == 3  # assessingCancellation, pendingCancellation, cancelled


def test_a_held_port_in_can_be_cancelled_before_its_porting_window(
    ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    body = new_subscription(customer, prepaid_account, *numbers(tag), donorOperator="Blue", portingCode="PX4711AB")
    held = place_order(ordering, {**body, "requestedStartDate": (datetime.now(UTC) + timedelta(days=3)).isoformat()})
    fulfil()
    assert cancel(ordering, held).status_code == 201
    fulfil()
    assert ordering.get(f"productOrder/{held['id']}").json()["state"] == "cancelled"


def test_cancelling_a_port_in_after_its_window_opened_is_rejected_with_the_reason(
    ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    window = datetime.now(UTC) + timedelta(hours=1)
    body = new_subscription(customer, prepaid_account, *numbers(tag), donorOperator="Blue", portingCode="PX4711AB")
    held = place_order(ordering, {**body, "requestedStartDate": window.isoformat()})
    fulfil()
    request = cancel(ordering, held).json()
    fulfil(window + timedelta(minutes=5))
    rejected = ordering.get(f"cancelProductOrder/{request['id']}").json()
    assert rejected["state"] == "terminatedWithError"
    assert "porting window opened" in rejected["stateReason"]
    order = ordering.get(f"productOrder/{held['id']}").json()
    # Back to held, then completed by the same run: its porting window is open.
    assert order["state"] == "completed"
    assert f"cancellation {request['id']} rejected: the porting window opened" in order["note"][-1]["text"]


@pytest.mark.parametrize("final", ["completed", "cancelled"])
def test_an_order_past_cancelling_cannot_be_cancelled(
    ordering: ApiClient, fulfil: Fulfil, acknowledged: dict[str, Any], final: str,
) -> None:
    if final == "cancelled":
        cancel(ordering, acknowledged)
    fulfil()
    assert ordering.get(f"productOrder/{acknowledged['id']}").json()["state"] == final
    response = cancel(ordering, acknowledged)
    assert response.status_code == 409
    assert f"is {final}; only acknowledged, held, pending, inProgress orders can be cancelled" in \
        response.json()["message"]


def test_a_second_cancellation_while_one_is_assessed_is_a_conflict(
    ordering: ApiClient, acknowledged: dict[str, Any],
) -> None:
    assert cancel(ordering, acknowledged).status_code == 201
    assert cancel(ordering, acknowledged).status_code == 409


def test_an_order_assessing_a_cancellation_is_not_fulfilled_nor_patched(
    ordering: ApiClient, fulfil: Fulfil, acknowledged: dict[str, Any],
) -> None:
    cancel(ordering, acknowledged)
    assert ordering.patch(f"productOrder/{acknowledged['id']}", json={"description": "x"}).status_code == 409


def test_cancelling_an_unknown_order_is_refused(ordering: ApiClient, tag: str) -> None:
    response = cancel(ordering, {"id": f"ghost-{tag}"})
    assert response.status_code == 400
    assert f"productOrder 'ghost-{tag}' does not exist" in response.json()["message"]


def test_a_cancellation_request_cannot_carry_its_state(ordering: ApiClient, acknowledged: dict[str, Any]) -> None:
    assert cancel(ordering, acknowledged, state="done").status_code == 400
    assert ordering.get(f"productOrder/{acknowledged['id']}").json()["state"] == "acknowledged"
