"""TMF630 hub queries evaluated against event envelopes in memory."""

from __future__ import annotations

import pytest

from component.domain.kernel.errors import InvalidQuery
from component.events.matching import matches

ORDER_EVENT = {
    "eventId": "e1", "eventTime": "2026-11-27T10:00:00.000Z", "eventType": "ProductOrderStateChangeEvent",
    "event": {"productOrder": {
        "id": "po-1", "state": "completed", "priority": 2, "expedite": True,
        "orderDate": "2026-11-20T08:00:00.000Z",
        "relatedParty": [{"id": "c-1", "role": "customer"}, {"id": "u-9", "role": "seller"}],
        "productOrderItem": [{"id": "1", "product": {"id": "p-1"}}],
    }},
}


def test_an_empty_query_matches_every_event() -> None:
    assert matches(None, ORDER_EVENT) and matches("", ORDER_EVENT)


def test_event_type_and_a_resource_attribute_are_anded() -> None:
    assert matches("eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed", ORDER_EVENT)
    assert not matches("eventType=ProductOrderStateChangeEvent&event.productOrder.state=failed", ORDER_EVENT)


def test_comma_values_and_repeated_attributes_are_ored() -> None:
    assert matches("event.productOrder.state=failed,completed", ORDER_EVENT)
    assert matches("event.productOrder.state=failed&event.productOrder.state=completed", ORDER_EVENT)


def test_a_value_wholly_in_double_quotes_is_the_text_inside() -> None:
    assert matches('event.productOrder.orderDate="2026-11-20T08:00:00.000Z"', ORDER_EVENT)
    assert matches('event.productOrder.state="failed, or not",completed', ORDER_EVENT)
    assert not matches('event.productOrder.state="completed,failed"', ORDER_EVENT)


def test_a_path_through_an_array_matches_when_some_element_matches() -> None:
    assert matches("event.productOrder.relatedParty.id=u-9", ORDER_EVENT)
    assert matches("event.productOrder.productOrderItem.product.id=p-1", ORDER_EVENT)
    assert not matches("event.productOrder.relatedParty.id=nobody", ORDER_EVENT)


def test_a_missing_attribute_matches_nothing() -> None:
    assert not matches("event.productOrder.description=x", ORDER_EVENT)


def test_numbers_compare_as_numbers() -> None:
    assert matches("event.productOrder.priority.gt=1.5", ORDER_EVENT)
    assert matches("event.productOrder.priority=2.0", ORDER_EVENT)
    assert not matches("event.productOrder.priority.lt=2", ORDER_EVENT)
    assert not matches("event.productOrder.priority=two", ORDER_EVENT)


def test_booleans_compare_with_true_and_false() -> None:
    assert matches("event.productOrder.expedite=true", ORDER_EVENT)
    assert not matches("event.productOrder.expedite=false", ORDER_EVENT)


def test_dates_compare_as_text() -> None:
    assert matches("event.productOrder.orderDate.gte=2026-11-01", ORDER_EVENT)
    assert not matches("event.productOrder.orderDate.lt=2026-11-01", ORDER_EVENT)


def test_a_regular_expression_searches_the_value() -> None:
    assert matches("eventType*=^ProductOrder(State|Attribute)", ORDER_EVENT)
    assert not matches("eventType*=^Customer", ORDER_EVENT)


def test_event_and_payload_name_the_same_envelope_part() -> None:
    account_event = {"eventType": "BillingAccountCreateEvent", "payload": {"billingAccount": {"state": "active"}}}
    assert matches("event.billingAccount.state=active", account_event)
    assert matches("payload.billingAccount.state=active", account_event)
    assert matches("payload.productOrder.state=completed", ORDER_EVENT)


def test_paging_and_projection_parameters_are_not_filters() -> None:
    assert matches("fields=id&limit=1&eventType=ProductOrderStateChangeEvent", ORDER_EVENT)


def test_a_leading_question_mark_is_tolerated() -> None:
    assert matches("?eventType=ProductOrderStateChangeEvent", ORDER_EVENT)


@pytest.mark.parametrize("query", ["name*=(unclosed", "event..state=x", ".state=x"])
def test_a_malformed_query_is_refused(query: str) -> None:
    with pytest.raises(InvalidQuery):
        matches(query, ORDER_EVENT)
