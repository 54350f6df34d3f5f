"""The kit's configuration: where the deployment is and what to check (ctk/config.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_PATHS: dict[str, str] = {
    "customer": "/tmf-api/customerManagement/v4",
    "account": "/tmf-api/accountManagement/v4",
    "productOrdering": "/tmf-api/productOrderingManagement/v4",
    "serviceOrdering": "/tmf-api/serviceOrdering/v4",
    "troubleTicket": "/tmf-api/troubleTicket/v4",
    "productCatalog": "/tmf-api/productCatalogManagement/v4",
    "productInventory": "/tmf-api/productInventory/v4",
}
TMF_IDS: dict[str, str] = {
    "customer": "TMF629", "account": "TMF666", "productOrdering": "TMF622", "serviceOrdering": "TMF641",
    "troubleTicket": "TMF621", "productCatalog": "TMF620", "productInventory": "TMF637",
}


@dataclass(frozen=True)
class Config:
    """`url` is the deployment's root (scheme, host, port), `prefix` the ODA path prefix (e.g. /r1-oda-cms)."""

    url: str = "http://127.0.0.1:8080"
    prefix: str = ""
    apis: tuple[str, ...] = tuple(BASE_PATHS)
    hub_callback: str = "http://127.0.0.1:9/oda-cms-ctk/listener"
    fulfilment_timeout_seconds: float = 30.0
    offerings: dict[str, str] = field(default_factory=lambda: {"plan": "prepaid-start", "sim": "sim-card"})
    timeout_seconds: float = 30.0

    def __post_init__(self) -> None:
        unknown = sorted(set(self.apis) - set(BASE_PATHS))
        if unknown:
            raise ValueError(f"unknown API {', '.join(unknown)}; known: {', '.join(BASE_PATHS)}")

    def api_root(self, api: str) -> str:
        """The root of one API, e.g. http://host/r1-oda-cms/tmf-api/customerManagement/v4."""
        prefix = "/" + self.prefix.strip("/") if self.prefix.strip("/") else ""
        return self.url.rstrip("/") + prefix + BASE_PATHS[api]

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Config:
        defaults = cls()
        return cls(
            url=str(data.get("url", defaults.url)).strip(),
            prefix=str(data.get("prefix", defaults.prefix) or ""),
            apis=tuple(data.get("apis") or defaults.apis),
            hub_callback=str(data.get("hubCallback", defaults.hub_callback)),
            fulfilment_timeout_seconds=float(data.get("fulfilmentTimeoutSeconds",
                                                      defaults.fulfilment_timeout_seconds)),
            offerings={**defaults.offerings, **(data.get("offerings") or {})},
            timeout_seconds=float(data.get("timeoutSeconds", defaults.timeout_seconds)),
        )

    @classmethod
    def load(cls, path: str | Path) -> Config:
        return cls.from_mapping(json.loads(Path(path).read_text(encoding="utf-8")))
