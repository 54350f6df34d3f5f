"""TMF637 Product Inventory v4, read-only: the installed base the product orders create and change."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.inventory.resources import PRODUCT

API = ApiDefinition(
    name="productInventory",
    title="TMF637 Product Inventory",
    spec_file="tmf637-product-inventory-v4.yaml",
    base_path="/tmf-api/productInventory/v4",
    resources=(PRODUCT,),
)
