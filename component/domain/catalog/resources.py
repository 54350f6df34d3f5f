"""The TMF620 resource types oda-cms serves read-write: catalog, category, productSpecification,
productOffering and productOfferingPrice.

They are rows of the generic resource table, seeded from the built-in catalogue file at first start
(`component.catalog.publisher`) and changed through the API like every other resource: TMF630 queries,
merge and JSON Patch, and the TMF620 events (`...CreateEvent`, `...AttributeValueChangeEvent`,
`...StateChangeEvent`, `...DeleteEvent`). `lifecycleStatus` follows `CATALOG_LIFECYCLE` (409 on an illegal
move). What the ordering domain may sell is read from these rows (`component.catalog.stored`).
"""

from __future__ import annotations

from component.domain.catalog.port import ACTIVE, LAUNCHED
from component.domain.kernel.lifecycle import Lifecycle
from component.domain.kernel.resource_type import ResourceType, Unbound

IN_STUDY, IN_DESIGN, IN_TEST, RETIRED, OBSOLETE = "In study", "In design", "In test", "Retired", "Obsolete"

# TMF620's lifecycle: In study -> In design -> In test -> Active / Launched -> Retired -> Obsolete. A test that
# fails sends an entry back to design; a new entry may start anywhere before Retired (a seed or an import
# brings launched entries).
CATALOG_LIFECYCLE = Lifecycle(
    name="catalogue entry",
    initial=IN_STUDY,
    transitions={
        IN_STUDY: frozenset({IN_DESIGN}),
        IN_DESIGN: frozenset({IN_TEST}),
        IN_TEST: frozenset({IN_DESIGN, ACTIVE, LAUNCHED}),
        ACTIVE: frozenset({LAUNCHED, RETIRED}),
        LAUNCHED: frozenset({RETIRED}),
        RETIRED: frozenset({OBSOLETE}),
        OBSOLETE: frozenset(),
    },
    creatable=frozenset({IN_DESIGN, IN_TEST, ACTIVE, LAUNCHED}),
)


def _catalog_resource(name: str, collection: str) -> ResourceType:
    # rules: `rules.catalog_rules`, bound by the composition root (they ask whether a remote catalogue is wired)
    return ResourceType(name=name, collection=collection, event_prefix=name, state_attribute="lifecycleStatus",
                        update_date_attribute="lastUpdate", lifecycle=CATALOG_LIFECYCLE, rules=Unbound(name))


CATALOG = _catalog_resource("Catalog", "catalog")
CATEGORY = _catalog_resource("Category", "category")
PRODUCT_OFFERING = _catalog_resource("ProductOffering", "productOffering")
PRODUCT_OFFERING_PRICE = _catalog_resource("ProductOfferingPrice", "productOfferingPrice")
PRODUCT_SPECIFICATION = _catalog_resource("ProductSpecification", "productSpecification")

CATALOG_RESOURCES: tuple[ResourceType, ...] = (
    CATALOG, CATEGORY, PRODUCT_OFFERING, PRODUCT_OFFERING_PRICE, PRODUCT_SPECIFICATION,
)
