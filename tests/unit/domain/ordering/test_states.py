"""The product order, item and cancellation transition tables."""

from __future__ import annotations

import pytest

from component.domain.kernel.errors import IllegalTransition
from component.domain.ordering.states import (
    CANCELLATION_LIFECYCLE,
    FINAL,
    ORDER_LIFECYCLE,
    items_state,
    move_order,
)


@pytest.mark.parametrize(("before", "after"), [
    ("acknowledged", "inProgress"), ("acknowledged", "held"), ("acknowledged", "pending"), ("held", "inProgress"),
    ("pending", "acknowledged"), ("inProgress", "completed"), ("inProgress", "partial"), ("inProgress", "failed"),
    ("acknowledged", "assessingCancellation"), ("inProgress", "assessingCancellation"),
    ("assessingCancellation", "pendingCancellation"), ("pendingCancellation", "cancelled"),
    ("assessingCancellation", "held"),
])
def test_the_order_moves_along_its_table(before: str, after: str) -> None:
    ORDER_LIFECYCLE.check(before, after)


@pytest.mark.parametrize(("before", "after"), [
    ("acknowledged", "completed"), ("completed", "inProgress"), ("cancelled", "acknowledged"),
    ("assessingCancellation", "cancelled"), ("failed", "completed"), ("held", "completed"),
])
def test_an_illegal_order_move_is_a_conflict(before: str, after: str) -> None:
    with pytest.raises(IllegalTransition):
        ORDER_LIFECYCLE.check(before, after)


def test_final_order_states_are_those_of_the_spec() -> None:
    assert FINAL == {"completed", "partial", "failed", "cancelled", "rejected"}


def test_a_cancellation_request_ends_done_or_terminated_with_error() -> None:
    assert CANCELLATION_LIFECYCLE.terminal == {"done", "terminatedWithError"}


def test_moving_an_order_moves_its_open_items_and_dates_the_completion() -> None:
    order = {"state": "inProgress", "productOrderItem": [{"id": "1", "state": "inProgress"}]}
    move_order(order, "completed", "2030-01-01T00:00:00.000Z")
    assert (order["productOrderItem"][0]["state"], order["completionDate"]) == ("completed",
                                                                               "2030-01-01T00:00:00.000Z")


def test_items_keep_their_state_while_the_order_assesses_a_cancellation() -> None:
    order = {"state": "held", "productOrderItem": [{"id": "1", "state": "held"}]}
    move_order(order, "assessingCancellation", "now", items=False)
    assert items_state(order) == "held"
