"""The catalogue in force: the stored TMF620 resources, read at every lookup.

`StoredCatalog` implements `CatalogPort` over the resource table the TMF620 API writes (seeded from the
catalogue file at first start, `component.catalog.publisher`). Every lookup reads the database, so an
offering created, changed or retired through the API applies to the next order in every API and worker
process, without a restart. An offering whose specification or prices are missing or unusable (a
specification without the `productRole` extension, an offering naming an unknown specification) is not
orderable: the lookup answers None and the order is refused as naming an unknown offering.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from component.catalog.yaml_catalog import CatalogError, build_offering
from component.domain.catalog.port import Offering
from component.domain.kernel.clock import isoformat
from component.service import Registry, Transaction

log = logging.getLogger(__name__)
MAX_OFFERINGS = 10_000


class StoredCatalog:
    """What can be ordered, read from the stored TMF620 resources (see the module docstring)."""

    source = "the stored TMF620 catalogue"

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def offering(self, offering_id: str) -> Offering | None:
        with self.registry.database.read() as connection:
            work = Transaction(self.registry, connection, isoformat(self.registry.clock.now()))
            entry = work.find("ProductOffering", offering_id)
            return None if entry is None else _offering(entry, work)

    def offerings(self) -> Iterable[Offering]:
        with self.registry.database.read() as connection:
            work = Transaction(self.registry, connection, isoformat(self.registry.clock.now()))
            found = (_offering(entry, work) for entry in work.find_all("ProductOffering", limit=MAX_OFFERINGS))
            return [offering for offering in found if offering is not None]


def _offering(entry: Mapping[str, Any], work: Transaction) -> Offering | None:
    spec_id = (entry.get("productSpecification") or {}).get("id")
    spec = work.find("ProductSpecification", spec_id) if isinstance(spec_id, str) else None
    prices = {}
    for ref in entry.get("productOfferingPrice") or []:
        price = work.find("ProductOfferingPrice", ref["id"]) if isinstance(ref.get("id"), str) else None
        if price is not None:
            prices[price["id"]] = price
    try:
        return build_offering(entry, {spec_id: spec} if spec else {}, prices, StoredCatalog.source)
    except CatalogError as error:
        log.info("productOffering %r is not orderable: %s", entry.get("id"), error)
        return None
