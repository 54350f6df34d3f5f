"""Applying a checked product order to the installed base: the effects of each MACD order item.

- add: a new product (status active) of the item's offering, with its characteristics, place, prices,
  billing account (the item's, the order's, or the subscription's it relies on), customer, and the
  relationships of the item resolved to product ids;
- modify: status (suspend / resume, cascading to the products relying on it), characteristics (merged
  by name), place (replaced), offering (plan or device change: specification, prices and name follow),
  billing account;
- delete: status terminated with terminationDate, cascading to everything relying on it.

Each application is idempotent, keyed by order item: a product records the order items that created or
changed it in `productOrderItem`, and an item already recorded is not applied again. So an
orchestrator may re-run an item after a crash without duplicating products.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from component.domain.inventory.resources import ACTIVE, NOT_TERMINATED, SUSPENDED, TERMINATED
from component.domain.kernel.errors import ValidationFailed
from component.domain.kernel.graph import Cycle, topological_order
from component.domain.ordering.macd.context import ADD, DELETE, MODIFY, Link, OrderContext

CASCADE = "dependant"  # RelatedProductOrderItem.role of a product changed because what it relies on changed


def dependency_order(context: OrderContext) -> list[dict[str, Any]]:
    """The items in an order that puts every add item after the items it relates to."""
    try:
        return topological_order(context.items.values(), key=lambda item: item["id"],
                                 needs=lambda item: _needs(context, item))
    except Cycle as cycle:
        names = ", ".join(repr(key) for key in cycle.keys)
        raise ValidationFailed(f"productOrderItemRelationship forms a cycle between items {names}") from None


def apply_order(context: OrderContext, now: str) -> None:
    for item in dependency_order(context):
        apply_item(context, item, now)


def apply_item(context: OrderContext, item: Mapping[str, Any], now: str) -> dict[str, Any] | None:
    """Apply one item (once: an item already applied is skipped); the product it created or changed."""
    action = item["action"]
    record = _record(context, item)
    if action == ADD:
        return context.base.created_by(context.order["id"], item["id"]) or context.base.add(
            _new_product(context, item, record, now))
    if action not in (MODIFY, DELETE):
        return None
    product = context.base.product(str(item["product"]["id"]), for_update=True)
    if product is None or _applied(product, record):
        return product
    before = product.get("status")
    if action == MODIFY:
        _modify(context, product, item)
    else:
        _terminate(product, item, now)
    product.setdefault("productOrderItem", []).append(record)
    context.base.update(product)
    if product["status"] != before:
        _cascade(context, product["id"], product["status"], {**record, "role": CASCADE}, now)
    return product


def _needs(context: OrderContext, item: Mapping[str, Any]) -> set[str]:
    if item.get("action") != ADD:
        return set()
    return {link.item_id for link in context.links(item) if link.item_id is not None}


def _record(context: OrderContext, item: Mapping[str, Any]) -> dict[str, Any]:
    record = {"productOrderId": context.order["id"], "orderItemId": item["id"], "orderItemAction": item["action"],
              "@referredType": "ProductOrder"}
    if context.order.get("href"):
        record["productOrderHref"] = context.order["href"]
    return record


def _applied(product: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    keys = ("productOrderId", "orderItemId")
    return any(all(entry.get(key) == record[key] for key in keys) for entry in product.get("productOrderItem", []))


def _new_product(context: OrderContext, item: Mapping[str, Any], record: dict[str, Any], now: str) -> dict[str, Any]:
    offering = context.offering(item)
    requested = item.get("product") or {}
    relationships = [_relationship(context, link) for link in context.links(item)]
    body: dict[str, Any] = {
        "name": offering.name,
        "status": ACTIVE,
        "isBundle": False,
        "isCustomerVisible": True,
        "productOffering": offering.reference(),
        "productSpecification": offering.specification_reference(),
        "productCharacteristic": copy.deepcopy(requested.get("productCharacteristic", [])),
        "productPrice": [copy.deepcopy(dict(price)) for price in offering.prices],
        "relatedParty": [{"id": context.customer_id, "role": "customer", "@referredType": "Customer"}],
        "productRelationship": relationships,
        "productOrderItem": [record],
        "orderDate": context.order.get("orderDate", now),
        "startDate": now,
    }
    for key in ("place", "description", "productTerm"):
        if requested.get(key):
            body[key] = copy.deepcopy(requested[key])
    account = _account_reference(context, item) or _inherited_account(context, relationships)
    if account:
        body["billingAccount"] = account
    return body


def _relationship(context: OrderContext, link: Link) -> dict[str, Any]:
    if link.item_id is not None:
        product = context.base.created_by(context.order["id"], link.item_id)
        if product is None:
            raise RuntimeError(f"item {link.item_id!r} was not applied before the items relying on it")
    else:
        product = context.installed(str(link.product_id), "relationship")
    return {"relationshipType": link.relationship_type,
            "product": {"id": product["id"], "href": product.get("href"), "name": product.get("name"),
                        "@referredType": "Product"}}


def _account_reference(context: OrderContext, item: Mapping[str, Any]) -> dict[str, Any] | None:
    account = context.account_of(item)
    if account is None:
        return None
    return {"id": account["id"], "href": account.get("href"), "name": account.get("name"),
            "@referredType": "BillingAccount"}


def _inherited_account(context: OrderContext, relationships: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    for relationship in relationships:
        product = context.base.product(relationship["product"]["id"])
        if product and product.get("billingAccount"):
            return copy.deepcopy(product["billingAccount"])
    return None


def _modify(context: OrderContext, product: dict[str, Any], item: Mapping[str, Any]) -> None:
    requested = item.get("product") or {}
    if requested.get("status"):
        product["status"] = requested["status"]
    _merge_characteristics(product, requested.get("productCharacteristic", []))
    if requested.get("place"):
        product["place"] = copy.deepcopy(requested["place"])
    reference = item.get("productOffering")
    if reference and reference.get("id") != (product.get("productOffering") or {}).get("id"):
        offering = context.offering(item)
        product.update(name=offering.name, productOffering=offering.reference(),
                       productSpecification=offering.specification_reference(),
                       productPrice=[copy.deepcopy(dict(price)) for price in offering.prices])
    account = _account_reference(context, item)
    if account:
        product["billingAccount"] = account


def _terminate(product: dict[str, Any], item: Mapping[str, Any], now: str) -> None:
    product["status"] = TERMINATED
    product["terminationDate"] = now
    _merge_characteristics(product, (item.get("product") or {}).get("productCharacteristic", []))


def _merge_characteristics(product: dict[str, Any], changes: Iterable[Mapping[str, Any]]) -> None:
    current = product.setdefault("productCharacteristic", [])
    for change in changes:
        existing = next((entry for entry in current if entry.get("name") == change.get("name")), None)
        if existing is None:
            current.append(copy.deepcopy(dict(change)))
        else:
            existing.update(copy.deepcopy(dict(change)))


def _cascade(context: OrderContext, product_id: str, status: str, record: dict[str, Any], now: str) -> None:
    """Products relying on (or members of) `product_id` follow its suspension, resumption or termination."""
    follows = {SUSPENDED: (ACTIVE,), ACTIVE: (SUSPENDED,), TERMINATED: NOT_TERMINATED}[status]
    for dependant in context.base.related_to(product_id, follows):
        product = context.base.product(dependant["id"], for_update=True)
        if product is None or product.get("status") == status:
            continue
        product["status"] = status
        if status == TERMINATED:
            product["terminationDate"] = now
        product.setdefault("productOrderItem", []).append(record)
        context.base.update(product)
        _cascade(context, product["id"], status, record, now)
