"""Rules of the TMF620 resources written through the API.

While the operator wires a remote TMF620 as the product catalogue (a dependent API), that one is in force
and the local resources are read-only: every write is a 405 naming the remote.
A specification's MACD role (`productRole`, an oda-cms extension: plan, sim, vas, device, dataPool,
poolMembership) and a plan's `paymentType` are checked on write. An offering, a specification or a price
that something still relies on cannot be deleted (409): an offering named by an open product order or by an
installed product that is not terminated, a specification of such an offering or of such a product, a price
an offering still lists. Retiring them is the way out: existing products keep working, new orders are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from component.domain.catalog.port import PLAN, POSTPAID, PREPAID, ROLES
from component.domain.kernel.errors import Conflict, DomainError, ValidationFailed
from component.domain.kernel.order_states import (
    ACKNOWLEDGED,
    ASSESSING_CANCELLATION,
    HELD,
    IN_PROGRESS,
    PENDING,
    PENDING_CANCELLATION,
)
from component.domain.kernel.query import Filter
from component.domain.kernel.resource_type import Rules, UnitOfWork

OPEN_ORDER_STATES = (ACKNOWLEDGED, IN_PROGRESS, HELD, PENDING, ASSESSING_CANCELLATION, PENDING_CANCELLATION)
# TMF637 Product statuses of a product that still relies on its offering: every one but terminated
# (inventory.resources; the catalogue context does not import the inventory one).
PRODUCT_STATES_IN_USE = ("created", "pendingActive", "active", "suspended")


RemoteUrl = Callable[[], str | None]  # the URL of the remote catalogue in force, None while there is none


class CatalogueManagedElsewhere(DomainError):
    status, code, reason = 405, "METHOD_NOT_ALLOWED", "The product catalogue is managed by a remote TMF620"


class CatalogRules(Rules):
    """Rules every TMF620 resource type shares: no local writes while a remote catalogue is in force.
    Subclasses add theirs in `created`, `patched` and `deleting`."""

    def __init__(self, remote: RemoteUrl) -> None:
        self.remote = remote

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        self._writable()
        self.created(document, work)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        self._writable()
        self.patched(before, after, work)

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        self._writable()
        self.deleting(document, work)

    def created(self, document: dict[str, Any], work: UnitOfWork) -> None:
        """Validate a new entry."""

    def patched(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        """Validate a changed entry."""

    def deleting(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        """Refuse to delete what something relies on."""

    def _writable(self) -> None:
        url = self.remote()
        if url:
            raise CatalogueManagedElsewhere(f"the product catalogue in force is the remote TMF620 at {url}; "
                                            "change it there (the local catalogue is read-only while it is wired)")


class SpecificationRules(CatalogRules):
    def created(self, document: dict[str, Any], work: UnitOfWork) -> None:
        check_role(document)

    def patched(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        check_role(after)

    def deleting(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        key = document["id"]
        products = work.find_all("Product", Filter("productSpecification.id", (key,)),
                                 Filter("status", PRODUCT_STATES_IN_USE), limit=1)
        if products:
            raise Conflict(f"productSpecification {key!r} is the specification of installed product "
                           f"{products[0]['id']!r}; retire it (lifecycleStatus Retired) instead of deleting it")
        for offering in work.find_all("ProductOffering", Filter("productSpecification.id", (key,))):
            reason = offering_in_use(offering["id"], work)
            if reason:
                raise Conflict(f"productSpecification {key!r} is the specification of productOffering "
                               f"{offering['id']!r}, which {reason}; retire it instead of deleting it")


class OfferingRules(CatalogRules):
    def deleting(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        reason = offering_in_use(document["id"], work)
        if reason:
            raise Conflict(f"productOffering {document['id']!r} {reason}; retire it (lifecycleStatus Retired) "
                           "instead of deleting it")


class PriceRules(CatalogRules):
    def deleting(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        offerings = work.find_all("ProductOffering", Filter("productOfferingPrice.id", (document["id"],)), limit=1)
        if offerings:
            raise Conflict(f"productOfferingPrice {document['id']!r} is a price of productOffering "
                           f"{offerings[0]['id']!r}; remove it from the offering first")


def catalog_rules(remote: RemoteUrl) -> dict[str, Rules]:
    """The rules of every TMF620 resource type, by resource name (bound by the composition root)."""
    return {"Catalog": CatalogRules(remote), "Category": CatalogRules(remote),
            "ProductSpecification": SpecificationRules(remote), "ProductOffering": OfferingRules(remote),
            "ProductOfferingPrice": PriceRules(remote)}


def offering_in_use(offering_id: str, work: UnitOfWork) -> str | None:
    """Why the offering cannot go (an open order or an installed product names it), or None."""
    orders = work.find_all("ProductOrder", Filter("productOrderItem.productOffering.id", (offering_id,)),
                           Filter("state", OPEN_ORDER_STATES), limit=1)
    if orders:
        return f"is ordered by open productOrder {orders[0]['id']!r}"
    products = work.find_all("Product", Filter("productOffering.id", (offering_id,)),
                             Filter("status", PRODUCT_STATES_IN_USE), limit=1)
    if products:
        return f"is the offering of installed product {products[0]['id']!r}"
    return None


def check_role(specification: Mapping[str, Any]) -> None:
    """The MACD role extension, when given, is one of ROLES; a plan says whether it is prepaid or postpaid."""
    role = specification.get("productRole")
    if role is None:
        return
    if role not in ROLES:
        raise ValidationFailed(f"productRole must be one of {', '.join(ROLES)}, not {role!r}")
    if role == PLAN and specification.get("paymentType") not in (PREPAID, POSTPAID):
        raise ValidationFailed(f"a plan's specification needs paymentType {PREPAID} or {POSTPAID}, "
                               f"not {specification.get('paymentType')!r}")
