"""Operation 1: a new mobile subscription (plan + SIM + MSISDN), prepaid or postpaid, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.api.product_ordering.conftest import (
    Fulfil,
    characteristic,
    complete,
    events_of,
    place_order,
    products_of,
)
from tests.support.live_server import ApiClient, LiveServer


@pytest.mark.parametrize(("plan", "account_fixture"), [("prepaid-start", "prepaid_account"),
                                                       ("postpaid-s", "postpaid_account")])
def test_new_subscription_installs_an_active_plan_with_its_msisdn_and_a_sim_relying_on_it(
    request: pytest.FixtureRequest, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil,
    customer: dict[str, Any], tag: str, plan: str, account_fixture: str,
) -> None:
    account = request.getfixturevalue(account_fixture)
    msisdn, iccid = numbers(tag)
    done = complete(ordering, fulfil, new_subscription(customer, account, msisdn, iccid, plan=plan))
    installed = products_of(inventory, done)
    subscription, sim = installed["1"], installed["2"]
    assert (subscription["status"], subscription["productOffering"]["id"]) == ("active", plan)
    assert characteristic(subscription, "MSISDN") == msisdn
    assert subscription["billingAccount"]["id"] == account["id"]
    assert subscription["relatedParty"][0]["id"] == customer["id"]
    assert characteristic(sim, "ICCID") == iccid
    assert sim["productRelationship"] == [{"relationshipType": "reliesOn", "product": {
        "id": subscription["id"], "href": subscription["href"], "name": subscription["name"],
        "@referredType": "Product"}}]
    assert sim["billingAccount"]["id"] == account["id"]
    assert all(item["state"] == "completed" for item in done["productOrderItem"])


def test_an_accepted_order_is_acknowledged_with_the_dates_the_component_sets(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    created = place_order(ordering, new_subscription(customer, prepaid_account, *numbers(tag)))
    assert created["state"] == "acknowledged"
    assert [item["state"] for item in created["productOrderItem"]] == ["acknowledged", "acknowledged"]
    assert created["orderDate"] == created["expectedCompletionDate"]
    assert "completionDate" not in created
    assert created["relatedParty"][0]["href"] == customer["href"]


def test_completion_writes_order_and_product_events(
    server: LiveServer, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    done = complete(ordering, fulfil, new_subscription(customer, prepaid_account, *numbers(tag)))
    assert done["completionDate"] >= done["orderDate"]
    events = events_of(server, done["id"])
    assert events[0] == "ProductOrderCreateEvent"
    assert events.count("ProductOrderStateChangeEvent") == 2  # inProgress, completed
    # fulfilled through a service order: its submission, each item and the end are milestones
    assert events.count("ProductOrderMilestoneEvent") == 4
    for product in products_of(inventory, done).values():
        assert events_of(server, product["id"]) == ["ProductCreateEvent"]


def test_the_installed_base_is_found_by_customer_and_msisdn(
    inventory: ApiClient, customer: dict[str, Any], subscription: dict[str, dict[str, Any]],
) -> None:
    msisdn = characteristic(subscription["plan"], "MSISDN")
    by_customer = inventory.get("product", params={"relatedParty.id": customer["id"]})
    assert by_customer.headers["X-Total-Count"] == "2"
    by_number = inventory.get("product", params={"productCharacteristic.value": msisdn}).json()
    assert [product["id"] for product in by_number] == [subscription["plan"]["id"]]
