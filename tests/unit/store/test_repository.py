"""ResourceRepository and the TMF630 -> SQL compiler against real databases (SQLite and PostgreSQL).

A fixed set of widgets is stored once per backend; each test runs one parsed query and states exactly
which ids it returns, in which order, and the total that X-Total-Count would carry.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from component.domain.kernel.errors import InvalidQuery
from component.domain.kernel.query import parse_list_query
from component.domain.kernel.resource_type import ResourceType
from component.domain.kernel.schema import AttributeTree
from component.store.database import Database
from component.store.repository import Page, ResourceRepository
from tests.support.backends import BACKENDS, migrated_database
from tests.unit.widgets import DOCUMENT, WIDGET

TREE = AttributeTree(DOCUMENT, "Widget")
GADGET = ResourceType(name="Gadget", collection="gadget", state_attribute="status")


def widget(number: int, **attributes: Any) -> dict[str, Any]:
    return {"id": f"w{number}", "href": f"/widget/w{number}", "@type": "Widget",
            "creationDate": f"2024-0{number}-01T00:00:00.000Z", **attributes}


WIDGETS = [
    widget(
        1, name="alpha", status="active", priority=1, weight=1.5, isVip=True, owner={"id": "p1"},
        validFor={"startDateTime": "2024-01-10T00:00:00.000Z"},
        contactMedium=[
            {"mediumType": "email", "preferred": True,
             "characteristic": {"emailAddress": "a@example.com", "city": "Paris"}},
            {"mediumType": "phone", "preferred": False, "characteristic": {"city": "London"}},
        ],
        item=[{"id": "i1", "quantity": 1,
               "characteristic": [{"name": "colour", "value": "red"}, {"name": "size", "value": 5}]}],
        tag=["red", "blue"],
    ),
    widget(
        2, name="bravo", status="suspended", priority=2, weight=2.5, isVip=False, owner={"id": "p2"},
        validFor={"startDateTime": "2024-02-10T00:00:00.000Z"},
        **{"@type": "SuperWidget"},
        contactMedium=[{"mediumType": "phone", "characteristic": {"city": "Paris"}}],
        item=[{"id": "i2", "quantity": 3, "characteristic": [{"name": "colour", "value": "blue"}],
               "item": [{"id": "i2a", "characteristic": [{"name": "colour", "value": "green"}]}]}],
        tag=["green"],
    ),
    widget(
        3, name="charlie", status="active", priority=10, weight=0.5, isVip=False, owner={"id": "p1"},
        validFor={"startDateTime": "2024-03-10T00:00:00.000Z"},
        contactMedium=[{"mediumType": "email",
                        "characteristic": {"emailAddress": "c@example.com", "city": "London"}}],
        item=[{"id": "i3", "quantity": 2,
               "characteristic": [{"name": "size", "value": 10}, {"name": "flag", "value": True}]}],
    ),
    widget(
        4, name="delta", status="inactive", priority=3, weight=10, isVip=True, owner={"id": "p3"},
        validFor={"startDateTime": "2024-04-10T00:00:00.000Z"}, contactMedium=[], tag=[],
    ),
    widget(
        5, name="echo", status="active", priority=20, weight=3, isVip=False, owner={"id": "p4"},
        validFor={"startDateTime": "2024-05-10T00:00:00.000Z"},
        item=[{"id": "i5", "characteristic": [{"name": "size", "value": "5"}]}],
    ),
]
ALL = [document["id"] for document in WIDGETS]


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated database holding WIDGETS (and one gadget named like a widget, to show kinds stay apart)."""
    with migrated_database(request.param, tmp_path_factory.mktemp("unit-store")) as url:
        database = Database(url)
        repository = ResourceRepository(WIDGET, database.dialect)
        with database.write() as connection:
            for document in WIDGETS:
                repository.insert(connection, document, document["creationDate"])
            ResourceRepository(GADGET, database.dialect).insert(
                connection, {"id": "g1", "href": "/gadget/g1", "name": "alpha", "status": "active"},
                "2023-12-01T00:00:00.000Z",
            )
        yield database
        database.dispose()


def run(database: Database, query: str) -> Page:
    pairs = [tuple(part.split("=", 1)) for part in query.split("&") if part]
    parsed = parse_list_query(pairs, TREE, default_limit=100, max_limit=100)
    with database.read() as connection:
        return ResourceRepository(WIDGET, database.dialect).list(connection, parsed)


