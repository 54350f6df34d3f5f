"""/metrics tells how orders, jobs and tickets stand: orders by state, jeopardy, job queue depth and age,
open tickets by priority and SLA breaches."""

from __future__ import annotations

from typing import Any

import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.orchestration.conftest import Orchestrate, fulfilled
from tests.support.live_server import ApiClient, LiveServer


def scrape(server: LiveServer) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = requests.get(f"{server.root}/metrics", timeout=10).text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_orders_and_jobs_are_counted_by_state(server: LiveServer, ordering: ApiClient, services: ApiClient,
                                              orchestrate: Orchestrate, customer: dict[str, Any],
                                              prepaid_account: dict[str, Any], tag: str) -> None:
    before = scrape(server)
    assert value(before, "odacms_operations_metrics_up") == 1
    fulfilled(ordering, services, orchestrate, new_subscription(customer, prepaid_account, *numbers(tag)))
    after = scrape(server)
    assert value(after, "odacms_resources", kind="ProductOrder", state="completed") == (
        value(before, "odacms_resources", kind="ProductOrder", state="completed") + 1)
    assert value(after, "odacms_jobs", kind="order", state="done") >= 1
    assert ("odacms_product_orders_in_jeopardy", ()) in after


def test_open_tickets_are_counted_by_priority(server: LiveServer, tag: str) -> None:
    tickets = ApiClient(server.root + "/tmf-api/troubleTicket/v4")
    before = scrape(server)
    created = tickets.post("troubleTicket", json={"name": f"no signal {tag}", "description": "no signal",
                                                  "severity": "critical", "ticketType": "incident"})
    assert created.status_code == 201, created.text
    priority = created.json()["priority"]
    after = scrape(server)
    assert value(after, "odacms_open_tickets", priority=priority) == (
        value(before, "odacms_open_tickets", priority=priority) + 1)
    assert ("odacms_open_tickets_sla_breached", ()) in after
