"""A billing account and its Customer stay in step: the Customer's `account` list holds exactly its open
billing accounts, and a customer with an open billing account cannot be deleted."""

from __future__ import annotations

from typing import Any

from tests.api.account.bodies import new_billing_account
from tests.support.live_server import ApiClient


def listed(customers: ApiClient, customer: dict[str, Any]) -> list[dict[str, Any]]:
    return customers.get(f"customer/{customer['id']}").json().get("account", [])


def test_created_account_is_listed_on_its_customer(
    customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    assert listed(customers, customer) == [{
        "id": billing_account["id"], "href": billing_account["href"], "name": billing_account["name"],
        "@referredType": "BillingAccount",
    }]


def test_refused_account_is_not_listed(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag, accountType="postpaid"))
    assert response.status_code == 400
    assert listed(customers, customer) == []


def test_renamed_account_is_renamed_on_its_customer(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any], tag: str
) -> None:
    accounts.patch(f"billingAccount/{billing_account['id']}", json={"name": f"Family {tag}"})
    assert [ref["name"] for ref in listed(customers, customer)] == [f"Family {tag}"]


def test_suspended_account_stays_listed(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    for state in ("active", "suspended"):
        accounts.patch(f"billingAccount/{billing_account['id']}", json={"state": state})
    assert [ref["id"] for ref in listed(customers, customer)] == [billing_account["id"]]


def test_closed_account_leaves_its_customers_list(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any], tag: str
) -> None:
    other = accounts.post("billingAccount", json=new_billing_account(customer, f"{tag}-2")).json()
    accounts.patch(f"billingAccount/{billing_account['id']}", json={"state": "closed"})
    assert [ref["id"] for ref in listed(customers, customer)] == [other["id"]]


def test_deleted_account_leaves_its_customers_list(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    assert accounts.delete(f"billingAccount/{billing_account['id']}").status_code == 204
    assert listed(customers, customer) == []


def test_other_references_on_the_customers_list_are_kept(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    elsewhere = {"id": f"legacy-{tag}", "name": "Legacy account", "@referredType": "BillingAccount"}
    customers.patch(f"customer/{customer['id']}", json={"account": [elsewhere]})
    account = accounts.post("billingAccount", json=new_billing_account(customer, tag)).json()
    accounts.patch(f"billingAccount/{account['id']}", json={"state": "closed"})
    assert listed(customers, customer) == [elsewhere]


def test_customer_with_an_open_account_cannot_be_deleted(
    customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    response = customers.delete(f"customer/{customer['id']}")
    assert response.status_code == 409
    error = response.json()
    assert error["status"] == "409" and billing_account["id"] in error["message"]
    assert customers.get(f"customer/{customer['id']}").status_code == 200


def test_customer_whose_accounts_are_all_closed_can_be_deleted(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    accounts.patch(f"billingAccount/{billing_account['id']}", json={"state": "closed"})
    assert customers.delete(f"customer/{customer['id']}").status_code == 204


def test_customer_without_accounts_can_be_deleted(customers: ApiClient, customer: dict[str, Any]) -> None:
    assert customers.delete(f"customer/{customer['id']}").status_code == 204
