"""Hub subscriptions: register, retrieve, unregister (TMF630 notification registration)."""

from __future__ import annotations

from tests.support.live_server import ApiClient


def test_register_answers_201_with_id_callback_and_query(customers: ApiClient) -> None:
    body = {"callback": "http://127.0.0.1:9/listener", "query": "eventType=CustomerCreateEvent"}
    response = customers.post("hub", json=body)
    assert response.status_code == 201
    subscription = response.json()
    assert subscription["id"]
    assert (subscription["callback"], subscription["query"]) == (body["callback"], body["query"])
    assert response.headers["Location"].endswith(f"/hub/{subscription['id']}")


def test_registered_subscription_can_be_retrieved_and_unregistered(customers: ApiClient) -> None:
    subscription = customers.post("hub", json={"callback": "http://localhost:9/cb"}).json()
    retrieved = customers.get(f"hub/{subscription['id']}")
    assert retrieved.status_code == 200 and retrieved.json() == subscription
    assert customers.delete(f"hub/{subscription['id']}").status_code == 204
    assert customers.get(f"hub/{subscription['id']}").status_code == 404
    assert customers.delete(f"hub/{subscription['id']}").status_code == 404


def test_callback_is_required(customers: ApiClient) -> None:
    response = customers.post("hub", json={"query": "eventType=CustomerCreateEvent"})
    assert response.status_code == 400


def test_callback_must_be_an_absolute_http_url(customers: ApiClient) -> None:
    for callback in ("not a url", "ftp://example.com/x", "/relative/path"):
        response = customers.post("hub", json={"callback": callback})
        assert response.status_code == 400, callback
        assert "callback" in response.json()["message"]
