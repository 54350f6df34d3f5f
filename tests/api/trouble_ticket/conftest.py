"""Fixtures of the TMF621 tests: a `tickets` client, a customer to complain, and the ticket's events."""

from __future__ import annotations

from typing import Any

import pytest

from component.service import Registry
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.support.live_server import ApiClient, LiveServer
from tests.support.outbox import events_of

__all__ = ["events_of"]  # the ticket tests import it from here

TICKET_ROOT = "/tmf-api/troubleTicket/v4"
ACCOUNT_ROOT = "/tmf-api/accountManagement/v4"
ORDERING_ROOT = "/tmf-api/productOrderingManagement/v4"


@pytest.fixture
def tickets(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + TICKET_ROOT)


@pytest.fixture
def product_order(server: LiveServer, registry: Registry, customer: dict[str, Any], tag: str) -> dict[str, Any]:
    """A new mobile subscription ordered by `customer` (TMF622): the order a failed-order ticket is about."""
    account_body = {"name": f"prepaid {tag}", "accountType": "prepaid", "state": "active",
                    "relatedParty": [{"id": customer["id"], "name": customer["name"], "role": "customer",
                                      "@referredType": "Customer"}]}
    account = ApiClient(server.root + ACCOUNT_ROOT).post("billingAccount", json=account_body)
    assert account.status_code == 201, account.text
    body = new_subscription(customer, account.json(), *numbers(tag, "ticket"))
    order = ApiClient(server.root + ORDERING_ROOT).post("productOrder", json=body)
    assert order.status_code == 201, order.text
    return order.json()


def new_ticket(tag: str, **extra: Any) -> dict[str, Any]:
    """A valid service request, tagged so filters find only this test's tickets."""
    body: dict[str, Any] = {
        "description": f"Complaint {tag}",
        "severity": "major",
        "ticketType": "complaint",
        "channel": {"id": "contact-centre", "name": "Contact centre"},
    }
    body.update(extra)
    return body


def customer_entity(customer: dict[str, Any]) -> dict[str, Any]:
    return {"id": customer["id"], "href": customer["href"], "role": "complainant", "@referredType": "Customer"}


def raise_ticket(tickets: ApiClient, body: dict[str, Any]) -> dict[str, Any]:
    response = tickets.post("troubleTicket", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def move(tickets: ApiClient, ticket: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """PATCH a ticket that must succeed, returning the patched ticket."""
    response = tickets.patch(f"troubleTicket/{ticket['id']}", json=changes)
    assert response.status_code == 200, response.text
    return response.json()

