"""Customer 360: one customer's details, contact media, billing accounts (with autopay), installed
products grouped by subscription (MSISDN, SIM/ICCID, value-added services, devices, data-pool role and
allocation), orders and tickets, all read through the component's services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from component.dashboard.context import Dashboard
from component.dashboard.formatting import characteristic

PLAN, SIM, VAS, DEVICE, DATA_POOL, POOL_MEMBERSHIP = "plan", "sim", "vas", "device", "dataPool", "poolMembership"
RECENT = 50  # orders and tickets shown


@dataclass
class Line:
    """A subscription (plan product) and what relies on it."""

    plan: dict[str, Any]
    sim: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)  # value-added services
    devices: list[dict[str, Any]] = field(default_factory=list)
    pool: list[dict[str, Any]] = field(default_factory=list)  # data pool or pool membership

    @property
    def msisdn(self) -> str:
        return str(characteristic(self.plan, "MSISDN") or "")


@dataclass
class Customer360:
    customer: dict[str, Any]
    accounts: list[dict[str, Any]]
    lines: list[Line]
    other_products: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    tickets: list[dict[str, Any]]
    roles: dict[str, str]  # product id -> catalogue role
    vas_offerings: list[dict[str, Any]]


def load_customer(dashboard: Dashboard, customer_id: str) -> Customer360:
    customer = dashboard.get("Customer", customer_id)
    accounts = dashboard.list("BillingAccount", [("relatedParty.id", customer_id)]).items
    products = dashboard.list("Product", [("relatedParty.id", customer_id), ("sort", "orderDate")]).items
    orders = dashboard.list("ProductOrder", [("relatedParty.id", customer_id), ("sort", "-orderDate")],
                            limit=RECENT).items
    tickets = dashboard.list("TroubleTicket", [("relatedEntity.id", customer_id), ("sort", "-creationDate")],
                             limit=RECENT).items
    specification_roles = _specification_roles(dashboard)
    roles = {product["id"]: specification_roles.get(str((product.get("productSpecification") or {}).get("id")), "")
             for product in products}
    lines, others = _lines(products, roles)
    return Customer360(customer, accounts, lines, others, orders, tickets, roles,
                       _vas_offerings(dashboard, specification_roles))


def autopay(account: Mapping[str, Any]) -> str:
    """`enrolled (active)` / `not enrolled`, from the TMF666 paymentPlan entry of type autopay."""
    plan = next((entry for entry in account.get("paymentPlan") or []
                 if isinstance(entry, Mapping) and entry.get("planType") == "autopay"), None)
    return f"enrolled ({plan.get('status', 'active')})" if plan else "not enrolled"


def _lines(products: list[dict[str, Any]], roles: dict[str, str]) -> tuple[list[Line], list[dict[str, Any]]]:
    lines = {product["id"]: Line(product) for product in products if roles.get(product["id"]) == PLAN}
    others = []
    slots = {SIM: "sim", VAS: "services", DEVICE: "devices", DATA_POOL: "pool", POOL_MEMBERSHIP: "pool"}
    for product in products:
        role = roles.get(product["id"])
        if role == PLAN:
            continue
        line = next((lines[target] for target in _relies_on(product) if target in lines), None)
        if line is None or role not in slots:
            others.append(product)
        else:
            getattr(line, slots[role]).append(product)
    return list(lines.values()), others


def _relies_on(product: Mapping[str, Any]) -> list[str]:
    return [str((relationship.get("product") or {}).get("id")) for relationship in product.get("productRelationship")
            or [] if relationship.get("relationshipType") == "reliesOn"]


def _specification_roles(dashboard: Dashboard) -> dict[str, str]:
    """Product specification id -> productRole, from the published catalogue."""
    specifications = dashboard.list("ProductSpecification", []).items
    return {specification["id"]: str(specification.get("productRole", "")) for specification in specifications}


def _vas_offerings(dashboard: Dashboard, specification_roles: dict[str, str]) -> list[dict[str, Any]]:
    offerings = dashboard.list("ProductOffering", [("lifecycleStatus", "Launched")]).items
    return sorted((offering for offering in offerings
                   if specification_roles.get(str((offering.get("productSpecification") or {}).get("id"))) == VAS),
                  key=lambda offering: str(offering.get("name")))
