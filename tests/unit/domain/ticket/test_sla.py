"""SLA of a ticket: the expected resolution date from the policy, and when a ticket has breached it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from component.domain.ticket.classification import classify
from component.domain.ticket.policy import DEFAULT_POLICY_FILE, load_policy
from component.domain.ticket.sla import expected_resolution_date, newly_breached, resolution_time

POLICY = load_policy(DEFAULT_POLICY_FILE)
CREATED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def due(priority: str, **placement: str) -> str:
    body = {"severity": "major", "ticketType": "complaint", **placement}
    return expected_resolution_date(CREATED, priority, classify(body, POLICY), POLICY)


@pytest.mark.parametrize(("priority", "expected"), [
    ("critical", "2026-03-02T13:30:00.000Z"),
    ("high", "2026-03-03T09:30:00.000Z"),
    ("medium", "2026-03-05T09:30:00.000Z"),
    ("low", "2026-03-07T09:30:00.000Z"),
])
def test_expected_resolution_is_creation_plus_the_priority_time(priority: str, expected: str) -> None:
    assert due(priority) == expected


def test_a_category_with_a_fixed_time_overrides_the_priority_time() -> None:
    assert due("low", category="porting") == "2026-03-03T09:30:00.000Z"
    assert due("critical", category="porting", subCategory="portIn") == "2026-03-03T09:30:00.000Z"


def test_a_sub_category_time_overrides_its_category_time() -> None:
    assert due("low", category="porting", subCategory="portFailed") == "2026-03-02T17:30:00.000Z"


def test_a_category_without_a_fixed_time_keeps_the_priority_time() -> None:
    placement = classify({"severity": "major", "ticketType": "request", "category": "billing"}, POLICY)
    assert resolution_time("medium", placement, POLICY) == timedelta(days=3)


def open_ticket(**changes: Any) -> dict[str, Any]:
    ticket: dict[str, Any] = {"status": "inProgress", "expectedResolutionDate": "2026-03-02T13:30:00.000Z",
                              "slaBreached": False}
    ticket.update(changes)
    return ticket


DEADLINE = datetime(2026, 3, 2, 13, 30, tzinfo=UTC)


def test_an_open_ticket_past_its_deadline_has_newly_breached() -> None:
    assert newly_breached(open_ticket(), DEADLINE + timedelta(milliseconds=1))


def test_at_the_deadline_itself_the_sla_is_still_met() -> None:
    assert not newly_breached(open_ticket(), DEADLINE)


@pytest.mark.parametrize("status", ["acknowledged", "inProgress", "pending", "held"])
def test_the_clock_runs_in_every_open_status(status: str) -> None:
    assert newly_breached(open_ticket(status=status), DEADLINE + timedelta(hours=1))


@pytest.mark.parametrize("status", ["resolved", "closed", "cancelled", "rejected"])
def test_the_clock_stops_once_resolved_closed_cancelled_or_rejected(status: str) -> None:
    assert not newly_breached(open_ticket(status=status), DEADLINE + timedelta(days=30))


def test_a_breach_already_marked_is_not_new() -> None:
    assert not newly_breached(open_ticket(slaBreached=True), DEADLINE + timedelta(hours=1))


def test_resolving_late_is_a_breach_judged_by_the_status_the_clock_ran_under() -> None:
    assert newly_breached(open_ticket(status="resolved"), DEADLINE + timedelta(hours=1), status="inProgress")
