"""The fulfilment port: how the orchestrator has a service order fulfilled and follows it.

Each operation comes in two halves so that a step never holds a database transaction across the
network: `prepare_*` runs outside any transaction (a downstream adapter's HTTP calls; idempotent, so a
rerun after a crash finds what the first run did), and the other half runs inside the step's
transaction with the prepared result (the built-in adapter does all its work there).
Implementations: `simulator.LocalServiceOrders` (this component's own TMF641, executed by the network
simulator) and `downstream_tmf641.DownstreamServiceOrders` (a TMF641 at a dependent-API URL).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from component.domain.kernel.resource_type import UnitOfWork

Reference = Mapping[str, Any]  # {"id", "href"} of a service order


class FulfilmentPort(Protocol):
    name: str
    poll_seconds: float | None  # look at a followed order again after this long without news (None: woken only)

    def prepare_submit(self, key: str, body: Mapping[str, Any]) -> Any:
        """Outside a transaction: whatever submitting the service order `body` (for product order `key`) needs."""

    def submit(self, work: UnitOfWork, key: str, body: Mapping[str, Any], prepared: Any) -> dict[str, Any]:
        """Inside the step's transaction: the submitted order's reference, submitting it at most once per `key`."""

    def prepare_observe(self, reference: Reference, payload: Mapping[str, Any]) -> Any:
        """Outside a transaction: fetch the order's current state when no fresher news arrived."""

    def observe(self, work: UnitOfWork, reference: Reference, payload: dict[str, Any],
                prepared: Any) -> Mapping[str, Any] | None:
        """Inside the step's transaction: the service order document as last known."""

    def prepare_cancel(self, reference: Reference, reason: str | None) -> Any:
        """Outside a transaction: request the cancellation (downstream CancelServiceOrder)."""

    def cancel(self, work: UnitOfWork, reference: Reference, reason: str | None, prepared: Any) -> str | None:
        """Inside the step's transaction: None when the service order is cancelled, else why it was not."""
