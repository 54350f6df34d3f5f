"""Everything the component can be configured with: one immutable value, checked when it is made.

Each setting is a field of `Settings` whose metadata names its environment variable and how its text is
read. Only the composition root reads the environment (`component.bootstrap.environment`); everything
below it is handed the objects built from these values. An invalid value fails at start-up with a
`ConfigurationError` naming the variable, never later on a request path. README's configuration table
lists the same variables (a test keeps them in step).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AUTH_MODES = ("none", "oidc", "apikey")
CALLBACK_POLICIES = ("embedded", "production")
FULFILMENT_ADAPTERS = ("simulator", "downstream")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigurationError(ValueError):
    """A setting the component cannot run with; the message names the environment variable."""


def _text(raw: str) -> str:
    return raw.strip()


def _optional_text(raw: str) -> str | None:
    return raw.strip() or None


def _int(raw: str) -> int:
    return int(raw)


def _float(raw: str) -> float:
    return float(raw)


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def _path(raw: str) -> Path | None:
    return Path(raw) if raw.strip() else None


def _names(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _lower(raw: str) -> str:
    return raw.strip().lower()


def _upper(raw: str) -> str:
    return raw.strip().upper()


def _url(raw: str) -> str | None:
    return raw.strip().rstrip("/") or None


def normalise_prefix(prefix: str) -> str:
    prefix = prefix.strip().strip("/")
    return f"/{prefix}" if prefix else ""


def _setting(default: Any, env: str, parse: Callable[[str], Any]) -> Any:
    return field(default=default, metadata={"env": env, "parse": parse})


@dataclass(frozen=True)
class Settings:
    """The component's configuration; explicit values (tests, embedding) are checked like the environment's."""

    database_url: str = _setting("sqlite:///oda-cms.db", "DATABASE_URL", _text)
    path_prefix: str = _setting("", "PATH_PREFIX", normalise_prefix)
    public_base_url: str | None = _setting(None, "PUBLIC_BASE_URL", _url)
    apis: tuple[str, ...] = _setting((), "APIS", _names)
    page_limit_default: int = _setting(100, "PAGE_LIMIT_DEFAULT", _int)
    page_limit_max: int = _setting(1000, "PAGE_LIMIT_MAX", _int)
    max_body_bytes: int = _setting(1_048_576, "MAX_BODY_BYTES", _int)
    run_workers: bool = _setting(True, "RUN_WORKERS", _bool)
    auto_migrate: bool | None = _setting(None, "AUTO_MIGRATE", _bool)
    dependent_apis_file: Path | None = _setting(None, "DEPENDENT_APIS_FILE", _path)
    dependent_apis_poll: float = _setting(1.0, "DEPENDENT_APIS_POLL_SECONDS", _float)
    catalog_file: Path | None = _setting(None, "CATALOG_FILE", _path)  # None: the packaged default
    ticket_policy_file: Path | None = _setting(None, "TICKET_POLICY_FILE", _path)  # None: the packaged default
    log_level: str = _setting("INFO", "LOG_LEVEL", _upper)
    log_format: str = _setting("text", "LOG_FORMAT", _lower)  # text | json (one JSON object per line)
    # Event delivery (component.events; docs/events.md)
    callback_policy: str = _setting("embedded", "CALLBACK_POLICY", _lower)
    callback_allow: tuple[str, ...] = _setting((), "CALLBACK_ALLOW", _names)
    delivery_timeout: float = _setting(10.0, "DELIVERY_TIMEOUT_SECONDS", _float)
    delivery_retry_base: float = _setting(1.0, "DELIVERY_RETRY_BASE_SECONDS", _float)
    delivery_retry_max: float = _setting(600.0, "DELIVERY_RETRY_MAX_SECONDS", _float)
    delivery_retry_horizon: float = _setting(86_400.0, "DELIVERY_RETRY_HORIZON_SECONDS", _float)
    delivery_lease: float = _setting(60.0, "DELIVERY_LEASE_SECONDS", _float)
    delivery_retention: float = _setting(604_800.0, "DELIVERY_RETENTION_SECONDS", _float)
    delivery_batch: int = _setting(100, "DELIVERY_BATCH", _int)
    delivery_concurrency: int = _setting(8, "DELIVERY_CONCURRENCY", _int)
    billing_listener_url: str | None = _setting(None, "BILLING_LISTENER_URL", _optional_text)
    billing_secret: str | None = _setting(None, "BILLING_SECRET", _optional_text)
    admin_token: str | None = _setting(None, "ADMIN_TOKEN", _optional_text)
    cors_origins: tuple[str, ...] = _setting((), "CORS_ORIGINS", _names)  # browser origins allowed; * for any
    # Orchestration (component.orchestration; docs/orchestration.md)
    fulfilment_adapter: str = _setting("simulator", "FULFILMENT_ADAPTER", _lower)
    downstream_service_ordering: str = _setting("TMF641", "DOWNSTREAM_SERVICE_ORDERING", _text)
    product_catalog_dependency: str = _setting("TMF620", "PRODUCT_CATALOG_DEPENDENCY", _text)
    # TMF632 provider checking a billing account's Individual / Organization parties (docs/account-management.md)
    party_management_dependency: str = _setting("TMF632", "PARTY_MANAGEMENT_DEPENDENCY", _text)
    catalog_cache_seconds: float = _setting(60.0, "CATALOG_CACHE_SECONDS", _float)
    simulator_file: Path | None = _setting(None, "SIMULATOR_FILE", _path)  # None: no delay, no failures
    simulator_delay: float | None = _setting(None, "SIMULATOR_DELAY_SECONDS", _float)
    orchestration_poll: float = _setting(30.0, "ORCHESTRATION_POLL_SECONDS", _float)
    orchestration_lease: float = _setting(60.0, "ORCHESTRATION_LEASE_SECONDS", _float)
    orchestration_batch: int = _setting(20, "ORCHESTRATION_BATCH", _int)
    orchestration_jeopardy: float = _setting(3600.0, "ORCHESTRATION_JEOPARDY_SECONDS", _float)
    orchestration_retry_max: float = _setting(300.0, "ORCHESTRATION_RETRY_MAX_SECONDS", _float)
    sla_interval: float = _setting(30.0, "SLA_WATCH_SECONDS", _float)
    # Security (component.api.security; docs/security.md)
    auth_mode: str = _setting("none", "AUTH_MODE", _lower)
    oidc_issuer: str | None = _setting(None, "OIDC_ISSUER", _url)
    oidc_audience: str | None = _setting(None, "OIDC_AUDIENCE", _optional_text)
    oidc_jwks_url: str | None = _setting(None, "OIDC_JWKS_URL", _optional_text)  # None: from discovery
    oidc_client_id: str | None = _setting(None, "OIDC_CLIENT_ID", _optional_text)  # None: the audience
    oidc_algorithms: tuple[str, ...] = _setting(("RS256",), "OIDC_ALGORITHMS", _names)
    oidc_leeway: float = _setting(30.0, "OIDC_LEEWAY_SECONDS", _float)
    oidc_jwks_min_refresh: float = _setting(30.0, "OIDC_JWKS_MIN_REFRESH_SECONDS", _float)
    api_keys_file: Path | None = _setting(None, "API_KEYS_FILE", _path)
    roles_file: Path | None = _setting(None, "ROLES_FILE", _path)  # None: the packaged default
    metrics_public: bool = _setting(True, "METRICS_PUBLIC", _bool)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path_prefix", normalise_prefix(self.path_prefix))
        self._require(self.callback_policy in CALLBACK_POLICIES, "callback_policy",
                      f"must be one of {', '.join(CALLBACK_POLICIES)}")
        self._require(self.fulfilment_adapter in FULFILMENT_ADAPTERS, "fulfilment_adapter",
                      f"must be one of {', '.join(FULFILMENT_ADAPTERS)}")
        self._require(self.log_level in LOG_LEVELS, "log_level", f"must be one of {', '.join(LOG_LEVELS)}")
        self._require(self.log_format in ("text", "json"), "log_format", "must be text or json")
        self._require(0 < self.page_limit_default <= self.page_limit_max, "page_limit_default",
                      "must be positive and at most PAGE_LIMIT_MAX")
        for name in ("max_body_bytes", "delivery_batch", "delivery_concurrency", "orchestration_batch"):
            self._require(getattr(self, name) > 0, name, "must be positive")
        for name in ("delivery_timeout", "delivery_lease", "orchestration_lease", "dependent_apis_poll",
                     "catalog_cache_seconds", "sla_interval"):
            self._require(getattr(self, name) >= 0, name, "must not be negative")
        self._require(bool(self.database_url), "database_url", "must name a database")
        self._require(self.auth_mode in AUTH_MODES, "auth_mode", f"must be one of {', '.join(AUTH_MODES)}")
        if self.auth_mode == "oidc":
            self._require(bool(self.oidc_issuer), "oidc_issuer", "must be set when AUTH_MODE=oidc")
            self._require(bool(self.oidc_audience), "oidc_audience", "must be set when AUTH_MODE=oidc")
            self._require(bool(self.oidc_algorithms) and "none" not in {a.lower() for a in self.oidc_algorithms}
                          and not any(a.upper().startswith("HS") for a in self.oidc_algorithms),
                          "oidc_algorithms", "must list asymmetric algorithms only (e.g. RS256, ES256)")
        if self.auth_mode == "apikey":
            self._require(self.api_keys_file is not None, "api_keys_file", "must be set when AUTH_MODE=apikey")
        for name in ("oidc_leeway", "oidc_jwks_min_refresh"):
            self._require(getattr(self, name) >= 0, name, "must not be negative")

    def _require(self, condition: bool, name: str, message: str) -> None:
        if not condition:
            raise ConfigurationError(f"{variable(name)} {message}, got {getattr(self, name)!r}")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def migrates_on_start(self) -> bool:
        """`serve` migrates the embedded SQLite database itself; PostgreSQL is migrated by `oda-cms migrate`."""
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


def variable(name: str) -> str:
    """The environment variable of the setting `name`."""
    return {setting.name: setting.metadata["env"] for setting in dataclasses.fields(Settings)}[name]


def documented_variables() -> dict[str, str]:
    """Every environment variable the settings read, with the setting it fills."""
    return {setting.metadata["env"]: setting.name for setting in dataclasses.fields(Settings)}
