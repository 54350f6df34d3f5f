"""TMF622 Product Ordering v4: ProductOrder and CancelProductOrder, served by the generic engine with
the rules in `component.domain.ordering.rules`."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.ordering.resources import CANCEL_PRODUCT_ORDER, PRODUCT_ORDER

API = ApiDefinition(
    name="productOrdering",
    title="TMF622 Product Ordering",
    spec_file="tmf622-product-ordering-v4.yaml",
    base_path="/tmf-api/productOrderingManagement/v4",
    resources=(PRODUCT_ORDER, CANCEL_PRODUCT_ORDER),
)
