"""The service-request queue: trouble tickets by status and priority, most urgent SLA first, with the
time left to their expected resolution (negative once overdue) and the breach flag the SLA watch sets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.datastructures import QueryParams

from component.dashboard.context import Dashboard
from component.dashboard.formatting import parse_time
from component.domain.kernel.errors import InvalidQuery
from component.domain.ticket.lifecycle import TICKET_LIFECYCLE

STATUSES = ("acknowledged", "inProgress", "pending", "held", "resolved", "closed", "rejected", "cancelled")
PRIORITIES = ("critical", "high", "medium", "low")
OPEN = ("acknowledged", "inProgress", "pending", "held")
QUEUE_SIZE = 100


@dataclass(frozen=True)
class QueuedTicket:
    ticket: dict[str, Any]
    seconds_left: float | None  # until expectedResolutionDate; negative when overdue

    @property
    def breached(self) -> bool:
        return bool(self.ticket.get("slaBreached")) or (self.seconds_left is not None and self.seconds_left < 0
                                                        and self.ticket.get("status") in OPEN)


def load_queue(dashboard: Dashboard, params: QueryParams, now: datetime) -> tuple[list[QueuedTicket], int, dict]:
    status, priority = params.get("status", "open"), params.get("priority", "")
    if status not in (*STATUSES, "open", "all"):
        raise InvalidQuery(f"status must be open, all or one of {', '.join(STATUSES)}, got {status!r}")
    if priority and priority not in PRIORITIES:
        raise InvalidQuery(f"priority must be one of {', '.join(PRIORITIES)}, got {priority!r}")
    pairs: list[tuple[str, str]] = [("sort", "expectedResolutionDate")]
    if status == "open":
        pairs.append(("status", ",".join(OPEN)))
    elif status != "all":
        pairs.append(("status", status))
    if priority:
        pairs.append(("priority", priority))
    page = dashboard.list("TroubleTicket", pairs, limit=QUEUE_SIZE)
    return [queued(ticket, now) for ticket in page.items], page.total, {"status": status, "priority": priority}


def queued(ticket: dict[str, Any], now: datetime) -> QueuedTicket:
    due = parse_time(ticket.get("expectedResolutionDate"))
    return QueuedTicket(ticket, (due - now).total_seconds() if due else None)


def next_statuses(ticket: Mapping[str, Any]) -> list[str]:
    """The statuses the ticket may move to now (TMF621 lifecycle)."""
    current = str(ticket.get("status", ""))
    return [status for status in STATUSES if status != current and TICKET_LIFECYCLE.allows(current, status)]
