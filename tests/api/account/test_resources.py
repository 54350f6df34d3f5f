"""Every TMF666 resource over HTTP: create, retrieve, list (filters, fields, paging, counts, sort),
merge and JSON patch, ETag / If-Match, delete, and TMF Errors, the same way for all seven."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.account.bodies import new_billing_account, new_named, new_party_account
from tests.support.live_server import ApiClient

COLLECTIONS = ("partyAccount", "billingAccount", "settlementAccount", "financialAccount",
               "billingCycleSpecification", "billFormat", "billPresentationMedia")
TYPES = {collection: collection[0].upper() + collection[1:] for collection in COLLECTIONS}

BodyFactory = Callable[..., dict[str, Any]]


@pytest.fixture(params=COLLECTIONS)
def collection(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def new_body(collection: str, customer: dict[str, Any]) -> BodyFactory:
    """A valid create body for the collection under test, tagged so filters find only this test's data."""
    def make(tag: str, **extra: Any) -> dict[str, Any]:
        if collection == "billingAccount":
            return new_billing_account(customer, tag, description=tag, **extra)
        if collection in ("partyAccount", "settlementAccount"):
            return new_party_account(tag, description=tag, **extra)
        return new_named(tag, description=tag, **extra)
    return make


def create(accounts: ApiClient, collection: str, body: dict[str, Any]) -> dict[str, Any]:
    response = accounts.post(collection, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_answers_201_with_id_href_type_location_and_etag(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    response = accounts.post(collection, json=new_body(tag))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["href"].endswith(f"/tmf-api/accountManagement/v4/{collection}/{body['id']}")
    assert response.headers["Location"] == body["href"]
    assert response.headers["ETag"] == '"1"'
    assert body["@type"] == TYPES[collection]
    assert body["description"] == tag


def test_create_without_name_is_400(accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str) -> None:
    body = new_body(tag)
    del body["name"]
    response = accounts.post(collection, json=body)
    assert response.status_code == 400
    assert response.json()["status"] == "400"


def test_retrieve_returns_the_stored_resource_and_honours_fields(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = create(accounts, collection, new_body(tag))
    assert accounts.get(f"{collection}/{created['id']}").json() == created
    projected = accounts.get(f"{collection}/{created['id']}", params={"fields": "name"}).json()
    assert projected == {"id": created["id"], "href": created["href"], "name": created["name"]}


def test_unknown_id_is_404_with_a_tmf_error(accounts: ApiClient, collection: str) -> None:
    for response in (accounts.get(f"{collection}/nope"), accounts.patch(f"{collection}/nope", json={"name": "x"}),
                     accounts.delete(f"{collection}/nope")):
        assert response.status_code == 404
        assert response.json()["status"] == "404" and "nope" in response.json()["message"]


def test_list_filters_by_attribute_and_counts_the_matches(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = [create(accounts, collection, new_body(tag, name=f"{tag}-{index}")) for index in range(3)]
    response = accounts.get(collection, params={"description": tag, "name": f"{tag}-1,{tag}-2"})
    assert response.status_code == 200
    assert sorted(item["id"] for item in response.json()) == sorted(item["id"] for item in created[1:])
    assert (response.headers["X-Total-Count"], response.headers["X-Result-Count"]) == ("2", "2")


def test_list_pages_with_offset_and_limit_and_sorts(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    for index in range(3):
        create(accounts, collection, new_body(tag, name=f"{tag}-{index}"))
    first = accounts.get(collection, params={"description": tag, "sort": "-name", "limit": 2})
    rest = accounts.get(collection, params={"description": tag, "sort": "-name", "limit": 2, "offset": 2})
    assert [item["name"] for item in first.json() + rest.json()] == [f"{tag}-2", f"{tag}-1", f"{tag}-0"]
    assert (first.headers["X-Total-Count"], first.headers["X-Result-Count"]) == ("3", "2")
    assert (rest.headers["X-Total-Count"], rest.headers["X-Result-Count"]) == ("3", "1")


def test_list_returns_only_the_requested_fields_plus_id_and_href(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    create(accounts, collection, new_body(tag))
    [item] = accounts.get(collection, params={"description": tag, "fields": "name"}).json()
    assert set(item) == {"id", "href", "name"}


def test_list_filter_on_an_unknown_attribute_is_400(accounts: ApiClient, collection: str) -> None:
    response = accounts.get(collection, params={"noSuchAttribute": "x"})
    assert response.status_code == 400
    assert "noSuchAttribute" in response.json()["message"]


def test_merge_patch_changes_what_it_names_and_answers_the_full_resource(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = create(accounts, collection, new_body(tag))
    response = accounts.patch(f"{collection}/{created['id']}", json={"name": f"Renamed {tag}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == f"Renamed {tag}" and body["description"] == tag
    assert accounts.get(f"{collection}/{created['id']}").json() == body


def test_json_patch_applies_its_operations(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = create(accounts, collection, new_body(tag))
    operations = [{"op": "replace", "path": "/name", "value": f"Patched {tag}"},
                  {"op": "remove", "path": "/description"}]
    response = accounts.patch(f"{collection}/{created['id']}", json=operations,
                              headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == f"Patched {tag}" and "description" not in response.json()


def test_patching_id_or_href_is_400(accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str) -> None:
    created = create(accounts, collection, new_body(tag))
    for body in ({"id": "other"}, {"href": "http://elsewhere/x"}):
        response = accounts.patch(f"{collection}/{created['id']}", json=body)
        assert response.status_code == 400 and response.json()["code"] == "NOT_PATCHABLE"


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = create(accounts, collection, new_body(tag))
    accounts.patch(f"{collection}/{created['id']}", json={"name": f"First {tag}"})
    response = accounts.patch(f"{collection}/{created['id']}", json={"name": "Second"}, headers={"If-Match": '"1"'})
    assert response.status_code == 412
    assert accounts.get(f"{collection}/{created['id']}").json()["name"] == f"First {tag}"


def test_get_answers_304_to_the_current_etag(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = accounts.post(collection, json=new_body(tag))
    response = accounts.get(f"{collection}/{created.json()['id']}", headers={"If-None-Match": created.headers["ETag"]})
    assert response.status_code == 304


def test_delete_answers_204_and_the_resource_is_gone(
    accounts: ApiClient, collection: str, new_body: BodyFactory, tag: str
) -> None:
    created = create(accounts, collection, new_body(tag))
    assert accounts.delete(f"{collection}/{created['id']}").status_code == 204
    assert accounts.get(f"{collection}/{created['id']}").status_code == 404


def test_hub_registers_and_unregisters_a_listener(accounts: ApiClient) -> None:
    response = accounts.post("hub", json={"callback": "http://127.0.0.1:9/listener", "query": "eventType=x"})
    assert response.status_code == 201, response.text
    identifier = response.json()["id"]
    assert accounts.get(f"hub/{identifier}").status_code == 200
    assert accounts.delete(f"hub/{identifier}").status_code == 204
    assert accounts.get(f"hub/{identifier}").status_code == 404
