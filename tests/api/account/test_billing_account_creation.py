"""Creating a billing account as a telecom does: held by an existing Customer, prepaid or postpaid (or no type yet),
referring only to bill structure resources and financial accounts that exist in this component."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.account.bodies import holder, new_billing_account, new_named, new_postpaid_account, ref
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


def assert_tmf_error(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()
    assert error["code"] and error["reason"] and error["status"] == str(status)
    for word in words:
        assert word in error["message"]


def test_prepaid_account_of_an_existing_customer_is_created_in_state_defined(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["state"] == "defined"
    assert body["accountType"] == "prepaid"
    assert body["href"].endswith(f"/tmf-api/accountManagement/v4/billingAccount/{body['id']}")
    assert body["lastModified"]


def test_the_customer_entry_is_completed_with_the_customers_href_and_name(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    body = accounts.post("billingAccount", json=new_billing_account(customer, tag)).json()
    [party] = body["relatedParty"]
    assert (party["href"], party["name"], party["role"]) == (customer["href"], customer["name"], "customer")


def test_owner_is_accepted_as_the_role_of_the_customer_entry(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    body = new_billing_account(customer, tag, relatedParty=[holder(customer, role="owner")])
    assert accounts.post("billingAccount", json=body).status_code == 201


def test_account_may_be_created_already_active(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    body = accounts.post("billingAccount", json=new_billing_account(customer, tag, state="active")).json()
    assert body["state"] == "active"


def test_account_cannot_be_created_suspended_or_closed(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    for state in ("suspended", "closed"):
        response = accounts.post("billingAccount", json=new_billing_account(customer, tag, state=state))
        assert_tmf_error(response, 400, state)


def test_unknown_customer_is_400_naming_it(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    body = new_billing_account(customer, tag, relatedParty=[holder({"id": f"ghost-{tag}"})])
    assert_tmf_error(accounts.post("billingAccount", json=body), 400, f"ghost-{tag}", "Customer")


def test_account_naming_two_customers_is_400(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    other = customers.post("customer", json=new_customer(f"{tag}-other")).json()
    body = new_billing_account(customer, tag, relatedParty=[holder(customer), holder(other)])
    assert_tmf_error(accounts.post("billingAccount", json=body), 400, "exactly one customer")


def test_account_type_when_given_must_be_prepaid_or_postpaid(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag, accountType="Business"))
    assert_tmf_error(response, 400, "prepaid", "postpaid")


def test_account_type_is_optional_and_then_set_by_patch_with_its_rules(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    body = new_billing_account(customer, tag)
    del body["accountType"]
    created = accounts.post("billingAccount", json=body)
    assert created.status_code == 201, created.text
    assert "accountType" not in created.json()
    refused = accounts.patch(f"billingAccount/{created.json()['id']}", json={"accountType": "postpaid"})
    assert_tmf_error(refused, 400, "creditLimit")
    made_prepaid = accounts.patch(f"billingAccount/{created.json()['id']}", json={"accountType": "prepaid"})
    assert made_prepaid.status_code == 200, made_prepaid.text
    assert made_prepaid.json()["accountType"] == "prepaid"


def test_postpaid_account_with_a_credit_limit_is_created(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    response = accounts.post("billingAccount", json=new_postpaid_account(customer, tag))
    assert response.status_code == 201, response.text
    assert response.json()["creditLimit"] == {"unit": "EUR", "value": 500}


@pytest.mark.parametrize("credit_limit", [None, {"unit": "EUR"}, {"unit": "EUR", "value": 0}, {"value": 100}])
def test_postpaid_account_needs_a_positive_credit_limit_with_a_unit(
    accounts: ApiClient, customer: dict[str, Any], tag: str, credit_limit: dict[str, Any] | None
) -> None:
    body = new_billing_account(customer, tag, accountType="postpaid")
    if credit_limit is not None:
        body["creditLimit"] = credit_limit
    assert_tmf_error(accounts.post("billingAccount", json=body), 400, "creditLimit")


def test_prepaid_account_carries_no_credit_limit(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    body = new_billing_account(customer, tag, creditLimit={"unit": "EUR", "value": 100})
    assert_tmf_error(accounts.post("billingAccount", json=body), 400, "prepaid", "creditLimit")


def test_patch_to_postpaid_without_a_credit_limit_is_400(
    accounts: ApiClient, billing_account: dict[str, Any]
) -> None:
    response = accounts.patch(f"billingAccount/{billing_account['id']}", json={"accountType": "postpaid"})
    assert_tmf_error(response, 400, "creditLimit")


def test_bill_structure_may_refer_to_this_components_cycle_format_and_media(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    cycle = accounts.post("billingCycleSpecification", json=new_named(tag, frequency="monthly")).json()
    bill_format = accounts.post("billFormat", json=new_named(tag)).json()
    media = accounts.post("billPresentationMedia", json=new_named(tag)).json()
    structure = {"cycleSpecification": ref(cycle), "format": ref(bill_format), "presentationMedia": [ref(media)]}
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag, billStructure=structure))
    assert response.status_code == 201, response.text
    assert response.json()["billStructure"] == structure


@pytest.mark.parametrize("kind, place", [
    ("billingCycleSpecification", "cycleSpecification"),
    ("billFormat", "format"),
    ("billPresentationMedia", "presentationMedia"),
])
def test_bill_structure_referring_to_an_unknown_resource_is_400(
    accounts: ApiClient, customer: dict[str, Any], tag: str, kind: str, place: str
) -> None:
    missing = {"id": f"missing-{tag}", "href": f"http://x/{kind}/missing", "name": "missing", "isRef": True}
    structure = {place: [missing] if place == "presentationMedia" else missing}
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag, billStructure=structure))
    assert_tmf_error(response, 400, f"missing-{tag}", f"billStructure.{place}")


def test_bill_structure_given_by_value_is_not_looked_up(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    structure = {"format": {"name": "Detailed invoice", "isRef": False}}
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag, billStructure=structure))
    assert response.status_code == 201, response.text


def test_financial_account_reference_must_exist(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    financial = accounts.post("financialAccount", json=new_named(tag)).json()
    good = new_billing_account(customer, tag, financialAccount={"id": financial["id"]})
    bad = new_billing_account(customer, tag, financialAccount={"id": f"missing-{tag}"})
    assert accounts.post("billingAccount", json=good).status_code == 201
    assert_tmf_error(accounts.post("billingAccount", json=bad), 400, f"missing-{tag}", "financialAccount")


def test_patch_adding_an_unknown_bill_format_is_400_and_changes_nothing(
    accounts: ApiClient, billing_account: dict[str, Any], tag: str
) -> None:
    missing = {"id": f"missing-{tag}", "name": "missing", "isRef": True}
    response = accounts.patch(f"billingAccount/{billing_account['id']}", json={"billStructure": {"format": missing}})
    assert_tmf_error(response, 400, f"missing-{tag}")
    assert accounts.get(f"billingAccount/{billing_account['id']}").json() == billing_account


def test_bill_format_used_by_an_open_account_cannot_be_deleted(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    bill_format = accounts.post("billFormat", json=new_named(tag)).json()
    account = accounts.post("billingAccount", json=new_billing_account(
        customer, tag, billStructure={"format": ref(bill_format)})).json()
    assert_tmf_error(accounts.delete(f"billFormat/{bill_format['id']}"), 409, account["id"])
    assert accounts.get(f"billFormat/{bill_format['id']}").status_code == 200


def test_bill_format_is_deletable_once_its_account_is_closed(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    bill_format = accounts.post("billFormat", json=new_named(tag)).json()
    account = accounts.post("billingAccount", json=new_billing_account(
        customer, tag, billStructure={"format": ref(bill_format)})).json()
    assert accounts.patch(f"billingAccount/{account['id']}", json={"state": "closed"}).status_code == 200
    assert accounts.delete(f"billFormat/{bill_format['id']}").status_code == 204


def test_customer_of_an_account_cannot_be_changed(
    accounts: ApiClient, customers: ApiClient, billing_account: dict[str, Any], tag: str
) -> None:
    other = customers.post("customer", json=new_customer(f"{tag}-other")).json()
    response = accounts.patch(f"billingAccount/{billing_account['id']}", json={"relatedParty": [holder(other)]})
    assert_tmf_error(response, 400, "cannot change")
