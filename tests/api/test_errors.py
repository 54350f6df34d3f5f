"""Bad input gets a TMF Error object with a 4xx status, never a 500, and nothing stored is harmed."""

from __future__ import annotations

import json

import pytest

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


def assert_tmf_error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["reason"], str) and error["reason"]
    assert error["status"] == str(status)
    assert "Traceback" not in response.text
    return error


def test_malformed_json_is_400(customers: ApiClient) -> None:
    response = customers.post("customer", data="{not json", headers={"Content-Type": "application/json"})
    assert_tmf_error(response, 400)


def test_missing_required_attribute_is_400_naming_it(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag)
    del body["engagedParty"]
    error = assert_tmf_error(customers.post("customer", json=body), 400)
    assert "engagedParty" in error["message"]


def test_wrong_attribute_type_is_400(customers: ApiClient, tag: str) -> None:
    assert_tmf_error(customers.post("customer", json=new_customer(tag, name=42)), 400)


def test_wrong_enum_value_is_400(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, contactMedium=[{"mediumType": "email", "characteristic": {"contactType": 3}}])
    assert_tmf_error(customers.post("customer", json=body), 400)


def test_body_that_is_not_an_object_is_400(customers: ApiClient) -> None:
    assert_tmf_error(customers.post("customer", json=["a", "list"]), 400)


def test_missing_body_is_400_not_415(customers: ApiClient) -> None:
    assert_tmf_error(customers.post("customer"), 400)
    assert_tmf_error(customers.post("customer", headers={"Content-Type": "application/json"}), 400)


def test_non_json_content_type_is_415(customers: ApiClient, tag: str) -> None:
    response = customers.post("customer", data=json.dumps(new_customer(tag)), headers={"Content-Type": "text/plain"})
    assert_tmf_error(response, 415)


def test_oversize_body_is_413(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, description="x" * (70 * 1024))  # the test server allows 64 KiB
    assert_tmf_error(customers.post("customer", json=body), 413)


def test_oversize_chunked_body_without_content_length_is_413(customers: ApiClient, tag: str) -> None:
    payload = json.dumps(new_customer(tag, description="y" * (70 * 1024))).encode()

    def chunks():  # type: ignore[no-untyped-def]
        for start in range(0, len(payload), 8192):
            yield payload[start:start + 8192]

    response = customers.post("customer", data=chunks(), headers={"Content-Type": "application/json"})
    assert_tmf_error(response, 413)


def test_unknown_path_is_404(customers: ApiClient) -> None:
    assert_tmf_error(customers.get("nothing-here"), 404)


def test_unsupported_method_is_405(customers: ApiClient) -> None:
    assert_tmf_error(customers.request("PUT", "customer"), 405)


@pytest.mark.parametrize("bad", [{"op": "jump", "path": "/name"}, {"path": "/name"}])
def test_malformed_json_patch_is_400(customers: ApiClient, tag: str, bad: dict) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    response = customers.patch(f"customer/{created['id']}", json=[bad],
                               headers={"Content-Type": "application/json-patch+json"})
    assert_tmf_error(response, 400)
    assert customers.get(f"customer/{created['id']}").json() == created


def test_merge_patch_with_a_wrong_type_is_400_and_nothing_changes(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    assert_tmf_error(customers.patch(f"customer/{created['id']}", json={"contactMedium": "nope"}), 400)
    assert customers.get(f"customer/{created['id']}").json() == created


def test_merge_patch_removing_a_required_attribute_is_400(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag)).json()
    response = customers.patch(f"customer/{created['id']}", data='{"engagedParty": null}',
                               headers={"Content-Type": "application/merge-patch+json"})
    error = assert_tmf_error(response, 400)
    assert "engagedParty" in error["message"]
    assert customers.get(f"customer/{created['id']}").json() == created


def test_nul_character_in_a_string_is_400_on_every_backend(customers: ApiClient, tag: str) -> None:
    error = assert_tmf_error(customers.post("customer", json=new_customer(tag, description="a\u0000b")), 400)
    assert "NUL" in error["message"]


def test_nul_character_in_a_path_or_filter_is_400_or_404_never_500(customers: ApiClient) -> None:
    assert customers.get("customer/a%00b").status_code in {400, 404}
    assert customers.get("customer", params={"name": "a\u0000b"}).status_code in {200, 400}
