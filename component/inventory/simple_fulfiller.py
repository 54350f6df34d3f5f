"""The built-in order fulfiller: completes accepted product orders in-process, so the installed base
is exercised until the orchestration issue replaces it with service-order decomposition.

Each run assesses acknowledged cancellation requests, then takes due orders (acknowledged, or held
whose requestedStartDate has come) one transaction each through
`component.domain.product_order_fulfilment`. Candidates are found with a read and re-read for update,
so several workers can run it at once; an order another worker took meanwhile is skipped.
`fulfil_due` is also what tests call to fulfil synchronously, with the moment to act at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from component.catalog.port import CatalogPort
from component.catalog.yaml_catalog import configured_catalog
from component.config import Settings
from component.domain.clock import isoformat
from component.domain.product_order_fulfilment import CANCELLATION, ORDER, assess_cancellation, fulfil_order
from component.domain.product_order_states import ACKNOWLEDGED, HELD, TASK_ACKNOWLEDGED
from component.inventory.local import LocalInstalledBase
from component.service import Registry, Transaction

BATCH = 50


def fulfil_due(registry: Registry, now: datetime | None = None, *, catalog: CatalogPort | None = None,
               batch: int = BATCH) -> int:
    """Assess due cancellations and fulfil due orders as of `now` (default: the registry's clock); the
    number of orders and cancellation requests moved."""
    moment = isoformat(now or registry.clock.now())
    catalogue = catalog or configured_catalog()
    moved = 0
    for cancellation_id in _candidates(registry, moment, CANCELLATION, {"state": TASK_ACKNOWLEDGED}, batch):
        moved += _in_transaction(registry, moment, lambda work, key=cancellation_id: assess_cancellation(key, work))
    due = [{"state": ACKNOWLEDGED}, {"state": HELD, "requestedStartDate.lte": moment}]
    for filters in due:
        for order_id in _candidates(registry, moment, ORDER, filters, batch):
            moved += _in_transaction(registry, moment, lambda work, key=order_id: fulfil_order(
                key, work, catalogue, LocalInstalledBase(work)))
    return moved


def _candidates(registry: Registry, moment: str, kind: str, filters: dict[str, str], batch: int) -> list[str]:
    if kind not in registry:
        return []
    with registry.database.read() as connection:
        found = Transaction(registry, connection, moment).find_all(kind, urlencode({**filters, "sort": "orderDate"}
                                                                                   if kind == ORDER else filters),
                                                                   limit=batch)
    return [document["id"] for document in found]


def _in_transaction(registry: Registry, moment: str, step: Callable[[Transaction], bool]) -> int:
    with registry.database.write() as connection:
        return int(step(Transaction(registry, connection, moment)))


class SimpleFulfiller:
    name = "simple-order-fulfiller"

    def __init__(self, registry: Registry, catalog: CatalogPort) -> None:
        self.registry = registry
        self.catalog = catalog

    def run_once(self) -> bool:
        return fulfil_due(self.registry, catalog=self.catalog) > 0


def simple_fulfiller(settings: Settings, registry: Registry) -> SimpleFulfiller:
    """The worker factory registered in `component.workers.FACTORIES`."""
    return SimpleFulfiller(registry, configured_catalog())
