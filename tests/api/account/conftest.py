"""Fixtures of the TMF666 Account Management API tests: an `accounts` client and a fresh customer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.account.bodies import new_billing_account
from tests.support.live_server import ApiClient


@pytest.fixture
def billing_account(accounts: ApiClient, customer: dict[str, Any], tag: str) -> dict[str, Any]:
    """A prepaid billing account of `customer`, in its initial state (defined)."""
    response = accounts.post("billingAccount", json=new_billing_account(customer, tag))
    assert response.status_code == 201, response.text
    return response.json()
