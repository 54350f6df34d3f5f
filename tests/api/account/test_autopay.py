"""Autopay: enrolment is a `paymentPlan` entry with planType autopay and a payment method, withdrawal
removes it; enrolment is visible in GET and filterable with `paymentPlan.planType=autopay`."""

from __future__ import annotations

from typing import Any

from tests.api.account.bodies import PAYMENT_METHOD, autopay, new_billing_account
from tests.support.live_server import ApiClient

JSON_PATCH = {"Content-Type": "application/json-patch+json"}


def enrolled_ids(accounts: ApiClient, customer: dict[str, Any]) -> list[str]:
    query = {"relatedParty.id": customer["id"], "paymentPlan.planType": "autopay"}
    found = accounts.get("billingAccount", params=query)
    assert found.status_code == 200
    return [account["id"] for account in found.json()]


def test_account_created_with_autopay_is_enrolled_from_its_creation(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    body = new_billing_account(customer, tag, state="active", paymentPlan=[autopay(PAYMENT_METHOD)])
    created = accounts.post("billingAccount", json=body).json()
    [plan] = created["paymentPlan"]
    assert plan == {"planType": "autopay", "status": "active", "paymentMethod": PAYMENT_METHOD,
                    "validFor": {"startDateTime": created["lastModified"]}}


def test_enrolment_by_patch_uses_the_default_payment_method_when_the_plan_names_none(
    accounts: ApiClient, billing_account: dict[str, Any]
) -> None:
    response = accounts.patch(f"billingAccount/{billing_account['id']}",
                              json={"defaultPaymentMethod": PAYMENT_METHOD, "paymentPlan": [autopay()]})
    assert response.status_code == 200, response.text
    assert response.json()["paymentPlan"][0]["paymentMethod"] == PAYMENT_METHOD


def test_enrolment_without_any_payment_method_is_400(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    response = accounts.patch(f"billingAccount/{billing_account['id']}", json={"paymentPlan": [autopay()]})
    assert response.status_code == 400
    assert "payment method" in response.json()["message"]


def test_two_autopay_plans_are_400(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    plans = [autopay(PAYMENT_METHOD), autopay({"id": "pm-other"})]
    response = accounts.patch(f"billingAccount/{billing_account['id']}", json={"paymentPlan": plans})
    assert response.status_code == 400


def test_withdrawal_removes_the_autopay_plan_and_keeps_the_others(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    instalments = {"planType": "instalments", "numberOfPayments": 3}
    body = new_billing_account(customer, tag, paymentPlan=[instalments, autopay(PAYMENT_METHOD)])
    account = accounts.post("billingAccount", json=body).json()
    response = accounts.patch(f"billingAccount/{account['id']}", json=[{"op": "remove", "path": "/paymentPlan/1"}],
                              headers=JSON_PATCH)
    assert response.status_code == 200, response.text
    assert response.json()["paymentPlan"] == [instalments]


def test_filter_finds_exactly_the_enrolled_accounts(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    enrolled = accounts.post("billingAccount", json=new_billing_account(
        customer, f"{tag}-1", paymentPlan=[autopay(PAYMENT_METHOD)])).json()
    accounts.post("billingAccount", json=new_billing_account(customer, f"{tag}-2"))
    assert enrolled_ids(accounts, customer) == [enrolled["id"]]


def test_withdrawn_account_no_longer_matches_the_filter(
    accounts: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    path = f"billingAccount/{billing_account['id']}"
    accounts.patch(path, json={"paymentPlan": [autopay(PAYMENT_METHOD)]})
    assert enrolled_ids(accounts, customer) == [billing_account["id"]]
    accounts.patch(path, json={"paymentPlan": []})
    assert enrolled_ids(accounts, customer) == []


def test_closing_an_account_withdraws_its_autopay(
    accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    body = new_billing_account(customer, tag, state="active", paymentPlan=[autopay(PAYMENT_METHOD)])
    account = accounts.post("billingAccount", json=body).json()
    closed = accounts.patch(f"billingAccount/{account['id']}", json={"state": "closed"}).json()
    assert closed["paymentPlan"] == []
    assert enrolled_ids(accounts, customer) == []


def test_closed_account_cannot_be_enrolled(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    path = f"billingAccount/{billing_account['id']}"
    accounts.patch(path, json={"state": "closed"})
    response = accounts.patch(path, json={"paymentPlan": [autopay(PAYMENT_METHOD)]})
    assert response.status_code == 409
    assert "closed" in response.json()["message"]


def test_enrolment_keeps_the_time_the_client_gave(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    plan = autopay(PAYMENT_METHOD, validFor={"startDateTime": "2030-01-01T00:00:00Z"})
    patched = accounts.patch(f"billingAccount/{billing_account['id']}", json={"paymentPlan": [plan]}).json()
    assert patched["paymentPlan"][0]["validFor"] == {"startDateTime": "2030-01-01T00:00:00Z"}
