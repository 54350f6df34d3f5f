"""The issue's definition of done: a ticket raised for a failed order and one for a customer complaint,
worked through to closure with their history, and found by every filter (status, severity, category,
related customer and order; SLA breach is covered in test_sla_watch)."""

from __future__ import annotations

from typing import Any

from tests.api.trouble_ticket.conftest import customer_entity, move, new_ticket, raise_ticket
from tests.support.live_server import ApiClient


def found(tickets: ApiClient, tag: str, **filters: str) -> list[str]:
    response = tickets.get("troubleTicket", params={"description*": tag, **filters, "fields": "id"})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()]


def test_failed_order_and_complaint_are_worked_to_closure_and_found_by_every_filter(
    tickets: ApiClient, customer: dict[str, Any], product_order: dict[str, Any], tag: str
) -> None:
    order = {"id": product_order["id"], "role": "failedOrder", "@referredType": "ProductOrder"}
    failed_order = raise_ticket(tickets, new_ticket(
        tag, description=f"Fibre order failed {tag}", ticketType="incident", severity="major",
        category="device", subCategory="configuration", relatedEntity=[customer_entity(customer), order]))
    complaint = raise_ticket(tickets, new_ticket(
        tag, description=f"Charged twice {tag}", severity="minor", category="billing", subCategory="disputedCharge",
        relatedEntity=[customer_entity(customer)]))

    move(tickets, failed_order, status="inProgress", statusChangeReason="re-sent to provisioning")
    closed = move(tickets, move(tickets, failed_order, status="resolved", resolution="order re-submitted, ONT live"),
                  status="closed")
    move(tickets, complaint, status="held", statusChangeReason="waiting for the billing run")

    assert [entry["status"] for entry in closed["statusChange"]] == ["acknowledged", "inProgress", "resolved",
                                                                      "closed"]
    assert closed["resolution"] == "order re-submitted, ONT live"
    both = sorted([failed_order["id"], complaint["id"]])
    assert found(tickets, tag, status="closed") == [failed_order["id"]]
    assert found(tickets, tag, status="held") == [complaint["id"]]
    assert sorted(found(tickets, tag, status="closed,held")) == both
    assert found(tickets, tag, severity="minor") == [complaint["id"]]
    assert found(tickets, tag, category="billing") == [complaint["id"]]
    assert found(tickets, tag, category="device", subCategory="configuration") == [failed_order["id"]]
    assert sorted(found(tickets, tag, **{"relatedEntity.id": customer["id"]})) == both
    assert found(tickets, tag, **{"relatedEntity.id": order["id"]}) == [failed_order["id"]]
    assert found(tickets, tag, **{"relatedEntity.@referredType": "ProductOrder"}) == [failed_order["id"]]
    assert sorted(found(tickets, tag, slaBreached="false")) == both
    assert sorted(found(tickets, tag, priority="medium")) == both  # major less one level; minor as is


def test_filtering_on_an_attribute_tickets_do_not_have_is_400(tickets: ApiClient) -> None:
    response = tickets.get("troubleTicket", params={"colour": "red"})
    assert response.status_code == 400
