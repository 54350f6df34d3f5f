"""Which catalogue is in force: the one place that builds it from the settings (see `remote.py`)."""

from __future__ import annotations

import functools
from pathlib import Path

from component.catalog.remote import SwitchingCatalog
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from component.config import Settings
from component.dependencies import DependentApis


def catalog_in_force(settings: Settings) -> SwitchingCatalog:
    return _catalog(str(settings.catalog_file or DEFAULT_CATALOG_FILE), settings.dependent_apis_file,
                    settings.product_catalog_dependency, settings.catalog_cache_seconds)


def current_catalog() -> SwitchingCatalog:
    """The catalogue in force for this process's environment (the ordering rules' default)."""
    return catalog_in_force(Settings.from_env())


@functools.cache
def _catalog(catalog_file: str, dependent_apis_file: Path | None, dependency: str, ttl: float) -> SwitchingCatalog:
    return SwitchingCatalog(load_catalog(catalog_file), DependentApis(dependent_apis_file), dependency, ttl=ttl)
