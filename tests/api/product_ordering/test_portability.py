"""Operation 7 over HTTP: mobile number portability. A port-in waits in `held` until its porting window
(requestedStartDate) opens, and in `pending` (with ProductOrderInformationRequiredEvent) while the porting
code is missing; a port-out terminates the subscription with its reason and recipient operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.product_ordering.bodies import delete, new_subscription, numbers, order
from tests.api.product_ordering.conftest import (
    Fulfil,
    characteristic,
    complete,
    events_of,
    place_order,
    product,
    products_of,
)
from tests.support.live_server import ApiClient, LiveServer

Subscription = dict[str, dict[str, Any]]


def port_in(customer: dict[str, Any], account: dict[str, Any], tag: str, window: datetime | None,
            **porting: str) -> dict[str, Any]:
    body = new_subscription(customer, account, *numbers(tag, "ported"), **porting)
    if window is not None:
        body["requestedStartDate"] = window.isoformat()
    return body


def test_a_port_in_waits_held_until_the_porting_window_then_installs_the_ported_number(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    window = datetime.now(UTC) + timedelta(days=2)
    created = place_order(ordering, port_in(customer, prepaid_account, tag, window,
                                            donorOperator="Blue Mobile", portingCode="PX4711AB"))
    assert created["expectedCompletionDate"] > created["orderDate"]
    fulfil()
    held = ordering.get(f"productOrder/{created['id']}").json()
    assert held["state"] == "held" and held["note"][-1]["text"].startswith("held until")
    assert products_of(inventory, held) == {}

    fulfil(window + timedelta(minutes=1))
    done = ordering.get(f"productOrder/{created['id']}").json()
    assert done["state"] == "completed"
    subscription = products_of(inventory, done)["1"]
    assert characteristic(subscription, "MSISDN") == numbers(tag, "ported")[0]
    assert characteristic(subscription, "donorOperator") == "Blue Mobile"


def test_a_port_in_without_porting_code_is_pending_until_the_code_is_patched_in(
    server: LiveServer, ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    created = place_order(ordering, port_in(customer, prepaid_account, tag, None, donorOperator="Blue Mobile"))
    fulfil()
    pending = ordering.get(f"productOrder/{created['id']}").json()
    assert pending["state"] == "pending"
    assert "ProductOrderInformationRequiredEvent" in events_of(server, created["id"])

    items = pending["productOrderItem"]
    items[0]["product"]["productCharacteristic"].append({"name": "portingCode", "value": "PX4711AB"})
    patched = ordering.patch(f"productOrder/{created['id']}", json={"productOrderItem": items})
    assert patched.status_code == 200, patched.text
    assert patched.json()["state"] == "acknowledged"
    fulfil()
    assert ordering.get(f"productOrder/{created['id']}").json()["state"] == "completed"


def test_porting_in_a_number_this_operator_already_serves_is_refused(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], subscription: Subscription,
    tag: str,
) -> None:
    msisdn = characteristic(subscription["plan"], "MSISDN")
    body = new_subscription(customer, prepaid_account, msisdn, numbers(tag, "other sim")[1],
                            donorOperator="Blue Mobile", portingCode="PX4711AB")
    response = ordering.post("productOrder", json=body)
    assert response.status_code == 400
    assert f"MSISDN {msisdn!r} is already in use" in response.json()["message"]


def test_a_porting_code_without_donor_operator_is_refused(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    response = ordering.post("productOrder", json=port_in(customer, prepaid_account, tag, None,
                                                          portingCode="PX4711AB"))
    assert response.status_code == 400
    assert "names the donorOperator" in response.json()["message"]


def test_a_port_out_terminates_the_subscription_with_reason_and_recipient_and_frees_the_number(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan_id = subscription["plan"]["id"]
    complete(ordering, fulfil, order(customer, delete("1", plan_id, terminationReason="portOut",
                                                      recipientOperator="Red Telecom")))
    ported = product(inventory, plan_id)
    assert ported["status"] == "terminated"
    assert (characteristic(ported, "terminationReason"), characteristic(ported, "recipientOperator")) == (
        "portOut", "Red Telecom")
    assert product(inventory, subscription["sim"]["id"])["status"] == "terminated"
    msisdn = characteristic(ported, "MSISDN")
    in_use = inventory.get("product", params={"productCharacteristic.value": msisdn, "status": "active"})
    assert in_use.json() == []


def test_a_port_out_needs_the_recipient_operator(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
) -> None:
    response = ordering.post("productOrder", json=order(customer, delete(
        "1", subscription["plan"]["id"], terminationReason="portOut")))
    assert response.status_code == 400
    assert "names the recipientOperator" in response.json()["message"]


def test_a_recipient_operator_is_only_for_a_port_out(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
) -> None:
    response = ordering.post("productOrder", json=order(customer, delete(
        "1", subscription["plan"]["id"], terminationReason="customerRequest", recipientOperator="Red Telecom")))
    assert response.status_code == 400
    assert "only with terminationReason portOut" in response.json()["message"]
