"""Hostile input never yields a 5xx nor a stored inconsistency, on SQLite and PostgreSQL alike (issue #13).

Each case was once answered 500, accepted, or unsafe; each runs on both backends through a real listener.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from component.api.registry import select
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer

DEEP = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
CONTROL_CALLBACK = "https://p'\u0015\u00f2q\u00e8\"]3\u00b5p\u00cf\u00c4\n.example/x"
METADATA_CALLBACKS = ["http://2852039166/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/",
                      "http://169.254.169.254./", "http://0/", "http://[::ffff:169.254.169.254]/",
                      "http://169.254.169.254:80/latest/meta-data/"]


def raw_post(client: ApiClient, path: str, raw: bytes, method: str = "POST",
             content_type: str = "application/json") -> Any:
    return client.request(method, path, data=raw, headers={"Content-Type": content_type})


@pytest.fixture
def anywhere(server: LiveServer) -> ApiClient:
    return ApiClient(server.root)


def test_deeply_nested_bodies_are_refused_on_every_body_taking_endpoint(server: LiveServer,
                                                                       anywhere: ApiClient) -> None:
    targets = [("POST", "/listener/CustomerCreateEvent"),
               ("POST", "/tmf-api/serviceOrdering/v4/listener/ServiceOrderStateChangeEvent"),
               ("POST", "/admin/events/dead-letters/replay")]
    for api in select(server.settings.apis):
        for path, item in server.component.documents[api.name]["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "requestBody" in operation:
                    targets.append((method.upper(), api.base_path + path.replace("{id}", "no-such-id")))
    assert len(targets) > 20
    for method, path in targets:
        for body in (DEEP, DEEP_OBJECT):
            for media_type in ("application/json", "application/merge-patch+json"):
                response = raw_post(anywhere, path, body, method, media_type)
                assert response.status_code == 400, (method, path, response.status_code, response.text[:200])
                error = response.json()
                assert error["@type"] == "Error" and "nested" in error["message"], error


def test_moderately_nested_bodies_still_reach_validation(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, characteristic=[{"name": "deep", "value": json.loads("[" * 40 + "]" * 40)}])
    assert customers.post("customer", json=body).status_code == 201


@pytest.mark.parametrize("raw", [
    '"\\ud800"', '"x\\udfff y"', '{"\\ud83d": 1}',  # lone surrogates, in a value and in a key
    "1" * 5000, "-" + "9" * 25, "9223372036854775808",  # integers beyond 64 bits
    "NaN", "Infinity", "-Infinity", "1e400", "-1e400",
])
def test_numbers_and_strings_the_databases_disagree_on_are_refused(customers: ApiClient, tag: str,
                                                                    raw: str) -> None:
    body = json.dumps(new_customer(tag, characteristic=[{"name": "v", "value": "PLACEHOLDER"}]))
    body = body.replace('"PLACEHOLDER"', raw)
    response = customers.post("customer", data=body.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["@type"] == "Error"
    # nothing was stored, so ordinary filters keep answering for every client
    assert customers.get("customer", params={"name": f"Customer {tag}"}).json() == []
    assert customers.get("customer", params={"contactMedium.mediumType": "email"}).status_code == 200


def test_the_largest_64_bit_integer_is_accepted(customers: ApiClient, tag: str) -> None:
    body = new_customer(tag, characteristic=[{"name": "big", "value": 2**63 - 1}])
    assert customers.post("customer", json=body).status_code == 201


@pytest.mark.parametrize("query", ["limit=\u00b2", "offset=\u00b2", "limit=" + "9" * 20, "offset=-1",
                                   "limit=1e3", "offset=" + "1" * 20])
def test_dead_letter_paging_values_are_validated(anywhere: ApiClient, query: str) -> None:
    response = anywhere.get(f"/admin/events/dead-letters?{query}")
    assert response.status_code == 400, response.text
    assert response.json()["@type"] == "Error"


@pytest.mark.parametrize("ids", [[10**19], [2**63], [True], [-1], ["1"], [1.5], "1"])
def test_dead_letter_replay_ids_are_validated(anywhere: ApiClient, ids: Any) -> None:
    response = anywhere.post("/admin/events/dead-letters/replay", json={"ids": ids})
    assert response.status_code == 400, response.text


def test_a_replay_of_the_largest_id_answers_zero_replayed(anywhere: ApiClient) -> None:
    response = anywhere.post("/admin/events/dead-letters/replay", json={"ids": [2**63 - 1]})
    assert response.status_code == 200 and response.json() == {"replayed": 0}


@pytest.mark.parametrize("callback", [
    CONTROL_CALLBACK, "http://exa mple.com/x", "http://ex\u00e4mple.com/x", "http://example.com/\u0000",
    "http://example.com:99999/x", "http://[::1/x", "http://" + "a" * 3000 + ".com/", "",
    "http://127.0.0.1:9\\@8.8.8.8/",
])
def test_hub_callbacks_with_hostile_text_are_refused(customers: ApiClient, callback: str) -> None:
    response = customers.post("hub", json={"callback": callback})
    assert response.status_code == 400, response.text
    assert response.json()["@type"] == "Error"


@pytest.mark.parametrize("callback", METADATA_CALLBACKS)
def test_hub_callbacks_to_the_metadata_or_unspecified_address_are_refused(customers: ApiClient,
                                                                         callback: str) -> None:
    response = customers.post("hub", json={"callback": callback})
    assert response.status_code == 400, response.text
    assert "refused" in response.json()["message"]


def test_a_name_beyond_the_indexed_bound_is_refused_and_one_within_is_stored(customers: ApiClient,
                                                                            tag: str) -> None:
    too_long = customers.post("customer", json=new_customer(tag, name="n" * 3000))
    assert too_long.status_code == 400, too_long.text
    assert "name" in too_long.json()["message"]
    wide = "\u00e9" * 600  # 1,200 bytes of UTF-8
    assert customers.post("customer", json=new_customer(tag, name=wide)).status_code == 400
    fitting = customers.post("customer", json=new_customer(tag, name=f"{tag}-" + "n" * 1000))
    assert fitting.status_code == 201, fitting.text
    created = fitting.json()
    patched = customers.patch(f"customer/{created['id']}", json={"name": "m" * 3000},
                              headers={"Content-Type": "application/merge-patch+json"})
    assert patched.status_code == 400
    assert customers.get(f"customer/{created['id']}").json()["name"] == created["name"]


def test_catastrophic_backtracking_patterns_run_in_linear_time_and_agree(customers: ApiClient, tag: str) -> None:
    value = "a" * 40 + "!"
    created = customers.post("customer", json=new_customer(tag, characteristic=[{"name": "v", "value": value}]))
    assert created.status_code == 201
    own = {"name": f"Customer {tag}"}
    assert customers.get("customer", params={**own, "characteristic.value*": "^(a+)+$"}).json() == []
    found = customers.get("customer", params={**own, "characteristic.value*": "^(a+)+!$"}).json()
    assert [item["id"] for item in found] == [created.json()["id"]]


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)a", "a" * 1001])
def test_patterns_the_linear_engine_cannot_run_are_refused(customers: ApiClient, pattern: str) -> None:
    response = customers.get("customer", params={"characteristic.value*": pattern})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "INVALID_QUERY"


def test_every_response_carries_the_security_headers(anywhere: ApiClient, customers: ApiClient) -> None:
    for response in (customers.get("customer"), customers.get("customer/none"), anywhere.get("/health/live"),
                     anywhere.get("/metrics"), anywhere.post("/listener/X", data=b"[" * 100)):
        assert response.headers["X-Content-Type-Options"] == "nosniff", response.url
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
