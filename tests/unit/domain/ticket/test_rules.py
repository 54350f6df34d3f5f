"""The trouble ticket rules as the engine runs them on create and patch, with a fake unit of work: time is
whatever the test says, other resources are a dictionary, events are a list."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest

from component.domain.kernel.errors import IllegalTransition, InvalidReference, ValidationFailed
from component.domain.ticket.policy import DEFAULT_POLICY_FILE, load_policy
from component.domain.ticket.rules import TicketRules

POLICY = load_policy(DEFAULT_POLICY_FILE)
CREATED = "2026-03-02T09:30:00.000Z"


class FakeWork:
    """Serves Customer and BillingAccount only (ProductOrder and Product are not served)."""

    def __init__(self, now: str, resources: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.now = now
        self.resources = {"Customer": {}, "BillingAccount": {}, **(resources or {})}
        self.events: list[tuple[str, str, dict[str, Any]]] = []

    def find(self, kind: str, resource_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        if kind not in self.resources:
            raise LookupError(kind)
        found = self.resources[kind].get(resource_id)
        return dict(found) if found is not None else None

    def emit(self, kind: str, change: str, document: Mapping[str, Any]) -> None:
        self.events.append((kind, change, copy.deepcopy(dict(document))))


RULES = TicketRules(POLICY)


def created(now: str = CREATED, **body: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"description": "no data since Monday", "severity": "major", "ticketType": "complaint",
                                "status": "acknowledged", "creationDate": now, **body}
    RULES.on_create(document, FakeWork(now))
    return document


def patched(before: dict[str, Any], now: str, **changes: Any) -> tuple[dict[str, Any], FakeWork]:
    after = {**copy.deepcopy(before), **changes}
    work = FakeWork(now)
    RULES.on_patch(before, after, work)
    return after, work


def test_create_derives_priority_and_expected_resolution_and_starts_unbreached() -> None:
    ticket = created(category="network", subCategory="callDrops")
    assert ticket["priority"] == "critical"  # major (high) escalated by network
    assert ticket["expectedResolutionDate"] == "2026-03-02T13:30:00.000Z"
    assert ticket["slaBreached"] is False
    assert [entry["status"] for entry in ticket["statusChange"]] == ["acknowledged"]


def test_a_priority_given_on_create_is_kept_and_sets_the_sla() -> None:
    ticket = created(priority="low")
    assert ticket["priority"] == "low"
    assert ticket["expectedResolutionDate"] == "2026-03-07T09:30:00.000Z"


def test_a_note_without_a_date_is_dated_on_arrival() -> None:
    ticket = created(note=[{"text": "customer very upset"}, {"text": "old", "date": "2026-01-01T00:00:00Z"}])
    assert ticket["note"] == [{"text": "customer very upset", "date": CREATED},
                              {"text": "old", "date": "2026-01-01T00:00:00Z"}]


def test_raising_the_severity_re_derives_priority_and_tightens_the_sla_from_creation() -> None:
    ticket = created()
    after, _ = patched(ticket, "2026-03-02T10:00:00.000Z", severity="critical")
    assert after["priority"] == "critical"
    assert after["expectedResolutionDate"] == "2026-03-02T13:30:00.000Z"


def test_a_priority_given_in_the_same_patch_wins_over_the_derived_one() -> None:
    ticket = created()
    after, _ = patched(ticket, "2026-03-02T10:00:00.000Z", severity="critical", priority="medium")
    assert after["priority"] == "medium"
    assert after["expectedResolutionDate"] == "2026-03-05T09:30:00.000Z"


def test_re_categorising_into_an_unknown_sub_category_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        patched(created(category="sim"), "2026-03-02T10:00:00.000Z", subCategory="portIn")


def test_resolving_raises_the_resolved_event_with_the_resolved_ticket() -> None:
    ticket, _ = patched(created(), "2026-03-02T10:00:00.000Z", status="inProgress")
    after, work = patched(ticket, "2026-03-02T11:00:00.000Z", status="resolved", resolution="APN reset")
    assert [(kind, change) for kind, change, _ in work.events] == [("TroubleTicket", "Resolved")]
    assert work.events[0][2]["status"] == "resolved"
    assert work.events[0][2]["resolutionDate"] == "2026-03-02T11:00:00.000Z"


def test_asking_the_customer_for_information_raises_information_required() -> None:
    _, work = patched(created(), "2026-03-02T10:00:00.000Z", status="pending", statusChangeReason="need IMEI")
    assert [change for _, change, _ in work.events] == ["InformationRequired"]


def test_resolving_after_the_deadline_marks_the_breach_and_raises_its_event() -> None:
    ticket = created(severity="critical")  # due 13:30
    after, work = patched(ticket, "2026-03-02T14:00:00.000Z", status="resolved", resolution="late fix")
    assert after["slaBreached"] is True
    assert [change for _, change, _ in work.events] == ["Resolved", "SlaBreach"]


def test_a_patch_before_the_deadline_leaves_the_sla_met() -> None:
    after, work = patched(created(severity="critical"), "2026-03-02T13:29:59.000Z", description="more")
    assert after["slaBreached"] is False and work.events == []


def test_reopening_after_the_policy_window_is_an_illegal_transition() -> None:
    ticket, _ = patched(created(), "2026-03-02T10:00:00.000Z", status="resolved", resolution="refund issued")
    reopened, _ = patched(ticket, "2026-03-09T09:59:59.000Z", status="inProgress")
    assert reopened["status"] == "inProgress" and "resolution" not in reopened
    with pytest.raises(IllegalTransition):
        patched(ticket, "2026-03-09T10:00:01.000Z", status="inProgress")


def test_an_unknown_local_customer_is_refused_but_an_unserved_kind_is_accepted() -> None:
    customer = {"id": "c-1", "role": "customer", "@referredType": "Customer"}
    order = {"id": "o-404", "role": "failedOrder", "@referredType": "ProductOrder"}
    work = FakeWork(CREATED, {"Customer": {"c-1": {"id": "c-1"}}})
    body = {"description": "order failed", "severity": "major", "ticketType": "incident", "status": "acknowledged",
            "relatedEntity": [customer, order]}
    RULES.on_create(body, work)  # the ProductOrder cannot be verified while TMF622 is not served
    with pytest.raises(InvalidReference, match="c-2"):
        RULES.on_create({**body, "relatedEntity": [{**customer, "id": "c-2"}]}, work)
