"""The trouble ticket transition table (as docs/trouble-ticket.md states it) and what a status change does
to the ticket: history, resolution details, reopening, final states, extra events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from component.domain.kernel.errors import Conflict, IllegalTransition, ValidationFailed
from component.domain.ticket.lifecycle import (
    TICKET_LIFECYCLE,
    apply_resolution_rules,
    check_final,
    check_reopen,
    events_on_entering,
    record_status_change,
)

STATUSES = ("acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "closed", "resolved")

# The documented table, written out independently of the code.
ALLOWED = {
    ("acknowledged", "inProgress"), ("acknowledged", "pending"), ("acknowledged", "held"),
    ("acknowledged", "resolved"), ("acknowledged", "rejected"), ("acknowledged", "cancelled"),
    ("inProgress", "pending"), ("inProgress", "held"), ("inProgress", "resolved"), ("inProgress", "cancelled"),
    ("pending", "inProgress"), ("pending", "cancelled"),
    ("held", "inProgress"), ("held", "cancelled"),
    ("resolved", "closed"), ("resolved", "inProgress"),
}
FORBIDDEN = sorted(
    (before, after) for before, after in product(STATUSES, STATUSES)
    if before != after and (before, after) not in ALLOWED
)
NOW = "2026-03-02T10:00:00.000Z"


@pytest.mark.parametrize(("before", "after"), sorted(ALLOWED))
def test_allowed_transition_passes(before: str, after: str) -> None:
    TICKET_LIFECYCLE.check(before, after)


@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_any_other_transition_is_illegal(before: str, after: str) -> None:
    with pytest.raises(IllegalTransition):
        TICKET_LIFECYCLE.check(before, after)


def test_the_table_knows_exactly_the_tmf621_statuses() -> None:
    assert TICKET_LIFECYCLE.states == frozenset(STATUSES)


def test_closed_cancelled_and_rejected_are_final() -> None:
    assert TICKET_LIFECYCLE.terminal == {"closed", "cancelled", "rejected"}


def test_a_ticket_starts_acknowledged_and_cannot_be_created_in_another_status() -> None:
    assert TICKET_LIFECYCLE.initial == "acknowledged"
    TICKET_LIFECYCLE.check_initial("acknowledged")
    with pytest.raises(ValidationFailed):
        TICKET_LIFECYCLE.check_initial("inProgress")


def test_an_unknown_status_is_a_validation_error_not_a_conflict() -> None:
    with pytest.raises(ValidationFailed):
        TICKET_LIFECYCLE.check("acknowledged", "solved")


# ------------------------------------------------------------------------------------------ history


def test_creation_records_the_initial_status_in_the_history() -> None:
    ticket = {"status": "acknowledged"}
    record_status_change(None, ticket, NOW)
    assert ticket["statusChange"] == [{"status": "acknowledged", "changeDate": NOW, "@type": "StatusChange"}]
    assert ticket["statusChangeDate"] == NOW


def test_a_status_change_appends_to_the_history_with_the_reason_given() -> None:
    before = {"status": "acknowledged", "statusChange": [{"status": "acknowledged", "changeDate": "x"}]}
    after = {**before, "status": "pending", "statusChangeReason": "waiting for the customer's IMEI"}
    record_status_change(before, after, NOW)
    assert after["statusChange"][-1] == {"status": "pending", "changeDate": NOW, "@type": "StatusChange",
                                         "changeReason": "waiting for the customer's IMEI"}
    assert len(after["statusChange"]) == 2 and after["statusChangeDate"] == NOW


def test_a_reason_left_from_an_earlier_change_is_not_credited_to_the_new_one() -> None:
    before = {"status": "pending", "statusChangeReason": "waiting for IMEI", "statusChange": []}
    after = {**before, "status": "inProgress"}
    record_status_change(before, after, NOW)
    assert "changeReason" not in after["statusChange"][-1]
    assert "statusChangeReason" not in after


def test_a_change_that_keeps_the_status_leaves_the_history_alone() -> None:
    before = {"status": "inProgress", "statusChange": []}
    after = {**before, "description": "more detail"}
    record_status_change(before, after, NOW)
    assert after["statusChange"] == [] and "statusChangeDate" not in after


def test_the_resolution_is_the_reason_of_the_resolved_history_entry() -> None:
    before = {"status": "inProgress", "statusChange": []}
    after = {**before, "status": "resolved", "resolution": "APN settings corrected"}
    record_status_change(before, after, NOW)
    assert after["statusChange"][-1]["changeReason"] == "APN settings corrected"


# ------------------------------------------------------------------------------------------ resolution


def test_resolving_without_resolution_details_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="resolution"):
        apply_resolution_rules({"status": "inProgress"}, {"status": "resolved"}, NOW)


def test_resolving_with_blank_resolution_details_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        apply_resolution_rules({"status": "inProgress"}, {"status": "resolved", "resolution": "  "}, NOW)


def test_resolving_sets_the_resolution_date() -> None:
    after = {"status": "resolved", "resolution": "refund issued"}
    apply_resolution_rules({"status": "inProgress"}, after, NOW)
    assert after["resolutionDate"] == NOW


def test_reopening_clears_the_resolution_and_its_date() -> None:
    before = {"status": "resolved", "resolution": "refund issued", "resolutionDate": NOW}
    after = {**before, "status": "inProgress"}
    apply_resolution_rules(before, after, NOW)
    assert "resolution" not in after and "resolutionDate" not in after


def test_closing_keeps_the_resolution() -> None:
    before = {"status": "resolved", "resolution": "refund issued", "resolutionDate": NOW}
    after = {**before, "status": "closed"}
    apply_resolution_rules(before, after, "2026-03-03T00:00:00.000Z")
    assert after["resolution"] == "refund issued" and after["resolutionDate"] == NOW


def test_resolution_details_on_a_ticket_not_being_resolved_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        apply_resolution_rules(None, {"status": "acknowledged", "resolution": "premature"}, NOW)
    with pytest.raises(ValidationFailed):
        apply_resolution_rules({"status": "inProgress"}, {"status": "inProgress", "resolution": "x"}, NOW)


# ------------------------------------------------------------------------------------------ reopening

RESOLVED_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RESOLVED = {"status": "resolved", "resolutionDate": "2026-03-01T12:00:00.000Z"}
WINDOW = timedelta(days=7)


def test_a_resolved_ticket_can_be_reopened_within_the_window() -> None:
    check_reopen(RESOLVED, {**RESOLVED, "status": "inProgress"}, RESOLVED_AT + WINDOW, WINDOW)


def test_a_resolved_ticket_cannot_be_reopened_after_the_window() -> None:
    with pytest.raises(IllegalTransition, match="2026-03-08T12:00:00.000Z"):
        check_reopen(RESOLVED, {**RESOLVED, "status": "inProgress"}, RESOLVED_AT + WINDOW + timedelta(seconds=1),
                     WINDOW)


def test_closing_a_resolved_ticket_is_not_bound_by_the_reopen_window() -> None:
    check_reopen(RESOLVED, {**RESOLVED, "status": "closed"}, RESOLVED_AT + timedelta(days=365), WINDOW)


# ------------------------------------------------------------------------------------------ final states


@pytest.mark.parametrize("status", ["closed", "cancelled", "rejected"])
def test_a_final_ticket_still_takes_notes(status: str) -> None:
    before = {"status": status, "note": []}
    check_final(before, {**before, "note": [{"text": "customer called back"}], "lastUpdate": NOW})


@pytest.mark.parametrize("status", ["closed", "cancelled", "rejected"])
def test_a_final_ticket_refuses_other_changes(status: str) -> None:
    before = {"status": status, "description": "no signal"}
    with pytest.raises(Conflict, match="description"):
        check_final(before, {**before, "description": "changed"})


def test_an_open_ticket_is_not_restricted_by_the_final_rule() -> None:
    before = {"status": "inProgress", "description": "no signal"}
    check_final(before, {**before, "description": "changed"})


# ------------------------------------------------------------------------------------------ events


@pytest.mark.parametrize(("before", "after", "events"), [
    ("inProgress", "resolved", ["Resolved"]),
    ("acknowledged", "resolved", ["Resolved"]),
    ("inProgress", "pending", ["InformationRequired"]),
    ("acknowledged", "pending", ["InformationRequired"]),
    ("acknowledged", "inProgress", []),
    ("resolved", "closed", []),
    ("pending", "pending", []),
])
def test_entering_resolved_or_pending_raises_its_own_event(before: str, after: str, events: list[str]) -> None:
    assert events_on_entering({"status": before}, {"status": after}) == events
