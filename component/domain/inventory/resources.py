"""TMF637 Product: the installed product instances, served read-only.

Products are created and changed only by the ordering domain (completed order items) through the
unit of work, so each change raises ProductCreateEvent, ProductStateChangeEvent or
ProductAttributeValueChangeEvent for billing replication. Status lifecycle:

    created / pendingActive --> active <--> suspended
                                  |             |
                                  +-------------+--> terminated (final)
"""

from __future__ import annotations

from component.domain.kernel.lifecycle import Lifecycle, table
from component.domain.kernel.resource_type import ResourceType

CREATED, PENDING_ACTIVE, ACTIVE, SUSPENDED, TERMINATED = "created", "pendingActive", "active", "suspended", "terminated"
IN_SERVICE = (ACTIVE, SUSPENDED)  # a product a modify or delete item may target
NOT_TERMINATED = (CREATED, PENDING_ACTIVE, ACTIVE, SUSPENDED)

PRODUCT_LIFECYCLE = Lifecycle(
    name="product",
    initial=CREATED,
    transitions=table(
        created="pendingActive active terminated",
        pendingActive="active terminated",
        active="suspended terminated",
        suspended="active terminated",
    ),
    creatable=frozenset({PENDING_ACTIVE, ACTIVE}),
)

PRODUCT = ResourceType(
    name="Product",
    collection="product",
    event_prefix="Product",
    state_attribute="status",
    lifecycle=PRODUCT_LIFECYCLE,
    read_only=True,
)
