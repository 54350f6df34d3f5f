"""Runtime configuration, read once from environment variables (documented in README's table)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"configuration: {name} must be an integer, got {raw!r}") from error


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise SystemExit(f"configuration: {name} must be a number, got {raw!r}") from error


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _normalise_prefix(prefix: str) -> str:
    prefix = prefix.strip().strip("/")
    return f"/{prefix}" if prefix else ""


@dataclass(frozen=True)
class Settings:
    """Everything the component can be configured with; `from_env` is the only reader of os.environ."""

    database_url: str = "sqlite:///oda-cms.db"
    path_prefix: str = ""
    public_base_url: str | None = None
    apis: tuple[str, ...] = ()
    page_limit_default: int = 100
    page_limit_max: int = 1000
    max_body_bytes: int = 1_048_576
    run_workers: bool = True
    auto_migrate: bool | None = None
    dependent_apis_file: Path | None = None
    catalog_file: Path | None = None  # the product catalogue (YAML); None: the packaged default
    log_level: str = "INFO"
    # Event delivery (component.events; docs/events.md)
    callback_policy: str = "embedded"
    callback_allow: tuple[str, ...] = ()
    delivery_timeout: float = 10.0
    delivery_retry_base: float = 1.0
    delivery_retry_max: float = 600.0
    delivery_retry_horizon: float = 86_400.0
    delivery_lease: float = 60.0
    delivery_retention: float = 604_800.0
    delivery_batch: int = 100
    delivery_concurrency: int = 8
    billing_listener_url: str | None = None
    billing_secret: str | None = None
    admin_token: str | None = None
    # Orchestration (component.orchestration; docs/orchestration.md)
    fulfilment_adapter: str = "simulator"  # simulator | downstream
    downstream_service_ordering: str = "TMF641"  # dependent API name (or API id) of the downstream TMF641
    product_catalog_dependency: str = "TMF620"  # dependent API name (or API id) of a remote TMF620
    catalog_cache_seconds: float = 60.0  # how long a remote catalogue snapshot is used
    simulator_file: Path | None = None  # the network simulator's YAML; None: no delay, no failures
    simulator_delay: float | None = None  # default delay of every service type the file does not set
    orchestration_poll: float = 30.0
    orchestration_lease: float = 60.0
    orchestration_batch: int = 20
    orchestration_jeopardy: float = 3600.0
    orchestration_retry_max: float = 300.0

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        dependent = os.environ.get("DEPENDENT_APIS_FILE")
        catalog = os.environ.get("CATALOG_FILE")
        simulator = os.environ.get("SIMULATOR_FILE")
        apis = tuple(name for name in os.environ.get("APIS", "").split(",") if name.strip())
        values: dict[str, object] = {
            "database_url": os.environ.get("DATABASE_URL") or cls.database_url,
            "path_prefix": _normalise_prefix(os.environ.get("PATH_PREFIX", "")),
            "public_base_url": (os.environ.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
            "apis": apis,
            "page_limit_default": _int("PAGE_LIMIT_DEFAULT", cls.page_limit_default),
            "page_limit_max": _int("PAGE_LIMIT_MAX", cls.page_limit_max),
            "max_body_bytes": _int("MAX_BODY_BYTES", cls.max_body_bytes),
            "run_workers": _bool("RUN_WORKERS", cls.run_workers),
            "auto_migrate": _bool("AUTO_MIGRATE", False) if os.environ.get("AUTO_MIGRATE") else None,
            "dependent_apis_file": Path(dependent) if dependent else None,
            "catalog_file": Path(catalog) if catalog else None,
            "log_level": os.environ.get("LOG_LEVEL", cls.log_level).upper(),
            "callback_policy": (os.environ.get("CALLBACK_POLICY") or cls.callback_policy).strip().lower(),
            "callback_allow": tuple(item.strip() for item in os.environ.get("CALLBACK_ALLOW", "").split(",")
                                    if item.strip()),
            "delivery_timeout": _float("DELIVERY_TIMEOUT_SECONDS", cls.delivery_timeout),
            "delivery_retry_base": _float("DELIVERY_RETRY_BASE_SECONDS", cls.delivery_retry_base),
            "delivery_retry_max": _float("DELIVERY_RETRY_MAX_SECONDS", cls.delivery_retry_max),
            "delivery_retry_horizon": _float("DELIVERY_RETRY_HORIZON_SECONDS", cls.delivery_retry_horizon),
            "delivery_lease": _float("DELIVERY_LEASE_SECONDS", cls.delivery_lease),
            "delivery_retention": _float("DELIVERY_RETENTION_SECONDS", cls.delivery_retention),
            "delivery_batch": _int("DELIVERY_BATCH", cls.delivery_batch),
            "delivery_concurrency": _int("DELIVERY_CONCURRENCY", cls.delivery_concurrency),
            "billing_listener_url": os.environ.get("BILLING_LISTENER_URL") or None,
            "billing_secret": os.environ.get("BILLING_SECRET") or None,
            "admin_token": os.environ.get("ADMIN_TOKEN") or None,
            "fulfilment_adapter": (os.environ.get("FULFILMENT_ADAPTER") or cls.fulfilment_adapter).strip().lower(),
            "downstream_service_ordering": os.environ.get("DOWNSTREAM_SERVICE_ORDERING")
            or cls.downstream_service_ordering,
            "product_catalog_dependency": os.environ.get("PRODUCT_CATALOG_DEPENDENCY")
            or cls.product_catalog_dependency,
            "catalog_cache_seconds": _float("CATALOG_CACHE_SECONDS", cls.catalog_cache_seconds),
            "simulator_file": Path(simulator) if simulator else None,
            "simulator_delay": _float("SIMULATOR_DELAY_SECONDS", -1.0) if os.environ.get("SIMULATOR_DELAY_SECONDS")
            else None,
            "orchestration_poll": _float("ORCHESTRATION_POLL_SECONDS", cls.orchestration_poll),
            "orchestration_lease": _float("ORCHESTRATION_LEASE_SECONDS", cls.orchestration_lease),
            "orchestration_batch": _int("ORCHESTRATION_BATCH", cls.orchestration_batch),
            "orchestration_jeopardy": _float("ORCHESTRATION_JEOPARDY_SECONDS", cls.orchestration_jeopardy),
            "orchestration_retry_max": _float("ORCHESTRATION_RETRY_MAX_SECONDS", cls.orchestration_retry_max),
        }
        values.update(overrides)
        if "path_prefix" in overrides:
            values["path_prefix"] = _normalise_prefix(str(overrides["path_prefix"]))
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def migrates_on_start(self) -> bool:
        """`serve` migrates the embedded SQLite database itself; PostgreSQL is migrated by `oda-cms migrate`."""
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate
