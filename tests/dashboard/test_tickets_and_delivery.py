"""The service-request queue and the event-delivery panel over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from component.service import Registry
from tests.dashboard.support import DashboardClient, dead_lettering_worker, element, rows_with, text_of
from tests.events.support import RecordingListener
from tests.support.api_roots import CUSTOMER_ROOT
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


def raise_request(dashboard: DashboardClient, customer: dict[str, Any], text: str, severity: str = "major") -> str:
    raised = dashboard.submit(f"/customers/{customer['id']}/ticket",
                              {"ticketType": "complaint", "severity": severity, "description": text})
    assert raised.status_code == 200, raised.text
    return str(element(raised.text, "done-link")[0]["href"]).rsplit("/", 1)[-1]


def test_the_queue_lists_open_requests_by_sla_with_the_time_left(
    dashboard: DashboardClient, buyer: dict[str, Any], tag: str,
) -> None:
    urgent = raise_request(dashboard, buyer["customer"], f"Outage {tag}", "critical")
    later = raise_request(dashboard, buyer["customer"], f"Question {tag}", "trivial")
    queue = dashboard.get("/tickets").text
    order = [ticket for ticket in rows_with(queue, "data-ticket-id") if ticket in (urgent, later)]
    assert order == [urgent, later]  # the critical one is due first
    row = queue.split(f'data-ticket-id="{urgent}"', 1)[1].split("</tr>", 1)[0]
    assert "due in" in row and "SLA breached" not in row
    critical = dashboard.get("/tickets", params={"priority": "critical"}).text
    assert urgent in critical and later not in critical


def test_a_request_moves_through_its_lifecycle_and_a_refused_move_shows_the_tmf_error(
    dashboard: DashboardClient, buyer: dict[str, Any], tag: str,
) -> None:
    ticket = raise_request(dashboard, buyer["customer"], f"Slow data {tag}")
    moved = dashboard.submit(f"/tickets/{ticket}/status", {"status": "inProgress", "note": "looking"})
    assert moved.status_code == 200
    assert element(moved.text, "ticket-status")[0]["data-status"] == "inProgress"
    refused = dashboard.submit(f"/tickets/{ticket}/status", {"status": "resolved", "note": ""})
    assert refused.status_code == 400 and "resolution" in text_of(refused.text, "error-title") + refused.text
    resolved = dashboard.submit(f"/tickets/{ticket}/status", {"status": "resolved", "note": "cell reset"})
    assert element(resolved.text, "ticket-status")[0]["data-status"] == "resolved"
    history = text_of(resolved.text, "ticket-history")
    assert history.index("acknowledged") < history.index("inProgress") < history.index("resolved")
    illegal = dashboard.submit(f"/tickets/{ticket}/status", {"status": "pending"})
    assert illegal.status_code == 409
    assert text_of(illegal.text, "error-title") == "Refused: State transition not allowed (409)"


def test_dead_letters_are_listed_with_their_subscriber_and_replayed_from_the_panel(
    dashboard: DashboardClient, server: LiveServer, registry: Registry, failing_listener: RecordingListener,
    tag: str,
) -> None:
    customers = ApiClient(server.root + CUSTOMER_ROOT)
    subscription = customers.post("hub", json={"callback": failing_listener.url,
                                               "query": f"event.customer.name=Dead {tag}"}).json()
    worker = dead_lettering_worker(registry)
    try:
        customers.post("customer", json=new_customer(tag, name=f"Dead {tag}"))
        while worker.run_once():
            pass
        panel = dashboard.get("/delivery").text
        [letter] = [row for row in panel.split("data-dead-letter=")[1:] if failing_listener.url in row]
        letter_id = letter.split('"')[1]
        assert "CustomerCreateEvent" in letter and "HTTP 500" in letter
        assert failing_listener.url in text_of(panel, "failing-subscribers")
        assert int(text_of(panel, "dead-count")) >= 1
        assert float(text_of(panel, "event-rate")) > 0  # the customer was created within the last minute
        failing_listener.decide = lambda _received: 201
        replayed = dashboard.submit("/delivery/replay", {"id": letter_id})
        assert replayed.status_code == 200 and text_of(replayed.text, "replayed").startswith("1 dead letter")
        while worker.run_once():
            pass
        assert [request.body["eventType"] for request in failing_listener.delivered] == ["CustomerCreateEvent"]
        assert f'data-dead-letter="{letter_id}"' not in dashboard.get("/delivery").text
    finally:
        worker.close()
        customers.delete(f"hub/{subscription['id']}")


def test_replay_refuses_ids_that_are_not_numbers(dashboard: DashboardClient) -> None:
    response = dashboard.submit("/delivery/replay", {"id": "one"})
    assert response.status_code == 400 and "numeric ids" in response.text
