"""Checks of a product order against the catalogue, the customer's accounts and the installed base.

`check_new_order` runs on create (400, nothing stored); `check_order` also runs again when the
fulfiller starts an order and after a PATCH of its items, because the installed base may have changed
since. Order-level rules live here; what each kind of product allows for add / modify / delete lives in
the macd_* modules, dispatched by the product's role (CHECKS).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from component.domain.account.holder import customer_party
from component.domain.account.states import is_open
from component.domain.catalog.port import DATA_POOL, DEVICE, PLAN, POOL_MEMBERSHIP, SIM, VAS, CatalogPort
from component.domain.inventory.port import InstalledBase
from component.domain.kernel.clock import parse_instant
from component.domain.kernel.errors import InvalidReference, ValidationFailed
from component.domain.kernel.resource_type import UnitOfWork
from component.domain.ordering.characteristics import check_characteristics
from component.domain.ordering.dates import check_requested_dates
from component.domain.ordering.macd.addons import check_addon_add, check_addon_delete, check_addon_modify
from component.domain.ordering.macd.apply import dependency_order
from component.domain.ordering.macd.context import (
    ADD,
    DELETE,
    MODIFY,
    NO_CHANGE,
    RELATIONSHIP_TYPES,
    OrderContext,
    label,
)
from component.domain.ordering.macd.pool import (
    check_membership_add,
    check_membership_modify,
    check_pool_add,
    check_pool_member_delete,
    check_pool_modify,
)
from component.domain.ordering.macd.subscription import (
    check_plan_add,
    check_plan_delete,
    check_plan_modify,
    check_sim_add,
    check_sim_delete,
    check_sim_modify,
)

Check = Callable[[OrderContext, Mapping[str, Any]], None]
CHECKS: dict[tuple[str, str], Check] = {
    (PLAN, ADD): check_plan_add, (PLAN, MODIFY): check_plan_modify, (PLAN, DELETE): check_plan_delete,
    (SIM, ADD): check_sim_add, (SIM, MODIFY): check_sim_modify, (SIM, DELETE): check_sim_delete,
    (VAS, ADD): check_addon_add, (VAS, MODIFY): check_addon_modify, (VAS, DELETE): check_addon_delete,
    (DEVICE, ADD): check_addon_add, (DEVICE, MODIFY): check_addon_modify, (DEVICE, DELETE): check_addon_delete,
    (DATA_POOL, ADD): check_pool_add, (DATA_POOL, MODIFY): check_pool_modify,
    (DATA_POOL, DELETE): check_pool_member_delete,
    (POOL_MEMBERSHIP, ADD): check_membership_add, (POOL_MEMBERSHIP, MODIFY): check_membership_modify,
    (POOL_MEMBERSHIP, DELETE): check_pool_member_delete,
}
CUSTOMER, BILLING_ACCOUNT = "Customer", "BillingAccount"


def check_new_order(order: Mapping[str, Any], work: UnitOfWork, catalog: CatalogPort,
                    base: InstalledBase) -> OrderContext:
    """Everything `check_order` checks, that the client set no item state, and that every offering an add
    item names can be ordered now (launched, within its validFor; checked at acceptance only, so an order
    accepted before its offering was retired is still fulfilled)."""
    now = parse_instant(work.now)
    for item in _items(order):
        if "state" in item:
            raise ValidationFailed(f"{label(item)}: state cannot be set when creating a ProductOrder; the "
                                   "component sets it")
        offering = catalog.offering(str((item.get("productOffering") or {}).get("id"))) \
            if item.get("action") == ADD else None
        refusal = offering.refusal(now) if offering is not None else None
        if refusal:
            raise ValidationFailed(f"{label(item)}: {refusal}")
    return check_order(order, work, catalog, base)


def check_order(order: Mapping[str, Any], work: UnitOfWork, catalog: CatalogPort,
                base: InstalledBase) -> OrderContext:
    """The order's context once every rule holds; raises ValidationFailed / InvalidReference."""
    items = _items(order)
    _check_item_shapes(items)
    customer_id = _customer(order, work)
    context = OrderContext(order, customer_id, catalog, base)
    _check_accounts(context, work)
    check_requested_dates(order)
    for item in items:
        check_item(context, item)
    dependency_order(context)  # related items must not form a cycle
    return context


