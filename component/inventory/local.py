"""The installed base kept in this component's database, through the request's unit of work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from component.domain.inventory.resources import PRODUCT
from component.domain.kernel.query import Filter, SameElement
from component.domain.kernel.resource_type import UnitOfWork

KIND = PRODUCT.name


class LocalInstalledBase:
    """`InstalledBase` over a `UnitOfWork`: reads and writes commit with the order change."""

    def __init__(self, work: UnitOfWork) -> None:
        self.work = work

    def product(self, product_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        return self.work.find(KIND, product_id, for_update=for_update)

    def related_to(self, product_id: str, statuses: Iterable[str]) -> list[dict[str, Any]]:
        return self.work.find_all(KIND, Filter("productRelationship.product.id", (product_id,)),
                                  Filter("status", tuple(statuses)))

    def with_characteristic(self, name: str, value: Any, statuses: Iterable[str]) -> list[dict[str, Any]]:
        return self.work.find_all(KIND, SameElement("productCharacteristic", (
            Filter("name", (name,)), Filter("value", (value,)))), Filter("status", tuple(statuses)))

    def created_by(self, order_id: str, item_id: str) -> dict[str, Any] | None:
        found = self.work.find_all(KIND, SameElement("productOrderItem", (
            Filter("productOrderId", (order_id,)), Filter("orderItemId", (item_id,)),
            Filter("orderItemAction", ("add",)))), limit=1)
        return found[0] if found else None

    def add(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.work.create(KIND, body)

    def update(self, product: dict[str, Any]) -> None:
        self.work.save(KIND, product)
