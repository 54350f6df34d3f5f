"""Hub query filtering, signed deliveries, the callback policy at registration, and /metrics."""

from __future__ import annotations

import requests

from component.bootstrap.environment import settings_from_env
from component.events.delivery import DeliveryWorker
from component.events.signing import verify
from tests.events.conftest import CUSTOMER_ROOT, Hubs, deliver_until
from tests.events.support import RecordingListener
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


def test_query_on_event_type_delivers_only_that_type(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url, "eventType=CustomerStateChangeEvent")
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    customers.patch(f"customer/{created['id']}", json={"status": "Approved", "name": f"Both {tag}"})
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    worker.run_once()
    assert [request.body["eventType"] for request in listener.requests] == ["CustomerStateChangeEvent"]


def test_query_on_a_resource_attribute_delivers_only_matching_events(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url, f"eventType=CustomerStateChangeEvent&event.customer.status=Approved"
                                                f"&event.customer.name=Customer {tag}")
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    customers.patch(f"customer/{created['id']}", json={"status": "Validated"})
    customers.patch(f"customer/{created['id']}", json={"status": "Approved"})
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    worker.run_once()
    assert [request.body["event"]["customer"]["status"] for request in listener.requests] == ["Approved"]


def test_an_unreadable_query_is_refused_at_registration(customers: ApiClient, listener: RecordingListener) -> None:
    response = customers.post("hub", json={"callback": listener.url, "query": "name*=(unclosed"})
    assert response.status_code == 400


def test_a_subscription_with_a_secret_gets_signed_deliveries_and_never_sees_the_secret_again(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    subscription = hubs.subscribe(CUSTOMER_ROOT, listener.url, secret="s3cret")
    assert "secret" not in subscription
    assert "secret" not in customers.get(f"hub/{subscription['id']}").json()
    customers.post("customer", json=new_customer(tag))
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    [received] = listener.delivered
    assert verify("s3cret", received.raw, received.headers["x-hub-signature-256"])
    assert not verify("other", received.raw, received.headers["x-hub-signature-256"])


def test_a_subscription_without_a_secret_gets_no_signature(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, tag: str
) -> None:
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    customers.post("customer", json=new_customer(tag))
    deliver_until(worker, lambda: len(listener.delivered) == 1)
    assert "x-hub-signature-256" not in listener.delivered[0].headers


def test_the_embedded_policy_accepts_loopback_and_refuses_link_local(customers: ApiClient) -> None:
    accepted = customers.post("hub", json={"callback": "http://127.0.0.1:9/listener"})
    assert accepted.status_code == 201
    customers.delete(f"hub/{accepted.json()['id']}")
    refused = customers.post("hub", json={"callback": "http://169.254.169.254/latest/meta-data"})
    assert refused.status_code == 400 and "link-local" in refused.json()["message"]


def test_the_production_policy_refuses_loopback_and_private_callbacks(events_database_url: str) -> None:
    settings = settings_from_env(database_url=events_database_url, auto_migrate=False, run_workers=False,
                                 callback_policy="production", billing_listener_url=None)
    server = LiveServer(settings).start()
    try:
        hub = ApiClient(server.root + CUSTOMER_ROOT)
        for callback in ("http://127.0.0.1:8080/cb", "http://10.1.2.3/cb", "http://[fd00::1]/cb",
                         "http://localhost:9/cb"):
            response = hub.post("hub", json={"callback": callback})
            assert response.status_code == 400, callback
            assert "callback" in response.json()["message"]
    finally:
        server.stop()


def test_metrics_report_depth_deliveries_retries_dead_letters_and_latency(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, make_worker, events_server: LiveServer,
    tag: str
) -> None:
    before = scrape(events_server)
    worker = make_worker(horizon=0.0)
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    listener.decide = lambda received: 500 if received.body["event"]["customer"]["name"].endswith("bad") else 201
    customers.post("customer", json=new_customer(tag))
    customers.post("customer", json=new_customer(f"{tag}-bad"))
    assert scrape(events_server)["odacms_event_outbox_depth"] >= 2
    deliver_until(worker, lambda: len(listener.requests) == 2)
    after = scrape(events_server)
    assert after["odacms_event_delivered_total"] == before["odacms_event_delivered_total"] + 1
    assert after["odacms_event_dead_lettered_total"] == before["odacms_event_dead_lettered_total"] + 1
    assert after["odacms_event_dead_letters"] == before["odacms_event_dead_letters"] + 1
    assert after["odacms_event_delivery_latency_seconds_count"] == \
        before["odacms_event_delivery_latency_seconds_count"] + 1
    assert "odacms_event_retried_total" in after


def test_metrics_count_retries(
    hubs: Hubs, listener: RecordingListener, customers: ApiClient, worker: DeliveryWorker, events_server: LiveServer,
    tag: str
) -> None:
    before = scrape(events_server)["odacms_event_retried_total"]
    hubs.subscribe(CUSTOMER_ROOT, listener.url)
    listener.decide = lambda _received: 503
    customers.post("customer", json=new_customer(tag))
    deliver_until(worker, lambda: len(listener.requests) == 1)
    assert scrape(events_server)["odacms_event_retried_total"] == before + 1


def scrape(server: LiveServer) -> dict[str, float]:
    text = requests.get(f"{server.root}/metrics", timeout=10).text
    values: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("odacms_event") and "{" not in line:
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return values
