"""Operations 2, 3, 4, 8 and 9 on an installed subscription, over HTTP: suspension and resumption, SIM
change, relocation, prepaid <-> postpaid and plan change."""

from __future__ import annotations

from typing import Any

from tests.api.product_ordering.bodies import modify, numbers, order
from tests.api.product_ordering.conftest import (
    Fulfil,
    characteristic,
    complete,
    events_of,
    product,
)
from tests.support.live_server import ApiClient, LiveServer

Subscription = dict[str, dict[str, Any]]


def test_suspension_suspends_the_subscription_and_its_sim_and_resumption_reactivates_both(
    server: LiveServer, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
    subscription: Subscription,
) -> None:
    plan, sim = subscription["plan"], subscription["sim"]
    complete(ordering, fulfil, order(customer, modify("1", plan["id"], status="suspended")))
    assert (product(inventory, plan["id"])["status"], product(inventory, sim["id"])["status"]) == (
        "suspended", "suspended")
    complete(ordering, fulfil, order(customer, modify("1", plan["id"], status="active")))
    assert (product(inventory, plan["id"])["status"], product(inventory, sim["id"])["status"]) == ("active", "active")
    assert events_of(server, plan["id"]) == [
        "ProductCreateEvent",
        "ProductStateChangeEvent", "ProductAttributeValueChangeEvent",
        "ProductStateChangeEvent", "ProductAttributeValueChangeEvent",
    ]


def test_sim_change_gives_the_sim_a_new_iccid_and_keeps_the_msisdn(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
    tag: str,
) -> None:
    _, new_iccid = numbers(tag, "new sim")
    change = {"productCharacteristic": [{"name": "ICCID", "value": new_iccid}]}
    complete(ordering, fulfil, order(customer, modify("1", subscription["sim"]["id"], **change)))
    assert characteristic(product(inventory, subscription["sim"]["id"]), "ICCID") == new_iccid
    plan = product(inventory, subscription["plan"]["id"])
    assert characteristic(plan, "MSISDN") == characteristic(subscription["plan"], "MSISDN")


def test_relocation_replaces_the_installation_and_billing_places(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    places = [{"id": "geo-4711", "name": "12 Harbour Road, Leith", "role": "installationAddress",
               "@referredType": "GeographicAddress"},
              {"id": "geo-4712", "name": "PO Box 9, Leith", "role": "billingAddress",
               "@referredType": "GeographicAddress"}]
    complete(ordering, fulfil, order(customer, modify("1", subscription["plan"]["id"], place=places)))
    assert product(inventory, subscription["plan"]["id"])["place"] == places


def test_plan_change_moves_the_subscription_to_the_new_offering_and_its_prices(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
) -> None:
    complete(ordering, fulfil, order(customer, modify("1", subscription["plan"]["id"], offering="prepaid-plus")))
    changed = product(inventory, subscription["plan"]["id"])
    assert (changed["productOffering"]["id"], changed["name"]) == ("prepaid-plus", "Prepaid Plus 20 GB")
    assert [price["productOfferingPrice"]["id"] for price in changed["productPrice"]] == ["prepaid-plus-monthly"]
    assert characteristic(changed, "MSISDN") == characteristic(subscription["plan"], "MSISDN")


def test_prepaid_to_postpaid_moves_the_subscription_to_a_postpaid_plan_and_account(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
    postpaid_account: dict[str, Any],
) -> None:
    body = order(customer, modify("1", subscription["plan"]["id"], offering="postpaid-s", account=postpaid_account))
    complete(ordering, fulfil, body)
    changed = product(inventory, subscription["plan"]["id"])
    assert (changed["productOffering"]["id"], changed["billingAccount"]["id"]) == ("postpaid-s", postpaid_account["id"])


def test_postpaid_back_to_prepaid_needs_and_takes_a_prepaid_account(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
    postpaid_account: dict[str, Any], prepaid_account: dict[str, Any],
) -> None:
    plan_id = subscription["plan"]["id"]
    complete(ordering, fulfil, order(customer, modify("1", plan_id, offering="postpaid-l", account=postpaid_account)))
    complete(ordering, fulfil, order(customer, modify("1", plan_id, offering="prepaid-start", account=prepaid_account)))
    assert product(inventory, plan_id)["billingAccount"]["id"] == prepaid_account["id"]


def test_a_payment_type_change_without_an_account_of_the_new_type_is_refused(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription, prepaid_account: dict[str, Any],
) -> None:
    plan_id = subscription["plan"]["id"]
    without = ordering.post("productOrder", json=order(customer, modify("1", plan_id, offering="postpaid-s")))
    assert without.status_code == 400
    assert "needs a billingAccount" in without.json()["message"]
    wrong = ordering.post("productOrder", json=order(customer, modify(
        "1", plan_id, offering="postpaid-s", account=prepaid_account)))
    assert wrong.status_code == 400
    assert "a postpaid plan needs a postpaid billing account" in wrong.json()["message"]


def test_a_plan_cannot_change_to_a_device_offering(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
) -> None:
    response = ordering.post("productOrder", json=order(customer, modify(
        "1", subscription["plan"]["id"], offering="smartphone-a")))
    assert response.status_code == 400
    assert "another plan offering" in response.json()["message"]


def test_the_msisdn_of_a_subscription_cannot_be_modified(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription, tag: str,
) -> None:
    msisdn, _ = numbers(tag, "other")
    change = {"productCharacteristic": [{"name": "MSISDN", "value": msisdn}]}
    response = ordering.post("productOrder", json=order(customer, modify("1", subscription["plan"]["id"], **change)))
    assert response.status_code == 400
    assert "MSISDN of a subscription cannot change" in response.json()["message"]


def test_a_subscription_cannot_be_set_terminated_by_a_modify_item(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
) -> None:
    response = ordering.post("productOrder", json=order(customer, modify(
        "1", subscription["plan"]["id"], status="terminated")))
    assert response.status_code == 400
    assert "can only be set suspended" in response.json()["message"]


def test_the_sim_status_follows_its_subscription(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
) -> None:
    response = ordering.post("productOrder", json=order(customer, modify(
        "1", subscription["sim"]["id"], status="suspended")))
    assert response.status_code == 400
    assert "follows its subscription" in response.json()["message"]


def test_a_sim_change_to_an_iccid_in_use_is_refused(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription,
    prepaid_account: dict[str, Any], tag: str,
) -> None:
    from tests.api.product_ordering.bodies import new_subscription

    msisdn, iccid = numbers(tag, "second line")
    complete(ordering, fulfil, new_subscription(customer, prepaid_account, msisdn, iccid))
    change = {"productCharacteristic": [{"name": "ICCID", "value": iccid}]}
    response = ordering.post("productOrder", json=order(customer, modify("1", subscription["sim"]["id"], **change)))
    assert response.status_code == 400
    assert f"ICCID {iccid!r} is already in use" in response.json()["message"]
