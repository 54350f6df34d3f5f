"""What the kit knows about each resource collection: the facts of the official v4 documents and CTKs.

`mandatory` is what every item of a list (and every retrieved resource) must carry: `id` and `href` plus the
`required` list of the v4 resource schema and of its `_Create` schema (what a resource had to be created
with, it keeps), or, where TMF's v4 CTK for the API names them, the CTK's `requiredAttributes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ORDER_FINAL = ("completed", "failed", "partial", "cancelled", "rejected")


@dataclass(frozen=True)
class Collection:
    """One resource collection of an API, e.g. `customer` of TMF629."""

    name: str
    mandatory: tuple[str, ...]
    state: str | None = None  # the state/status attribute filtered on, when the resource has one
    field: str = "name"  # the attribute asked for with `fields=`
    volatile: tuple[str, ...] = ()  # attributes the component's workers may change right after creation
    final_states: tuple[str, ...] = ()  # states in which the domain refuses PATCH (409)
    conditional: Callable[[Mapping[str, Any]], tuple[str, ...]] | None = None  # more mandatory ones, per item

    def mandatory_of(self, item: Mapping[str, Any]) -> tuple[str, ...]:
        """The attributes this item must carry."""
        return self.mandatory + (self.conditional(item) if self.conditional else ())


def _offering_extras(item: Mapping[str, Any]) -> tuple[str, ...]:
    """TMF620 v4 CTK: a bundle needs bundledProductOffering, any other offering a productSpecification."""
    return ("bundledProductOffering",) if item.get("isBundle") is True else ("productSpecification",)


def _specification_extras(item: Mapping[str, Any]) -> tuple[str, ...]:
    """TMF620 v4 CTK: a bundled specification needs bundledProductSpecification."""
    return ("bundledProductSpecification",) if item.get("isBundle") is True else ()


ID = ("id", "href")
NAMED = ID + ("name",)
TMF620_CTK = ("href", "id", "lastUpdate", "lifecycleStatus", "name")  # TMF620 v4 CTK requiredAttributes

CUSTOMER = Collection("customer", NAMED + ("engagedParty",), state="status")

BILLING_ACCOUNT = Collection("billingAccount", NAMED + ("relatedParty",), state="state")
PARTY_ACCOUNT = Collection("partyAccount", NAMED + ("relatedParty",), state="state")
SETTLEMENT_ACCOUNT = Collection("settlementAccount", NAMED + ("relatedParty",), state="state")
FINANCIAL_ACCOUNT = Collection("financialAccount", NAMED, state="state")
BILL_FORMAT = Collection("billFormat", NAMED)
BILL_PRESENTATION_MEDIA = Collection("billPresentationMedia", NAMED)
BILLING_CYCLE_SPECIFICATION = Collection("billingCycleSpecification", NAMED)

ORDER_VOLATILE = ("state", "productOrderItem", "milestone", "serviceOrder", "note", "completionDate",
                  "expectedCompletionDate", "cancellationDate", "cancellationReason", "jeopardyAlert")
PRODUCT_ORDER = Collection("productOrder", ID + ("productOrderItem",), state="state", field="state",
                           volatile=ORDER_VOLATILE, final_states=ORDER_FINAL)
CANCEL_PRODUCT_ORDER = Collection("cancelProductOrder", ID + ("productOrder",), state="state", field="state",
                                  volatile=("state", "effectiveCancellationDate", "stateReason"))

SERVICE_ORDER_VOLATILE = ("state", "serviceOrderItem", "startDate", "milestone", "note", "completionDate",
                          "expectedCompletionDate", "jeopardyAlert", "cancellationDate", "cancellationReason")
SERVICE_ORDER = Collection("serviceOrder", ID + ("serviceOrderItem",), state="state", field="state",
                           volatile=SERVICE_ORDER_VOLATILE, final_states=ORDER_FINAL)
CANCEL_SERVICE_ORDER = Collection("cancelServiceOrder", ID + ("serviceOrder",), state="state", field="state",
                                  volatile=("state", "effectiveCancellationDate", "errorMessage"))

TROUBLE_TICKET = Collection("troubleTicket", ID + ("description", "severity", "ticketType"), state="status",
                            field="severity", volatile=("slaBreached",))

# TMF637 v4 CTK requiredAttributes of Product
PRODUCT = Collection("product", ("billingAccount", "href", "id", "productCharacteristic", "productOffering",
                                 "productPrice", "relatedParty", "status"), state="status", field="status")

PRODUCT_SPECIFICATION = Collection("productSpecification", TMF620_CTK, state="lifecycleStatus",
                                   conditional=_specification_extras)
PRODUCT_OFFERING = Collection("productOffering", TMF620_CTK, state="lifecycleStatus", conditional=_offering_extras)
PRODUCT_OFFERING_PRICE = Collection("productOfferingPrice", TMF620_CTK, state="lifecycleStatus")
CATALOG = Collection("catalog", NAMED, state="lifecycleStatus")
CATEGORY = Collection("category", NAMED, state="lifecycleStatus")
