"""TMF630 list query parsing: filters, OR and AND, typed values, fields, sort and paging."""

from __future__ import annotations

import pytest

from component.domain.kernel.errors import InvalidQuery
from component.domain.kernel.query import Condition, ListQuery, parse_fields, parse_list_query
from component.domain.kernel.schema import AttributeTree
from tests.unit.widgets import DOCUMENT

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
TREE = AttributeTree(DOCUMENT, "Widget")


def parse(query: str | list[tuple[str, str]]) -> ListQuery:
    """Parse `a=1&b=2` (already URL-decoded) or a list of pairs."""
    if isinstance(query, str):
        pairs = [tuple(part.split("=", 1)) for part in query.split("&") if part]
    else:
        pairs = query
    return parse_list_query(pairs, TREE, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)


def only_condition(query: str) -> Condition:
    conditions = parse(query).conditions
    assert len(conditions) == 1
    return conditions[0]


# -- filters ------------------------------------------------------------------------------------------


def test_plain_attribute_is_an_equality() -> None:
    condition = only_condition("name=Alice")
    assert condition.path.dotted == "name"
    assert condition.operator == "eq"
    assert condition.values == ("Alice",)


def test_dotted_path_reaches_a_nested_attribute() -> None:
    condition = only_condition("owner.id=42")
    assert condition.path.names == ("owner", "id")
    assert condition.values == ("42",)


def test_dotted_path_through_an_array_keeps_the_array_split() -> None:
    condition = only_condition("contactMedium.mediumType=email")
    assert condition.path.groups == (("contactMedium",), ("mediumType",))


@pytest.mark.parametrize("operator", ["gt", "gte", "lt", "lte", "eq"])
def test_comparison_suffix_is_the_operator(operator: str) -> None:
    condition = only_condition(f"creationDate.{operator}=2024-01-01")
    assert condition.path.dotted == "creationDate"
    assert condition.operator == operator
    assert condition.values == ("2024-01-01",)


def test_comparison_suffix_on_a_nested_path() -> None:
    condition = only_condition("validFor.startDateTime.lt=2024-06-01T00:00:00Z")
    assert condition.path.dotted == "validFor.startDateTime"
    assert condition.operator == "lt"


def test_star_equals_is_a_regex_match() -> None:
    condition = only_condition("name*=^Al.*e$")
    assert condition.path.dotted == "name"
    assert condition.operator == "regex"
    assert condition.values == ("^Al.*e$",)


def test_invalid_regex_is_an_invalid_query() -> None:
    with pytest.raises(InvalidQuery):
        parse("name*=(unclosed")


def test_comma_values_are_ored() -> None:
    condition = only_condition("status=active,suspended")
    assert condition.values == ("active", "suspended")


def test_repeated_key_values_are_ored() -> None:
    condition = only_condition("status=active&status=suspended")
    assert condition.values == ("active", "suspended")


def test_a_value_wholly_in_double_quotes_is_the_text_inside() -> None:
    assert only_condition('name="Alice"').values == ("Alice",)
    assert only_condition('creationDate.gte="2024-01-01T00:00:00Z"').values == ("2024-01-01T00:00:00Z",)


def test_a_comma_inside_a_quoted_value_does_not_split_it() -> None:
    assert only_condition('name="Smith, Alice",Bob').values == ("Smith, Alice", "Bob")
    assert only_condition('name=Bob,"Smith, Alice"').values == ("Bob", "Smith, Alice")
    assert only_condition('name="",x').values == ("", "x")


@pytest.mark.parametrize(("raw", "values"), [('a"b', ('a"b',)), ('"a', ('"a',)), ('"a"b', ('"a"b',)),
                                             ('x,"a', ("x", '"a'))])
def test_quotes_not_enclosing_a_whole_value_are_ordinary_characters(raw: str, values: tuple[str, ...]) -> None:
    assert only_condition(f"name={raw}").values == values


def test_a_quoted_number_is_still_typed_by_the_schema() -> None:
    assert only_condition('priority.gt="5"').values == (5,)


def test_quoted_regex_is_the_expression_inside() -> None:
    assert only_condition('name*="^A.*"').values == ("^A.*",)


def test_plain_key_and_eq_suffix_are_the_same_condition() -> None:
    condition = only_condition("status=active&status.eq=suspended")
    assert condition.values == ("active", "suspended")


def test_different_attributes_are_anded() -> None:
    conditions = parse("name=a,b&status=active").conditions
    assert {(c.path.dotted, c.values) for c in conditions} == {("name", ("a", "b")), ("status", ("active",))}


def test_different_operators_on_one_attribute_are_anded() -> None:
    conditions = parse("creationDate.gte=2024-01-01&creationDate.lt=2025-01-01").conditions
    assert {(c.operator, c.values) for c in conditions} == {("gte", ("2024-01-01",)), ("lt", ("2025-01-01",))}


def test_empty_value_is_an_equality_with_the_empty_string() -> None:
    assert only_condition("name=").values == ("",)


@pytest.mark.parametrize("query", ["nickname=x", "owner.nickname=x", "contactMedium.nickname=x", "name.first=x"])
def test_unknown_attribute_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match="unknown attribute"):
        parse(query)


def test_unknown_attribute_with_operator_suffix_is_an_invalid_query() -> None:
    with pytest.raises(InvalidQuery):
        parse("nickname.gt=x")


