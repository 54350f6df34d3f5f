"""TMF629 Customer: the resource declaration and its rules.

A customer's `status` is free text in TMF629 v4; its changes raise CustomerStateChangeEvent. A customer
holding an open billing account cannot be deleted (account_holder.CustomerRules).
"""

from __future__ import annotations

from component.domain.account.holder import CustomerRules
from component.domain.kernel.resource_type import ResourceType

CUSTOMER = ResourceType(
    name="Customer",
    collection="customer",
    event_prefix="Customer",
    state_attribute="status",
    rules=CustomerRules(),
)
