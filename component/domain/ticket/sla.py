"""SLA of a trouble ticket: when it is expected to be resolved, and whether it has breached.

`expectedResolutionDate` is the creation time plus the policy's resolution time for the ticket's
(sub-)category or, failing that, its priority. A ticket breaches its SLA when that date passes while
the SLA clock still runs (the ticket is not resolved, closed, cancelled or rejected); the component then
sets `slaBreached` (an oda-cms extension, false on creation) to true for good. Pure functions: the
caller gives the time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from component.domain.kernel.clock import isoformat, parse_instant
from component.domain.ticket.classification import Classification
from component.domain.ticket.lifecycle import SLA_RUNNING
from component.domain.ticket.policy import TicketPolicy

BREACH_ATTRIBUTE = "slaBreached"


def resolution_time(priority: str, classification: Classification, policy: TicketPolicy) -> timedelta:
    """The sub-category's fixed time, else the category's, else the priority's."""
    for fixed in (
        classification.sub_category.resolution_time if classification.sub_category else None,
        classification.category.resolution_time if classification.category else None,
    ):
        if fixed is not None:
            return fixed
    return policy.resolution_times[priority]


def expected_resolution_date(
    created: datetime, priority: str, classification: Classification, policy: TicketPolicy
) -> str:
    return isoformat(created + resolution_time(priority, classification, policy))


def newly_breached(ticket: Mapping[str, Any], now: datetime, *, status: str | None = None) -> bool:
    """Whether the deadline passed while the SLA clock ran and the ticket does not show it yet (the
    component must then mark it and raise the breach event). `status` is the status the clock ran under,
    by default the ticket's; a patch that resolves a ticket late passes the status before the patch."""
    deadline = ticket.get("expectedResolutionDate")
    running = (status or ticket.get("status")) in SLA_RUNNING
    return running and not ticket.get(BREACH_ATTRIBUTE) and deadline is not None and parse_instant(deadline) < now

