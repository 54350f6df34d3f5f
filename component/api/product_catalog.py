"""TMF620 Product Catalog v4, read-only: the catalogue published from the configured YAML file
(`component.catalog.publisher`), served by the generic engine's list and retrieve."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.catalog.resources import CATALOG_RESOURCES

API = ApiDefinition(
    name="productCatalog",
    title="TMF620 Product Catalog",
    spec_file="tmf620-product-catalog-v4.yaml",
    base_path="/tmf-api/productCatalogManagement/v4",
    resources=CATALOG_RESOURCES,
)
