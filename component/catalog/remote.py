"""The catalogue port over a remote TMF620 Product Catalog v4 (a dependent API wired by the operator).

`RemoteCatalog` reads the remote's productSpecification, productOfferingPrice, productOffering, category
and catalog collections (paged) and builds the same domain view the YAML catalogue gives, so the
ordering rules do not know where the catalogue lives. A snapshot is kept for `ttl` seconds; when the
remote cannot be read, the last snapshot is used, and without one the lookup is a 503.

`SwitchingCatalog` is the catalogue in force: the remote one while DEPENDENT_APIS_FILE names a ready
provider under PRODUCT_CATALOG_DEPENDENCY, the stored TMF620 catalogue (`component.catalog.stored`, seeded
from the local catalogue file) otherwise. It decides at every lookup, so wiring made by the operator
applies without a restart. The product -> service mapping (how this component fulfils products) always
comes from the local catalogue file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import requests

from component.catalog.yaml_catalog import SECTIONS, CatalogError, YamlCatalog
from component.dependencies import DependentApis
from component.domain.catalog.port import CatalogPort, Offering
from component.domain.kernel.errors import DomainError
from component.domain.ordering.service_mapping import ServiceMapping

PAGE = 1000
COLLECTIONS = {kind: kind[0].lower() + kind[1:] for kind in SECTIONS}  # ProductOffering -> productOffering


class CatalogUnavailable(DomainError):
    status, code, reason = 503, "CATALOG_UNAVAILABLE", "The product catalogue cannot be reached"


class RemoteCatalog:
    def __init__(self, root: str, *, ttl: float = 60.0, timeout: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.root = root.rstrip("/")
        self.ttl = ttl
        self.timeout = timeout
        self._monotonic = monotonic
        self._session = requests.Session()
        self._snapshot: YamlCatalog | None = None
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def offering(self, offering_id: str) -> Offering | None:
        return self.snapshot().offering(offering_id)

    def offerings(self) -> Iterable[Offering]:
        return self.snapshot().offerings()

    def snapshot(self) -> YamlCatalog:
        with self._lock:
            if self._snapshot is None or self._monotonic() - self._read_at >= self.ttl:
                try:
                    self._snapshot = YamlCatalog(self._read(), source=self.root)
                    self._read_at = self._monotonic()
                except (requests.RequestException, ValueError, CatalogError) as error:
                    if self._snapshot is None:
                        raise CatalogUnavailable(f"product catalogue {self.root}: {error}") from error
            return self._snapshot

    def _read(self) -> dict[str, Any]:
        raw: dict[str, Any] = {section: self._collection(COLLECTIONS[kind]) for kind, section in SECTIONS.items()}
        catalogs = self._collection("catalog")
        raw["catalog"] = catalogs[0] if catalogs else {"id": self.root}
        return raw

    def _collection(self, name: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            response = self._session.get(f"{self.root}/{name}", params={"offset": len(items), "limit": PAGE},
                                         timeout=self.timeout)
            response.raise_for_status()
            page = response.json()
            if not isinstance(page, list):
                raise ValueError(f"GET {name} did not answer a list")
            items.extend(page)
            if len(page) < PAGE:
                return items


class SwitchingCatalog:
    """The catalogue in force (see the module docstring); implements `CatalogPort`."""

    def __init__(self, local: YamlCatalog, dependencies: DependentApis, dependency: str, *, ttl: float = 60.0) -> None:
        self.local = local
        self.dependencies = dependencies
        self.dependency = dependency
        self.ttl = ttl
        self._remotes: dict[str, RemoteCatalog] = {}
        self.stored: CatalogPort | None = None

    def use_stored(self, stored: CatalogPort) -> None:
        """The local catalogue in force (the composition root binds it once the registry exists)."""
        self.stored = stored

    @property
    def service_mapping(self) -> ServiceMapping:
        return self.local.service_mapping

    def current(self) -> CatalogPort:
        url = self.dependencies.url(self.dependency)
        if not url:
            if self.stored is None:
                raise RuntimeError("the stored catalogue was not bound by the composition root")
            return self.stored
        if url not in self._remotes:
            self._remotes[url] = RemoteCatalog(url, ttl=self.ttl)
        return self._remotes[url]

    def offering(self, offering_id: str) -> Offering | None:
        return self.current().offering(offering_id)

    def offerings(self) -> Iterable[Offering]:
        return self.current().offerings()
