"""MACD rules of a mobile subscription (a plan product) and its SIM.

- new subscription: add a plan (MSISDN, a billing account of the plan's payment type) and add a SIM
  (ICCID) that relies on it, in the same order; port-in is a new subscription whose plan item also
  gives `donorOperator` (and `portingCode`); the number must not be one of this operator's numbers;
- suspension / resumption: modify the plan with `product.status` suspended / active;
- relocation: modify the plan with a new `product.place` list;
- plan change: modify the plan with another plan `productOffering` of the same payment type;
- prepaid <-> postpaid: modify the plan with a plan offering of the other payment type and a billing
  account of that type (accountType) of the same customer;
- SIM change: modify the SIM with a new ICCID (the MSISDN stays on the plan);
- termination / port-out: delete the plan (`terminationReason`; portOut needs `recipientOperator`).

Each `check_*` raises ValidationFailed / InvalidReference with a message naming the item.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.catalog.port import PLAN, SIM
from component.domain.inventory.resources import ACTIVE, NOT_TERMINATED, SUSPENDED
from component.domain.kernel.errors import ValidationFailed
from component.domain.ordering.characteristics import characteristics_of
from component.domain.ordering.macd.context import ADD, MODIFY, RELIES_ON, Link, OrderContext, label

MSISDN, ICCID = "MSISDN", "ICCID"
DONOR_OPERATOR, PORTING_CODE = "donorOperator", "portingCode"
TERMINATION_REASON, RECIPIENT_OPERATOR, PORT_OUT = "terminationReason", "recipientOperator", "portOut"
PORT_IN_ONLY = (DONOR_OPERATOR, PORTING_CODE)
TERMINATION_ONLY = (TERMINATION_REASON, RECIPIENT_OPERATOR)


def is_port_in(item: Mapping[str, Any]) -> bool:
    return item.get("action") == ADD and DONOR_OPERATOR in characteristics_of(item.get("product"))


def missing_porting_code(item: Mapping[str, Any]) -> bool:
    return is_port_in(item) and PORTING_CODE not in characteristics_of(item.get("product"))


# ---------------------------------------------------------------- plan
def check_plan_add(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    given = characteristics_of(item.get("product"))
    if set(given) & set(TERMINATION_ONLY):
        raise ValidationFailed(f"{label(item)}: {', '.join(TERMINATION_ONLY)} belong to a delete item")
    if PORTING_CODE in given and DONOR_OPERATOR not in given:
        raise ValidationFailed(f"{label(item)}: a port-in names the donorOperator the number comes from")
    _check_number_free(ctx, item, MSISDN, given.get(MSISDN))
    _check_account_type(ctx, item, ctx.offering(item).payment_type, required=True)
    sims = [other for other in ctx.adds(SIM) if ctx.points_to(other, RELIES_ON, _item_link(item))]
    if len(sims) != 1:
        raise ValidationFailed(f"{label(item)}: a new subscription needs exactly one SIM item (an add of a SIM "
                               f"offering with a reliesOn productOrderItemRelationship to it); it has {len(sims)}")


def check_plan_modify(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    product = ctx.target(item)
    given = characteristics_of(item.get("product"))
    current = characteristics_of(product)
    if MSISDN in given and given[MSISDN] != current.get(MSISDN):
        raise ValidationFailed(f"{label(item)}: the MSISDN of a subscription cannot change (it is "
                               f"{current.get(MSISDN)!r}); port the number out and in instead")
    if set(given) & (set(PORT_IN_ONLY) | set(TERMINATION_ONLY)):
        raise ValidationFailed(f"{label(item)}: {', '.join(PORT_IN_ONLY + TERMINATION_ONLY)} cannot be modified")
    status = (item.get("product") or {}).get("status")
    if status is not None and status != product.get("status"):
        allowed = {ACTIVE: SUSPENDED, SUSPENDED: ACTIVE}
        if allowed.get(product.get("status")) != status:
            raise ValidationFailed(f"{label(item)}: a {product.get('status')} subscription can only be set "
                                   f"{allowed.get(product.get('status'), 'nothing')} by a modify item, not {status}")
    new = ctx.offering(item)
    old = ctx.installed_offering(product)
    if new.role != PLAN:
        raise ValidationFailed(f"{label(item)}: a plan can only change to another plan offering, not to {new.id!r}")
    changes_type = new.payment_type != old.payment_type
    _check_account_type(ctx, item, new.payment_type, required=changes_type)


def check_plan_delete(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    ctx.target(item)
    given = characteristics_of(item.get("product"))
    unexpected = set(given) - set(TERMINATION_ONLY)
    if unexpected:
        raise ValidationFailed(f"{label(item)}: a delete item gives only {', '.join(TERMINATION_ONLY)}, not "
                               f"{', '.join(sorted(unexpected))}")
    port_out = given.get(TERMINATION_REASON) == PORT_OUT
    if port_out and RECIPIENT_OPERATOR not in given:
        raise ValidationFailed(f"{label(item)}: a port-out (terminationReason portOut) names the recipientOperator")
    if RECIPIENT_OPERATOR in given and not port_out:
        raise ValidationFailed(f"{label(item)}: recipientOperator is given only with terminationReason portOut")


# ---------------------------------------------------------------- SIM
def check_sim_add(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    link = ctx.linked(item, RELIES_ON, PLAN)
    _check_number_free(ctx, item, ICCID, characteristics_of(item.get("product")).get(ICCID))
    if link.product_id is not None:
        sims = [sim for sim in ctx.base.related_to(link.product_id, NOT_TERMINATED)
                if ctx.installed_offering(sim).role == SIM and not ctx.deleted(sim["id"])]
        if sims:
            raise ValidationFailed(f"{label(item)}: subscription {link.product_id!r} already has SIM "
                                   f"{sims[0]['id']!r}; change its ICCID with a modify item")
    others = [other for other in ctx.adds(SIM) if other is not item and ctx.points_to(other, RELIES_ON, link)]
    if others:
        raise ValidationFailed(f"{label(item)}: item {others[0]['id']!r} adds another SIM to the same subscription")


def check_sim_modify(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    product = ctx.target(item)
    iccid = characteristics_of(item.get("product")).get(ICCID)
    if iccid is not None and iccid != characteristics_of(product).get(ICCID):
        _check_number_free(ctx, item, ICCID, iccid)


def check_sim_delete(ctx: OrderContext, item: Mapping[str, Any]) -> None:
    product = ctx.target(item)
    plans = [link.get("product", {}).get("id") for link in product.get("productRelationship", [])
             if link.get("relationshipType") == RELIES_ON]
    if not any(ctx.deleted(str(plan)) for plan in plans):
        raise ValidationFailed(f"{label(item)}: a subscription cannot lose its SIM; change the SIM with a modify "
                               "item, or delete the subscription")


# ---------------------------------------------------------------- helpers
def _item_link(item: Mapping[str, Any]) -> Link:
    return Link(RELIES_ON, item_id=str(item["id"]))


def _check_number_free(ctx: OrderContext, item: Mapping[str, Any], name: str, value: Any) -> None:
    """An MSISDN or ICCID is used by one product only (among products not terminated, and this order)."""
    if value is None:
        return
    holders = [product for product in ctx.base.with_characteristic(name, value, NOT_TERMINATED)
               if not ctx.deleted(product["id"])]
    if holders:
        raise ValidationFailed(f"{label(item)}: {name} {value!r} is already in use by product {holders[0]['id']!r}")
    for other in ctx.items.values():
        if other is not item and other.get("action") in (ADD, MODIFY) and \
                characteristics_of(other.get("product")).get(name) == value:
            raise ValidationFailed(f"{label(item)}: {name} {value!r} is also given by item {other['id']!r}")


def _check_account_type(ctx: OrderContext, item: Mapping[str, Any], payment_type: str | None, *,
                        required: bool) -> None:
    account = ctx.account_of(item)
    if account is None:
        if required:
            raise ValidationFailed(f"{label(item)}: a {payment_type} plan needs a billingAccount (on the item or "
                                   f"the order) of accountType {payment_type}")
        return
    if account.get("accountType") != payment_type:
        raise ValidationFailed(f"{label(item)}: billing account {account['id']!r} is {account.get('accountType')}; "
                               f"a {payment_type} plan needs a {payment_type} billing account")
