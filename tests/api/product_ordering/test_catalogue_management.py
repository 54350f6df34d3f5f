"""TMF620 read-write: the catalogue is data. An offering launched, retired or deleted through the API governs
the next order (in every process: each lookup reads the database), lifecycleStatus moves only along the
TMF620 lifecycle, and what an order or an installed product relies on cannot be deleted."""

from __future__ import annotations

from typing import Any

import pytest

from component.bootstrap.root import build
from component.catalog.publisher import publish
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from component.service import Registry
from tests.api.product_ordering.bodies import add, order
from tests.api.product_ordering.conftest import Fulfil, events_of, place_order, products_of
from tests.support.live_server import ApiClient, LiveServer

Subscription = dict[str, dict[str, Any]]
STATES = ["In study", "In design", "In test", "Active", "Launched", "Retired", "Obsolete"]
# The TMF620 lifecycle as docs and issue #15 state it (written out here, not read from the component).
ALLOWED = {
    ("In study", "In design"), ("In design", "In test"), ("In test", "In design"), ("In test", "Active"),
    ("In test", "Launched"), ("Active", "Launched"), ("Active", "Retired"), ("Launched", "Retired"),
    ("Retired", "Obsolete"),
}
# How to reach each state from a new entry: the state it is created in, then the moves.
PATHS = {
    "In study": ("In study", []), "In design": ("In design", []), "In test": ("In test", []),
    "Active": ("Active", []), "Launched": ("Launched", []), "Retired": ("Launched", ["Retired"]),
    "Obsolete": ("Launched", ["Retired", "Obsolete"]),
}