def check_item(context: OrderContext, item: Mapping[str, Any]) -> None:
    action = item["action"]
    if action == NO_CHANGE:
        context.target(item)
        return
    if action == ADD:
        offering = context.offering(item)
        if (item.get("product") or {}).get("id"):
            raise ValidationFailed(f"{label(item)}: an add item creates a product; product.id is for modify and delete")
    else:
        product = context.target(item)
        offering = context.offering(item)
        status = (item.get("product") or {}).get("status")
        if offering.role != PLAN and status not in (None, product.get("status")):
            raise ValidationFailed(f"{label(item)}: only a subscription's status is changed by an order; a "
                                   f"{offering.role} follows its subscription")
    characteristics = (item.get("product") or {}).get("productCharacteristic", [])
    check_characteristics(offering, characteristics, label(item), complete=action == ADD)
    CHECKS[(context.role(item), action)](context, item)


def _items(order: Mapping[str, Any]) -> list[dict[str, Any]]:
    items = order.get("productOrderItem")
    if not isinstance(items, list) or not items:
        raise ValidationFailed("a ProductOrder needs a non-empty productOrderItem list")
    return items


def _check_item_shapes(items: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for item in items:
        if not item.get("id"):
            raise ValidationFailed("every productOrderItem needs an id")
        if item["id"] in seen:
            raise ValidationFailed(f"productOrderItem id {item['id']!r} is used twice; item ids are unique in an order")
        seen.add(item["id"])
        if item.get("action") not in (ADD, MODIFY, DELETE, NO_CHANGE):
            raise ValidationFailed(f"{label(item)}: action must be add, modify, delete or noChange")
        if item.get("productOrderItem"):
            raise ValidationFailed(f"{label(item)}: nested productOrderItem lists are not supported; list every "
                                   "item in the order and relate them with productOrderItemRelationship")
        if item.get("quantity", 1) != 1:
            raise ValidationFailed(f"{label(item)}: quantity must be 1; order several products as several items")
    for item in items:
        for relationship in item.get("productOrderItemRelationship", []):
            if relationship.get("relationshipType") not in RELATIONSHIP_TYPES:
                raise ValidationFailed(f"{label(item)}: relationshipType must be one of {', '.join(RELATIONSHIP_TYPES)}"
                                       f", not {relationship.get('relationshipType')!r}")
            if relationship.get("id") not in seen or relationship.get("id") == item["id"]:
                raise ValidationFailed(f"{label(item)}: productOrderItemRelationship names item "
                                       f"{relationship.get('id')!r}, which is not another item of this order")
        for relationship in (item.get("product") or {}).get("productRelationship", []):
            if relationship.get("relationshipType") not in RELATIONSHIP_TYPES:
                raise ValidationFailed(f"{label(item)}: product.productRelationship relationshipType must be one of "
                                       f"{', '.join(RELATIONSHIP_TYPES)}, not {relationship.get('relationshipType')!r}")


def _customer(order: Mapping[str, Any], work: UnitOfWork) -> str:
    parties = [party for party in order.get("relatedParty", []) if party.get("@referredType") == CUSTOMER]
    if len(parties) != 1:
        raise ValidationFailed('a ProductOrder names exactly one ordering customer in relatedParty: an entry with '
                               f'"@referredType": "Customer"; it names {len(parties)}')
    customer_id = str(parties[0].get("id"))
    if work.find(CUSTOMER, customer_id) is None:
        raise InvalidReference(f"relatedParty names Customer {customer_id!r}, which does not exist")
    return customer_id


def _check_accounts(context: OrderContext, work: UnitOfWork) -> None:
    references = [("the order", context.order.get("billingAccount"))]
    references += [(label(item), item.get("billingAccount")) for item in context.items.values()]
    for where, reference in references:
        if not reference:
            continue
        account_id = str(reference.get("id"))
        account = context.accounts.get(account_id) or work.find(BILLING_ACCOUNT, account_id)
        if account is None:
            raise InvalidReference(f"{where}: billingAccount {account_id!r} does not exist")
        if (customer_party(account) or {}).get("id") != context.customer_id:
            raise ValidationFailed(f"{where}: billing account {account_id!r} belongs to another customer than "
                                   f"{context.customer_id!r}")
        if not is_open(account):
            raise ValidationFailed(f"{where}: billing account {account_id!r} is closed")
        context.accounts[account_id] = account


