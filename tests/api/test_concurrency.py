"""ETag, If-Match and If-None-Match, and concurrent PATCHes that never lose an update."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


def test_get_and_patch_answer_an_etag_that_changes_with_each_update(customers: ApiClient, tag: str) -> None:
    created = customers.post("customer", json=new_customer(tag))
    identifier = created.json()["id"]
    first = customers.get(f"customer/{identifier}").headers["ETag"]
    assert first == created.headers["ETag"]
    patched = customers.patch(f"customer/{identifier}", json={"status": "Approved"})
    assert patched.headers["ETag"] != first
    assert customers.get(f"customer/{identifier}").headers["ETag"] == patched.headers["ETag"]


def test_if_none_match_with_the_current_etag_answers_304_without_body(customers: ApiClient, tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag)).json()["id"]
    current = customers.get(f"customer/{identifier}").headers["ETag"]
    response = customers.get(f"customer/{identifier}", headers={"If-None-Match": current})
    assert response.status_code == 304 and response.content == b""
    customers.patch(f"customer/{identifier}", json={"status": "Approved"})
    assert customers.get(f"customer/{identifier}", headers={"If-None-Match": current}).status_code == 200


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(customers: ApiClient, tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag)).json()["id"]
    stale = customers.get(f"customer/{identifier}").headers["ETag"]
    customers.patch(f"customer/{identifier}", json={"status": "Approved"})
    response = customers.patch(f"customer/{identifier}", json={"status": "Rejected"}, headers={"If-Match": stale})
    assert response.status_code == 412
    assert response.json()["status"] == "412"
    assert customers.get(f"customer/{identifier}").json()["status"] == "Approved"


def test_patch_with_the_current_if_match_succeeds(customers: ApiClient, tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag)).json()["id"]
    current = customers.get(f"customer/{identifier}").headers["ETag"]
    response = customers.patch(f"customer/{identifier}", json={"status": "Approved"}, headers={"If-Match": current})
    assert response.status_code == 200


def test_delete_with_a_stale_if_match_is_412_and_keeps_the_customer(customers: ApiClient, tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag)).json()["id"]
    customers.patch(f"customer/{identifier}", json={"status": "Approved"})
    assert customers.delete(f"customer/{identifier}", headers={"If-Match": '"1"'}).status_code == 412
    assert customers.get(f"customer/{identifier}").status_code == 200


def test_concurrent_patches_of_one_customer_never_lose_an_update(customers: ApiClient, tag: str) -> None:
    identifier = customers.post("customer", json=new_customer(tag, characteristic=[])).json()["id"]
    writers = 16

    def append(index: int) -> int:
        client = ApiClient(customers.root)  # one connection per writer
        operation = [{"op": "add", "path": "/characteristic/-", "value": {"name": f"c{index}", "value": index}}]
        return client.patch(f"customer/{identifier}", json=operation,
                            headers={"Content-Type": "application/json-patch+json"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(append, range(writers)))
    assert statuses == [200] * writers
    final = customers.get(f"customer/{identifier}")
    assert sorted(item["name"] for item in final.json()["characteristic"]) == sorted(f"c{i}" for i in range(writers))
    assert final.headers["ETag"] == f'"{writers + 1}"'
