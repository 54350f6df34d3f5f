"""TMF666 events go to the outbox in the same transaction as the change: Create, AttributeValueChange,
StateChange and Delete for every resource (the v5 set, a superset of v4's names), and the Customer's own
AttributeValueChangeEvent when a billing account changes its `account` list."""

from __future__ import annotations

from typing import Any

import pytest

from component.events.outbox import read_after
from tests.api.account.bodies import new_billing_account, new_named, new_party_account
from tests.support.live_server import ApiClient, LiveServer
from tests.support.outbox import events_of

NAMED = ("financialAccount", "billingCycleSpecification", "billFormat", "billPresentationMedia")


def types_of(server: LiveServer, resource_id: str) -> list[str]:
    return [row["event_type"] for row in events_of(server, resource_id)]


@pytest.mark.parametrize("collection", ["partyAccount", "settlementAccount", *NAMED])
def test_create_patch_delete_write_create_attribute_value_change_and_delete_events(
    server: LiveServer, accounts: ApiClient, collection: str, tag: str
) -> None:
    body = new_named(tag) if collection in NAMED else new_party_account(tag)
    created = accounts.post(collection, json=body).json()
    accounts.patch(f"{collection}/{created['id']}", json={"description": "changed"})
    accounts.delete(f"{collection}/{created['id']}")
    name = created["@type"]
    assert types_of(server, created["id"]) == [
        f"{name}CreateEvent", f"{name}AttributeValueChangeEvent", f"{name}DeleteEvent"]


def test_state_change_of_an_account_writes_a_state_change_event(
    server: LiveServer, accounts: ApiClient, billing_account: dict[str, Any]
) -> None:
    patched = accounts.patch(f"billingAccount/{billing_account['id']}", json={"state": "active"}).json()
    rows = events_of(server, billing_account["id"])
    assert [row["event_type"] for row in rows] == ["BillingAccountCreateEvent", "BillingAccountStateChangeEvent"]
    assert rows[-1]["payload"]["payload"]["billingAccount"] == patched


def test_account_creation_writes_the_customers_attribute_value_change_event_with_the_new_list(
    server: LiveServer, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    rows = events_of(server, customer["id"])
    assert [row["event_type"] for row in rows] == ["CustomerCreateEvent", "CustomerAttributeValueChangeEvent"]
    assert [ref["id"] for ref in rows[-1]["payload"]["event"]["customer"]["account"]] == [billing_account["id"]]


def test_closing_an_account_writes_its_state_change_and_the_customers_attribute_value_change(
    server: LiveServer, accounts: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    accounts.patch(f"billingAccount/{billing_account['id']}", json={"state": "closed"})
    assert types_of(server, billing_account["id"])[-1] == "BillingAccountStateChangeEvent"
    last = events_of(server, customer["id"])[-1]
    assert last["event_type"] == "CustomerAttributeValueChangeEvent"
    assert last["payload"]["event"]["customer"]["account"] == []


def test_a_refused_account_writes_no_event_for_the_account_or_the_customer(
    server: LiveServer, accounts: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    missing_format = {"id": f"missing-{tag}", "name": "x", "isRef": True}
    body = new_billing_account(customer, tag, billStructure={"format": missing_format})
    assert accounts.post("billingAccount", json=body).status_code == 400
    assert types_of(server, customer["id"]) == ["CustomerCreateEvent"]
    with server.component.database.read() as connection:
        rows = read_after(connection, 0, limit=100_000)
    accounts_written = [row["payload"]["payload"]["billingAccount"] for row in rows
                        if row["resource_kind"] == "BillingAccount"]
    assert body["name"] not in [account["name"] for account in accounts_written]


def test_a_refused_customer_deletion_writes_no_event(
    server: LiveServer, customers: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]
) -> None:
    assert customers.delete(f"customer/{customer['id']}").status_code == 409
    assert "CustomerDeleteEvent" not in types_of(server, customer["id"])


def test_account_events_carry_the_resource_under_payload_as_tmf666_v4_says(
    server: LiveServer, billing_account: dict[str, Any]
) -> None:
    [row] = events_of(server, billing_account["id"])
    assert set(row["payload"]) == {"eventId", "eventTime", "eventType", "payload"}
    assert row["payload"]["payload"] == {"billingAccount": billing_account}
