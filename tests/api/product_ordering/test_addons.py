"""Operations 5 and 6 over HTTP: add / remove value-added services, add / remove / change devices."""

from __future__ import annotations

from typing import Any

from tests.api.product_ordering.bodies import add, delete, modify, order
from tests.api.product_ordering.conftest import Fulfil, characteristic, complete, product, products_of
from tests.support.live_server import ApiClient

Subscription = dict[str, dict[str, Any]]


def test_an_added_roaming_pack_relies_on_the_subscription_and_bills_to_its_account(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan = subscription["plan"]
    done = complete(ordering, fulfil, order(customer, add("1", "roaming-pack", relies_on_product=plan["id"],
                                                          zone="EU")))
    vas = products_of(inventory, done)["1"]
    assert (vas["status"], vas["productOffering"]["id"]) == ("active", "roaming-pack")
    assert characteristic(vas, "zone") == "EU"
    assert vas["productRelationship"][0]["product"]["id"] == plan["id"]
    assert vas["billingAccount"]["id"] == plan["billingAccount"]["id"]


def test_a_removed_vas_is_terminated_and_the_subscription_stays_active(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan = subscription["plan"]
    done = complete(ordering, fulfil, order(customer, add("1", "caller-tunes", relies_on_product=plan["id"])))
    vas = products_of(inventory, done)["1"]
    complete(ordering, fulfil, order(customer, delete("1", vas["id"])))
    removed = product(inventory, vas["id"])
    assert removed["status"] == "terminated" and "terminationDate" in removed
    assert product(inventory, plan["id"])["status"] == "active"


def test_vas_packs_can_be_ordered_with_a_new_subscription(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    from tests.api.product_ordering.bodies import new_subscription, numbers

    body = new_subscription(customer, prepaid_account, *numbers(tag))
    body["productOrderItem"].append(add("3", "data-addon-5gb", relies_on="1"))
    installed = products_of(inventory, complete(ordering, fulfil, body))
    assert installed["3"]["productRelationship"][0]["product"]["id"] == installed["1"]["id"]


def test_the_same_vas_twice_on_one_subscription_is_refused(
    ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan_id = subscription["plan"]["id"]
    complete(ordering, fulfil, order(customer, add("1", "roaming-pack", relies_on_product=plan_id, zone="EU")))
    again = ordering.post("productOrder", json=order(customer, add("1", "roaming-pack", relies_on_product=plan_id,
                                                                   zone="World")))
    assert again.status_code == 400
    assert "already has International roaming pack" in again.json()["message"]


def test_a_vas_needs_the_subscription_it_relies_on(ordering: ApiClient, customer: dict[str, Any]) -> None:
    response = ordering.post("productOrder", json=order(customer, add("1", "roaming-pack", zone="EU")))
    assert response.status_code == 400
    assert "exactly one reliesOn relationship to a plan" in response.json()["message"]


def test_a_device_is_added_changed_to_another_model_and_removed(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan_id = subscription["plan"]["id"]
    done = complete(ordering, fulfil, order(customer, add("1", "smartphone-a", relies_on_product=plan_id,
                                                          colour="blue")))
    device = products_of(inventory, done)["1"]
    assert (device["name"], characteristic(device, "colour")) == ("Smartphone A 128 GB", "blue")

    complete(ordering, fulfil, order(customer, modify("1", device["id"], offering="smartphone-b")))
    changed = product(inventory, device["id"])
    assert (changed["productOffering"]["id"], changed["name"]) == ("smartphone-b", "Smartphone B 256 GB")
    assert [price["productOfferingPrice"]["id"] for price in changed["productPrice"]] == ["phone-b-once"]

    complete(ordering, fulfil, order(customer, delete("1", device["id"])))
    assert product(inventory, device["id"])["status"] == "terminated"


def test_a_device_cannot_change_into_a_vas(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    done = complete(ordering, fulfil, order(customer, add("1", "mobile-hotspot",
                                                          relies_on_product=subscription["plan"]["id"])))
    device = products_of(inventory, done)["1"]
    response = ordering.post("productOrder", json=order(customer, modify("1", device["id"], offering="caller-tunes")))
    assert response.status_code == 400
    assert "a device can only change to another device offering" in response.json()["message"]


def test_terminating_the_subscription_terminates_its_sim_vas_and_devices(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan_id = subscription["plan"]["id"]
    done = complete(ordering, fulfil, order(customer, add("1", "roaming-pack", relies_on_product=plan_id, zone="EU"),
                                            add("2", "smartphone-a", relies_on_product=plan_id)))
    added = products_of(inventory, done)
    complete(ordering, fulfil, order(customer, delete("1", plan_id)))
    for product_id in (plan_id, subscription["sim"]["id"], added["1"]["id"], added["2"]["id"]):
        assert product(inventory, product_id)["status"] == "terminated"
