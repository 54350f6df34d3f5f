"""Every create-time rule of a ProductOrder: a precise 400 and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.product_ordering.bodies import add, customer_party, delete, modify, new_subscription, numbers, order
from tests.api.product_ordering.conftest import Fulfil, complete, open_account
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient

Subscription = dict[str, dict[str, Any]]


def refused(ordering: ApiClient, body: dict[str, Any], tag: str, expected: str) -> dict[str, Any]:
    """POST a tagged order that must be refused with 400 naming `expected`, and check nothing was stored."""
    body = {**body, "externalId": f"refused-{tag}"}
    response = ordering.post("productOrder", json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert expected in error["message"], error
    assert ordering.get("productOrder", params={"externalId": f"refused-{tag}"}).json() == []
    return error


@pytest.fixture
def valid(customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str) -> dict[str, Any]:
    return new_subscription(customer, prepaid_account, *numbers(tag))


def test_an_empty_item_list_is_refused(ordering: ApiClient, customer: dict[str, Any], tag: str) -> None:
    refused(ordering, order(customer), tag, "non-empty productOrderItem")


def test_item_ids_are_unique(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][1]["id"] = "1"
    refused(ordering, valid, tag, "productOrderItem id '1' is used twice")


def test_an_item_needs_an_action(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    del valid["productOrderItem"][1]["action"]
    response = ordering.post("productOrder", json=valid)
    assert response.status_code == 400
    assert "action" in response.json()["message"]


def test_an_add_needs_a_product_offering(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    del valid["productOrderItem"][1]["productOffering"]
    refused(ordering, valid, tag, "an add item needs a productOffering")


def test_an_add_needs_an_offering_of_the_catalogue(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["productOffering"]["id"] = "gold-plated-plan"
    refused(ordering, valid, tag, "productOffering 'gold-plated-plan' is not in the product catalogue")


def test_a_mandatory_characteristic_is_required(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    del valid["productOrderItem"][0]["product"]
    refused(ordering, valid, tag, "offering 'prepaid-start' needs the characteristic(s) MSISDN")


def test_an_undefined_characteristic_is_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][1]["product"]["productCharacteristic"].append({"name": "colour", "value": "red"})
    refused(ordering, valid, tag, "characteristic 'colour' is not defined for offering 'sim-card'")


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("MSISDN", "0123", "does not match the pattern"),
    ("MSISDN", 447700900123, "must be of type string"),
])
def test_a_characteristic_value_must_fit_its_specification(
    ordering: ApiClient, valid: dict[str, Any], tag: str, name: str, value: Any, expected: str,
) -> None:
    valid["productOrderItem"][0]["product"]["productCharacteristic"] = [{"name": name, "value": value}]
    refused(ordering, valid, tag, expected)


def test_a_characteristic_is_given_once(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    characteristics = valid["productOrderItem"][1]["product"]["productCharacteristic"]
    characteristics.append(dict(characteristics[0]))
    refused(ordering, valid, tag, "may be given at most 1 time(s)")


def test_a_new_plan_needs_its_sim(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    del valid["productOrderItem"][1]
    refused(ordering, valid, tag, "a new subscription needs exactly one SIM item")


def test_an_msisdn_in_use_is_refused(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], subscription: Subscription,
    tag: str,
) -> None:
    msisdn = next(c["value"] for c in subscription["plan"]["productCharacteristic"] if c["name"] == "MSISDN")
    body = new_subscription(customer, prepaid_account, msisdn, numbers(tag, "x")[1])
    refused(ordering, body, tag, f"MSISDN {msisdn!r} is already in use")


def test_a_plan_needs_a_billing_account_of_its_payment_type(
    ordering: ApiClient, customer: dict[str, Any], postpaid_account: dict[str, Any], tag: str,
) -> None:
    body = new_subscription(customer, postpaid_account, *numbers(tag), plan="prepaid-plus")
    refused(ordering, body, tag, "a prepaid plan needs a prepaid billing account")


def test_a_plan_without_billing_account_is_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    del valid["productOrderItem"][0]["billingAccount"]
    refused(ordering, valid, tag, "a prepaid plan needs a billingAccount")


def test_the_order_names_exactly_one_customer(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["relatedParty"] = []
    refused(ordering, valid, tag, "names exactly one ordering customer")


def test_the_customer_must_exist(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["relatedParty"] = [{"id": f"ghost-{tag}", "@referredType": "Customer"}]
    assert refused(ordering, valid, tag, f"Customer 'ghost-{tag}', which does not exist")["code"] == \
        "INVALID_REFERENCE"


def test_the_billing_account_must_exist(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["billingAccount"] = {"id": f"ghost-{tag}"}
    refused(ordering, valid, tag, f"billingAccount 'ghost-{tag}' does not exist")


def test_the_billing_account_must_belong_to_the_customer(
    ordering: ApiClient, customers: ApiClient, accounts: ApiClient, valid: dict[str, Any], tag: str,
) -> None:
    stranger = customers.post("customer", json=new_customer(f"{tag}-x")).json()
    valid["productOrderItem"][0]["billingAccount"] = {"id": open_account(accounts, stranger, tag, "prepaid")["id"]}
    refused(ordering, valid, tag, "belongs to another customer")


def test_a_closed_billing_account_is_refused(
    ordering: ApiClient, accounts: ApiClient, valid: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    assert accounts.patch(f"billingAccount/{prepaid_account['id']}", json={"state": "closed"}).status_code == 200
    refused(ordering, valid, tag, "is closed")


def test_an_item_relationship_names_another_item_of_the_order(
    ordering: ApiClient, valid: dict[str, Any], tag: str,
) -> None:
    valid["productOrderItem"][1]["productOrderItemRelationship"][0]["id"] = "7"
    refused(ordering, valid, tag, "names item '7', which is not another item of this order")


def test_an_item_relationship_type_is_known(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][1]["productOrderItemRelationship"][0]["relationshipType"] = "bundled"
    refused(ordering, valid, tag, "relationshipType must be one of reliesOn, memberOf")


def test_an_item_cannot_relate_to_itself(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription, tag: str,
) -> None:
    plan_id = subscription["plan"]["id"]
    body = order(customer, add("a", "data-pool", relies_on_product=plan_id, poolSize=20),
                 add("b", "data-pool-member", member_of="a", relies_on="b", allocation=1))
    refused(ordering, body, tag, "names item 'b', which is not another item of this order")


def test_related_items_may_not_form_a_cycle(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["productOrderItemRelationship"] = [{"id": "2", "relationshipType": "reliesOn"}]
    refused(ordering, valid, tag, "productOrderItemRelationship forms a cycle between items '1', '2'")


def test_a_product_relationship_names_an_installed_product(
    ordering: ApiClient, customer: dict[str, Any], tag: str,
) -> None:
    body = order(customer, add("1", "roaming-pack", relies_on_product=f"ghost-{tag}", zone="EU"))
    refused(ordering, body, tag, f"product 'ghost-{tag}' is not in the installed base")


def test_a_modify_needs_the_product_id(ordering: ApiClient, customer: dict[str, Any], tag: str) -> None:
    body = order(customer, {"id": "1", "action": "modify", "productOffering": {"id": "prepaid-plus"}})
    refused(ordering, body, tag, "a modify item needs product.id")


@pytest.mark.parametrize("action", ["modify", "delete"])
def test_a_change_of_an_unknown_product_is_refused(
    ordering: ApiClient, customer: dict[str, Any], tag: str, action: str,
) -> None:
    item = modify("1", f"ghost-{tag}") if action == "modify" else delete("1", f"ghost-{tag}")
    refused(ordering, order(customer, item), tag, f"product 'ghost-{tag}' is not in the installed base")


def test_a_change_of_another_customers_product_is_refused(
    ordering: ApiClient, customers: ApiClient, subscription: Subscription, tag: str,
) -> None:
    stranger = customers.post("customer", json=new_customer(f"{tag}-x")).json()
    body = order(stranger, modify("1", subscription["plan"]["id"], status="suspended"))
    refused(ordering, body, tag, "does not belong to customer")


def test_a_change_of_a_terminated_product_is_refused(
    ordering: ApiClient, fulfil: Fulfil, customer: dict[str, Any], subscription: Subscription, tag: str,
) -> None:
    complete(ordering, fulfil, order(customer, delete("1", subscription["plan"]["id"])))
    body = order(customer, modify("1", subscription["plan"]["id"], status="suspended"))
    refused(ordering, body, tag, "is terminated; only active or suspended products can be changed")


def test_a_sim_cannot_be_removed_from_a_live_subscription(
    ordering: ApiClient, customer: dict[str, Any], subscription: Subscription, tag: str,
) -> None:
    refused(ordering, order(customer, delete("1", subscription["sim"]["id"])), tag, "cannot lose its SIM")


def test_an_add_with_a_product_id_is_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["product"]["id"] = "p-1"
    refused(ordering, valid, tag, "product.id is for modify and delete")


def test_quantity_other_than_one_is_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][1]["quantity"] = 2
    refused(ordering, valid, tag, "quantity must be 1")


def test_nested_items_are_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["productOrderItem"] = [dict(valid["productOrderItem"][1], id="9")]
    refused(ordering, valid, tag, "nested productOrderItem lists are not supported")


@pytest.mark.parametrize("attribute", ["state", "orderDate", "completionDate", "expectedCompletionDate"])
def test_state_and_dates_cannot_be_given_on_create(
    ordering: ApiClient, valid: dict[str, Any], tag: str, attribute: str,
) -> None:
    value = "completed" if attribute == "state" else "2030-01-01T00:00:00Z"
    refused(ordering, {**valid, attribute: value}, tag, f"{attribute} cannot be set when creating a ProductOrder")


def test_an_item_state_cannot_be_given_on_create(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    valid["productOrderItem"][0]["state"] = "completed"
    refused(ordering, valid, tag, "state cannot be set when creating a ProductOrder")


def test_requested_completion_before_start_is_refused(ordering: ApiClient, valid: dict[str, Any], tag: str) -> None:
    body = {**valid, "requestedStartDate": "2030-01-02T00:00:00Z", "requestedCompletionDate": "2030-01-01T00:00:00Z"}
    refused(ordering, body, tag, "requestedCompletionDate is before requestedStartDate")


def test_the_related_party_need_not_carry_a_role(
    ordering: ApiClient, customer: dict[str, Any], valid: dict[str, Any],
) -> None:
    valid["relatedParty"] = [{k: v for k, v in customer_party(customer).items() if k != "role"}]
    assert ordering.post("productOrder", json=valid).status_code == 201
