"""The delivery worker POSTs each matching event to its subscriber's callback, in the v4 envelope."""

from __future__ import annotations

import uuid

from component.api.registry import APIS
from component.domain.kernel.clock import SystemClock, isoformat
from component.events import outbox
from component.events.delivery import DeliveryWorker
from component.events.outbox import envelope
from tests.api.account.bodies import new_billing_account
from tests.events.conftest import ACCOUNT_ROOT, CUSTOMER_ROOT, Hubs, deliver_until
from tests.events.support import RecordingListener
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


def test_event_is_posted_verbatim_in_the_v4_envelope_with_its_id_in_the_headers(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    created = customers.post("customer", json=new_customer(tag)).json()
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    [received] = listener.delivered
    assert set(received.body) == {"eventId", "eventTime", "eventType", "event"}
    assert received.body["eventType"] == "CustomerCreateEvent"
    assert received.body["event"] == {"customer": created}
    assert received.headers["x-event-id"] == received.body["eventId"]
    assert received.headers["x-event-type"] == "CustomerCreateEvent"
    assert int(received.headers["x-event-sequence"]) > 0
    assert received.headers["content-type"] == "application/json"


def test_create_change_and_delete_events_arrive_in_order(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    customers.patch(f"customer/{created['id']}", json={"status": "Approved"})
    customers.patch(f"customer/{created['id']}", json={"name": f"Renamed {tag}"})
    customers.delete(f"customer/{created['id']}")
    deliver_until(worker, lambda: len(listener.delivered) == 4)
    assert [received.body["eventType"] for received in listener.delivered] == [
        "CustomerCreateEvent", "CustomerStateChangeEvent", "CustomerAttributeValueChangeEvent", "CustomerDeleteEvent"]


def test_tmf666_events_arrive_with_the_resource_under_their_envelope_key(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, accounts: ApiClient, worker: DeliveryWorker,
    tag: str
) -> None:
    hubs.subscribe(ACCOUNT_ROOT, listener.url, "eventType=BillingAccountCreateEvent")
    customer = customers.post("customer", json=new_customer(tag)).json()
    created = accounts.post("billingAccount", json=new_billing_account(customer, tag))
    assert created.status_code == 201, created.text
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    [received] = listener.delivered
    [body_key] = set(received.body) - {"eventId", "eventTime", "eventType"}
    assert received.body[body_key] == {"billingAccount": created.json()}


def test_a_subscription_gets_only_its_own_apis_events(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, accounts: ApiClient, worker: DeliveryWorker,
    tag: str
) -> None:
    hubs.subscribe(ACCOUNT_ROOT, listener.url)
    created = customers.post("customer", json=new_customer(tag)).json()
    customers.patch(f"customer/{created['id']}", json={"name": f"Renamed {tag}"})
    worker.run_once()
    assert listener.requests == []


def test_events_committed_before_the_subscription_are_not_delivered(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    before = customers.post("customer", json=new_customer(tag)).json()
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    customers.patch(f"customer/{before['id']}", json={"name": f"Renamed {tag}"})
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    assert listener.delivered[0].body["eventType"] == "CustomerAttributeValueChangeEvent"


def test_unsubscribing_drops_the_undelivered_events(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    subscription = hubs.subscribe(CUSTOMER_ROOT, listener.url)
    customers.post("customer", json=new_customer(tag))
    assert customers.delete(f"hub/{subscription['id']}").status_code == 204
    worker.run_once()
    assert listener.requests == []


CHANGES = ("Create", "AttributeValueChange", "StateChange", "Delete")


def test_every_event_type_of_every_api_reaches_that_apis_subscribers(
    hubs: Hubs, listener: RecordingListener, events_server: LiveServer, worker: DeliveryWorker
) -> None:
    sent: dict[str, set[str]] = {}
    for api in APIS.values():
        if not api.has_hub or not any(kind.event_prefix for kind in api.resources):
            continue
        hubs.subscribe(api.base_path, f"{listener.url}?api={api.name}")
        with events_server.component.database.write() as connection:
            for kind in api.resources:
                for change in CHANGES if kind.event_prefix else ():
                    document = {"id": str(uuid.uuid4()), "@type": kind.name}
                    event = envelope(kind.event_type(change) or "", kind.payload_key, document,
                                     isoformat(SystemClock().now()), kind.event_body_key)
                    outbox.append(connection, api=api.name, resource_kind=kind.name, resource_id=document["id"],
                                  event=event)
                    sent.setdefault(api.name, set()).add(event["eventId"])
    expected = sum(len(ids) for ids in sent.values())
    deliver_until(worker, lambda: len(listener.delivered) >= expected)
    received: dict[str, set[str]] = {}
    for request in listener.delivered:
        received.setdefault(request.path.split("api=")[1], set()).add(request.event_id)
    assert received == sent
