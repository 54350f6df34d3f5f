"""Paths other than plain success: a failing network service fails its item and what relies on it
(failed or partial orders), held and pending services hold the order's items until they resume, a late
order raises a jeopardy alert, and a product order cancellation flows down as a CancelServiceOrder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.product_ordering.bodies import add, modify, new_subscription, numbers, order
from tests.api.product_ordering.conftest import events_of, place_order, product, products_of
from tests.orchestration.conftest import JEOPARDY_SECONDS, Orchestrate, service_order_of, special_numbers
from tests.support.live_server import ApiClient, LiveServer

Subscription = dict[str, dict[str, Any]]


def states(document: dict[str, Any], key: str) -> dict[str, str]:
    return {item["id"]: item["state"] for item in document[key]}


def test_a_failing_hlr_fails_the_subscription_and_the_sim_relying_on_it_and_installs_nothing(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    created = place_order(ordering, new_subscription(customer, prepaid_account, *special_numbers(tag, "13")))
    orchestrate()
    failed = ordering.get(f"productOrder/{created['id']}").json()
    assert failed["state"] == "failed" and "completionDate" in failed
    assert states(failed, "productOrderItem") == {"1": "failed", "2": "failed"}
    notes = " ".join(note["text"] for note in failed["note"])
    assert "HLR refused the number" in notes and "relies on item '1', which failed" in notes
    service_order = service_order_of(services, failed)
    assert service_order["state"] == "partial"  # the SIM and the number were done, the HLR was not
    assert states(service_order, "serviceOrderItem") == {
        "1-number": "completed", "1-hlr": "failed", "1-charging": "failed", "2-sim": "completed"}
    assert products_of(inventory, failed) == {}


def test_a_failing_feature_leaves_the_subscription_installed_and_the_order_partial(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    body = new_subscription(customer, prepaid_account, *numbers(tag))
    body["productOrderItem"].append(add("3", "roaming-pack", relies_on="1", zone="World"))
    created = place_order(ordering, body)
    orchestrate()
    partial = ordering.get(f"productOrder/{created['id']}").json()
    assert partial["state"] == "partial"
    assert states(partial, "productOrderItem") == {"1": "completed", "2": "completed", "3": "failed"}
    assert "no roaming agreement" in partial["note"][-1]["text"]
    assert set(products_of(inventory, partial)) == {"1", "2"}


def test_a_held_service_holds_its_item_until_the_network_resumes_it(
    server: LiveServer, ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    created = place_order(ordering, new_subscription(customer, prepaid_account, *special_numbers(tag, "66")))
    orchestrate()
    held = ordering.get(f"productOrder/{created['id']}").json()
    assert held["state"] == "inProgress"  # the order keeps its state: a held order could be edited
    assert states(held, "productOrderItem") == {"1": "held", "2": "inProgress"}  # the SIM waits for its plan
    assert "HLR maintenance window" in held["note"][-1]["text"]
    service_order = service_order_of(services, held)
    assert service_order["state"] == "held"
    assert products_of(inventory, held) == {}  # the SIM waits for the subscription it relies on

    orchestrate(datetime.now(UTC) + timedelta(minutes=11))
    done = ordering.get(f"productOrder/{created['id']}").json()
    assert done["state"] == "completed"
    assert set(products_of(inventory, done)) == {"1", "2"}
    assert "ServiceOrderMilestoneEvent" in events_of(server, service_order["id"])


def test_a_pending_service_asks_for_information_and_then_completes(
    server: LiveServer, ordering: ApiClient, services: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    created = place_order(ordering, new_subscription(customer, prepaid_account, *special_numbers(tag, "77")))
    orchestrate()
    pending = ordering.get(f"productOrder/{created['id']}").json()
    assert states(pending, "productOrderItem")["1"] == "pending"
    service_order = service_order_of(services, pending)
    assert service_order["state"] == "pending"
    assert "ServiceOrderInformationRequiredEvent" in events_of(server, service_order["id"])
    orchestrate(datetime.now(UTC) + timedelta(minutes=6))
    assert ordering.get(f"productOrder/{created['id']}").json()["state"] == "completed"


def test_an_order_still_running_after_its_expected_completion_raises_one_jeopardy_alert(
    server: LiveServer, ordering: ApiClient, orchestrate: Orchestrate, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    slow = {"hlrHssProvisioning": 2 * JEOPARDY_SECONDS}
    created = place_order(ordering, new_subscription(customer, prepaid_account, *numbers(tag)))
    start = datetime.now(UTC)
    orchestrate(start, delays=slow)
    orchestrate(start + timedelta(seconds=JEOPARDY_SECONDS + 60), delays=slow)
    late = ordering.get(f"productOrder/{created['id']}").json()
    assert late["state"] == "inProgress"
    assert [alert["jeopardyType"] for alert in late["jeopardyAlert"]] == ["late"]
    orchestrate(start + timedelta(seconds=2 * JEOPARDY_SECONDS + 120), delays=slow)
    done = ordering.get(f"productOrder/{created['id']}").json()
    assert done["state"] == "completed" and len(done["jeopardyAlert"]) == 1
    assert events_of(server, created["id"]).count("ProductOrderJeopardyAlertEvent") == 1


def cancel(ordering: ApiClient, order_id: str) -> dict[str, Any]:
    response = ordering.post("cancelProductOrder", json={"productOrder": {"id": order_id},
                                                         "cancellationReason": "customer withdrew"})
    assert response.status_code == 201, response.text
    return response.json()


def test_cancelling_an_order_in_flight_cancels_its_service_order_and_installs_nothing(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    slow = {"numberAllocation": 600, "simActivation": 600}
    created = place_order(ordering, new_subscription(customer, prepaid_account, *numbers(tag)))
    orchestrate(delays=slow)  # in progress in the network, nothing done yet
    request = cancel(ordering, created["id"])
    orchestrate(delays=slow)
    cancelled = ordering.get(f"productOrder/{created['id']}").json()
    assert cancelled["state"] == "cancelled" and cancelled["cancellationReason"] == "customer withdrew"
    assert ordering.get(f"cancelProductOrder/{request['id']}").json()["state"] == "done"
    service_order = service_order_of(services, cancelled)
    assert service_order["state"] == "cancelled"
    [cancel_request] = services.get("cancelServiceOrder", params={"serviceOrder.id": service_order["id"]}).json()
    assert cancel_request["state"] == "done"
    assert products_of(inventory, cancelled) == {}
    orchestrate(datetime.now(UTC) + timedelta(minutes=11), delays=slow)  # the network's time passing changes nothing
    assert ordering.get(f"productOrder/{created['id']}").json()["state"] == "cancelled"


def test_a_cancellation_after_an_item_was_fulfilled_is_rejected_and_the_order_carries_on(
    ordering: ApiClient, inventory: ApiClient, orchestrate: Orchestrate, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    setup = place_order(ordering, new_subscription(customer, prepaid_account, *special_numbers(tag, "66")))
    orchestrate()
    orchestrate(datetime.now(UTC) + timedelta(minutes=11))  # after its hold, the subscription is installed
    plan = products_of(inventory, ordering.get(f"productOrder/{setup['id']}").json())["1"]
    place = [{"role": "installationAddress", "id": f"place-{tag}", "@referredType": "GeographicAddress"}]
    created = place_order(ordering, order(customer, modify("1", plan["id"], place=place),
                                          modify("2", plan["id"], status="suspended")))
    orchestrate()  # the address is updated at once, the suspension's HLR update is held
    assert states(ordering.get(f"productOrder/{created['id']}").json(), "productOrderItem") == {
        "1": "completed", "2": "held"}
    request = cancel(ordering, created["id"])
    orchestrate()
    rejected = ordering.get(f"cancelProductOrder/{request['id']}").json()
    assert rejected["state"] == "terminatedWithError" and "already fulfilled" in rejected["stateReason"]
    assert ordering.get(f"productOrder/{created['id']}").json()["state"] == "inProgress"
    orchestrate(datetime.now(UTC) + timedelta(minutes=22))
    assert ordering.get(f"productOrder/{created['id']}").json()["state"] == "completed"
    assert product(inventory, plan["id"])["status"] == "suspended"
