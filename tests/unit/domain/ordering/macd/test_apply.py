"""Applying order items to the installed base is idempotent, keyed by order item, and cascades along
relationships (an in-memory installed base; no HTTP, no database)."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, YamlCatalog
from component.domain.ordering.macd.apply import apply_item, apply_order, dependency_order
from component.domain.ordering.macd.context import OrderContext

CATALOG = YamlCatalog.from_file(DEFAULT_CATALOG_FILE)
NOW = "2030-01-01T00:00:00.000Z"


class MemoryBase:
    """An InstalledBase in a dict."""

    def __init__(self) -> None:
        self.products: dict[str, dict[str, Any]] = {}
        self.ids = (f"p{number}" for number in itertools.count(1))

    def product(self, product_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        found = self.products.get(product_id)
        return copy.deepcopy(found) if found else None

    def related_to(self, product_id: str, statuses: Iterable[str]) -> list[dict[str, Any]]:
        return [copy.deepcopy(p) for p in self.products.values() if p["status"] in set(statuses)
                and any(link["product"]["id"] == product_id for link in p.get("productRelationship", []))]

    def with_characteristic(self, name: str, value: Any, statuses: Iterable[str]) -> list[dict[str, Any]]:
        return [p for p in self.products.values() if p["status"] in set(statuses)
                and {"name": name, "value": value} in p.get("productCharacteristic", [])]

    def created_by(self, order_id: str, item_id: str) -> dict[str, Any] | None:
        return next((copy.deepcopy(p) for p in self.products.values() for entry in p["productOrderItem"]
                     if (entry["productOrderId"], entry["orderItemId"], entry["orderItemAction"]) ==
                     (order_id, item_id, "add")), None)

    def add(self, body: Mapping[str, Any]) -> dict[str, Any]:
        product = {**copy.deepcopy(dict(body)), "id": next(self.ids)}
        self.products[product["id"]] = product
        return product

    def update(self, product: dict[str, Any]) -> None:
        self.products[product["id"]] = copy.deepcopy(product)


def context(base: MemoryBase, order_id: str, *items: dict[str, Any]) -> OrderContext:
    return OrderContext({"id": order_id, "productOrderItem": list(items)}, "c1", CATALOG, base)


SUBSCRIPTION = (
    {"id": "2", "action": "add", "productOffering": {"id": "sim-card"},
     "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}],
     "product": {"productCharacteristic": [{"name": "ICCID", "value": "8944000000000000001"}]}},
    {"id": "1", "action": "add", "productOffering": {"id": "prepaid-start"},
     "product": {"productCharacteristic": [{"name": "MSISDN", "value": "447700900001"}]}},
)


def test_items_are_applied_after_the_items_they_rely_on() -> None:
    assert [item["id"] for item in dependency_order(context(MemoryBase(), "o1", *SUBSCRIPTION))] == ["1", "2"]


def test_applying_an_order_twice_creates_each_product_once() -> None:
    base = MemoryBase()
    apply_order(context(base, "o1", *SUBSCRIPTION), NOW)
    apply_order(context(base, "o1", *SUBSCRIPTION), NOW)
    assert len(base.products) == 2
    sim = next(p for p in base.products.values() if p["productOffering"]["id"] == "sim-card")
    assert sim["productRelationship"][0]["product"]["id"] == "p1"


def test_a_modify_item_is_applied_once() -> None:
    base = MemoryBase()
    apply_order(context(base, "o1", *SUBSCRIPTION), NOW)
    suspend = {"id": "1", "action": "modify", "product": {"id": "p1", "status": "suspended"}}
    apply_item(context(base, "o2", suspend), suspend, NOW)
    base.products["p1"]["status"] = "active"  # resumed by some later order
    apply_item(context(base, "o2", suspend), suspend, NOW)
    assert base.products["p1"]["status"] == "active"
    assert [entry["orderItemAction"] for entry in base.products["p1"]["productOrderItem"]] == ["add", "modify"]


def test_termination_cascades_to_everything_relying_on_the_subscription() -> None:
    base = MemoryBase()
    apply_order(context(base, "o1", *SUBSCRIPTION), NOW)
    terminate = {"id": "1", "action": "delete", "product": {"id": "p1"}}
    apply_item(context(base, "o2", terminate), terminate, NOW)
    assert {p["status"] for p in base.products.values()} == {"terminated"}
    assert base.products["p2"]["productOrderItem"][-1]["role"] == "dependant"
