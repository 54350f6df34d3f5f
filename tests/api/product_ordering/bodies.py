"""Request bodies for the TMF622 tests: MACD order shapes (the ones docs/macd/ shows) built per test."""

from __future__ import annotations

import zlib
from typing import Any


def numbers(tag: str, salt: str = "") -> tuple[str, str]:
    """An MSISDN and an ICCID unique to a test (and `salt`)."""
    seed = zlib.crc32(f"{tag}{salt}".encode()) * 1000 + int(tag[:3], 16) % 1000
    return f"4477{seed % 10**9:09d}", f"8944{seed % 10**15:015d}"


def ref(resource: dict[str, Any], referred_type: str | None = None) -> dict[str, Any]:
    body = {"id": resource["id"]}
    if referred_type:
        body["@referredType"] = referred_type
    return body


def customer_party(customer: dict[str, Any]) -> dict[str, Any]:
    return {"id": customer["id"], "role": "customer", "@referredType": "Customer"}


def characteristics(**values: Any) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in values.items()]


def order(customer: dict[str, Any], *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"relatedParty": [customer_party(customer)], "productOrderItem": list(items)}
    body.update(extra)
    return body


def add(item_id: str, offering: str, *, account: dict[str, Any] | None = None, relies_on: str | None = None,
        relies_on_product: str | None = None, member_of: str | None = None, member_of_product: str | None = None,
        **chars: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "action": "add", "productOffering": {"id": offering}}
    product: dict[str, Any] = {}
    if chars:
        product["productCharacteristic"] = characteristics(**chars)
    relationships = []
    if relies_on_product:
        relationships.append({"relationshipType": "reliesOn", "product": {"id": relies_on_product}})
    if member_of_product:
        relationships.append({"relationshipType": "memberOf", "product": {"id": member_of_product}})
    if relationships:
        product["productRelationship"] = relationships
    if product:
        item["product"] = product
    item_links = [{"id": relies_on, "relationshipType": "reliesOn"}] if relies_on else []
    item_links += [{"id": member_of, "relationshipType": "memberOf"}] if member_of else []
    if item_links:
        item["productOrderItemRelationship"] = item_links
    if account:
        item["billingAccount"] = ref(account)
    return item


def modify(item_id: str, product_id: str, *, offering: str | None = None, account: dict[str, Any] | None = None,
           **product: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "action": "modify", "product": {"id": product_id, **product}}
    if offering:
        item["productOffering"] = {"id": offering}
    if account:
        item["billingAccount"] = ref(account)
    return item


def delete(item_id: str, product_id: str, **chars: Any) -> dict[str, Any]:
    product: dict[str, Any] = {"id": product_id}
    if chars:
        product["productCharacteristic"] = characteristics(**chars)
    return {"id": item_id, "action": "delete", "product": product}


def new_subscription(customer: dict[str, Any], account: dict[str, Any], msisdn: str, iccid: str, *,
                     plan: str = "prepaid-start", **plan_chars: Any) -> dict[str, Any]:
    """Plan + SIM + MSISDN: the shape of a new mobile subscription (docs/macd/01-new-subscription.json)."""
    return order(customer, add("1", plan, account=account, MSISDN=msisdn, **plan_chars),
                 add("2", "sim-card", relies_on="1", ICCID=iccid))