def ids(database: Database, query: str) -> list[str]:
    page = run(database, query)
    found = [document["id"] for document in page.items]
    assert page.total == len(found), "without paging the total is the number of items"
    return found


# -- equality -------------------------------------------------------------------------------------------


def test_no_filter_returns_every_resource_of_the_kind_in_creation_order(database: Database) -> None:
    assert ids(database, "") == ALL


def test_equality_on_the_name_column(database: Database) -> None:
    assert ids(database, "name=bravo") == ["w2"]


def test_equality_on_the_state_column(database: Database) -> None:
    assert ids(database, "status=active") == ["w1", "w3", "w5"]


def test_equality_on_the_id_column(database: Database) -> None:
    assert ids(database, "id=w4,w2") == ["w2", "w4"]


def test_other_kinds_are_never_returned(database: Database) -> None:
    assert ids(database, "name=alpha") == ["w1"]


def test_equality_on_a_nested_json_attribute(database: Database) -> None:
    assert ids(database, "owner.id=p1") == ["w1", "w3"]


def test_equality_on_an_at_attribute(database: Database) -> None:
    assert ids(database, "@type=SuperWidget") == ["w2"]


def test_no_match_gives_an_empty_page_and_zero_total(database: Database) -> None:
    page = run(database, "name=zulu")
    assert (page.items, page.total) == ([], 0)


# -- through arrays ---------------------------------------------------------------------------------------


def test_path_through_one_array_matches_when_some_element_matches(database: Database) -> None:
    assert ids(database, "contactMedium.mediumType=email") == ["w1", "w3"]


def test_path_through_an_array_into_an_object_of_the_element(database: Database) -> None:
    assert ids(database, "contactMedium.characteristic.city=London") == ["w1", "w3"]


def test_path_through_two_nested_arrays(database: Database) -> None:
    assert ids(database, "item.characteristic.name=colour") == ["w1", "w2"]


def test_path_through_three_nested_arrays_of_a_recursive_schema(database: Database) -> None:
    assert ids(database, "item.item.characteristic.value=green") == ["w2"]


def test_array_of_scalars_matches_any_element(database: Database) -> None:
    assert ids(database, "tag=blue") == ["w1"]
    assert ids(database, "tag=green,red") == ["w1", "w2"]


def test_two_conditions_on_one_array_are_matched_by_elements_independently(database: Database) -> None:
    # w1: the email element is in Paris, the phone element in London: each condition has its own element.
    assert ids(database, "contactMedium.mediumType=email&contactMedium.characteristic.city=London") == ["w1", "w3"]


def test_any_typed_value_matches_the_number_and_the_text_alike(database: Database) -> None:
    assert ids(database, "item.characteristic.value=5") == ["w1", "w5"]


def test_any_typed_value_matches_text(database: Database) -> None:
    assert ids(database, "item.characteristic.value=red") == ["w1"]


def test_any_typed_value_matches_a_stored_boolean(database: Database, request: pytest.FixtureRequest) -> None:
    assert ids(database, "item.characteristic.value=true") == ["w3"]


def test_any_typed_value_with_a_non_finite_number_text_matches_nothing(
    database: Database, request: pytest.FixtureRequest
) -> None:
    assert ids(database, "item.characteristic.value=NaN") == []
    assert ids(database, "item.characteristic.value=Infinity") == []


# -- booleans and numbers ---------------------------------------------------------------------------------


def test_boolean_true(database: Database) -> None:
    assert ids(database, "isVip=true") == ["w1", "w4"]


def test_boolean_false(database: Database) -> None:
    assert ids(database, "isVip=false") == ["w2", "w3", "w5"]


def test_boolean_inside_array_elements(database: Database) -> None:
    assert ids(database, "contactMedium.preferred=true") == ["w1"]
    assert ids(database, "contactMedium.preferred=false") == ["w1"]


def test_integer_equality(database: Database) -> None:
    assert ids(database, "priority=10") == ["w3"]


def test_number_equality_matches_a_stored_integer_and_a_stored_fraction(database: Database) -> None:
    assert ids(database, "weight=10") == ["w4"]
    assert ids(database, "weight=1.5") == ["w1"]


def test_integer_comparison_is_numeric_not_textual(database: Database) -> None:
    assert ids(database, "priority.gt=2") == ["w3", "w4", "w5"]
    assert ids(database, "priority.lte=3") == ["w1", "w2", "w4"]


