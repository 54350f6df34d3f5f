"""What the MACD rules know about one product order while checking or applying it: its customer, its
items by id, the catalogue offering and installed product each item is about, and the links between
items and installed products.

Links: an order item says what it relies on either inside the order
(`productOrderItemRelationship: [{"id": "1", "relationshipType": "reliesOn"}]`) or in the installed
base (`product.productRelationship: [{"relationshipType": "reliesOn", "product": {"id": "<product>"}}]`).
Two relationship types exist: `reliesOn` (a SIM, VAS, device, data pool or pool membership relies on a
subscription) and `memberOf` (a pool membership is a member of a data pool).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from component.domain.catalog.port import CatalogPort, Offering
from component.domain.inventory.port import InstalledBase
from component.domain.inventory.resources import IN_SERVICE
from component.domain.kernel.errors import InvalidReference, ValidationFailed

ADD, MODIFY, DELETE, NO_CHANGE = "add", "modify", "delete", "noChange"
RELIES_ON, MEMBER_OF = "reliesOn", "memberOf"
RELATIONSHIP_TYPES = (RELIES_ON, MEMBER_OF)


@dataclass(frozen=True)
class Link:
    """One relationship of an order item: to another item of the order or to an installed product."""

    relationship_type: str
    item_id: str | None = None
    product_id: str | None = None

    @property
    def key(self) -> str:
        return f"item:{self.item_id}" if self.item_id is not None else f"product:{self.product_id}"


def label(item: Mapping[str, Any]) -> str:
    return f"productOrderItem {item.get('id')!r}"


class OrderContext:
    """One order seen against the catalogue and the installed base of its customer."""

    def __init__(self, order: Mapping[str, Any], customer_id: str, catalog: CatalogPort, base: InstalledBase) -> None:
        self.order = order
        self.customer_id = customer_id
        self.catalog = catalog
        self.base = base
        self.items: dict[str, dict[str, Any]] = {item["id"]: item for item in order.get("productOrderItem", [])}
        self._products: dict[str, dict[str, Any]] = {}
        self.accounts: dict[str, dict[str, Any]] = {}  # billing accounts the order names, checked, by id

    # ---------------------------------------------------------------- catalogue
    def offering(self, item: Mapping[str, Any]) -> Offering:
        """The offering an item orders: its productOffering, else (modify, delete) the installed product's."""
        reference = item.get("productOffering")
        if reference is None and item.get("action") != ADD:
            reference = self.target(item).get("productOffering")
        offering_id = (reference or {}).get("id")
        if offering_id is None:
            raise ValidationFailed(f"{label(item)}: an add item needs a productOffering with the id of a catalogue "
                                   "offering")
        offering = self.catalog.offering(str(offering_id))
        if offering is None:
            raise ValidationFailed(f"{label(item)}: productOffering {offering_id!r} is not in the product catalogue")
        return offering

    def installed_offering(self, product: Mapping[str, Any]) -> Offering:
        offering_id = (product.get("productOffering") or {}).get("id")
        offering = self.catalog.offering(str(offering_id))
        if offering is None:
            raise ValidationFailed(f"product {product.get('id')!r} is of offering {offering_id!r}, which the "
                                   "catalogue no longer holds")
        return offering

    def role(self, item: Mapping[str, Any]) -> str:
        if item.get("action") == ADD:
            return self.offering(item).role
        return self.installed_offering(self.target(item)).role

    def account_of(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        """The billing account an item names, else the order's, else None."""
        reference = item.get("billingAccount") or self.order.get("billingAccount")
        return self.accounts.get(str(reference["id"])) if reference else None

    # ---------------------------------------------------------------- installed base
    def installed(self, product_id: str, where: str) -> dict[str, Any]:
        """An installed product of the ordering customer (InvalidReference otherwise)."""
        if product_id not in self._products:
            product = self.base.product(product_id)
            if product is None:
                raise InvalidReference(f"{where}: product {product_id!r} is not in the installed base")
            owners = {party.get("id") for party in product.get("relatedParty", [])}
            if self.customer_id not in owners:
                raise InvalidReference(f"{where}: product {product_id!r} does not belong to customer "
                                       f"{self.customer_id!r}")
            self._products[product_id] = product
        return self._products[product_id]

    def target(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """The installed product a modify, delete or noChange item is about, in service (active or suspended)."""
        product_id = (item.get("product") or {}).get("id")
        if not product_id:
            raise ValidationFailed(f"{label(item)}: a {item.get('action')} item needs product.id, the id of an "
                                   "installed product")
        product = self.installed(str(product_id), label(item))
        if product.get("status") not in IN_SERVICE:
            raise ValidationFailed(f"{label(item)}: product {product_id!r} is {product.get('status')}; only "
                                   f"{' or '.join(IN_SERVICE)} products can be changed")
        return product

    # ---------------------------------------------------------------- items and links
    def links(self, item: Mapping[str, Any]) -> list[Link]:
        result = [Link(str(ref.get("relationshipType")), item_id=str(ref.get("id")))
                  for ref in item.get("productOrderItemRelationship", [])]
        for relationship in (item.get("product") or {}).get("productRelationship", []):
            product_id = (relationship.get("product") or {}).get("id")
            if not product_id:
                raise ValidationFailed(f"{label(item)}: product.productRelationship needs product.id")
            result.append(Link(str(relationship.get("relationshipType")), product_id=str(product_id)))
        return result

    def linked(self, item: Mapping[str, Any], relationship_type: str, role: str) -> Link:
        """The one link of `relationship_type` from `item`, to an item or product of `role`."""
        links = [link for link in self.links(item) if link.relationship_type == relationship_type]
        if len(links) != 1:
            raise ValidationFailed(f"{label(item)}: a {self.role(item)} needs exactly one {relationship_type} "
                                   f"relationship to a {role} (an order item or an installed product); it has "
                                   f"{len(links)}")
        link = links[0]
        actual = self.link_role(link, label(item))
        if actual != role:
            raise ValidationFailed(f"{label(item)}: its {relationship_type} relationship must point to a {role}, "
                                   f"not a {actual}")
        if link.product_id is not None:
            product = self.installed(link.product_id, label(item))
            if product.get("status") not in IN_SERVICE:
                raise ValidationFailed(f"{label(item)}: {role} {link.product_id!r} is {product.get('status')}, "
                                       "not in service")
            if self.deleted(link.product_id):
                raise ValidationFailed(f"{label(item)}: {role} {link.product_id!r} is terminated by this order")
        return link

    def link_role(self, link: Link, where: str) -> str:
        if link.item_id is not None:
            other = self.items.get(link.item_id)
            if other is None or other.get("action") != ADD:
                raise ValidationFailed(f"{where}: productOrderItemRelationship names item {link.item_id!r}, which "
                                       "is not an add item of this order")
            return self.offering(other).role
        return self.installed_offering(self.installed(str(link.product_id), where)).role

    def items_on(self, product_id: str) -> Iterator[dict[str, Any]]:
        """The modify / delete items of this order about an installed product."""
        for item in self.items.values():
            if item.get("action") in (MODIFY, DELETE) and (item.get("product") or {}).get("id") == product_id:
                yield item

    def deleted(self, product_id: str) -> bool:
        return any(item.get("action") == DELETE for item in self.items_on(product_id))

    def adds(self, role: str) -> list[dict[str, Any]]:
        return [item for item in self.items.values() if item.get("action") == ADD and self.offering(item).role == role]

    def points_to(self, item: Mapping[str, Any], relationship_type: str, target: Link) -> bool:
        """Whether `item` has a `relationship_type` link to the same item / product as `target`."""
        return any(link.relationship_type == relationship_type and link.key == target.key for link in self.links(item))
