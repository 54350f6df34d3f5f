"""AttributeTree: which dotted attribute paths a schema has, their leaf types and where they cross arrays."""

from __future__ import annotations

import pytest

from component.domain.kernel.schema import AttributeTree
from tests.unit.widgets import DOCUMENT


@pytest.fixture(scope="module")
def tree() -> AttributeTree:
    return AttributeTree(DOCUMENT, "Widget")


def test_top_level_attribute_is_one_group(tree: AttributeTree) -> None:
    path = tree.resolve("name")
    assert path is not None
    assert path.groups == (("name",),)
    assert not path.crosses_array


def test_attributes_inherited_through_allof_are_merged(tree: AttributeTree) -> None:
    assert tree.resolve("id") is not None
    assert tree.resolve("@baseType") is not None
    assert {"id", "href", "@type", "name", "contactMedium", "item"} <= tree.top_level_names()


def test_nested_object_path_does_not_cross_an_array(tree: AttributeTree) -> None:
    path = tree.resolve("owner.id")
    assert path is not None
    assert path.groups == (("owner", "id"),)
    assert path.names == ("owner", "id")
    assert path.dotted == "owner.id"


def test_path_through_an_array_is_split_at_the_array(tree: AttributeTree) -> None:
    path = tree.resolve("contactMedium.mediumType")
    assert path is not None
    assert path.groups == (("contactMedium",), ("mediumType",))
    assert path.crosses_array


def test_object_inside_array_element_stays_in_the_elements_group(tree: AttributeTree) -> None:
    path = tree.resolve("contactMedium.characteristic.city")
    assert path is not None
    assert path.groups == (("contactMedium",), ("characteristic", "city"))


def test_path_through_two_nested_arrays_has_three_groups(tree: AttributeTree) -> None:
    path = tree.resolve("item.characteristic.name")
    assert path is not None
    assert path.groups == (("item",), ("characteristic",), ("name",))


def test_array_of_scalars_is_filtered_element_wise(tree: AttributeTree) -> None:
    path = tree.resolve("tag")
    assert path is not None
    assert path.groups == (("tag",), ())
    assert path.leaf_type == "string"


def test_array_of_objects_has_object_leaf(tree: AttributeTree) -> None:
    path = tree.resolve("contactMedium")
    assert path is not None
    assert path.leaf_type == "object"


@pytest.mark.parametrize(
    ("dotted", "leaf_type"),
    [
        ("name", "string"),
        ("priority", "integer"),
        ("weight", "number"),
        ("isVip", "boolean"),
        ("owner", "object"),
        ("contactMedium.preferred", "boolean"),
        ("item.quantity", "integer"),
        ("item.characteristic.value", "any"),
    ],
)
def test_leaf_type_comes_from_the_schema(tree: AttributeTree, dotted: str, leaf_type: str) -> None:
    path = tree.resolve(dotted)
    assert path is not None
    assert path.leaf_type == leaf_type


def test_leaf_format_comes_from_the_schema(tree: AttributeTree) -> None:
    path = tree.resolve("validFor.startDateTime")
    assert path is not None
    assert path.leaf_format == "date-time"


@pytest.mark.parametrize(
    "dotted",
    ["nickname", "owner.nickname", "contactMedium.nickname", "name.first", "item.characteristic.colour", "",
     "owner.", ".name"],
)
def test_unknown_attribute_resolves_to_none(tree: AttributeTree, dotted: str) -> None:
    assert tree.resolve(dotted) is None


def test_any_typed_value_accepts_any_key_below_it(tree: AttributeTree) -> None:
    path = tree.resolve("item.characteristic.value.unit")
    assert path is not None
    assert path.leaf_type == "any"
    assert path.groups == (("item",), ("characteristic",), ("value", "unit"))


def test_free_form_object_accepts_any_key_below_it(tree: AttributeTree) -> None:
    path = tree.resolve("extra.colour.shade")
    assert path is not None
    assert path.leaf_type == "any"


def test_recursive_schema_resolves_deep_paths_without_looping(tree: AttributeTree) -> None:
    path = tree.resolve("item.item.item.item.quantity")
    assert path is not None
    assert path.groups == (("item",), ("item",), ("item",), ("item",), ("quantity",))
    assert path.leaf_type == "integer"


def test_recursive_schema_still_rejects_unknown_names(tree: AttributeTree) -> None:
    assert tree.resolve("item.item.nickname") is None


def test_resolving_twice_gives_the_same_answer(tree: AttributeTree) -> None:
    assert tree.resolve("owner.id") == tree.resolve("owner.id")


def test_unknown_schema_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        AttributeTree(DOCUMENT, "Gadget")


def test_ref_cycle_without_a_schema_is_refused_not_looped() -> None:
    document = {"components": {"schemas": {
        "Root": {"type": "object", "properties": {"loop": {"$ref": "#/components/schemas/A"}}},
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"},
    }}}
    with pytest.raises(ValueError, match="circular"):
        AttributeTree(document, "Root").resolve("loop.x")