def test_range_on_a_number_is_two_anded_comparisons(database: Database) -> None:
    assert ids(database, "weight.gte=2.5&weight.lt=10") == ["w2", "w5"]


def test_number_comparison_inside_array_elements(database: Database) -> None:
    assert ids(database, "item.quantity.gte=2") == ["w2", "w3"]


# -- dates --------------------------------------------------------------------------------------------------


def test_date_comparison_on_the_creation_date_column(database: Database) -> None:
    assert ids(database, "creationDate.gt=2024-02-01T00:00:00.000Z") == ["w3", "w4", "w5"]
    assert ids(database, "creationDate.lte=2024-02-01T00:00:00.000Z") == ["w1", "w2"]


def test_date_range_on_a_nested_json_date(database: Database) -> None:
    assert ids(database, "validFor.startDateTime.gte=2024-02-01&validFor.startDateTime.lt=2024-04-01") == [
        "w2", "w3",
    ]


# -- regex, OR, AND ---------------------------------------------------------------------------------------


def test_regex_on_a_column(database: Database) -> None:
    assert ids(database, "name*=^[a-c]") == ["w1", "w2", "w3"]


def test_regex_on_a_nested_json_attribute(database: Database) -> None:
    assert ids(database, "owner.id*=^p[12]$") == ["w1", "w2", "w3"]


def test_regex_through_an_array(database: Database) -> None:
    assert ids(database, "contactMedium.characteristic.emailAddress*=^c@") == ["w3"]


@pytest.mark.parametrize(
    ("query", "expected"), [("name*=(?P<start>al)pha", ["w1"]), ("owner.id*=(?P<party>p2)", ["w2"])]
)
def test_regex_the_parser_accepts_runs_on_every_backend(
    database: Database, request: pytest.FixtureRequest, query: str, expected: list[str]
) -> None:
    try:
        found = ids(database, query)
    except InvalidQuery:
        return  # refusing the pattern up front (a 400) is as good as running it
    assert found == expected


def test_comma_values_are_ored(database: Database) -> None:
    assert ids(database, "status=suspended,inactive") == ["w2", "w4"]


def test_repeated_keys_are_ored(database: Database) -> None:
    assert ids(database, "owner.id=p2&owner.id=p3") == ["w2", "w4"]


def test_different_attributes_are_anded(database: Database) -> None:
    assert ids(database, "status=active&owner.id=p1") == ["w1", "w3"]


def test_or_within_and_across_attributes(database: Database) -> None:
    assert ids(database, "status=active,inactive&isVip=true") == ["w1", "w4"]


def test_column_and_array_conditions_are_anded(database: Database) -> None:
    assert ids(database, "status=active&contactMedium.mediumType=email&tag=red") == ["w1"]


# -- sort and paging --------------------------------------------------------------------------------------


def test_sort_ascending_by_a_column(database: Database) -> None:
    assert ids(database, "sort=name") == ["w1", "w2", "w3", "w4", "w5"]


def test_sort_descending_by_a_column(database: Database) -> None:
    assert ids(database, "sort=-name") == ["w5", "w4", "w3", "w2", "w1"]


def test_sort_descending_by_a_json_integer_is_numeric(database: Database) -> None:
    assert ids(database, "sort=-priority") == ["w5", "w3", "w4", "w2", "w1"]


def test_sort_ascending_by_a_json_number_is_numeric(database: Database) -> None:
    assert ids(database, "sort=weight") == ["w3", "w1", "w2", "w5", "w4"]


def test_sort_by_a_nested_attribute(database: Database) -> None:
    assert ids(database, "sort=-validFor.startDateTime") == ["w5", "w4", "w3", "w2", "w1"]


def test_second_sort_key_orders_ties_of_the_first(database: Database) -> None:
    assert ids(database, "sort=status,-name") == ["w5", "w3", "w1", "w4", "w2"]


def test_ties_fall_back_to_creation_order(database: Database) -> None:
    assert ids(database, "sort=status") == ["w1", "w3", "w5", "w4", "w2"]


def test_pages_of_a_sorted_list_concatenate_to_the_whole_list(database: Database) -> None:
    pages = [run(database, f"sort=-isVip&offset={offset}&limit=2") for offset in (0, 2, 4)]
    assert [document["id"] for page in pages for document in page.items] == ["w1", "w4", "w2", "w3", "w5"]
    assert [page.total for page in pages] == [5, 5, 5]


