"""Fixtures of the TMF622 / TMF620 / TMF637 tests: API clients, the published catalogue, a customer
with billing accounts, a synchronous orchestrator run, installed subscriptions and the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from component.events.outbox import read_after
from component.orchestration import run_until_idle
from component.service import Registry
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.support.api_roots import ORDERING_ROOT  # noqa: F401 - the ordering tests import it from here
from tests.support.live_server import ApiClient, LiveServer

CATALOG_ROOT = "/tmf-api/productCatalogManagement/v4"
INVENTORY_ROOT = "/tmf-api/productInventory/v4"

Fulfil = Callable[..., int]


@pytest.fixture
def catalog(server: LiveServer, registry: Registry) -> ApiClient:
    return ApiClient(server.root + CATALOG_ROOT)


@pytest.fixture
def inventory(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + INVENTORY_ROOT)


@pytest.fixture
def fulfil(server: LiveServer, registry: Registry) -> Fulfil:
    """Run the orchestrator until idle (optionally as of a given moment): accepted orders go through
    their service orders, executed by the network simulator without delay."""

    def run(now: datetime | None = None) -> int:
        return run_until_idle(server.component.root.orchestrator(), now)

    return run


def open_account(accounts: ApiClient, customer: dict[str, Any], tag: str, account_type: str) -> dict[str, Any]:
    body: dict[str, Any] = {"name": f"{account_type} {tag}", "accountType": account_type, "state": "active",
                            "relatedParty": [{"id": customer["id"], "name": customer["name"], "role": "customer",
                                             "@referredType": "Customer"}]}
    if account_type == "postpaid":
        body["creditLimit"] = {"unit": "EUR", "value": 300}
    response = accounts.post("billingAccount", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def prepaid_account(accounts: ApiClient, customer: dict[str, Any], tag: str) -> dict[str, Any]:
    return open_account(accounts, customer, tag, "prepaid")


@pytest.fixture
def postpaid_account(accounts: ApiClient, customer: dict[str, Any], tag: str) -> dict[str, Any]:
    return open_account(accounts, customer, tag, "postpaid")


def place_order(ordering: ApiClient, body: dict[str, Any]) -> dict[str, Any]:
    response = ordering.post("productOrder", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def complete(ordering: ApiClient, fulfil: Fulfil, body: dict[str, Any]) -> dict[str, Any]:
    """Place an order, run the fulfiller, and return the order, which must have completed."""
    created = place_order(ordering, body)
    fulfil()
    done = ordering.get(f"productOrder/{created['id']}").json()
    assert done["state"] == "completed", done
    return done


def products_of(inventory: ApiClient, order: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The products an order created or changed, by the id of the order item that did it."""
    found = inventory.get("product", params={"productOrderItem.productOrderId": order["id"], "limit": 50}).json()
    result = {}
    for product in found:
        for entry in product["productOrderItem"]:
            if entry["productOrderId"] == order["id"] and entry.get("role") != "dependant":
                result[entry["orderItemId"]] = product
    return result


def product(inventory: ApiClient, product_id: str) -> dict[str, Any]:
    response = inventory.get(f"product/{product_id}")
    assert response.status_code == 200, response.text
    return response.json()


def characteristic(product_document: dict[str, Any], name: str) -> Any:
    return next((entry["value"] for entry in product_document.get("productCharacteristic", [])
                 if entry["name"] == name), None)


@pytest.fixture
def subscription(ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
                 prepaid_account: dict[str, Any], tag: str) -> dict[str, dict[str, Any]]:
    """An installed prepaid subscription of `customer`: {"plan": product, "sim": product}."""
    msisdn, iccid = numbers(tag)
    done = complete(ordering, fulfil, new_subscription(customer, prepaid_account, msisdn, iccid))
    created = products_of(inventory, done)
    return {"plan": created["1"], "sim": created["2"]}


def events_of(server: LiveServer, resource_id: str) -> list[str]:
    """The event types in the outbox for one resource, oldest first."""
    with server.component.database.read() as connection:
        rows = read_after(connection, 0, limit=1_000_000)
    return [row["event_type"] for row in rows if row["resource_id"] == resource_id]
