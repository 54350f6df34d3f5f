"""One set of TMF630 typing rules: the SQL compiler (SQLite and PostgreSQL) and the in-memory evaluator
(hub subscriptions, the domain's in-memory units of work) give the same answers on the same cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

from component.domain.kernel.matching import matches_all
from component.domain.kernel.query import Filter, ListQuery, SameElement, parse_list_query, resolve_filters
from component.service import Registry

PRODUCT = "Product"


def characteristic(name: str, value: Any) -> dict[str, Any]:
    return {"name": name, "value": value}


DOCUMENTS: dict[str, dict[str, Any]] = {
    "text-msisdn": {"status": "active", "productCharacteristic": [
        characteristic("msisdn", "447700900001"), characteristic("iccid", "89440000000000000001")]},
    "number-msisdn": {"status": "suspended", "productCharacteristic": [
        characteristic("msisdn", 447700900001), characteristic("dataAllowance", 5)]},
    "flags": {"status": "active", "productCharacteristic": [
        characteristic("roaming", True), characteristic("msisdn", "x"), characteristic("level", 1)]},
    "list-value": {"status": "terminated", "productCharacteristic": [characteristic("tags", ["gold", "b2b"])]},
    "bare": {"status": "created"},
}

QUERIES = [
    "productCharacteristic.value=447700900001",  # text and number alike
    "productCharacteristic.value=89440000000000000001",  # 20 digits: an identifier, text only
    "productCharacteristic.value=true",  # a boolean, not the number 1
    "productCharacteristic.value=1",  # the number 1, not true
    "productCharacteristic.value.gt=4",  # numbers with numbers only
    "productCharacteristic.value.lt=abc",  # text with text only
    "productCharacteristic.value.gte=447700900001",
    "productCharacteristic.name*=^ms",
    "productCharacteristic.value*=^44",  # regex on text only
    "productCharacteristic.value=gold",  # an array value: some element
    "status=active,suspended",
    "status=active&productCharacteristic.name=roaming",
    "productCharacteristic.name=msisdn&productCharacteristic.value=5",  # independent: different elements
]

SAME_ELEMENT = [
    (SameElement("productCharacteristic", (Filter("name", ("msisdn",)), Filter("value", ("x",)))),),
    (SameElement("productCharacteristic", (Filter("name", ("msisdn",)), Filter("value", ("5",)))),),
    (SameElement("productCharacteristic", (Filter("name", ("dataAllowance",)), Filter("value", ("4",), "gt"))),),
    (SameElement("productCharacteristic", (Filter("name", ("roaming",)), Filter("value", ("true",)))),
     Filter("status", ("active",))),
]


@pytest.fixture(scope="module")
def stored(registry: Registry) -> dict[str, dict[str, Any]]:
    """The documents, stored under ids unique to this run; by name."""
    served = registry[PRODUCT]
    now = "2026-01-01T00:00:00.000Z"
    documents = {}
    with registry.database.write() as connection:
        for name, body in DOCUMENTS.items():
            document = {"id": f"agreement-{name}-{id(registry)}", "href": f"/product/{name}", "name": "agreement",
                        **body}
            served.repository.insert(connection, document, now)
            documents[name] = document
    return documents


def answers(registry: Registry, stored: dict[str, dict[str, Any]],
            conditions: tuple[Any, ...]) -> tuple[set[str], set[str]]:
    ours = {document["id"] for document in stored.values()}
    with registry.database.read() as connection:
        page = registry[PRODUCT].repository.list(connection, ListQuery(conditions, limit=1000), count=False)
    in_sql = {document["id"] for document in page.items} & ours
    in_memory = {document["id"] for document in stored.values() if matches_all(conditions, document)}
    return in_sql, in_memory


@pytest.mark.parametrize("query", QUERIES)
def test_sql_and_memory_agree_on_list_queries(registry: Registry, stored: dict[str, dict[str, Any]],
                                               query: str) -> None:
    conditions = parse_list_query(parse_qsl(query), registry[PRODUCT].tree, default_limit=1000,
                                  max_limit=1000).conditions
    in_sql, in_memory = answers(registry, stored, conditions)
    assert in_sql == in_memory


@pytest.mark.parametrize("filters", SAME_ELEMENT, ids=lambda filters: repr(filters)[:80])
def test_sql_and_memory_agree_on_same_element_filters(registry: Registry, stored: dict[str, dict[str, Any]],
                                                       filters: tuple[Any, ...]) -> None:
    in_sql, in_memory = answers(registry, stored, resolve_filters(filters, registry[PRODUCT].tree))
    assert in_sql == in_memory


def test_the_cases_tell_documents_apart(registry: Registry, stored: dict[str, dict[str, Any]]) -> None:
    """Not vacuous: the expected answers of a few cases, by name."""
    def named(query: str) -> set[str]:
        conditions = parse_list_query(parse_qsl(query), registry[PRODUCT].tree, default_limit=1000,
                                      max_limit=1000).conditions
        in_sql, _ = answers(registry, stored, conditions)
        return {name for name, document in stored.items() if document["id"] in in_sql}

    assert named("productCharacteristic.value=447700900001") == {"text-msisdn", "number-msisdn"}
    assert named("productCharacteristic.value=true") == {"flags"}
    assert named("productCharacteristic.value=1") == {"flags"}  # the number 1 of `level`
    assert named("productCharacteristic.value.lt=abc") == {"text-msisdn"}
    assert named("productCharacteristic.value=gold") == {"list-value"}
    same = resolve_filters(SAME_ELEMENT[1], registry[PRODUCT].tree)
    assert answers(registry, stored, same)[0] == set()  # msisdn and 5 are in different elements
