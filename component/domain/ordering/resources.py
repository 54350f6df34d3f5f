"""TMF622 Product Ordering: the declarations of ProductOrder and CancelProductOrder.

Their rules are in `rules`, their lifecycles in `states`, the checks in `validation` and the `macd`
package; docs/product-ordering.md describes them for users.
Events: ProductOrder Create, AttributeValueChange, StateChange, Delete and InformationRequired;
CancelProductOrder Create and StateChange.
"""

from __future__ import annotations

from component.domain.kernel.resource_type import ResourceType, Unbound
from component.domain.ordering.rules import CancelProductOrderRules
from component.domain.ordering.states import CANCELLATION_LIFECYCLE, ORDER_LIFECYCLE

# Set by the component (TMF622: not patchable); a create request carrying them is refused.
_ORDER_DATES = frozenset({"orderDate", "completionDate", "expectedCompletionDate", "cancellationDate"})

PRODUCT_ORDER = ResourceType(
    name="ProductOrder",
    collection="productOrder",
    event_prefix="ProductOrder",
    state_attribute="state",
    lifecycle=ORDER_LIFECYCLE,
    # serviceOrder, milestone and jeopardyAlert are written by the orchestrator (docs/orchestration.md).
    server_owned=frozenset({"id", "href", "state", "serviceOrder", "milestone", "jeopardyAlert"}) | _ORDER_DATES,
    refused_on_create=frozenset({"state"}) | _ORDER_DATES,
    immutable=frozenset({"externalId"}),
    creation_date_attribute="orderDate",
    rules=Unbound("ProductOrder"),
)

CANCEL_PRODUCT_ORDER = ResourceType(
    name="CancelProductOrder",
    collection="cancelProductOrder",
    event_prefix="CancelProductOrder",
    state_attribute="state",
    lifecycle=CANCELLATION_LIFECYCLE,
    server_owned=frozenset({"id", "href", "state", "effectiveCancellationDate", "stateReason"}),
    refused_on_create=frozenset({"state", "effectiveCancellationDate", "stateReason"}),
    immutable=frozenset({"productOrder", "cancellationReason", "requestedCancellationDate"}),
    rules=CancelProductOrderRules(),
)