@pytest.mark.parametrize("query", ["owner=x", "contactMedium=x", "item.item=x"])
def test_filter_on_a_whole_object_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match="object"):
        parse(query)


def test_filter_on_array_of_scalars_is_accepted() -> None:
    condition = only_condition("tag=red")
    assert condition.path.leaf_type == "string"


def test_any_typed_value_is_kept_as_text() -> None:
    assert only_condition("item.characteristic.value=5").values == ("5",)


def test_key_below_an_any_typed_value_is_accepted() -> None:
    assert only_condition("item.characteristic.value.unit=kg").path.leaf_type == "any"


# -- typed values ---------------------------------------------------------------------------------------


def test_integer_attribute_value_is_an_int() -> None:
    values = only_condition("priority=3,4").values
    assert values == (3, 4)
    assert all(type(value) is int for value in values)


def test_number_attribute_value_is_a_float() -> None:
    values = only_condition("weight=2.5,3").values
    assert values == (2.5, 3.0)
    assert all(type(value) is float for value in values)


def test_comparison_on_number_attribute_is_typed() -> None:
    assert only_condition("weight.gt=1.5").values == (1.5,)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False), ("TRUE", True), ("False", False)])
def test_boolean_attribute_value_is_a_bool(raw: str, expected: bool) -> None:
    assert only_condition(f"isVip={raw}").values == (expected,)


def test_boolean_inside_array_elements_is_typed() -> None:
    assert only_condition("contactMedium.preferred=true").values == (True,)


@pytest.mark.parametrize("query", ["priority=high", "weight=heavy", "priority=", "item.quantity=x"])
def test_non_number_for_a_number_attribute_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match="number"):
        parse(query)


@pytest.mark.parametrize("query", ["isVip=yes", "isVip=1", "isVip="])
def test_non_boolean_for_a_boolean_attribute_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match="boolean"):
        parse(query)


@pytest.mark.parametrize("raw", ["nan", "inf", "-Infinity", "1e400"])
def test_non_finite_number_is_an_invalid_query(raw: str) -> None:
    with pytest.raises(InvalidQuery):
        parse(f"weight={raw}")


def test_regex_on_a_number_attribute_is_kept_as_text() -> None:
    assert only_condition("priority*=^1").values == ("^1",)


# -- fields -----------------------------------------------------------------------------------------------


def test_fields_absent_means_all() -> None:
    assert parse("").fields is None
    assert parse_fields(None) is None


def test_fields_is_a_comma_list_of_names() -> None:
    assert parse("fields=name,owner.id").fields == ("name", "owner.id")


def test_fields_none_means_only_id_and_href() -> None:
    assert parse("fields=none").fields == ()


def test_fields_blanks_are_ignored() -> None:
    assert parse_fields(" name , ,status ") == ("name", "status")


def test_fields_names_are_not_checked_against_the_schema() -> None:
    assert parse("fields=nickname").fields == ("nickname",)


def test_fields_is_not_a_filter() -> None:
    assert parse("fields=name").conditions == ()


# -- sort -------------------------------------------------------------------------------------------------


def test_sort_keys_keep_their_order_and_direction() -> None:
    sort = parse("sort=-priority,name").sort
    assert [(key.path.dotted, key.descending) for key in sort] == [("priority", True), ("name", False)]


def test_sort_by_nested_attribute_is_accepted() -> None:
    assert parse("sort=owner.name").sort[0].path.names == ("owner", "name")


@pytest.mark.parametrize("query", ["sort=contactMedium.mediumType", "sort=tag", "sort=owner", "sort=item"])
def test_sort_by_something_that_is_not_one_value_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match="cannot sort"):
        parse(query)


def test_sort_by_unknown_attribute_is_an_invalid_query() -> None:
    with pytest.raises(InvalidQuery, match="unknown attribute"):
        parse("sort=-nickname")


def test_sort_is_not_a_filter() -> None:
    assert parse("sort=name").conditions == ()


# -- paging -----------------------------------------------------------------------------------------------


def test_paging_defaults_to_offset_zero_and_the_default_limit() -> None:
    query = parse("")
    assert (query.offset, query.limit, query.limit_capped) == (0, DEFAULT_LIMIT, False)


def test_offset_and_limit_are_read() -> None:
    query = parse("offset=5&limit=7")
    assert (query.offset, query.limit) == (5, 7)


def test_limit_zero_is_allowed() -> None:
    assert parse("limit=0").limit == 0


def test_limit_at_the_maximum_is_not_capped() -> None:
    query = parse(f"limit={MAX_LIMIT}")
    assert (query.limit, query.limit_capped) == (MAX_LIMIT, False)


def test_limit_above_the_maximum_is_capped_and_says_so() -> None:
    query = parse(f"limit={MAX_LIMIT + 1}")
    assert (query.limit, query.limit_capped) == (MAX_LIMIT, True)


@pytest.mark.parametrize("query", ["offset=-1", "limit=-1", "offset=1.5", "limit=ten", "limit=", "offset=1e2"])
def test_negative_or_non_integer_paging_is_an_invalid_query(query: str) -> None:
    with pytest.raises(InvalidQuery, match=f"{query.split('=')[0]} must be a non-negative integer"):
        parse(query)


def test_paging_keys_are_not_filters() -> None:
    assert parse("offset=1&limit=2").conditions == ()
