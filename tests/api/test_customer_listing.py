"""TMF630 list queries on /customer: filters, fields, paging, sorting and the count headers."""

from __future__ import annotations

import pytest

from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


@pytest.fixture
def three(customers: ApiClient, tag: str) -> list[dict]:
    """Three customers of one party id (the tag), with distinct media, statuses and credit profiles."""
    specs = [
        ("Alice", "Approved", "email", 700, "2024-01-10T00:00:00Z"),
        ("Bob", "Initialized", "phone", 450, "2024-06-01T00:00:00Z"),
        ("Carol", "Approved", "phone", 820, "2025-03-15T00:00:00Z"),
    ]
    created = []
    for name, status, medium, score, start in specs:
        body = new_customer(
            tag, name=f"{name} {tag}", status=status,
            contactMedium=[{"mediumType": medium, "preferred": medium == "email",
                            "characteristic": {"city": f"City-{name}"}}],
            creditProfile=[{"creditProfileDate": start, "creditScore": score,
                            "validFor": {"startDateTime": start}}],
            validFor={"startDateTime": start},
        )
        body["engagedParty"]["id"] = f"party-{tag}"
        response = customers.post("customer", json=body)
        assert response.status_code == 201, response.text
        created.append(response.json())
    return created


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(item["name"].split()[0] for item in response.json())


def query(customers: ApiClient, tag: str, **params: str):  # type: ignore[no-untyped-def]
    response = customers.get("customer", params={"engagedParty.id": f"party-{tag}", **params})
    assert response.status_code == 200, response.text
    return response


def test_list_returns_200_with_total_and_result_counts(customers: ApiClient, tag: str, three: list[dict]) -> None:
    response = query(customers, tag)
    assert names(response) == ["Alice", "Bob", "Carol"]
    assert response.headers["X-Total-Count"] == "3"
    assert response.headers["X-Result-Count"] == "3"


def test_equality_on_a_top_level_attribute(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, status="Approved")) == ["Alice", "Carol"]


def test_equality_on_a_nested_attribute_inside_an_array(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, **{"contactMedium.mediumType": "phone"})) == ["Bob", "Carol"]


def test_equality_two_levels_below_an_array(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, **{"contactMedium.characteristic.city": "City-Bob"})) == ["Bob"]


def test_boolean_attribute_filter(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, **{"contactMedium.preferred": "true"})) == ["Alice"]


def test_comma_separated_values_are_ored(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, name=f"Alice {tag},Bob {tag}")) == ["Alice", "Bob"]


def test_a_value_wholly_in_double_quotes_is_the_text_inside(customers: ApiClient, tag: str,
                                                            three: list[dict]) -> None:
    assert names(query(customers, tag, name=f'"Alice {tag}"')) == ["Alice"]
    assert names(query(customers, tag, **{"validFor.startDateTime": '"2024-06-01T00:00:00Z"'})) == ["Bob"]
    assert names(query(customers, tag, **{"validFor.startDateTime.gte": '"2024-06-01T00:00:00Z"'})) == ["Bob", "Carol"]
    assert names(query(customers, tag, name=f'"Alice {tag},Bob {tag}"')) == []  # one value: the comma is inside


def test_repeated_attribute_is_ored(customers: ApiClient, tag: str, three: list[dict]) -> None:
    response = customers.get(f"customer?engagedParty.id=party-{tag}&status=Initialized&status=Approved")
    assert names(response) == ["Alice", "Bob", "Carol"]


def test_different_attributes_are_anded(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, status="Approved", **{"contactMedium.mediumType": "phone"})) == ["Carol"]


def test_date_comparison_operators(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, **{"validFor.startDateTime.gte": "2024-06-01T00:00:00Z"})) == ["Bob", "Carol"]
    assert names(query(customers, tag, **{"validFor.startDateTime.lt": "2024-06-01T00:00:00Z"})) == ["Alice"]
    both = customers.get(f"customer?engagedParty.id=party-{tag}&validFor.startDateTime.gt=2024-01-10T00:00:00Z"
                         f"&validFor.startDateTime.lte=2024-06-01T00:00:00Z")
    assert names(both) == ["Bob"]


