"""`oda-cms catalogue export`: the stored TMF620 catalogue in the catalogue file's format.

Every stored category, product specification, product offering price and product offering, and one
catalog (the one named, else the first stored), without what the server or the file format derives:
`href` and `lastUpdate`, a category's `subCategory` and `productOffering` lists (the file gives them by
`parentId` and by the offerings' `category` references) and the catalog's `category` list (its root
categories). The product -> service mapping is not TMF620 data: it is copied from the catalogue file
given. Importing the export into the same database changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.catalog.yaml_catalog import SECTIONS, CatalogError
from component.domain.kernel.clock import isoformat
from component.service import Registry, Transaction

MAX_ENTRIES = 10_000
MAPPING_SECTIONS = ("serviceSpecifications", "productServiceMappings")
DERIVED = {"Category": ("subCategory", "productOffering"), "Catalog": ("category",)}


def export_catalogue(registry: Registry, catalog_id: str | None = None,
                     mapping_from: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The stored catalogue as the file's sections (see the module docstring)."""
    with registry.database.read() as connection:
        work = Transaction(registry, connection, isoformat(registry.clock.now()))
        catalogs = [work.find("Catalog", catalog_id)] if catalog_id else work.find_all("Catalog", limit=1)
        if not catalogs or catalogs[0] is None:
            raise CatalogError(f"the database holds no catalog {catalog_id or ''}".rstrip())
        raw: dict[str, Any] = {"catalog": _entry("Catalog", catalogs[0])}
        for kind, section in SECTIONS.items():
            raw[section] = [_entry(kind, document) for document in work.find_all(kind, limit=MAX_ENTRIES)]
    for section in MAPPING_SECTIONS:
        if mapping_from and mapping_from.get(section):
            raw[section] = mapping_from[section]
    return raw


def _entry(kind: str, document: Mapping[str, Any]) -> dict[str, Any]:
    dropped = {"href", "lastUpdate", *DERIVED.get(kind, ())}
    return {name: value for name, value in document.items() if name not in dropped}
