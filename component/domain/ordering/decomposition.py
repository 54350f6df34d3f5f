"""Decomposing a product order into the service order that fulfils it (the catalogue's product ->
service mapping, `component.domain.ordering.service_mapping`).

For each item: the product specification it is about (the ordered offering's for an add, the installed
product's otherwise), the conditions that hold (portIn, statusChange, ...), and the services of every
mapping rule that applies. Service items are named `<product order item id>-<service name>`; their
`dependsOn` relationships are resolved inside the item, then along the order's item relationships.
The result also maps each service item back to its product order item: the roll-up reads it.
An order whose items need no network work decomposes into no service order at all.
Pure: reads the catalogue and (read-only) the installed base, writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from component.domain.catalog.port import CatalogPort
from component.domain.inventory.port import InstalledBase
from component.domain.ordering.characteristics import characteristics_of
from component.domain.ordering.macd.context import ADD, DELETE, MODIFY
from component.domain.ordering.macd.subscription import PORT_OUT, TERMINATION_REASON, is_port_in
from component.domain.ordering.service_mapping import RELIANT, RELIED_ON, ServiceMapping, ServiceTemplate


@dataclass
class Decomposition:
    """The service order body to submit (None: nothing for the network) and service item -> order item."""

    body: dict[str, Any] | None
    item_of: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Planned:
    item_id: str
    template: ServiceTemplate
    service_item: dict[str, Any]


def decompose(order: Mapping[str, Any], catalog: CatalogPort, mapping: ServiceMapping,
              base: InstalledBase) -> Decomposition:
    planned: list[_Planned] = []
    for item in order.get("productOrderItem", []):
        installed = _installed(item, base)
        specification = _specification(item, catalog, installed)
        if specification is None:
            continue
        conditions = _conditions(item, installed)
        characteristics = {**characteristics_of(installed), **characteristics_of(item.get("product"))}
        for rule in mapping.rules_for(specification, item["action"]):
            if rule.applies(conditions):
                planned += [_Planned(item["id"], template, _service_item(item, template, characteristics))
                            for template in rule.services]
    if not planned:
        return Decomposition(None)
    _unique_ids(planned)
    _link(order, planned)
    body = {
        "externalId": order["id"],
        "description": f"Fulfils product order {order['id']}",
        "category": "mobile",
        "priority": order.get("priority", "4"),
        # TMF641's RelatedParty requires @type (TMF622's does not)
        "relatedParty": [{"@type": "RelatedParty", **party} for party in order.get("relatedParty", [])],
        "orderRelationship": [{"id": order["id"], "href": order.get("href"), "relationshipType": "fulfils",
                               "@referredType": "ProductOrder"}],
        "serviceOrderItem": [entry.service_item for entry in planned],
    }
    if order.get("requestedCompletionDate"):
        body["requestedCompletionDate"] = order["requestedCompletionDate"]
    return Decomposition(body, {entry.service_item["id"]: entry.item_id for entry in planned})


def _installed(item: Mapping[str, Any], base: InstalledBase) -> dict[str, Any] | None:
    product_id = (item.get("product") or {}).get("id")
    return base.product(str(product_id)) if product_id and item.get("action") != ADD else None


def _specification(item: Mapping[str, Any], catalog: CatalogPort, installed: Mapping[str, Any] | None) -> str | None:
    if item.get("action") == ADD:
        offering = catalog.offering(str((item.get("productOffering") or {}).get("id")))
        return offering.specification_id if offering else None
    return ((installed or {}).get("productSpecification") or {}).get("id")


def _conditions(item: Mapping[str, Any], installed: Mapping[str, Any] | None) -> set[str]:
    requested = item.get("product") or {}
    given = characteristics_of(requested)
    found: set[str] = set()
    if is_port_in(item):
        found.add("portIn")
    if item.get("action") == DELETE and given.get(TERMINATION_REASON) == PORT_OUT:
        found.add("portOut")
    if item.get("action") == MODIFY and installed is not None:
        if requested.get("status") and requested["status"] != installed.get("status"):
            found.add("statusChange")
        if requested.get("place"):
            found.add("placeChange")
        offering = (item.get("productOffering") or {}).get("id")
        if offering and offering != (installed.get("productOffering") or {}).get("id"):
            found.add("offeringChange")
        account = (item.get("billingAccount") or {}).get("id")
        if account and account != (installed.get("billingAccount") or {}).get("id"):
            found.add("accountChange")
        current = characteristics_of(installed)
        if any(current.get(name) != value for name, value in given.items()):
            found.add("characteristicChange")
    return found


def _service_item(item: Mapping[str, Any], template: ServiceTemplate, characteristics: Mapping[str, Any]) -> dict:
    wanted = characteristics if "*" in template.characteristics else {
        name: characteristics[name] for name in template.characteristics if name in characteristics}
    service: dict[str, Any] = {
        "name": template.specification.name,
        "serviceType": template.specification.service_type,
        "serviceSpecification": template.specification.reference(),
        "serviceCharacteristic": [{"name": name, "value": value} for name, value in wanted.items()],
        "@type": "Service",
    }
    return {"id": f"{item['id']}-{template.name}", "action": template.action or item["action"], "service": service,
            "@type": "ServiceOrderItem"}


def _unique_ids(planned: list[_Planned]) -> None:
    seen: dict[str, int] = {}
    for entry in planned:
        base_id = entry.service_item["id"]
        seen[base_id] = seen.get(base_id, 0) + 1
        if seen[base_id] > 1:
            entry.service_item["id"] = f"{base_id}-{seen[base_id]}"


def _link(order: Mapping[str, Any], planned: list[_Planned]) -> None:
    relied_on: dict[str, set[str]] = {item["id"]: {str(link.get("id")) for link in
                                                   item.get("productOrderItemRelationship", [])}
                                      for item in order.get("productOrderItem", [])}
    reliant: dict[str, set[str]] = {key: set() for key in relied_on}
    for key, targets in relied_on.items():
        for target in targets:
            reliant.setdefault(target, set()).add(key)
    for entry in planned:
        wanted: list[str] = []
        for dependency in entry.template.depends_on:
            if dependency.startswith(RELIED_ON) or dependency.startswith(RELIANT):
                items = relied_on if dependency.startswith(RELIED_ON) else reliant
                specification = dependency.split(":", 1)[1]
                wanted += [other.service_item["id"] for other in planned
                           if other.item_id in items.get(entry.item_id, set())
                           and other.template.specification.id == specification]
            else:
                wanted += [other.service_item["id"] for other in planned
                           if other.item_id == entry.item_id and other.template.name == dependency]
        if wanted:
            entry.service_item["serviceOrderItemRelationship"] = [
                {"relationshipType": "dependsOn", "orderItem": {"id": other, "itemId": other}} for other in wanted]