def test_number_comparison_through_an_array(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert names(query(customers, tag, **{"creditProfile.creditScore.gt": "700"})) == ["Carol"]
    assert names(query(customers, tag, **{"creditProfile.creditScore.lte": "700"})) == ["Alice", "Bob"]
    assert names(query(customers, tag, **{"creditProfile.creditScore.eq": "450"})) == ["Bob"]


def test_regular_expression_filter(customers: ApiClient, tag: str, three: list[dict]) -> None:
    response = customers.get(f"customer?engagedParty.id=party-{tag}&name*=^(Al|Ca)")
    assert names(response) == ["Alice", "Carol"]


def test_no_match_is_an_empty_list_with_zero_counts(customers: ApiClient, tag: str, three: list[dict]) -> None:
    response = query(customers, tag, status="Closed")
    assert response.json() == []
    assert (response.headers["X-Total-Count"], response.headers["X-Result-Count"]) == ("0", "0")


def test_fields_returns_exactly_the_named_attributes_plus_id_and_href(
    customers: ApiClient, tag: str, three: list[dict]
) -> None:
    for item in query(customers, tag, fields="name,status").json():
        assert set(item) == {"id", "href", "name", "status"}


def test_fields_with_a_dotted_name_keeps_only_that_sub_attribute(
    customers: ApiClient, tag: str, three: list[dict]
) -> None:
    items = query(customers, tag, fields="contactMedium.mediumType").json()
    assert all(item["contactMedium"] == [{"mediumType": item["contactMedium"][0]["mediumType"]}] for item in items)


def test_fields_none_returns_only_id_and_href(customers: ApiClient, tag: str, three: list[dict]) -> None:
    assert all(set(item) == {"id", "href"} for item in query(customers, tag, fields="none").json())


def test_offset_and_limit_page_through_with_total_of_all_matches(
    customers: ApiClient, tag: str, three: list[dict]
) -> None:
    first = query(customers, tag, limit="2", sort="name")
    second = query(customers, tag, limit="2", offset="2", sort="name")
    assert [item["name"].split()[0] for item in first.json()] == ["Alice", "Bob"]
    assert [item["name"].split()[0] for item in second.json()] == ["Carol"]
    assert first.headers["X-Total-Count"] == second.headers["X-Total-Count"] == "3"
    assert (first.headers["X-Result-Count"], second.headers["X-Result-Count"]) == ("2", "1")


def test_offset_beyond_the_end_is_an_empty_page(customers: ApiClient, tag: str, three: list[dict]) -> None:
    response = query(customers, tag, offset="10")
    assert response.json() == [] and response.headers["X-Total-Count"] == "3"


def test_limit_above_the_maximum_is_capped_not_refused(customers: ApiClient, tag: str) -> None:
    for index in range(3):
        customers.post("customer", json=new_customer(f"{tag}-{index}", status=f"cap-{tag}"))
    response = customers.get("customer", params={"status": f"cap-{tag}", "limit": "100000"})
    assert response.status_code == 200
    assert response.headers["X-Limit-Capped"] == "50"  # the test server's PAGE_LIMIT_MAX


@pytest.mark.parametrize("params", [{"offset": "-1"}, {"limit": "-5"}, {"limit": "many"}])
def test_negative_or_non_numeric_paging_is_400(customers: ApiClient, params: dict) -> None:
    response = customers.get("customer", params=params)
    assert response.status_code == 400
    assert response.json()["status"] == "400"


def test_sort_ascending_and_descending(customers: ApiClient, tag: str, three: list[dict]) -> None:
    ascending = [item["name"].split()[0] for item in query(customers, tag, sort="name").json()]
    descending = [item["name"].split()[0] for item in query(customers, tag, sort="-name").json()]
    assert ascending == ["Alice", "Bob", "Carol"] and descending == ["Carol", "Bob", "Alice"]
    by_start = [item["name"].split()[0] for item in query(customers, tag, sort="-validFor.startDateTime").json()]
    assert by_start == ["Carol", "Bob", "Alice"]


@pytest.mark.parametrize("params", [
    {"nickname": "x"}, {"engagedParty.nickname": "x"}, {"sort": "nickname"}, {"sort": "contactMedium.mediumType"},
    {"creditProfile.creditScore.gt": "high"}, {"contactMedium.preferred": "maybe"}, {"name*": "("},
])
def test_unknown_attribute_or_malformed_value_is_400(customers: ApiClient, params: dict) -> None:
    response = customers.get("customer", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "INVALID_QUERY"


def test_a_twenty_digit_identifier_in_an_untyped_value_is_compared_as_text(customers: ApiClient, tag: str) -> None:
    iccid = "89440000000000000013"  # 20 digits: no 64-bit integer
    customers.post("customer", json=new_customer(tag, characteristic=[{"name": "iccid", "value": iccid}]))
    response = customers.get("customer", params={"characteristic.value": iccid, "engagedParty.id": f"party-{tag}"})
    assert response.status_code == 200
    assert len(response.json()) == 1


def test_an_out_of_range_integer_filter_is_400(customers: ApiClient) -> None:
    response = customers.get("customer", params={"creditProfile.creditScore": "99999999999999999999"})
    assert response.status_code == 400
    assert "out of range" in response.json()["message"]
