"""The product catalogue: the `CatalogPort` the ordering domain asks, its built-in YAML implementation
and the read-only TMF620 view published from it."""

from component.catalog.port import CatalogPort, CharacteristicSpec, Offering
from component.catalog.yaml_catalog import CatalogError, YamlCatalog

__all__ = ["CatalogError", "CatalogPort", "CharacteristicSpec", "Offering", "YamlCatalog"]