def created(catalog: ApiClient, collection: str, body: dict[str, Any]) -> dict[str, Any]:
    response = catalog.post(collection, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def patched(catalog: ApiClient, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    response = catalog.patch(path, json=body)
    assert response.status_code == status, response.text
    return response.json()


def launch_vas(catalog: ApiClient, tag: str, **offering: Any) -> dict[str, Any]:
    """A new VAS made entirely through TMF620: specification, monthly price, offering (Launched unless told)."""
    spec = created(catalog, "productSpecification", {
        "name": f"Music streaming {tag}", "productRole": "vas", "lifecycleStatus": "Launched",
        "productSpecCharacteristic": [{"name": "quality", "valueType": "string", "minCardinality": 0,
                                       "maxCardinality": 1,
                                       "productSpecCharacteristicValue": [{"value": "hd"}, {"value": "sd"}]}],
    })
    price = created(catalog, "productOfferingPrice", {
        "name": f"Music streaming monthly {tag}", "priceType": "recurring", "lifecycleStatus": "Launched",
        "recurringChargePeriodType": "month", "recurringChargePeriodLength": 1,
        "price": {"unit": "EUR", "value": 4.5},
    })
    return created(catalog, "productOffering", {
        "name": f"Music streaming {tag}", "lifecycleStatus": "Launched", "isSellable": True,
        "productSpecification": {"id": spec["id"], "@referredType": "ProductSpecification"},
        "productOfferingPrice": [{"id": price["id"], "@referredType": "ProductOfferingPrice"}],
        **offering,
    })


def vas_order(customer: dict[str, Any], offering: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    return order(customer, add("1", offering["id"], relies_on_product=plan["id"], quality="hd"))


@pytest.mark.parametrize("before", STATES)
@pytest.mark.parametrize("after", STATES)
def test_every_cell_of_the_lifecycle_table(catalog: ApiClient, tag: str, before: str, after: str) -> None:
    initial, moves = PATHS[before]
    spec = created(catalog, "productSpecification", {"name": f"cell {tag}", "lifecycleStatus": initial})
    for state in moves:
        patched(catalog, f"productSpecification/{spec['id']}", {"lifecycleStatus": state})

    response = catalog.patch(f"productSpecification/{spec['id']}", json={"lifecycleStatus": after})

    if before == after or (before, after) in ALLOWED:
        assert response.status_code == 200, response.text
        assert response.json()["lifecycleStatus"] == after
    else:
        assert response.status_code == 409, response.text
        assert response.json()["code"]
        assert catalog.get(f"productSpecification/{spec['id']}").json()["lifecycleStatus"] == before


def test_a_new_entry_starts_in_study_and_cannot_start_retired(catalog: ApiClient, tag: str) -> None:
    assert created(catalog, "category", {"name": f"c {tag}"})["lifecycleStatus"] == "In study"
    response = catalog.post("productOffering", json={"name": f"o {tag}", "lifecycleStatus": "Retired"})
    assert response.status_code == 400, response.text


@pytest.fixture
def vas_ordered(catalog: ApiClient, ordering: ApiClient, customer: dict[str, Any], subscription: Subscription,
                tag: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A VAS launched through TMF620 and an order adding it to `subscription` (accepted, not fulfilled yet)."""
    offering = launch_vas(catalog, tag)
    return offering, place_order(ordering, vas_order(customer, offering, subscription["plan"]))


def test_a_vas_launched_through_tmf620_is_ordered_and_installed(
    server: LiveServer, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil,
    vas_ordered: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    offering, accepted = vas_ordered

    fulfil()

    done = ordering.get(f"productOrder/{accepted['id']}").json()
    assert done["state"] == "completed", done
    vas = products_of(inventory, done)["1"]
    assert (vas["status"], vas["productOffering"]["id"]) == ("active", offering["id"])
    assert vas["productSpecification"]["id"] == offering["productSpecification"]["id"]
    assert vas["productPrice"][0]["price"]["taxIncludedAmount"] == {"unit": "EUR", "value": 4.5}
    assert events_of(server, offering["id"]) == ["ProductOfferingCreateEvent"]


def test_another_process_sees_an_offering_launched_without_a_restart(
    server: LiveServer, catalog: ApiClient, tag: str,
) -> None:
    other = build(server.settings)  # a second process's composition root over the same database
    offering = launch_vas(catalog, tag, lifecycleStatus="In test")
    assert other.catalogue.offering(offering["id"]).lifecycle_status == "In test"

    patched(catalog, f"productOffering/{offering['id']}", {"lifecycleStatus": "Launched"})
    assert other.catalogue.offering(offering["id"]).lifecycle_status == "Launched"


def test_a_retired_offering_is_refused_to_new_orders_but_its_products_stay(
    server: LiveServer, catalog: ApiClient, ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil,
    customer: dict[str, Any], subscription: Subscription, vas_ordered: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    offering, accepted = vas_ordered

    refused = catalog.delete(f"productOffering/{offering['id']}")
    assert refused.status_code == 409 and "open productOrder" in refused.json()["message"]
    fulfil()
    vas = products_of(inventory, ordering.get(f"productOrder/{accepted['id']}").json())["1"]
    assert catalog.delete(f"productOffering/{offering['id']}").status_code == 409  # the installed product
    spec_path = f"productSpecification/{offering['productSpecification']['id']}"
    assert catalog.delete(spec_path).status_code == 409

    patched(catalog, f"productOffering/{offering['id']}", {"lifecycleStatus": "Retired"})
    again = ordering.post("productOrder", json=vas_order(customer, offering, subscription["plan"]))
    assert again.status_code == 400, again.text
    assert "Retired" in again.text
    assert inventory.get(f"product/{vas['id']}").json()["status"] == "active"
    assert events_of(server, offering["id"])[-1] == "ProductOfferingStateChangeEvent"


@pytest.mark.parametrize("offering_change", [
    {"lifecycleStatus": "In design"},
    {"validFor": {"startDateTime": "2999-01-01T00:00:00Z"}},
    {"validFor": {"startDateTime": "2000-01-01T00:00:00Z", "endDateTime": "2001-01-01T00:00:00Z"}},
    {"isSellable": False},
], ids=["in-design", "not-yet-valid", "no-longer-valid", "not-sellable"])
def test_only_launched_offerings_within_their_validity_are_ordered(
    catalog: ApiClient, ordering: ApiClient, customer: dict[str, Any], subscription: Subscription, tag: str,
    offering_change: dict[str, Any],
) -> None:
    offering = launch_vas(catalog, tag, **offering_change)

    response = ordering.post("productOrder", json=vas_order(customer, offering, subscription["plan"]))

    assert response.status_code == 400, response.text
    assert offering["id"] in response.text


def test_an_offering_nothing_relies_on_is_deleted_and_a_listed_price_is_not(catalog: ApiClient, tag: str) -> None:
    offering = launch_vas(catalog, tag)
    price_path = f"productOfferingPrice/{offering['productOfferingPrice'][0]['id']}"
    assert catalog.delete(price_path).status_code == 409

    assert catalog.delete(f"productOffering/{offering['id']}").status_code == 204
    assert catalog.get(f"productOffering/{offering['id']}").status_code == 404
    assert catalog.delete(price_path).status_code == 204


def test_an_offering_is_changed_by_json_patch(catalog: ApiClient, tag: str) -> None:
    offering = launch_vas(catalog, tag)
    response = catalog.patch(f"productOffering/{offering['id']}", data=(
        '[{"op": "add", "path": "/description", "value": "HD music"}]'),
        headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 200, response.text
    assert response.json()["description"] == "HD music"
    assert response.json()["lastUpdate"] >= offering["lastUpdate"]


def test_a_specification_role_is_validated_on_write(catalog: ApiClient, tag: str) -> None:
    assert catalog.post("productSpecification", json={"name": tag, "productRole": "gadget"}).status_code == 400
    plan = catalog.post("productSpecification", json={"name": tag, "productRole": "plan"})
    assert plan.status_code == 400 and "paymentType" in plan.text


def test_seeding_again_keeps_what_the_api_changed(registry: Registry, catalog: ApiClient, tag: str) -> None:
    patched(catalog, "productOffering/caller-tunes", {"description": f"changed {tag}"})

    assert publish(registry, load_catalog(str(DEFAULT_CATALOG_FILE))) == 0
    assert catalog.get("productOffering/caller-tunes").json()["description"] == f"changed {tag}"


def test_an_order_accepted_before_its_offering_was_retired_is_still_fulfilled(
    catalog: ApiClient, ordering: ApiClient, fulfil: Fulfil, vas_ordered: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    offering, accepted = vas_ordered
    patched(catalog, f"productOffering/{offering['id']}", {"lifecycleStatus": "Retired"})

    fulfil()

    assert ordering.get(f"productOrder/{accepted['id']}").json()["state"] == "completed"
