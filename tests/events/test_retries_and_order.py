"""Retries with backoff, per-resource order, dead letters and replay, against real listeners."""

from __future__ import annotations

import requests

from component.events.delivery import DeliveryWorker
from tests.events.conftest import CUSTOMER_ROOT, Hubs, deliver_until
from tests.events.support import MovableClock, Received, RecordingListener
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


def fail_first(count: int):  # noqa: ANN201 - a listener decision
    answered = {"n": 0}

    def decide(_received: Received) -> int:
        answered["n"] += 1
        return 500 if answered["n"] <= count else 201

    return decide


def test_an_event_answered_500_is_retried_after_the_backoff_until_accepted(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, clock: MovableClock,
    tag: str
) -> None:
    listener.decide = fail_first(2)
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    customers.post("customer", json=new_customer(tag))
    deliver_until(worker, lambda: len(listener.requests) == 1)
    worker.run_once()
    assert len(listener.requests) == 1  # not due again before its backoff (1 s)
    clock.advance(1.0)
    deliver_until(worker, lambda: len(listener.requests) == 2)
    clock.advance(2.0)  # the second failure waits twice as long
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    assert listener.answers == [500, 500, 201]
    assert [request.headers["x-delivery-attempt"] for request in listener.requests] == ["1", "2", "3"]
    assert len({request.event_id for request in listener.requests}) == 1


def test_events_wait_while_the_listener_is_down_and_arrive_when_it_is_back(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, clock: MovableClock,
    tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    listener.stop()
    created = [customers.post("customer", json=new_customer(f"{tag}-{n}")).json() for n in range(3)]
    worker.run_once()  # connection refused: every delivery backs off
    listener.start()
    worker.run_once()
    assert listener.requests == []
    clock.advance(1.0)
    deliver_until(worker, lambda: len(listener.delivered) == 3)
    assert sorted(request.resource_id for request in listener.delivered) == sorted(c["id"] for c in created)


def test_a_state_change_never_overtakes_the_create_it_follows(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, clock: MovableClock,
    tag: str
) -> None:
    listener.decide = lambda received: 500 if received.body["eventType"] == "CustomerCreateEvent" \
        and len(listener.requests) == 0 else 201
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    customers.patch(f"customer/{created['id']}", json={"status": "Approved"})
    for _ in range(3):
        worker.run_once()
    assert [request.body["eventType"] for request in listener.requests] == ["CustomerCreateEvent"]
    clock.advance(1.0)
    deliver_until(worker, lambda: len(listener.delivered) == 2)
    assert [request.body["eventType"] for request in listener.delivered] == [
        "CustomerCreateEvent", "CustomerStateChangeEvent"]


def test_a_failing_resource_does_not_hold_back_other_resources(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    stuck = customers.post("customer", json=new_customer(f"{tag}-stuck")).json()
    listener.decide = lambda received: 500 if received.resource_id == stuck["id"] else 201
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    customers.patch(f"customer/{stuck['id']}", json={"name": f"Stuck {tag}"})
    other = customers.post("customer", json=new_customer(f"{tag}-other")).json()
    customers.patch(f"customer/{other['id']}", json={"name": f"Other {tag}"})
    deliver_until(worker, lambda: len(listener.delivered) == 2)
    assert {request.resource_id for request in listener.delivered} == {other["id"]}


def test_a_delivery_failing_past_the_horizon_becomes_a_dead_letter_that_no_longer_blocks_its_resource(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, make_worker, events_server: LiveServer,
    tag: str
) -> None:
    worker = make_worker(horizon=0.0)
    created = customers.post("customer", json=new_customer(tag)).json()
    subscription = hubs.subscribe(CUSTOMER_ROOT, listener.url)
    listener.decide = fail_first(1)
    customers.patch(f"customer/{created['id']}", json={"name": f"First {tag}"})
    customers.patch(f"customer/{created['id']}", json={"name": f"Second {tag}"})
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    assert listener.answers == [500, 201]
    assert listener.delivered[0].body["event"]["customer"]["name"] == f"Second {tag}"
    dead = dead_letters_of(events_server, subscription["id"])
    assert [letter["eventType"] for letter in dead] == ["CustomerAttributeValueChangeEvent"]
    assert dead[0]["lastStatus"] == 500 and dead[0]["attempts"] == 1


def test_a_replayed_dead_letter_is_delivered_again_with_its_event_id(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, make_worker, events_server: LiveServer,
    tag: str
) -> None:
    worker = make_worker(horizon=0.0)
    subscription = hubs.subscribe(CUSTOMER_ROOT, listener.url)
    listener.decide = fail_first(1)
    customers.post("customer", json=new_customer(tag))
    deliver_until(worker, lambda: len(dead_letters_of(events_server, subscription["id"])) == 1)
    [letter] = dead_letters_of(events_server, subscription["id"])
    replayed = requests.post(f"{events_server.root}/admin/events/dead-letters/replay", json={"ids": [letter["id"]]},
                             timeout=10)
    assert replayed.json() == {"replayed": 1}
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    assert listener.delivered[0].event_id == letter["eventId"]
    assert dead_letters_of(events_server, subscription["id"]) == []


def dead_letters_of(server: LiveServer, subscription_id: str) -> list[dict]:
    response = requests.get(f"{server.root}/admin/events/dead-letters", params={"limit": 1000}, timeout=10)
    assert response.status_code == 200
    return [letter for letter in response.json() if letter["subscriptionId"] == subscription_id]
