"""TMF620 (the catalogue, seeded from the file) and TMF637 (the installed base, read-only) as TMF630 collections."""

from __future__ import annotations

from typing import Any

import pytest

from component.catalog.publisher import publish
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from component.service import Registry
from tests.support.live_server import ApiClient

COLLECTIONS = ["catalog", "category", "productOffering", "productOfferingPrice", "productSpecification"]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_catalogue_collection_lists_and_retrieves_its_entries(catalog: ApiClient, collection: str) -> None:
    listed = catalog.get(collection)
    assert listed.status_code == 200 and int(listed.headers["X-Total-Count"]) >= 1
    first = listed.json()[0]
    retrieved = catalog.get(f"{collection}/{first['id']}")
    assert retrieved.status_code == 200 and retrieved.json() == first
    assert first["href"].endswith(f"/tmf-api/productCatalogManagement/v4/{collection}/{first['id']}")


def test_offerings_are_found_by_category_with_their_prices_and_specification(catalog: ApiClient) -> None:
    postpaid = catalog.get("productOffering", params={"category.id": "postpaid-plans", "sort": "id"}).json()
    assert [offering["id"] for offering in postpaid] == ["postpaid-l", "postpaid-s"]
    assert postpaid[1]["productSpecification"]["id"] == "postpaid-plan"
    price_ref = postpaid[1]["productOfferingPrice"][0]
    assert price_ref["href"].endswith(f"/productOfferingPrice/{price_ref['id']}")
    price = catalog.get(f"productOfferingPrice/{price_ref['id']}").json()
    assert (price["priceType"], price["price"]) == ("recurring", {"unit": "EUR", "value": 25.0})


def test_a_specification_says_which_characteristics_an_order_gives(catalog: ApiClient) -> None:
    sim = catalog.get("productSpecification/sim").json()
    iccid = next(spec for spec in sim["productSpecCharacteristic"] if spec["name"] == "ICCID")
    assert (iccid["minCardinality"], iccid["regex"]) == (1, "^89[0-9]{16,18}$")


def test_the_inventory_refuses_writes(inventory: ApiClient) -> None:
    assert inventory.post("product", json={"name": "x"}).status_code == 405


def test_an_unknown_offering_or_product_is_404(catalog: ApiClient, inventory: ApiClient, tag: str) -> None:
    assert catalog.get(f"productOffering/ghost-{tag}").status_code == 404
    assert inventory.get(f"product/ghost-{tag}").status_code == 404


def test_seeding_the_catalogue_again_changes_nothing(registry: Registry) -> None:
    assert publish(registry, load_catalog(str(DEFAULT_CATALOG_FILE))) == 0


def test_installed_products_are_filtered_by_status_and_offering(
    inventory: ApiClient, customer: dict[str, Any], subscription: dict[str, dict[str, Any]],
) -> None:
    found = inventory.get("product", params={"relatedParty.id": customer["id"], "productOffering.id": "sim-card",
                                             "status": "active", "fields": "status"}).json()
    assert found == [{"id": subscription["sim"]["id"], "href": subscription["sim"]["href"], "status": "active"}]
