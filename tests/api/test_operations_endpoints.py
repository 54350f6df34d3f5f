"""What operators and developers reach besides the TMF resources: health, metrics, the OpenAPI
document and its developer UI."""

from __future__ import annotations

import requests

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


def test_liveness_answers_up(server: LiveServer) -> None:
    response = requests.get(f"{server.root}/health/live", timeout=5)
    assert response.status_code == 200 and response.json()["status"] == "up"


def test_readiness_checks_the_database(server: LiveServer) -> None:
    response = requests.get(f"{server.root}/health/ready", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "up", "database": "up"}


def test_metrics_count_requests_and_latency_per_operation(server: LiveServer, customers: ApiClient, tag: str) -> None:
    customers.post("customer", json=new_customer(tag))
    customers.get("customer/unknown-id")
    text = requests.get(f"{server.root}/metrics", timeout=5).text
    assert 'odacms_http_requests_total{method="POST",operation="createCustomer",status="201"}' in text
    assert 'odacms_http_requests_total{method="GET",operation="retrieveCustomer",status="404"}' in text
    assert 'odacms_http_request_duration_seconds_bucket{le="0.1",method="POST",operation="createCustomer"}' in text


def test_openapi_document_is_served_self_contained(customers: ApiClient) -> None:
    response = customers.get("openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Customer Management"
    assert "/customer" in document["paths"]
    assert "common.yaml" not in response.text  # every cross-file ref was inlined


def test_developer_ui_is_served(customers: ApiClient) -> None:
    response = customers.get("docs/")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()
