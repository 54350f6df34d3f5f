"""Fixtures of the TMF666 Account Management API tests: an `accounts` client and a fresh customer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.account.bodies import new_billing_account
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer

ACCOUNT_ROOT = "/tmf-api/accountManagement/v4"


@pytest.fixture
def accounts(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + ACCOUNT_ROOT)


@pytest.fixture
def customer(customers: ApiClient, tag: str) -> dict[str, Any]:
    """A Customer of this component, to hold the test's billing accounts."""
    response = customers.post("customer", json=new_customer(tag))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def billing_account(accounts: ApiClient, customer: dict[str, Any], tag: str) -> dict[str, Any]:
    """A prepaid billing account of `customer`, in its initial state (defined)."""
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag))
    assert response.status_code == 201, response.text
    return response.json()
