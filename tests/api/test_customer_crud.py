"""TMF629 Customer: create, retrieve, patch, delete as TMF630 and the v4 document define them."""

from __future__ import annotations

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


def test_create_answers_201_with_server_assigned_id_href_type_and_location(customers: ApiClient, tag: str) -> None:
    response = customers.post("customer", json=new_customer(tag))
    assert response.status_code == 201
    body = response.json()
    assert body["id"] and body["href"].endswith(f"/tmf-api/customerManagement/v4/customer/{body['id']}")
    assert body["href"].startswith("http://127.0.0.1:")
    assert response.headers["Location"] == body["href"]
    assert body["@type"] == "Customer"
    assert body["name"] == f"Customer {tag}"
    assert body["engagedParty"]["id"] == f"party-{tag}"


def test_client_supplied_id_and_href_are_ignored_on_create(customers: ApiClient, tag: str) -> None:
    body = customers.post("customer", json=new_customer(tag, id="mine", href="http://elsewhere/x")).json()
    assert body["id"] != "mine"
    assert "elsewhere" not in body["href"]


def test_polymorphic_type_attributes_sent_by_the_client_are_kept(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, **{"@type": "ResidentialCustomer", "@baseType": "Customer",
                                "@schemaLocation": "https://example.com/residential.json"})
    created = customers.post("customer", json=body).json()
    assert (created["@type"], created["@baseType"]) == ("ResidentialCustomer", "Customer")
    assert created["@schemaLocation"] == "https://example.com/residential.json"


def test_retrieve_returns_the_stored_customer(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag, status="Approved")).json()
    response = customers.get(f"customer/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_retrieve_with_fields_returns_only_those_plus_id_and_href(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag, status="Approved")).json()
    body = customers.get(f"customer/{created['id']}", params={"fields": "status"}).json()
    assert body == {"id": created["id"], "href": created["href"], "status": "Approved"}


def test_unknown_customer_is_404_with_a_tmf_error(customers: ApiClient) -> None:
    response = customers.get("customer/does-not-exist")
    assert response.status_code == 404
    error = response.json()
    assert error["code"] and error["reason"] and error["status"] == "404"
    assert "does-not-exist" in error["message"]


def test_delete_answers_204_and_the_customer_is_gone(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    response = customers.delete(f"customer/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert customers.get(f"customer/{created['id']}").status_code == 404
    assert customers.delete(f"customer/{created['id']}").status_code == 404


def test_merge_patch_changes_only_what_it_names_and_answers_200_with_the_full_resource(
    customers: ApiClient, tag: str
) -> None:
    created = customers.post("customer", json=new_customer(tag, status="Initialized")).json()
    response = customers.patch(f"customer/{created['id']}", json={"status": "Approved", "statusReason": "checked"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "Approved" and body["statusReason"] == "checked"
    assert body["name"] == created["name"] and body["engagedParty"] == created["engagedParty"]
    assert customers.get(f"customer/{created['id']}").json() == body


def test_merge_patch_null_removes_an_attribute(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag, statusReason="x")).json()
    response = customers.patch(f"customer/{created['id']}", data='{"statusReason": null}',
                               headers={"Content-Type": "application/merge-patch+json"})
    assert response.status_code == 200
    assert "statusReason" not in response.json()


def test_json_patch_applies_operations_in_order(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    operations = [
        {"op": "add", "path": "/characteristic", "value": []},
        {"op": "add", "path": "/characteristic/-", "value": {"name": "segment", "value": "gold"}},
        {"op": "replace", "path": "/name", "value": f"Renamed {tag}"},
    ]
    response = customers.patch(f"customer/{created['id']}", json=operations,
                               headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == f"Renamed {tag}"
    assert body["characteristic"] == [{"name": "segment", "value": "gold"}]


def test_json_patch_that_cannot_apply_is_400_and_changes_nothing(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    operations = [{"op": "replace", "path": "/name", "value": "x"}, {"op": "remove", "path": "/nothing"}]
    response = customers.patch(f"customer/{created['id']}", json=operations,
                               headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 400
    assert customers.get(f"customer/{created['id']}").json()["name"] == created["name"]


def test_json_patch_producing_an_invalid_customer_is_400(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    response = customers.patch(f"customer/{created['id']}", json=[{"op": "replace", "path": "/name", "value": 5}],
                               headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 400
    assert "name" in response.json()["message"]


def test_patching_id_or_href_is_refused_with_400(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    for body in ({"id": "other"}, {"href": "http://x/y"}):
        response = customers.patch(f"customer/{created['id']}", json=body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "NOT_PATCHABLE"
    json_patch = [{"op": "replace", "path": "/id", "value": "other"}]
    response = customers.patch(f"customer/{created['id']}", json=json_patch,
                               headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 400
    assert customers.get(f"customer/{created['id']}").json() == created


def test_patch_of_unknown_customer_is_404(customers: ApiClient) -> None:
    assert customers.patch("customer/nope", json={"status": "x"}).status_code == 404


def test_patch_body_need_not_repeat_the_create_required_attributes(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    assert customers.patch(f"customer/{created['id']}", json={"statusReason": "partial"}).status_code == 200


def test_json_with_charset_parameter_is_accepted(customers: ApiClient, tag: str) -> None:
    import json

    response = customers.post("customer", data=json.dumps(new_customer(tag)),
                              headers={"Content-Type": "application/json;charset=utf-8"})
    assert response.status_code == 201


def test_chunked_request_body_without_content_length_is_accepted(customers: ApiClient, tag: str) -> None:
    import json

    payload = json.dumps(new_customer(tag)).encode()
    response = customers.post("customer", data=iter([payload[:20], payload[20:]]),
                              headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert response.json()["name"] == f"Customer {tag}"


def test_required_attributes_of_nested_official_schemas_are_enforced(customers: ApiClient, tag: str) -> None:
    # TMF629's ContactMedium requires mediumType and characteristic, its AccountRef a name: a customer
    # stored without them would make every later GET violate the official document
    for changes in ({"contactMedium": [{"mediumType": "email", "preferred": True}]},
                    {"contactMedium": [{"characteristic": {"emailAddress": "a@b.c"}}]},
                    {"account": [{"id": "acc-1"}]}):
        response = customers.post("customer", json=new_customer(tag, **changes))
        assert response.status_code == 400, (changes, response.text)
        assert response.json()["code"] and response.json()["reason"]
    complete = {"contactMedium": [{"mediumType": "email", "characteristic": {"emailAddress": "a@b.c"}}]}
    created = customers.post("customer", json=new_customer(tag, **complete))
    assert created.status_code == 201, created.text
    patched = customers.patch(f"customer/{created.json()['id']}", json={"contactMedium": [{"mediumType": "email"}]})
    assert patched.status_code == 400, patched.text
