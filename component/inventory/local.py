"""The installed base kept in this component's database, through the request's unit of work."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from component.domain.resource_type import UnitOfWork
from component.inventory.resources import PRODUCT

KIND = PRODUCT.name


class LocalInstalledBase:
    """`InstalledBase` over a `UnitOfWork`: reads and writes commit with the order change."""

    def __init__(self, work: UnitOfWork) -> None:
        self.work = work

    def product(self, product_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        # A deep copy: `find` shares nested lists with the version `save` compares against.
        found = self.work.find(KIND, product_id, for_update=for_update)
        return copy.deepcopy(found) if found is not None else None

    def related_to(self, product_id: str, statuses: Iterable[str]) -> list[dict[str, Any]]:
        query = urlencode({"productRelationship.product.id": product_id, "status": ",".join(statuses)})
        return [product for product in self.work.find_all(KIND, query)
                if any((link.get("product") or {}).get("id") == product_id
                       for link in product.get("productRelationship", []))]

    def with_characteristic(self, name: str, value: Any, statuses: Iterable[str]) -> list[dict[str, Any]]:
        query = urlencode({"productCharacteristic.value": str(value), "status": ",".join(statuses)})
        return [product for product in self.work.find_all(KIND, query)
                if any(item.get("name") == name and item.get("value") == value
                       for item in product.get("productCharacteristic", []))]

    def created_by(self, order_id: str, item_id: str) -> dict[str, Any] | None:
        query = urlencode({"productOrderItem.productOrderId": order_id, "productOrderItem.orderItemId": item_id})
        for product in self.work.find_all(KIND, query):
            for entry in product.get("productOrderItem", []):
                if (entry.get("productOrderId"), entry.get("orderItemId"), entry.get("orderItemAction")) == (
                        order_id, item_id, "add"):
                    return product
        return None

    def add(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.work.create(KIND, body)

    def update(self, product: dict[str, Any]) -> None:
        self.work.save(KIND, product)
