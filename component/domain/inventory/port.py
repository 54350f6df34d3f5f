"""The installed-base port: what the MACD operations read and write about a customer's products.

`LocalInstalledBase` (component.inventory.local) keeps products in this component's database and
serves them as TMF637; a remote TMF637 inventory would implement the same protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class InstalledBase(Protocol):
    def product(self, product_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        """The product with that id, or None."""

    def related_to(self, product_id: str, statuses: Iterable[str]) -> list[dict[str, Any]]:
        """Products in `statuses` whose productRelationship names `product_id` (its SIM, VAS, pool...)."""

    def with_characteristic(self, name: str, value: Any, statuses: Iterable[str]) -> list[dict[str, Any]]:
        """Products in `statuses` holding the characteristic `name` with exactly `value` (an MSISDN...)."""

    def created_by(self, order_id: str, item_id: str) -> dict[str, Any] | None:
        """The product an `add` order item created, None when it has not been applied yet."""

    def add(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create a product (raises ProductCreateEvent)."""

    def update(self, product: dict[str, Any]) -> None:
        """Store a product read with `for_update=True` (raises its change events)."""
