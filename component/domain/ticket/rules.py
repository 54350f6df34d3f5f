"""The domain rules of a trouble ticket, run by the engine inside the write transaction of a create or
patch: classification and priority, SLA date and breach, lifecycle bookkeeping, references, events.

The rules compose the ticket_* modules; each of those is pure and unit-tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.clock import parse_instant
from component.domain.kernel.resource_type import Rules, UnitOfWork
from component.domain.ticket.classification import RECORD_ATTRIBUTE, classify, derive_priority
from component.domain.ticket.lifecycle import (
    apply_resolution_rules,
    check_final,
    check_reopen,
    events_on_entering,
    record_status_change,
)
from component.domain.ticket.policy import TicketPolicy
from component.domain.ticket.references import check_related_entities
from component.domain.ticket.sla import BREACH_ATTRIBUTE, expected_resolution_date, newly_breached

KIND = "TroubleTicket"
BREACH_EVENT = "SlaBreach"  # TroubleTicketSlaBreachEvent, an oda-cms extension event
CLASSIFYING = ("ticketType", "severity", "priority", "category", "subCategory")
DERIVING_PRIORITY = ("severity", "category", "subCategory")
TIMING = ("priority", "category", "subCategory")


class TicketRules(Rules):
    def __init__(self, policy: TicketPolicy) -> None:
        self.policy = policy

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        policy = self.policy
        classification = classify(document, policy)
        priority = classification.priority or derive_priority(classification, policy)
        document.setdefault("priority", priority)
        document[RECORD_ATTRIBUTE] = classification.record(priority)
        document["expectedResolutionDate"] = expected_resolution_date(
            parse_instant(work.now), priority, classification, policy)
        document[BREACH_ATTRIBUTE] = False
        apply_resolution_rules(None, document, work.now)
        record_status_change(None, document, work.now)
        stamp_new_notes(None, document, work.now)
        check_related_entities(document.get("relatedEntity", []), work)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        policy = self.policy
        now = parse_instant(work.now)
        check_final(before, after)
        check_reopen(before, after, now, policy.reopen_window)
        if _changed(before, after, CLASSIFYING):
            classification = classify(after, policy)
            derived = derive_priority(classification, policy)
            if _changed(before, after, DERIVING_PRIORITY) and not _changed(before, after, ("priority",)):
                after["priority"] = derived
                classification = classify(after, policy)
            priority = classification.priority or derived
            after[RECORD_ATTRIBUTE] = classification.record(priority)
            if _changed(before, after, TIMING) or priority != (before.get(RECORD_ATTRIBUTE) or {}).get("priority"):
                after["expectedResolutionDate"] = expected_resolution_date(
                    parse_instant(before["creationDate"]), priority, classification, policy)
        apply_resolution_rules(before, after, work.now)
        record_status_change(before, after, work.now)
        stamp_new_notes(before, after, work.now)
        check_related_entities(after.get("relatedEntity", []), work,
                               already_checked=before.get("relatedEntity", []))
        breached = newly_breached(after, now, status=before.get("status"))
        if breached:
            after[BREACH_ATTRIBUTE] = True
        for change in events_on_entering(before, after):
            work.emit(KIND, change, after)
        if breached:
            work.emit(KIND, BREACH_EVENT, after)


def stamp_new_notes(before: Mapping[str, Any] | None, after: dict[str, Any], now: str) -> None:
    """A note added without a `date` is dated now (notes already on the ticket are left as they are)."""
    existing = (before or {}).get("note", [])
    for note in after.get("note", []):
        if note not in existing:
            note.setdefault("date", now)


def _changed(before: Mapping[str, Any], after: Mapping[str, Any], names: tuple[str, ...]) -> bool:
    return any(before.get(name) != after.get(name) for name in names)
