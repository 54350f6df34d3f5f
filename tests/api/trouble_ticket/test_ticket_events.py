"""Ticket changes write their TMF621 events to the outbox with the change: create, status change,
resolved, information required, attribute value change, delete."""

from __future__ import annotations

from tests.api.trouble_ticket.conftest import events_of, move, new_ticket, raise_ticket
from tests.support.live_server import ApiClient, LiveServer


def test_create_writes_a_create_event_carrying_the_ticket(server: LiveServer, tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    [row] = events_of(server, ticket["id"])
    assert row["event_type"] == "TroubleTicketCreateEvent"
    assert row["payload"]["event"] == {"troubleTicket": ticket}


# The engine names every state event `<Resource>StateChangeEvent`; TMF621 names it StatusChange.
STATUS_EVENT = "TroubleTicketStatusChangeEvent"


def test_a_status_change_writes_a_status_change_event_with_the_new_status(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    moved = move(tickets, ticket, status="inProgress")
    rows = events_of(server, ticket["id"])[1:]
    [state_change] = [row for row in rows if row["event_type"] == STATUS_EVENT]
    assert state_change["payload"]["event"]["troubleTicket"] == moved


def test_a_status_change_alone_writes_only_the_status_change_event(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="inProgress")
    # the status history and its date move with the status: no AttributeValueChangeEvent of their own
    assert [row["event_type"] for row in events_of(server, ticket["id"])[1:]] == [STATUS_EVENT]


def test_resolving_writes_a_resolved_event_beside_the_status_change(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    resolved = move(tickets, ticket, status="resolved", resolution="bill corrected")
    rows = events_of(server, ticket["id"])[1:]
    types = [row["event_type"] for row in rows]
    assert types.index(STATUS_EVENT) < types.index("TroubleTicketResolvedEvent")  # cause before consequence
    [event] = [row for row in rows if row["event_type"] == "TroubleTicketResolvedEvent"]
    assert event["payload"]["event"]["troubleTicket"] == resolved


def test_asking_for_information_writes_an_information_required_event(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="pending", statusChangeReason="need a photo of the SIM tray")
    types = [row["event_type"] for row in events_of(server, ticket["id"])]
    assert types.count("TroubleTicketInformationRequiredEvent") == 1


def test_leaving_pending_and_other_moves_write_no_resolved_or_information_event(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="inProgress")
    move(tickets, ticket, status="held")
    types = {row["event_type"] for row in events_of(server, ticket["id"])}
    assert not types & {"TroubleTicketResolvedEvent", "TroubleTicketInformationRequiredEvent"}


def test_an_attribute_change_writes_only_an_attribute_value_change_event(
    server: LiveServer, tickets: ApiClient, tag: str
) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, description=f"Updated {tag}")
    types = [row["event_type"] for row in events_of(server, ticket["id"])]
    assert types == ["TroubleTicketCreateEvent", "TroubleTicketAttributeValueChangeEvent"]


def test_a_refused_transition_writes_no_event(server: LiveServer, tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    assert tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "closed"}).status_code == 409
    assert tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "resolved"}).status_code == 400
    assert len(events_of(server, ticket["id"])) == 1


def test_delete_writes_a_delete_event(server: LiveServer, tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    tickets.delete(f"troubleTicket/{ticket['id']}")
    assert events_of(server, ticket["id"])[-1]["event_type"] == "TroubleTicketDeleteEvent"
