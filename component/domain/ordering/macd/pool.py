"""MACD rules of a shared data pool and its memberships.

- create a pool: add a data pool offering (`poolSize`, GB) relying on a donor subscription, which has
  no other pool;
- add a member: add a pool membership offering (`allocation`, GB) with a `memberOf` relationship to
  the pool and a `reliesOn` relationship to a subscription of the same customer that is neither the
  pool's donor nor a member of another pool;
- remove a member: delete the membership; change an allocation or the pool size: modify them.

The allocations of a pool's members never add up to more than its size: every order touching a pool
is checked against the pool as the order would leave it (400 otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.catalog.port import DATA_POOL, PLAN, POOL_MEMBERSHIP
from component.domain.inventory.resources import NOT_TERMINATED
from component.domain.kernel.errors import ValidationFailed
from component.domain.ordering.characteristics import characteristics_of
from component.domain.ordering.macd.context import MEMBER_OF, MODIFY, RELIES_ON, Link, OrderContext, label

POOL_SIZE, ALLOCATION = "poolSize", "allocation"


def check_pool_add(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    donor = ctx.linked(item, RELIES_ON, PLAN)
    if donor.product_id is not None:
        pools = [pool for pool in _dependants(ctx, donor.product_id, DATA_POOL) if not ctx.deleted(pool["id"])]
        if pools:
            raise ValidationFailed(f"{label(item)}: subscription {donor.product_id!r} already donates data pool "
                                   f"{pools[0]['id']!r}")
    for other in ctx.adds(DATA_POOL):
        if other is not item and ctx.points_to(other, RELIES_ON, donor):
            raise ValidationFailed(f"{label(item)}: item {other['id']!r} creates another pool on the same donor")


def check_pool_modify(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    ctx.target(item)
    check_allocations(ctx, Link(MEMBER_OF, product_id=str(item["product"]["id"])), label(item))


def check_membership_add(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    pool = ctx.linked(item, MEMBER_OF, DATA_POOL)
    member = ctx.linked(item, RELIES_ON, PLAN)
    if member.key == _donor(ctx, pool).key:
        raise ValidationFailed(f"{label(item)}: the donor subscription of a pool is not one of its members")
    if member.product_id is not None:
        memberships = [product for product in _dependants(ctx, member.product_id, POOL_MEMBERSHIP)
                       if not ctx.deleted(product["id"])]
        if memberships:
            raise ValidationFailed(f"{label(item)}: subscription {member.product_id!r} is already a pool member "
                                   f"(membership {memberships[0]['id']!r})")
    for other in ctx.adds(POOL_MEMBERSHIP):
        if other is not item and ctx.points_to(other, RELIES_ON, member):
            raise ValidationFailed(f"{label(item)}: item {other['id']!r} adds the same subscription to a pool")
    check_allocations(ctx, pool, label(item))


def check_membership_modify(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    product = ctx.target(item)
    pools = [link for link in product.get("productRelationship", []) if link.get("relationshipType") == MEMBER_OF]
    for link in pools:
        check_allocations(ctx, Link(MEMBER_OF, product_id=str(link["product"]["id"])), label(item))


def check_pool_member_delete(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    ctx.target(item)


def check_allocations(ctx: OrderContext, pool: Link, where: str) -> None:
    """The pool as this order leaves it: its members' allocations fit in its size."""
    size = pool_size(ctx, pool)
    allocations: dict[str, int] = {}
    if pool.product_id is not None:
        for membership in _dependants(ctx, pool.product_id, POOL_MEMBERSHIP, MEMBER_OF):
            if ctx.deleted(membership["id"]):
                continue
            value = characteristics_of(membership).get(ALLOCATION, 0)
            for change in ctx.items_on(membership["id"]):
                value = characteristics_of(change.get("product")).get(ALLOCATION, value)
            allocations[membership["id"]] = value
    for other in ctx.adds(POOL_MEMBERSHIP):
        if ctx.points_to(other, MEMBER_OF, pool):
            allocations[f"item {other['id']}"] = characteristics_of(other.get("product")).get(ALLOCATION, 0)
    total = sum(allocations.values())
    if total > size:
        raise ValidationFailed(f"{where}: the members' allocations of data pool {_name(pool)} would total {total} GB, "
                               f"more than its size of {size} GB")


def pool_size(ctx: OrderContext, pool: Link) -> int:
    if pool.item_id is not None:
        return int(characteristics_of(ctx.items[pool.item_id].get("product")).get(POOL_SIZE, 0))
    size = characteristics_of(ctx.installed(str(pool.product_id), "data pool")).get(POOL_SIZE, 0)
    for change in ctx.items_on(str(pool.product_id)):
        if change.get("action") == MODIFY:
            size = characteristics_of(change.get("product")).get(POOL_SIZE, size)
    return int(size)


def _donor(ctx: OrderContext, pool: Link) -> Link:
    if pool.item_id is not None:
        return ctx.linked(ctx.items[pool.item_id], RELIES_ON, PLAN)
    product = ctx.installed(str(pool.product_id), "data pool")
    donors = [link["product"]["id"] for link in product.get("productRelationship", [])
              if link.get("relationshipType") == RELIES_ON]
    return Link(RELIES_ON, product_id=str(donors[0])) if donors else Link(RELIES_ON, product_id="")


def _dependants(ctx: OrderContext, product_id: str, role: str,
                relationship_type: str = RELIES_ON) -> list[dict[str, Any]]:
    return [product for product in ctx.base.related_to(product_id, NOT_TERMINATED)
            if ctx.installed_offering(product).role == role
            and any(link.get("relationshipType") == relationship_type
                    and link.get("product", {}).get("id") == product_id
                    for link in product.get("productRelationship", []))]


def _name(pool: Link) -> str:
    return repr(pool.product_id) if pool.product_id is not None else f"of item {pool.item_id!r}"

