"""TMF641 Service Ordering: the declarations of ServiceOrder and CancelServiceOrder.

Rules in service_order_rules, lifecycles in service_order_states; component.orchestration executes
service orders (the network simulator) and creates them for product orders; docs/orchestration.md
describes both. Events: ServiceOrder Create, AttributeValueChange, StateChange, Delete,
InformationRequired, Milestone and Jeopardy; CancelServiceOrder Create and StateChange.
"""

from __future__ import annotations

from component.domain.kernel.resource_type import ResourceType
from component.domain.service_ordering.rules import CancelServiceOrderRules, ServiceOrderRules
from component.domain.service_ordering.states import CANCEL_SERVICE_ORDER_LIFECYCLE, SERVICE_ORDER_LIFECYCLE

# Set by the component: a create request carrying them is refused.
_ORDER_DATES = frozenset({"orderDate", "completionDate", "expectedCompletionDate", "startDate"})
_PROGRESS = frozenset({"cancellationDate", "errorMessage", "jeopardyAlert", "milestone"})

SERVICE_ORDER = ResourceType(
    name="ServiceOrder",
    collection="serviceOrder",
    event_prefix="ServiceOrder",
    state_attribute="state",
    lifecycle=SERVICE_ORDER_LIFECYCLE,
    server_owned=frozenset({"id", "href", "state"}) | _ORDER_DATES | _PROGRESS,
    refused_on_create=frozenset({"id", "href", "state"}) | _ORDER_DATES,
    immutable=frozenset({"externalId"}),
    creation_date_attribute="orderDate",
    rules=ServiceOrderRules(),
)

CANCEL_SERVICE_ORDER = ResourceType(
    name="CancelServiceOrder",
    collection="cancelServiceOrder",
    event_prefix="CancelServiceOrder",
    state_attribute="state",
    lifecycle=CANCEL_SERVICE_ORDER_LIFECYCLE,
    server_owned=frozenset({"id", "href", "state", "effectiveCancellationDate", "errorMessage", "completionMessage"}),
    refused_on_create=frozenset({"id", "href", "state", "effectiveCancellationDate"}),
    immutable=frozenset({"serviceOrder", "cancellationReason", "requestedCancellationDate"}),
    rules=CancelServiceOrderRules(),
)
