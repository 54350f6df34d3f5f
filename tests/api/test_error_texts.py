"""Every 4xx message is one sentence naming the attribute or parameter and what is allowed: never a dump of
a schema or a library's wording."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


def message(response: Any) -> str:
    assert response.status_code == 400, response.text
    text = response.json()["message"]
    assert "\n" not in text and "Failed validating" not in text and "{" not in text, text
    return text


@pytest.mark.parametrize(("params", "expected"), [
    ({"limit": "-1"}, "query parameter 'limit' must be at least 0, not -1"),
    ({"offset": "x"}, "query parameter 'offset' must be an integer"),
])
def test_query_parameter_errors_name_the_parameter_and_the_rule(customers: ApiClient, params: dict[str, str],
                                                                expected: str) -> None:
    assert message(customers.get("customer", params=params)).startswith(expected)


def test_a_nested_null_names_the_attribute(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, contactMedium=[{"mediumType": "email", "characteristic": {"emailAddress": None}}])
    assert message(customers.post("customer", json=body)) == (
        "contactMedium[0].characteristic.emailAddress must be a string, not null")


def test_a_missing_required_attribute_is_named(customers: ApiClient) -> None:
    assert message(customers.post("customer", json={"engagedParty": {"id": "p"}})) == (
        "the request body needs the attribute 'name'")


def test_a_wrong_state_lists_the_states(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    body = {"name": f"a {tag}", "accountType": "prepaid", "state": "Bogus",
            "relatedParty": [{"id": customer["id"], "name": customer["name"], "role": "customer",
                              "@referredType": "Customer"}]}
    text = message(accounts.post("billingAccount", json=body))
    assert "'Bogus'" in text and "active" in text and "defined" in text
