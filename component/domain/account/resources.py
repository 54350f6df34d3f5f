"""TMF666 Account Management: the declarations of its seven resource types for the generic engine.

The four account kinds share the account lifecycle (`states`); their rules live in `rules`.
Events: every resource raises Create, AttributeValueChange, StateChange (those with a `state`) and
Delete events, the v5 set, a superset of the v4 names (docs/account-management.md says why), with the
resource under `payload` as TMF666 v4's event schemas have it.
"""

from __future__ import annotations

from component.domain.account.references import ReferencedResourceRules
from component.domain.account.rules import BillingAccountRules, FinancialAccountRules, PartyAccountRules
from component.domain.account.states import ACCOUNT_LIFECYCLE
from component.domain.kernel.resource_type import ResourceType, Rules

EVENT_BODY_KEY = "payload"  # TMF666 v4 events: {"eventType": ..., "payload": {"billingAccount": {...}}}


def _account(name: str, collection: str, rules: Rules, *, immutable: frozenset[str]) -> ResourceType:
    return ResourceType(
        name=name,
        collection=collection,
        event_prefix=name,
        event_body_key=EVENT_BODY_KEY,
        state_attribute="state",
        lifecycle=ACCOUNT_LIFECYCLE,
        immutable=immutable,
        update_date_attribute="lastModified",
        rules=rules,
    )


def _bill_resource(name: str, collection: str) -> ResourceType:
    return ResourceType(name=name, collection=collection, event_prefix=name, event_body_key=EVENT_BODY_KEY,
                        rules=ReferencedResourceRules(name))


# The v4 *_Update schemas of party accounts leave out accountBalance: set on create, not patched after.
_PARTY_IMMUTABLE = frozenset({"accountBalance"})

PARTY_ACCOUNT = _account("PartyAccount", "partyAccount", PartyAccountRules("PartyAccount"),
                         immutable=_PARTY_IMMUTABLE)
BILLING_ACCOUNT = _account("BillingAccount", "billingAccount", BillingAccountRules(), immutable=_PARTY_IMMUTABLE)
SETTLEMENT_ACCOUNT = _account("SettlementAccount", "settlementAccount", PartyAccountRules("SettlementAccount"),
                              immutable=_PARTY_IMMUTABLE)
FINANCIAL_ACCOUNT = _account("FinancialAccount", "financialAccount", FinancialAccountRules(),
                             immutable=frozenset())
BILLING_CYCLE_SPECIFICATION = _bill_resource("BillingCycleSpecification", "billingCycleSpecification")
BILL_FORMAT = _bill_resource("BillFormat", "billFormat")
BILL_PRESENTATION_MEDIA = _bill_resource("BillPresentationMedia", "billPresentationMedia")

ACCOUNT_MANAGEMENT_RESOURCES: tuple[ResourceType, ...] = (
    PARTY_ACCOUNT, BILLING_ACCOUNT, SETTLEMENT_ACCOUNT, FINANCIAL_ACCOUNT,
    BILLING_CYCLE_SPECIFICATION, BILL_FORMAT, BILL_PRESENTATION_MEDIA,
)
