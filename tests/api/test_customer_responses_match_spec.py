"""Real Customer API responses validated against the component's own OpenAPI document (openapi-core).

`fields=` responses are left out on purpose: TMF630 lets them omit attributes the schema requires.
"""

from __future__ import annotations

import pytest

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient
from tests.support.openapi_responses import ResponseChecker


@pytest.fixture
def checker(customers: ApiClient) -> ResponseChecker:
    return ResponseChecker(customers.root)


def test_every_customer_operation_answers_as_documented(customers: ApiClient, checker: ResponseChecker,
                                                        tag: str) -> None:
    body = new_customer(tag, status="Initialized", contactMedium=[{"mediumType": "email", "preferred": True,
                                                                   "characteristic": {"emailAddress": "a@b.c"}}])
    created = customers.post("customer", json=body)
    identifier = created.json()["id"]
    responses = [
        created,
        customers.get("customer", params={"engagedParty.id": f"party-{tag}"}),
        customers.get(f"customer/{identifier}"),
        customers.patch(f"customer/{identifier}", json={"status": "Approved"}),
        customers.patch(f"customer/{identifier}", json=[{"op": "replace", "path": "/name", "value": "N"}],
                        headers={"Content-Type": "application/json-patch+json"}),
        customers.delete(f"customer/{identifier}"),
    ]
    for response in responses:
        assert response.status_code < 300, response.text
        checker.check(response)


def test_error_responses_are_documented_tmf_errors(customers: ApiClient, checker: ResponseChecker,
                                                   tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag)).json()["id"]
    responses = [
        customers.get("customer/unknown"),
        customers.get("customer", params={"nickname": "x"}),
        customers.post("customer", json={"name": "no party"}),
        customers.patch(f"customer/{identifier}", json={"id": "x"}),
        customers.patch(f"customer/{identifier}", json={"name": "x"}, headers={"If-Match": '"99"'}),
    ]
    for response in responses:
        assert response.status_code >= 400
        checker.check(response)


def test_hub_responses_match_the_document(customers: ApiClient, checker: ResponseChecker) -> None:
    created = customers.post("hub", json={"callback": "http://127.0.0.1:9/cb", "query": "eventType=X"})
    for response in (created, customers.get(f"hub/{created.json()['id']}"),
                     customers.delete(f"hub/{created.json()['id']}")):
        checker.check(response)
