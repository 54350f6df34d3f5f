"""The SLA watch worker against the live component's database, with a clock the test moves: a ticket
past its expectedResolutionDate is marked `slaBreached`, raises TroubleTicketSlaBreachEvent once, and is
found by the `slaBreached` filter. Tickets are raised in 2020 by the worker's clock, so they never meet
the tickets other tests raise in real time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from component.bootstrap.root import build_registry
from component.domain.ticket.rules import KIND
from component.service import ResourceService
from component.tickets_sla_worker import SlaWatch
from tests.api.trouble_ticket.conftest import TICKET_ROOT, events_of, new_ticket
from tests.support.live_server import ApiClient, LiveServer


class MovableClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


RAISED = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(RAISED)


@pytest.fixture
def watch(server: LiveServer, clock: MovableClock) -> SlaWatch:
    return SlaWatch(build_registry(server.settings, server.component.database, clock=clock), interval=0)


def raise_at_clock(server: LiveServer, watch: SlaWatch, body: dict[str, Any]) -> dict[str, Any]:
    service = ResourceService(watch.registry, KIND)
    return service.create(body, f"{server.root}{TICKET_ROOT}/troubleTicket").document


def breach_events(server: LiveServer, ticket: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in events_of(server, ticket["id"]) if row["event_type"] == "TroubleTicketSlaBreachEvent"]


def test_an_overdue_open_ticket_is_marked_breached_once_with_one_event(
    server: LiveServer, tickets: ApiClient, watch: SlaWatch, clock: MovableClock, tag: str
) -> None:
    ticket = raise_at_clock(server, watch, new_ticket(tag, severity="critical"))  # due in 4 hours
    clock.moment = RAISED + timedelta(hours=4)
    watch.run_once()
    assert tickets.get(f"troubleTicket/{ticket['id']}").json()["slaBreached"] is False
    clock.moment = RAISED + timedelta(hours=4, seconds=1)
    watch.run_once()
    watch.run_once()
    marked = tickets.get(f"troubleTicket/{ticket['id']}").json()
    assert marked["slaBreached"] is True
    [event] = breach_events(server, ticket)
    assert event["payload"]["event"]["troubleTicket"] == marked
    types = [row["event_type"] for row in events_of(server, ticket["id"])]
    assert "TroubleTicketAttributeValueChangeEvent" in types


def test_breached_tickets_are_found_by_the_sla_breach_filter(
    server: LiveServer, tickets: ApiClient, watch: SlaWatch, clock: MovableClock, tag: str
) -> None:
    late = raise_at_clock(server, watch, new_ticket(tag, severity="critical"))
    on_time = raise_at_clock(server, watch, new_ticket(tag, severity="trivial"))  # due in 5 days
    clock.moment = RAISED + timedelta(days=1)
    watch.run_once()
    query = {"description": f"Complaint {tag}", "fields": "id"}
    breached = tickets.get("troubleTicket", params={**query, "slaBreached": "true"}).json()
    met = tickets.get("troubleTicket", params={**query, "slaBreached": "false"}).json()
    assert [item["id"] for item in breached] == [late["id"]]
    assert [item["id"] for item in met] == [on_time["id"]]


@pytest.mark.parametrize("status", ["resolved", "cancelled"])
def test_a_ticket_no_longer_open_is_not_marked(
    server: LiveServer, tickets: ApiClient, watch: SlaWatch, clock: MovableClock, tag: str, status: str
) -> None:
    ticket = raise_at_clock(server, watch, new_ticket(tag, severity="critical"))
    change = {"status": status, "resolution": "fixed in time"} if status == "resolved" else {"status": status}
    ResourceService(watch.registry, KIND).patch(ticket["id"], change, "application/merge-patch+json")
    clock.moment = RAISED + timedelta(days=30)
    watch.run_once()
    assert tickets.get(f"troubleTicket/{ticket['id']}").json()["slaBreached"] is False
    assert breach_events(server, ticket) == []


def test_the_watch_waits_its_interval_between_runs(server: LiveServer, clock: MovableClock) -> None:
    ticks = iter([0.0, 0.0, 10.0, 29.0, 31.0, 99.0])
    registry = build_registry(server.settings, server.component.database, clock=clock)
    watch = SlaWatch(registry, interval=30, monotonic=lambda: next(ticks))
    watch.run_once()  # runs at 0 (reads the clock twice)
    watch.run_once()  # 10: too early
    watch.run_once()  # 29: too early
    assert next(ticks) == 31.0  # the second and third calls read the clock once each: neither ran
