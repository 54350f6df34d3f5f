"""Customer changes write their events to the outbox in the same transaction as the change."""

from __future__ import annotations

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer
from tests.support.outbox import events_of


def test_create_writes_a_customer_create_event_with_the_v4_envelope(
    server: LiveServer, customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    [row] = events_of(server, created["id"])
    event = row["payload"]
    assert row["event_type"] == event["eventType"] == "CustomerCreateEvent"
    assert set(event) == {"eventId", "eventTime", "eventType", "event"}
    assert event["event"] == {"customer": created}
    assert event["eventTime"].endswith("Z")


def test_status_change_writes_a_state_change_event_only(server: LiveServer, customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    patched = customers.patch(f"customer/{created['id']}", json={"status": "Approved"}).json()
    types = [row["event_type"] for row in events_of(server, created["id"])]
    assert types == ["CustomerCreateEvent", "CustomerStateChangeEvent"]
    assert events_of(server, created["id"])[-1]["payload"]["event"]["customer"] == patched


def test_attribute_change_writes_an_attribute_value_change_event(
    server: LiveServer, customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    customers.patch(f"customer/{created['id']}", json={"name": f"Renamed {tag}"})
    types = [row["event_type"] for row in events_of(server, created["id"])]
    assert types == ["CustomerCreateEvent", "CustomerAttributeValueChangeEvent"]


def test_status_and_attribute_change_together_write_both_events(
    server: LiveServer, customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    customers.patch(f"customer/{created['id']}", json={"status": "Approved", "name": f"Both {tag}"})
    types = [row["event_type"] for row in events_of(server, created["id"])]
    assert types == ["CustomerCreateEvent", "CustomerStateChangeEvent", "CustomerAttributeValueChangeEvent"]


def test_patch_that_changes_nothing_writes_no_event(server: LiveServer, customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    customers.patch(f"customer/{created['id']}", json={"name": created["name"]})
    assert len(events_of(server, created["id"])) == 1


def test_refused_patch_writes_no_event(server: LiveServer, customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    customers.patch(f"customer/{created['id']}", json={"id": "x"})
    customers.patch(f"customer/{created['id']}", data='{"engagedParty": null}',
                    headers={"Content-Type": "application/merge-patch+json"})
    assert len(events_of(server, created["id"])) == 1


def test_delete_writes_a_delete_event_carrying_the_deleted_customer(
    server: LiveServer, customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    customers.delete(f"customer/{created['id']}")
    rows = events_of(server, created["id"])
    assert [row["event_type"] for row in rows] == ["CustomerCreateEvent", "CustomerDeleteEvent"]
    assert rows[-1]["payload"]["event"]["customer"]["id"] == created["id"]


def test_event_ids_are_unique_and_sequence_follows_the_order_of_changes(
    server: LiveServer, customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    for index in range(3):
        customers.patch(f"customer/{created['id']}", json={"statusReason": f"step {index}"})
    rows = events_of(server, created["id"])
    assert len({row["event_id"] for row in rows}) == len(rows) == 4
    assert [row["sequence"] for row in rows] == sorted(row["sequence"] for row in rows)
    assert [row["payload"]["event"]["customer"].get("statusReason") for row in rows] == [
        None, "step 0", "step 1", "step 2"]
