"""State names TMF622 product orders and TMF641 service orders share, and the lifecycle of their
cancellation requests (CancelProductOrder, CancelServiceOrder), which both APIs define alike. Each
order type keeps its own transition tables (`ordering.states`, `service_ordering.states`)."""

from __future__ import annotations

from component.domain.kernel.lifecycle import Lifecycle, table

ACKNOWLEDGED, IN_PROGRESS, HELD, PENDING = "acknowledged", "inProgress", "held", "pending"
COMPLETED, PARTIAL, FAILED, REJECTED, CANCELLED = "completed", "partial", "failed", "rejected", "cancelled"
ASSESSING_CANCELLATION, PENDING_CANCELLATION = "assessingCancellation", "pendingCancellation"

TASK_ACKNOWLEDGED, TASK_IN_PROGRESS = "acknowledged", "inProgress"
TASK_DONE, TASK_FAILED = "done", "terminatedWithError"


def cancellation_lifecycle(name: str) -> Lifecycle:
    """acknowledged -> inProgress -> done, or terminatedWithError from either."""
    return Lifecycle(
        name=name,
        initial=TASK_ACKNOWLEDGED,
        transitions=table(acknowledged="inProgress terminatedWithError", inProgress="done terminatedWithError"),
    )