def test_total_counts_every_match_not_the_page(database: Database) -> None:
    page = run(database, "status=active&limit=1")
    assert [document["id"] for document in page.items] == ["w1"]
    assert page.total == 3


def test_offset_skips_matches(database: Database) -> None:
    page = run(database, "status=active&offset=1&limit=1")
    assert ([document["id"] for document in page.items], page.total) == (["w3"], 3)


def test_offset_beyond_the_end_gives_an_empty_page_with_the_total(database: Database) -> None:
    page = run(database, "offset=10")
    assert (page.items, page.total) == ([], 5)


def test_offset_at_the_end_gives_an_empty_page(database: Database) -> None:
    assert run(database, "offset=5").items == []


def test_limit_zero_gives_an_empty_page_with_the_total(database: Database) -> None:
    page = run(database, "status=active&limit=0")
    assert (page.items, page.total) == ([], 3)


def test_listed_documents_are_the_stored_ones(database: Database) -> None:
    assert run(database, "id=w1").items == [WIDGETS[0]]


# -- writes -----------------------------------------------------------------------------------------------


@pytest.fixture
def gadget(database: Database) -> dict[str, Any]:
    """A freshly stored gadget at version 1."""
    resource_id = uuid.uuid4().hex
    document = {"id": resource_id, "href": f"/gadget/{resource_id}", "name": "before", "status": "active"}
    with database.write() as connection:
        ResourceRepository(GADGET, database.dialect).insert(connection, document, "2024-01-01T00:00:00.000Z")
    return document


def test_replace_with_the_current_version_stores_the_next_version(
    database: Database, gadget: dict[str, Any]
) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    with database.write() as connection:
        assert repository.replace(connection, {**gadget, "name": "after"}, 1, "2024-01-02T00:00:00.000Z")
    with database.read() as connection:
        stored = repository.get(connection, gadget["id"])
    assert stored is not None
    assert (stored.document["name"], stored.version) == ("after", 2)


def test_replace_with_a_stale_version_returns_false_and_changes_nothing(
    database: Database, gadget: dict[str, Any]
) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    with database.write() as connection:
        assert repository.replace(connection, {**gadget, "name": "first"}, 1, "2024-01-02T00:00:00.000Z")
    with database.write() as connection:
        assert not repository.replace(connection, {**gadget, "name": "second"}, 1, "2024-01-03T00:00:00.000Z")
    with database.read() as connection:
        stored = repository.get(connection, gadget["id"])
    assert stored is not None
    assert (stored.document["name"], stored.version) == ("first", 2)


def test_replace_updates_the_side_columns_used_by_filters(database: Database, gadget: dict[str, Any]) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    new_name = f"renamed-{gadget['id']}"
    with database.write() as connection:
        repository.replace(connection, {**gadget, "name": new_name, "status": "closed"}, 1, "2024-01-02T00:00:00.000Z")
    query = parse_list_query([("name", new_name), ("status", "closed")], AttributeTree(DOCUMENT, "Widget"),
                             default_limit=10, max_limit=10)
    with database.read() as connection:
        page = repository.list(connection, query)
    assert [document["id"] for document in page.items] == [gadget["id"]]


def test_replace_of_a_missing_resource_returns_false(database: Database) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    with database.write() as connection:
        assert not repository.replace(connection, {"id": "nobody", "href": "/gadget/nobody"}, 1, "2024-01-02")


def test_delete_removes_the_resource_once(database: Database, gadget: dict[str, Any]) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    with database.write() as connection:
        assert repository.delete(connection, gadget["id"])
    with database.write() as connection:
        assert not repository.delete(connection, gadget["id"])
        assert repository.get(connection, gadget["id"]) is None


@pytest.mark.parametrize("attribute", ["name", "status"])
def test_long_name_or_state_is_stored(database: Database, request: pytest.FixtureRequest, attribute: str) -> None:
    repository = ResourceRepository(GADGET, database.dialect)
    resource_id = uuid.uuid4().hex
    document = {"id": resource_id, "href": f"/gadget/{resource_id}", attribute: "x" * 300}
    with database.write() as connection:
        repository.insert(connection, document, "2024-01-01T00:00:00.000Z")
    with database.read() as connection:
        stored = repository.get(connection, resource_id)
    assert stored is not None
    assert stored.document[attribute] == "x" * 300
