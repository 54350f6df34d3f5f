"""MACD rules of value-added services (roaming packs, caller tunes, data add-ons) and devices.

A VAS or device relies on one subscription (an installed plan of the customer in service, or a plan
added by the same order): add it with a `reliesOn` relationship, remove it with a delete item, change
it (devices: another device offering; VAS: its characteristics) with a modify item. A subscription
holds each VAS offering at most once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.catalog.port import PLAN, VAS
from component.domain.inventory.resources import NOT_TERMINATED
from component.domain.kernel.errors import ValidationFailed
from component.domain.ordering.macd.context import RELIES_ON, OrderContext, label


def check_addon_add(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    link = ctx.linked(item, RELIES_ON, PLAN)
    offering = ctx.offering(item)
    if offering.role != VAS:
        return
    if link.product_id is not None:
        for product in ctx.base.related_to(link.product_id, NOT_TERMINATED):
            if (product.get("productOffering") or {}).get("id") == offering.id and not ctx.deleted(product["id"]):
                raise ValidationFailed(f"{label(item)}: subscription {link.product_id!r} already has {offering.name} "
                                       f"(product {product['id']!r})")
    for other in ctx.adds(VAS):
        if other is not item and ctx.offering(other).id == offering.id and ctx.points_to(other, RELIES_ON, link):
            raise ValidationFailed(f"{label(item)}: item {other['id']!r} adds {offering.name} to the same "
                                   "subscription")


def check_addon_modify(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    product = ctx.target(item)
    old, new = ctx.installed_offering(product), ctx.offering(item)
    if new.role != old.role:
        raise ValidationFailed(f"{label(item)}: a {old.role} can only change to another {old.role} offering, "
                               f"not to {new.id!r} ({new.role})")
    if (item.get("product") or {}).get("status") not in (None, product.get("status")):
        raise ValidationFailed(f"{label(item)}: the status of a {old.role} follows its subscription")


def check_addon_delete(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    ctx.target(item)
