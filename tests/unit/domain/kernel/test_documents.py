"""Shaping documents: what the server sets on create, and `fields=` projection."""

from __future__ import annotations

import copy
from typing import Any

from component.domain.kernel.documents import new_document, project
from component.domain.kernel.resource_type import ResourceType
from tests.unit.widgets import INITIAL_STATE, WIDGET

NOW = "2024-05-01T12:00:00.000Z"


def create(body: dict[str, Any], resource_type: ResourceType = WIDGET) -> dict[str, Any]:
    return new_document(resource_type, body, resource_id="w1", href="/widget/w1", now=NOW)


# -- new_document ---------------------------------------------------------------------------------------


def test_server_assigns_id_and_href_over_the_clients() -> None:
    document = create({"id": "mine", "href": "/mine", "name": "a"})
    assert (document["id"], document["href"]) == ("w1", "/widget/w1")


def test_server_owned_attributes_in_the_body_are_dropped() -> None:
    document = create({"name": "a", "status": "active"})
    assert document["status"] == INITIAL_STATE


def test_client_attributes_are_kept() -> None:
    document = create({"name": "a", "owner": {"id": "p1"}, "tag": ["red"]})
    assert document["name"] == "a"
    assert document["owner"] == {"id": "p1"}
    assert document["tag"] == ["red"]


def test_type_defaults_to_the_resource_name() -> None:
    assert create({"name": "a"})["@type"] == "Widget"


def test_type_sent_by_the_client_is_kept() -> None:
    assert create({"name": "a", "@type": "SuperWidget"})["@type"] == "SuperWidget"


def test_base_type_and_schema_location_are_kept_as_sent() -> None:
    document = create({"@baseType": "Widget", "@schemaLocation": "https://example.com/super.json"})
    assert document["@baseType"] == "Widget"
    assert document["@schemaLocation"] == "https://example.com/super.json"


def test_creation_and_update_dates_are_set_to_now() -> None:
    document = create({"creationDate": "1999-01-01T00:00:00Z", "lastUpdate": "1999-01-01T00:00:00Z"})
    assert (document["creationDate"], document["lastUpdate"]) == (NOW, NOW)


def test_initial_state_is_set_when_the_body_has_none() -> None:
    assert create({"name": "a"})["status"] == INITIAL_STATE


def test_a_state_the_client_may_set_is_kept() -> None:
    resource_type = ResourceType(name="Gadget", collection="gadget", state_attribute="status")
    assert create({"status": "active"}, resource_type)["status"] == "active"


def test_types_without_dates_or_state_get_none() -> None:
    document = create({"name": "a"}, ResourceType(name="Gadget", collection="gadget"))
    assert set(document) == {"id", "href", "@type", "name"}


def test_document_does_not_share_values_with_the_body() -> None:
    body = {"owner": {"id": "p1"}, "tag": ["red"]}
    document = create(body)
    body["owner"]["id"] = "p2"
    body["tag"].append("blue")
    assert document["owner"] == {"id": "p1"}
    assert document["tag"] == ["red"]


def test_body_is_not_changed() -> None:
    body = {"id": "mine", "status": "active", "name": "a"}
    create(body)
    assert body == {"id": "mine", "status": "active", "name": "a"}


# -- project ----------------------------------------------------------------------------------------------

DOCUMENT: dict[str, Any] = {
    "id": "w1",
    "href": "/widget/w1",
    "@type": "Widget",
    "name": "first",
    "status": "active",
    "owner": {"id": "p1", "name": "Pat"},
    "contactMedium": [
        {"mediumType": "email", "characteristic": {"emailAddress": "a@example.com", "city": "Paris"}},
        {"mediumType": "phone", "preferred": True},
    ],
}


def test_no_fields_returns_the_whole_document() -> None:
    assert project(DOCUMENT, None) == DOCUMENT


def test_fields_returns_exactly_the_named_attributes_plus_id_and_href() -> None:
    assert project(DOCUMENT, ("name", "status")) == {
        "id": "w1", "href": "/widget/w1", "name": "first", "status": "active",
    }


def test_fields_none_returns_only_id_and_href() -> None:
    assert project(DOCUMENT, ()) == {"id": "w1", "href": "/widget/w1"}


def test_id_and_href_named_in_fields_are_returned_once() -> None:
    assert project(DOCUMENT, ("id", "href")) == {"id": "w1", "href": "/widget/w1"}


def test_unknown_field_names_are_ignored() -> None:
    assert project(DOCUMENT, ("nickname",)) == {"id": "w1", "href": "/widget/w1"}


def test_dotted_field_reaches_into_an_object() -> None:
    assert project(DOCUMENT, ("owner.name",))["owner"] == {"name": "Pat"}


def test_dotted_field_reaches_into_every_array_element() -> None:
    assert project(DOCUMENT, ("contactMedium.mediumType",))["contactMedium"] == [
        {"mediumType": "email"}, {"mediumType": "phone"},
    ]


def test_dotted_field_through_an_array_into_an_object() -> None:
    assert project(DOCUMENT, ("contactMedium.characteristic.city",))["contactMedium"] == [
        {"characteristic": {"city": "Paris"}}, {},
    ]


def test_two_dotted_fields_of_one_object_are_combined() -> None:
    assert project(DOCUMENT, ("owner.id", "owner.name"))["owner"] == {"id": "p1", "name": "Pat"}


def test_two_dotted_fields_of_one_array_are_combined() -> None:
    assert project(DOCUMENT, ("contactMedium.mediumType", "contactMedium.preferred"))["contactMedium"] == [
        {"mediumType": "email"}, {"mediumType": "phone", "preferred": True},
    ]


def test_whole_attribute_and_a_dotted_part_of_it_give_the_whole_attribute() -> None:
    for fields in (("owner", "owner.id"), ("owner.id", "owner")):
        assert project(DOCUMENT, fields)["owner"] == {"id": "p1", "name": "Pat"}


def test_projection_does_not_share_values_with_the_document() -> None:
    document = copy.deepcopy(DOCUMENT)
    projected = project(document, ("owner",))
    projected["owner"]["id"] = "changed"
    assert document["owner"]["id"] == "p1"


def test_dotted_field_below_a_scalar_is_ignored() -> None:
    assert project(DOCUMENT, ("name.first",)) == {"id": "w1", "href": "/widget/w1"}


def test_unknown_dotted_name_below_an_object_is_ignored() -> None:
    assert project(DOCUMENT, ("owner.nickname",)) == {"id": "w1", "href": "/widget/w1"}


def test_unknown_dotted_name_below_an_array_is_ignored() -> None:
    assert project(DOCUMENT, ("contactMedium.nickname",)) == {"id": "w1", "href": "/widget/w1"}
