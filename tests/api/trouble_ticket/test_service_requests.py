"""Raising a service request: required attributes, the category tree, derived priority and SLA date,
channel, notes and attachments, and what the server owns."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api.trouble_ticket.conftest import move, new_ticket, raise_ticket
from tests.support.live_server import ApiClient


def test_create_answers_201_with_location_status_priority_sla_and_history(tickets: ApiClient, tag: str) -> None:
    response = tickets.post("troubleTicket", json=new_ticket(tag, category="billing", subCategory="refund"))
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert response.headers["Location"] == ticket["href"]
    assert ticket["href"].endswith(f"/tmf-api/troubleTicket/v4/troubleTicket/{ticket['id']}")
    assert ticket["@type"] == "TroubleTicket"
    assert ticket["status"] == "acknowledged"
    assert ticket["priority"] == "high"  # severity major, billing does not escalate
    created = datetime.fromisoformat(ticket["creationDate"])
    assert datetime.fromisoformat(ticket["expectedResolutionDate"]) - created == timedelta(days=1)
    assert ticket["slaBreached"] is False
    assert ticket["statusChange"] == [{"status": "acknowledged", "changeDate": ticket["creationDate"],
                                       "@type": "StatusChange"}]
    assert tickets.get(f"troubleTicket/{ticket['id']}").json() == ticket


def test_channel_notes_attachments_and_related_parties_are_kept(tickets: ApiClient, tag: str) -> None:
    extra: dict[str, Any] = {
        "note": [{"author": "agent-17", "text": "customer disputes the roaming charge"}],
        "attachment": [{"name": "bill.pdf", "mimeType": "application/pdf", "url": "https://docs.example/bill.pdf"}],
        "relatedParty": [{"id": f"agent-{tag}", "role": "agent", "@referredType": "Individual"}],
    }
    ticket = raise_ticket(tickets, new_ticket(tag, **extra))
    assert ticket["channel"] == {"id": "contact-centre", "name": "Contact centre"}
    assert ticket["note"] == [{**extra["note"][0], "date": ticket["creationDate"]}]
    assert ticket["attachment"] == extra["attachment"]
    assert ticket["relatedParty"] == extra["relatedParty"]


def test_each_required_attribute_is_required(tickets: ApiClient, tag: str) -> None:
    for missing in ("description", "severity", "ticketType"):
        body = new_ticket(tag)
        del body[missing]
        response = tickets.post("troubleTicket", json=body)
        assert response.status_code == 400, missing
        assert missing in response.json()["message"]


def test_a_category_outside_the_tree_is_400_naming_the_categories(tickets: ApiClient, tag: str) -> None:
    response = tickets.post("troubleTicket", json=new_ticket(tag, category="weather"))
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "VALIDATION_FAILED" and "billing" in error["message"]


def test_a_sub_category_of_another_category_is_400(tickets: ApiClient, tag: str) -> None:
    response = tickets.post("troubleTicket", json=new_ticket(tag, category="sim", subCategory="portIn"))
    assert response.status_code == 400
    assert "subCategory" in response.json()["message"]


def sla_hours(ticket: dict[str, Any]) -> float:
    delay = datetime.fromisoformat(ticket["expectedResolutionDate"]) - datetime.fromisoformat(ticket["creationDate"])
    return delay / timedelta(hours=1)


def test_v4_values_are_classified_case_insensitively_and_by_synonym(tickets: ApiClient, tag: str) -> None:
    # TMF621 v4's own examples: ticketType "device"/"network", severity "High"/"Major"
    for ticket_type, severity in (("device", "High"), ("network", "Major")):
        ticket = raise_ticket(tickets, new_ticket(tag, ticketType=ticket_type, severity=severity))
        assert (ticket["ticketType"], ticket["severity"]) == (ticket_type, severity)  # kept as sent
        assert ticket["policyClassification"] == {"ticketType": "incident", "severity": "major", "priority": "high",
                                                  "defaulted": []}
        assert ticket["priority"] == "high" and sla_hours(ticket) == 24


def test_an_unknown_severity_gets_the_default_class_and_sla_recorded_on_the_ticket(tickets: ApiClient,
                                                                                  tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag, severity="apocalyptic", priority="P1"))

    assert ticket["severity"] == "apocalyptic" and ticket["priority"] == "P1"
    assert ticket["policyClassification"] == {"ticketType": "complaint", "severity": "minor", "priority": "medium",
                                              "defaulted": ["severity", "priority"]}
    assert sla_hours(ticket) == 72  # medium: P3D
    found = tickets.get("troubleTicket", params={"policyClassification.severity": "minor", "description": ticket[
        "description"]}).json()
    assert [item["id"] for item in found] == [ticket["id"]]


def test_the_classification_is_server_owned_and_follows_a_patch(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    refused = tickets.patch(f"troubleTicket/{ticket['id']}", json={"policyClassification": {"severity": "critical"}})
    assert refused.status_code == 400, refused.text
    patched = move(tickets, ticket, severity="Blocker")
    assert patched["policyClassification"]["severity"] == "critical"
    assert patched["priority"] == "critical" and sla_hours(patched) == 4


def test_a_priority_given_by_the_agent_is_kept_and_drives_the_sla(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag, priority="critical"))
    assert ticket["priority"] == "critical"
    delay = datetime.fromisoformat(ticket["expectedResolutionDate"]) - datetime.fromisoformat(ticket["creationDate"])
    assert delay == timedelta(hours=4)


def test_a_ticket_cannot_be_raised_in_another_status(tickets: ApiClient, tag: str) -> None:
    assert tickets.post("troubleTicket", json=new_ticket(tag, status="inProgress")).status_code == 400


def test_server_set_attributes_sent_on_create_are_ignored(tickets: ApiClient, tag: str) -> None:
    body = new_ticket(tag, slaBreached=True, expectedResolutionDate="2099-01-01T00:00:00Z",
                      statusChange=[{"status": "closed"}])
    ticket = raise_ticket(tickets, body)
    assert ticket["slaBreached"] is False
    assert not ticket["expectedResolutionDate"].startswith("2099")
    assert [entry["status"] for entry in ticket["statusChange"]] == ["acknowledged"]


def test_server_set_attributes_cannot_be_patched(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    for body in ({"expectedResolutionDate": "2099-01-01T00:00:00Z"}, {"resolutionDate": "2099-01-01T00:00:00Z"},
                 {"slaBreached": True}):
        response = tickets.patch(f"troubleTicket/{ticket['id']}", json=body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "NOT_PATCHABLE"


def test_escalating_the_severity_re_derives_priority_and_sla(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag, category="network", subCategory="dataSlow", severity="minor"))
    assert ticket["priority"] == "medium"
    escalated = tickets.patch(f"troubleTicket/{ticket['id']}", json={"severity": "critical"}).json()
    assert escalated["priority"] == "critical"
    delay = datetime.fromisoformat(escalated["expectedResolutionDate"]) - datetime.fromisoformat(ticket["creationDate"])
    assert delay == timedelta(hours=4)


def test_delete_answers_204_and_the_ticket_is_gone(tickets: ApiClient, tag: str) -> None:
    ticket = raise_ticket(tickets, new_ticket(tag))
    assert tickets.delete(f"troubleTicket/{ticket['id']}").status_code == 204
    assert tickets.get(f"troubleTicket/{ticket['id']}").status_code == 404
