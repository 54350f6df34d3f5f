"""The built-in YAML catalogue: the offerings the domain sees, the TMF620 documents it publishes, and
files it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, CatalogError, YamlCatalog
from component.domain.catalog.port import DATA_POOL, PLAN, POSTPAID

MINIMAL: dict[str, Any] = {
    "catalog": {"id": "c"},
    "categories": [{"id": "plans", "name": "Plans", "isRoot": True}],
    "productSpecifications": [{"id": "plan", "productRole": "plan", "paymentType": "prepaid"}],
    "productOfferingPrices": [{"id": "fee", "priceType": "recurring", "price": {"unit": "EUR", "value": 5}}],
    "productOfferings": [{"id": "p", "productSpecification": {"id": "plan"}, "category": [{"id": "plans"}],
                          "productOfferingPrice": [{"id": "fee"}]}],
}


def test_the_packaged_catalogue_offers_every_role_a_mobile_operator_needs() -> None:
    catalogue = YamlCatalog.from_file(DEFAULT_CATALOG_FILE)
    roles = {offering.role for offering in catalogue.offerings()}
    assert roles == {"plan", "sim", "vas", "device", "dataPool", "poolMembership"}
    assert catalogue.offering("postpaid-s").payment_type == POSTPAID
    assert catalogue.offering("data-pool").characteristics["poolSize"].allowed == (20, 50, 100)


def test_an_offering_carries_the_prices_an_installed_product_gets() -> None:
    offering = YamlCatalog(MINIMAL).offering("p")
    assert offering is not None and offering.role == PLAN
    assert offering.prices[0]["productOfferingPrice"]["id"] == "fee"


def test_categories_list_their_offerings_and_the_catalog_its_root_categories() -> None:
    documents = YamlCatalog(MINIMAL).documents()
    assert [ref["id"] for ref in documents["Category"][0]["productOffering"]] == ["p"]
    assert [ref["id"] for ref in documents["Catalog"][0]["category"]] == ["plans"]


@pytest.mark.parametrize(("section", "change", "message"), [
    ("productOfferings", {"productSpecification": {"id": "nope"}}, "names productSpecification 'nope'"),
    ("productOfferings", {"productOfferingPrice": [{"id": "nope"}]}, "names productOfferingPrice 'nope'"),
    ("productOfferings", {"category": [{"id": "nope"}]}, "names category 'nope'"),
    ("productSpecifications", {"productRole": "gadget"}, "needs a productRole"),
    ("productSpecifications", {"paymentType": None}, "needs a paymentType"),
])
def test_an_inconsistent_catalogue_is_refused_naming_the_entry(section: str, change: dict[str, Any],
                                                                message: str) -> None:
    raw = {**MINIMAL, section: [{**MINIMAL[section][0], **change}]}
    with pytest.raises(CatalogError, match=message):
        YamlCatalog(raw)


def test_duplicate_ids_are_refused() -> None:
    raw = {**MINIMAL, "categories": MINIMAL["categories"] * 2}
    with pytest.raises(CatalogError, match="holds id 'plans' twice"):
        YamlCatalog(raw)


def test_a_missing_file_is_a_catalogue_error(tmp_path: Any) -> None:
    with pytest.raises(CatalogError):
        YamlCatalog.from_file(tmp_path / "absent.yaml")


def test_unknown_offerings_are_none() -> None:
    assert YamlCatalog(MINIMAL).offering(DATA_POOL) is None
