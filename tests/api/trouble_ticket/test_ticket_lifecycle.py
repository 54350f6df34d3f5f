"""A ticket worked through its lifecycle over HTTP: history, resolution details, reopening, closure,
and the 409s of the transition table."""

from __future__ import annotations

from tests.api.trouble_ticket.conftest import move, new_ticket, raise_ticket
from tests.support.live_server import ApiClient


def test_a_ticket_worked_to_closure_keeps_its_status_history(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="inProgress", statusChangeReason="assigned to billing back office")
    move(tickets, ticket, status="pending", statusChangeReason="waiting for the customer's bank statement")
    move(tickets, ticket, status="inProgress", statusChangeReason="statement received")
    resolved = move(tickets, ticket, status="resolved", resolution="duplicate charge refunded")
    closed = move(tickets, ticket, status="closed", statusChangeReason="customer confirmed")
    history = [(entry["status"], entry.get("changeReason")) for entry in closed["statusChange"]]
    assert history == [
        ("acknowledged", None),
        ("inProgress", "assigned to billing back office"),
        ("pending", "waiting for the customer's bank statement"),
        ("inProgress", "statement received"),
        ("resolved", "duplicate charge refunded"),
        ("closed", "customer confirmed"),
    ]
    assert closed["statusChangeDate"] == closed["statusChange"][-1]["changeDate"]
    assert closed["resolution"] == "duplicate charge refunded"
    assert closed["resolutionDate"] == resolved["resolutionDate"] == resolved["statusChangeDate"]


def test_an_illegal_transition_is_409_naming_the_allowed_ones(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    response = tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "closed"})
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "ILLEGAL_TRANSITION" and error["status"] == "409"
    assert "inProgress" in error["message"]
    assert tickets.get(f"troubleTicket/{ticket['id']}").json()["status"] == "acknowledged"


def test_an_unknown_status_is_400(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    assert tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "solved"}).status_code == 400


def test_resolving_without_resolution_details_is_400(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    response = tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "resolved"})
    assert response.status_code == 400
    assert "resolution" in response.json()["message"]


def test_a_resolved_ticket_can_be_reopened_within_the_window(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="resolved", resolution="first contact resolution: PUK given")
    reopened = move(tickets, ticket, status="inProgress", statusChangeReason="PUK rejected, customer called back")
    assert "resolution" not in reopened and "resolutionDate" not in reopened
    assert [entry["status"] for entry in reopened["statusChange"]] == ["acknowledged", "resolved", "inProgress"]


def test_a_closed_ticket_is_final_but_takes_notes(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="resolved", resolution="explained the tariff")
    move(tickets, ticket, status="closed")
    reopen = tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "inProgress"})
    assert reopen.status_code == 409
    edit = tickets.patch(f"troubleTicket/{ticket['id']}", json={"description": "rewritten"})
    assert edit.status_code == 409 and "description" in edit.json()["message"]
    noted = move(tickets, ticket, note=[{"text": "customer thanked the agent"}])
    assert noted["note"][0]["text"] == "customer thanked the agent" and noted["note"][0]["date"]


def test_a_cancelled_ticket_cannot_be_resumed(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    move(tickets, ticket, status="cancelled", statusChangeReason="raised twice")
    assert tickets.patch(f"troubleTicket/{ticket['id']}", json={"status": "inProgress"}).status_code == 409
