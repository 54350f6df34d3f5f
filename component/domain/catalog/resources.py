"""The TMF620 resource types oda-cms serves read-only: the published view of the catalogue.

They are rows of the generic resource table written by `component.catalog.publisher`, so TMF630
filtering, `fields` and paging work on them like on every other resource. Changes made by a
re-publication raise the TMF620 events (ProductOfferingCreateEvent, ...AttributeValueChangeEvent,
...DeleteEvent).
"""

from __future__ import annotations

from component.domain.kernel.resource_type import ResourceType


def _catalog_resource(name: str, collection: str) -> ResourceType:
    return ResourceType(name=name, collection=collection, event_prefix=name, state_attribute="lifecycleStatus",
                        update_date_attribute="lastUpdate", read_only=True)


CATALOG = _catalog_resource("Catalog", "catalog")
CATEGORY = _catalog_resource("Category", "category")
PRODUCT_OFFERING = _catalog_resource("ProductOffering", "productOffering")
PRODUCT_OFFERING_PRICE = _catalog_resource("ProductOfferingPrice", "productOfferingPrice")
PRODUCT_SPECIFICATION = _catalog_resource("ProductSpecification", "productSpecification")

CATALOG_RESOURCES: tuple[ResourceType, ...] = (
    CATALOG, CATEGORY, PRODUCT_OFFERING, PRODUCT_OFFERING_PRICE, PRODUCT_SPECIFICATION,
)
