"""The trouble ticket lifecycle: the transition table of TMF621's statuses and what the component does
when a ticket's status changes (history, resolution details, reopening, the events a status raises).

docs/trouble-ticket.md shows the same table; tests/unit/test_ticket_lifecycle.py checks every cell.
Pure functions over ticket documents; the time is given by the caller as a UTC ISO 8601 string.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from component.domain.kernel.clock import isoformat, parse_instant
from component.domain.kernel.errors import Conflict, IllegalTransition, ValidationFailed
from component.domain.kernel.lifecycle import Lifecycle, table

TICKET_LIFECYCLE = Lifecycle(
    name="trouble ticket",
    initial="acknowledged",
    transitions=table(
        acknowledged="inProgress pending held resolved rejected cancelled",
        inProgress="pending held resolved cancelled",
        pending="inProgress cancelled",
        held="inProgress cancelled",
        resolved="closed inProgress",  # inProgress: reopened, within the policy's reopen window
        rejected="",
        cancelled="",
        closed="",
    ),
)

FINAL = TICKET_LIFECYCLE.terminal  # closed, cancelled, rejected: only notes may still be added
SLA_RUNNING = frozenset({"acknowledged", "inProgress", "pending", "held"})
CHANGEABLE_WHEN_FINAL = frozenset({"note", "lastUpdate"})

# Events a ticket raises on entering a status, besides the engine's StatusChangeEvent.
EVENTS_ON_ENTERING = {"resolved": "Resolved", "pending": "InformationRequired"}


def record_status_change(before: Mapping[str, Any] | None, after: dict[str, Any], now: str) -> None:
    """Append a `statusChange` entry and set `statusChangeDate` when the status changed (or on create).

    The entry's `changeReason` is the `statusChangeReason` given with the change; a reason left over
    from an earlier change is removed from the ticket rather than credited to this one.
    """
    if before is not None and before.get("status") == after.get("status"):
        return
    reason = after.get("statusChangeReason")
    if before is not None and reason == before.get("statusChangeReason"):
        reason = None
        after.pop("statusChangeReason", None)
    if reason is None and after.get("status") == "resolved":
        reason = after.get("resolution")
    entry: dict[str, Any] = {"status": after["status"], "changeDate": now, "@type": "StatusChange"}
    if reason is not None:
        entry["changeReason"] = reason
    after["statusChange"] = [*after.get("statusChange", []), entry]
    after["statusChangeDate"] = now


def apply_resolution_rules(before: Mapping[str, Any] | None, after: dict[str, Any], now: str) -> None:
    """Resolving needs `resolution` (the details, an oda-cms extension) and sets `resolutionDate`;
    reopening clears both; `resolution` cannot be given to a ticket that is not being resolved."""
    previous = before.get("status") if before is not None else None
    status = after.get("status")
    if status == "resolved" and previous != "resolved":
        if not str(after.get("resolution") or "").strip():
            raise ValidationFailed("a ticket is resolved with its resolution details: give `resolution`")
        after["resolutionDate"] = now
    elif previous == "resolved" and status == "inProgress":
        after.pop("resolution", None)
        after.pop("resolutionDate", None)
    elif after.get("resolution") != (before or {}).get("resolution") and status != "resolved":
        raise ValidationFailed(f"`resolution` is given when resolving the ticket, not while it is {status}")


def check_reopen(before: Mapping[str, Any], after: Mapping[str, Any], now: datetime, window: timedelta) -> None:
    """A resolved ticket may go back to inProgress only within `window` of its resolution (else 409)."""
    if before.get("status") != "resolved" or after.get("status") != "inProgress":
        return
    resolved_at = before.get("resolutionDate") or before.get("statusChangeDate")
    if resolved_at is None:
        return
    deadline = parse_instant(resolved_at) + window
    if now > deadline:
        raise IllegalTransition(f"the reopen window of this resolved ticket ended at {isoformat(deadline)}; "
                                "close it and raise a new ticket")


def check_final(before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """A closed, cancelled or rejected ticket no longer changes, except for added notes (409)."""
    status = before.get("status")
    if status not in FINAL:
        return
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    refused = sorted(changed - CHANGEABLE_WHEN_FINAL)
    if refused:
        raise Conflict(f"a {status} ticket only takes notes; cannot change {', '.join(refused)}")


def events_on_entering(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Extra event changes (`Resolved`, `InformationRequired`) a status change raises."""
    status = after.get("status")
    if status == before.get("status") or status not in EVENTS_ON_ENTERING:
        return []
    return [EVENTS_ON_ENTERING[status]]
