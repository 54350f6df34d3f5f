"""The catalogue port: what the ordering domain needs to know about what can be ordered.

The domain asks a `CatalogPort` for a product offering by id and gets an `Offering`: its role in a
mobile subscription (plan, SIM, VAS, device, data pool, pool membership), the payment type of a plan,
the characteristics an order item may or must give, and the prices an installed product carries.

Implementations (adapters in `component.catalog`): `YamlCatalog`, the built-in catalogue from a YAML file
(CATALOG_FILE), and `RemoteCatalog` over a TMF620 the operator wires as a dependent API; `SwitchingCatalog`
picks between them at every lookup. Nothing here knows HTTP, SQL or YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from component.domain.kernel.clock import parse_instant

PLAN, SIM, VAS, DEVICE, DATA_POOL, POOL_MEMBERSHIP = "plan", "sim", "vas", "device", "dataPool", "poolMembership"
ROLES = (PLAN, SIM, VAS, DEVICE, DATA_POOL, POOL_MEMBERSHIP)
PREPAID, POSTPAID = "prepaid", "postpaid"
VALUE_TYPES = ("string", "integer", "number", "boolean", "dateTime")
ACTIVE, LAUNCHED = "Active", "Launched"
SELLABLE_STATES = frozenset({ACTIVE, LAUNCHED})  # TMF620 lifecycleStatus values a new order may name


@dataclass(frozen=True)
class CharacteristicSpec:
    """One characteristic an order item may give (TMF620 ProductSpecificationCharacteristic)."""

    name: str
    value_type: str = "string"
    min_cardinality: int = 0  # 1: the order item must give it
    max_cardinality: int = 1
    regex: str | None = None
    allowed: tuple[Any, ...] = ()  # enumerated values (productSpecCharacteristicValue.value); empty: any
    value_from: float | None = None  # numeric range (productSpecCharacteristicValue.valueFrom / valueTo)
    value_to: float | None = None

    @property
    def required(self) -> bool:
        return self.min_cardinality > 0


@dataclass(frozen=True)
class Offering:
    """A sellable product offering, with the facts of its product specification the domain uses."""

    id: str
    name: str
    role: str  # one of ROLES
    specification_id: str
    specification_name: str
    payment_type: str | None = None  # plans only: prepaid or postpaid
    characteristics: Mapping[str, CharacteristicSpec] = field(default_factory=dict)
    prices: tuple[Mapping[str, Any], ...] = ()  # TMF ProductPrice entries an installed product carries
    sellable: bool = True
    lifecycle_status: str = LAUNCHED  # TMF620 lifecycleStatus of the offering
    valid_from: str | None = None  # validFor.startDateTime (ISO 8601), None: open
    valid_to: str | None = None  # validFor.endDateTime

    def refusal(self, now: datetime) -> str | None:
        """Why a new order cannot name this offering at `now` (not sellable, not launched, outside its
        validFor), or None when it can."""
        if not self.sellable:
            return f"offering {self.id!r} is not sellable"
        if self.lifecycle_status not in SELLABLE_STATES:
            return (f"offering {self.id!r} is {self.lifecycle_status}; only {' or '.join(sorted(SELLABLE_STATES))} "
                    "offerings can be ordered")
        try:
            if self.valid_from and now < parse_instant(self.valid_from):
                return f"offering {self.id!r} can be ordered from {self.valid_from}"
            if self.valid_to and now >= parse_instant(self.valid_to):
                return f"offering {self.id!r} could be ordered until {self.valid_to}"
        except ValueError:
            return f"offering {self.id!r} has a validFor that is not an ISO 8601 period"
        return None

    def reference(self) -> dict[str, Any]:
        """The ProductOfferingRef of this offering."""
        return {"id": self.id, "name": self.name, "@referredType": "ProductOffering"}

    def specification_reference(self) -> dict[str, Any]:
        return {"id": self.specification_id, "name": self.specification_name, "@referredType": "ProductSpecification"}


class CatalogPort(Protocol):
    """What can be ordered (see the module docstring for the implementations)."""

    def offering(self, offering_id: str) -> Offering | None:
        """The offering with that id, or None when the catalogue has none."""

    def offerings(self) -> Iterable[Offering]:
        """Every offering of the catalogue."""


class LookupMemo:
    """A `CatalogPort` that asks `catalog` once per offering id for as long as it lives: one order's
    validation or one orchestration step looks the same offering up many times, and the catalogue in force
    may cost a database read or a remote call per lookup. Make one per unit of work, never keep one."""

    def __init__(self, catalog: CatalogPort) -> None:
        self.catalog = catalog
        self._found: dict[str, Offering | None] = {}

    def offering(self, offering_id: str) -> Offering | None:
        if offering_id not in self._found:
            self._found[offering_id] = self.catalog.offering(offering_id)
        return self._found[offering_id]

    def offerings(self) -> Iterable[Offering]:
        return self.catalog.offerings()
