"""The product -> service mapping of the catalogue: which TMF641 services fulfil an order item.

Read from the catalogue file's `serviceSpecifications` and `productServiceMappings` sections (format in
`catalogue.yaml`, docs/orchestration.md). `ServiceMapping.rules_for(specification_id, action)` gives the
rules that may apply to an item; their `when` / `unless` conditions are evaluated by the orchestrator's
decomposition, which knows the order and the installed base. Nothing here knows HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CONDITIONS = ("portIn", "portOut", "statusChange", "placeChange", "offeringChange", "accountChange",
              "characteristicChange")
ACTIONS = ("add", "modify", "delete", "noChange")
RELIED_ON, RELIANT = "reliedOn:", "reliant:"


class MappingError(ValueError):
    """The mapping sections of a catalogue file are unusable; the message names the entry."""


@dataclass(frozen=True)
class ServiceSpecification:
    id: str
    name: str
    service_type: str

    def reference(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "@referredType": "ServiceSpecification"}


@dataclass(frozen=True)
class ServiceTemplate:
    """One service to order for a matching item."""

    name: str
    specification: ServiceSpecification
    characteristics: tuple[str, ...] = ()  # names copied from the item; "*": all of them
    action: str | None = None  # None: the item's action
    depends_on: tuple[str, ...] = ()  # names, or reliedOn:<spec> / reliant:<spec>


@dataclass(frozen=True)
class MappingRule:
    specifications: frozenset[str]
    actions: frozenset[str]
    when: tuple[str, ...]
    unless: tuple[str, ...]
    services: tuple[ServiceTemplate, ...]

    def applies(self, conditions: Iterable[str]) -> bool:
        present = set(conditions)
        return all(condition in present for condition in self.when) and not present & set(self.unless)


class ServiceMapping:
    def __init__(self, specifications: Mapping[str, ServiceSpecification], rules: Iterable[MappingRule]) -> None:
        self.specifications = dict(specifications)
        self.rules = tuple(rules)

    def rules_for(self, specification_id: str, action: str) -> list[MappingRule]:
        return [rule for rule in self.rules if specification_id in rule.specifications and action in rule.actions]

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], source: str, product_specifications: Iterable[str]) -> ServiceMapping:
        """Parse the two sections; an unknown product or service specification, action or condition, or a
        dependency on an unknown name, is a MappingError naming the entry."""
        known_products = set(product_specifications)
        specifications: dict[str, ServiceSpecification] = {}
        for index, entry in enumerate(raw.get("serviceSpecifications") or []):
            where = f"{source}: serviceSpecifications[{index}]"
            body = _mapping(entry, where)
            if not isinstance(body.get("id"), str) or not isinstance(body.get("serviceType"), str):
                raise MappingError(f"{where} needs a string id and serviceType")
            specifications[body["id"]] = ServiceSpecification(body["id"], str(body.get("name", body["id"])),
                                                              body["serviceType"])
        rules = [_rule(_mapping(entry, f"{source}: productServiceMappings[{index}]"),
                       f"{source}: productServiceMappings[{index}]", specifications, known_products)
                 for index, entry in enumerate(raw.get("productServiceMappings") or [])]
        return cls(specifications, rules)


def _rule(body: Mapping[str, Any], where: str, specifications: Mapping[str, ServiceSpecification],
          known_products: set[str]) -> MappingRule:
    products = _names(body.get("productSpecification"), f"{where} productSpecification")
    unknown = sorted(set(products) - known_products)
    if unknown:
        raise MappingError(f"{where} names productSpecification {unknown[0]!r}, which the catalogue does not hold")
    actions = _names(body.get("action"), f"{where} action")
    when = _names(body.get("when", []), f"{where} when")
    unless = _names(body.get("unless", []), f"{where} unless")
    for name in (*actions,):
        if name not in ACTIONS:
            raise MappingError(f"{where}: action {name!r} is not one of {', '.join(ACTIONS)}")
    for name in (*when, *unless):
        if name not in CONDITIONS:
            raise MappingError(f"{where}: condition {name!r} is not one of {', '.join(CONDITIONS)}")
    services: list[ServiceTemplate] = []
    for index, raw in enumerate(body.get("services") or []):
        service = _mapping(raw, f"{where} services[{index}]")
        spec = specifications.get(service.get("serviceSpecification"))
        if spec is None or not isinstance(service.get("name"), str):
            raise MappingError(f"{where} services[{index}] needs a name and a serviceSpecification of "
                               f"serviceSpecifications, not {service.get('serviceSpecification')!r}")
        action = service.get("action")
        if action is not None and action not in ACTIONS:
            raise MappingError(f"{where} services[{index}]: action {action!r} is not one of {', '.join(ACTIONS)}")
        services.append(ServiceTemplate(service["name"], spec, tuple(_names(service.get("characteristics", []), where)),
                                        action, tuple(_names(service.get("dependsOn", []), where))))
    names = {service.name for service in services}
    for service in services:
        for dependency in service.depends_on:
            target = dependency.removeprefix(RELIED_ON).removeprefix(RELIANT)
            if dependency == target and dependency not in names:
                raise MappingError(f"{where}: service {service.name!r} depends on {dependency!r}, which is not a "
                                   "service of the same entry (use reliedOn:<spec> or reliant:<spec> across items)")
            if dependency != target and target not in specifications:
                raise MappingError(f"{where}: service {service.name!r} depends on unknown serviceSpecification "
                                   f"{target!r}")
    return MappingRule(frozenset(products), frozenset(actions), tuple(when), tuple(unless), tuple(services))


def _names(value: Any, where: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise MappingError(f"{where}: expected a name or a list of names")
    return list(values)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MappingError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value
