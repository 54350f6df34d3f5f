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
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        dependent = os.environ.get("DEPENDENT_APIS_FILE")
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
            "log_level": os.environ.get("LOG_LEVEL", cls.log_level).upper(),
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
