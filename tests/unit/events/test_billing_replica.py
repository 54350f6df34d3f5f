"""The billing replica keeps the newest version of each resource, once per eventId."""

from __future__ import annotations

from pathlib import Path

import pytest

from component.billing.reconcile import Difference, differences
from component.billing.replica import APPLIED, DUPLICATE, STALE, Replica


def event(event_id: str, change: str, name: str, time: str = "2026-11-27T10:00:00.000Z") -> dict:
    return {"eventId": event_id, "eventTime": time, "eventType": f"Customer{change}Event",
            "event": {"customer": {"id": "c-1", "name": name}}}


@pytest.fixture
def replica(tmp_path: Path) -> Replica:
    return Replica(tmp_path / "replica.db")


def test_an_event_is_applied_once_per_event_id(replica: Replica) -> None:
    assert replica.apply(event("e1", "Create", "A"), 1) == APPLIED
    assert replica.apply(event("e1", "Create", "A"), 1) == DUPLICATE
    assert replica.snapshot() == {"Customer": {"c-1": {"id": "c-1", "name": "A"}}}


def test_an_older_event_arriving_late_does_not_overwrite_a_newer_one(replica: Replica) -> None:
    replica.apply(event("e2", "AttributeValueChange", "B"), 2)
    assert replica.apply(event("e1", "Create", "A"), 1) == STALE
    assert replica.snapshot()["Customer"]["c-1"]["name"] == "B"


def test_without_a_sequence_the_event_time_orders(replica: Replica) -> None:
    replica.apply(event("e2", "AttributeValueChange", "B", "2026-11-27T10:00:02.000Z"))
    assert replica.apply(event("e1", "Create", "A", "2026-11-27T10:00:01.000Z")) == STALE


def test_a_delete_leaves_a_tombstone_that_a_late_event_cannot_revive(replica: Replica) -> None:
    replica.apply(event("e1", "Create", "A"), 1)
    replica.apply(event("e3", "Delete", "A"), 3)
    replica.apply(event("e2", "AttributeValueChange", "B"), 2)
    assert replica.snapshot() == {}


def test_the_resource_kind_comes_from_the_envelope_key_under_event_or_payload(replica: Replica) -> None:
    replica.apply({"eventId": "a1", "eventTime": "2026-11-27T10:00:00.000Z", "eventType": "BillingAccountCreateEvent",
                   "payload": {"billingAccount": {"id": "ba-1"}}}, 1)
    assert replica.snapshot() == {"BillingAccount": {"ba-1": {"id": "ba-1"}}}


def test_differences_name_missing_unknown_and_differing_resources() -> None:
    ours = {"Customer": {"1": {"id": "1"}, "2": {"id": "2", "name": "x"}}}
    theirs = {"Customer": {"2": {"id": "2", "name": "y"}, "3": {"id": "3"}}}
    assert differences(ours, theirs, ("Customer",)) == [
        Difference("Customer", "1", "missing in billing"), Difference("Customer", "2", "differs"),
        Difference("Customer", "3", "unknown to the component")]


def test_identical_states_have_no_differences() -> None:
    state = {"Customer": {"1": {"id": "1"}}, "BillingAccount": {}}
    assert differences(state, state) == []
