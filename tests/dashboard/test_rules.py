"""The dashboard's pure parts: the timeline's order and reasons, search parsing, product grouping,
ticket moves, labels and the access checks."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import QueryParams

from component.dashboard.access import DashboardAccess
from component.dashboard.board import STATES, BoardSearch, _any_case
from component.dashboard.customer360 import PLAN, SIM, VAS, _lines, autopay
from component.dashboard.formatting import duration, query_string, state_symbol
from component.dashboard.tickets import next_statuses
from component.dashboard.timeline import build_timeline
from component.domain.kernel.errors import InvalidQuery
from component.domain.ordering.states import ORDER_LIFECYCLE
from component.events.delivery_status import PublishedEvent

T0, T1, T2 = "2026-11-30T10:00:00.000Z", "2026-11-30T10:00:01.000Z", "2026-11-30T10:00:02.000Z"


def event(sequence: int, event_type: str, time: str, state: str) -> PublishedEvent:
    return PublishedEvent(sequence, f"e{sequence}", event_type, time, {"event": {"productOrder": {"state": state}}}, ())


def order(**extra: Any) -> dict[str, Any]:
    return {"id": "o1", "orderDate": T0, "state": "completed",
            "productOrderItem": [{"id": "1", "action": "add", "product": {"productCharacteristic": []}}], **extra}


def test_stages_of_one_instant_read_entered_then_decomposed_then_steps_then_outcome() -> None:
    document = order(milestone=[{"name": "itemCompleted", "message": "item 1 completed", "milestoneDate": T1}])
    events = [event(1, "ProductOrderCreateEvent", T0, "acknowledged"),
              event(2, "ProductOrderStateChangeEvent", T1, "inProgress"),
              event(3, "ProductOrderStateChangeEvent", T1, "completed")]
    stages = build_timeline(document, events, [{"id": "s1", "orderDate": T1, "serviceOrderItem": [{}, {}]}])
    assert [stage.title for stage in stages] == ["Received and validated", "Fulfilment started (inProgress)",
                                                 "Decomposed into a service order", "Item completed", "Completed"]


def test_a_held_port_in_gives_the_porting_window_as_its_reason() -> None:
    note = "held until the requested start date 2026-12-02T10:00:00.000Z"
    document = order(state="held", note=[{"date": T1, "text": note}])
    document["productOrderItem"][0]["product"]["productCharacteristic"] = [{"name": "donorOperator", "value": "Blue"}]
    [_, held] = build_timeline(document, [event(1, "ProductOrderStateChangeEvent", T1, "held")])
    assert (held.state, held.reason, held.detail) == ("held", "porting window", note)


def test_a_held_order_that_is_not_a_port_in_waits_for_its_requested_start_date() -> None:
    document = order(state="held", note=[{"date": T1, "text": "held until the requested start date X"}])
    [_, held] = build_timeline(document, [event(1, "ProductOrderStateChangeEvent", T1, "held")])
    assert held.reason == "requested start date"


def test_a_missing_porting_code_and_a_network_hold_are_named_as_reasons() -> None:
    text = "the port-in needs the portingCode issued by the donor operator: add it to the plan"
    document = order(state="pending", note=[{"date": T1, "text": text},
                                            {"date": T2, "text": "item 1 held: HLR maintenance window"}])
    stages = build_timeline(document, [event(1, "ProductOrderInformationRequiredEvent", T1, "pending")])
    assert [(stage.title, stage.reason) for stage in stages[1:]] == [
        ("Information required from the customer", "missing porting code"),
        ("Note", "network: HLR maintenance window")]


def test_the_board_has_a_lane_for_every_product_order_state() -> None:
    assert set(STATES) == set(ORDER_LIFECYCLE.states)


def test_a_search_is_read_from_the_query_and_bad_values_are_invalid_queries() -> None:
    search = BoardSearch.from_query(QueryParams("customer=ada&from=2026-11-01&state=held&page=3"))
    assert (search.customer, search.date_from.isoformat(), search.state, search.page) == \
        ("ada", "2026-11-01", "held", 3)
    assert search.values()["to"] == "" and search.active
    for bad in ("state=lost", "operation=move", "page=-1", "page=x", "to=31/12/2026"):
        with pytest.raises(InvalidQuery):
            BoardSearch.from_query(QueryParams(bad))


def test_a_name_search_pattern_matches_any_case_and_takes_pattern_characters_literally() -> None:
    assert _any_case("Ada") == "[aA][dD][aA]"
    assert _any_case("a.b") == "[aA]\\.[bB]"


def test_links_keep_the_search_and_drop_empty_fields() -> None:
    assert query_string({"customer": "ada", "state": "", "page": 2}, state="held") == \
        "?customer=ada&state=held&page=2"


def test_durations_and_state_symbols_read_without_colour() -> None:
    assert [duration(seconds) for seconds in (35, -240, 7500, 3 * 86400)] == ["35 s", "4 min", "2 h 05 min", "3 d 0 h"]
    assert state_symbol("completed") != state_symbol("failed") and state_symbol("unknown") == "•"


def test_autopay_is_read_from_the_payment_plan() -> None:
    assert autopay({"paymentPlan": [{"planType": "autopay", "status": "active"}]}) == "enrolled (active)"
    assert autopay({"paymentPlan": [{"planType": "instalments"}]}) == "not enrolled"


def product(product_id: str, relies_on: str | None = None) -> dict[str, Any]:
    relationships = [{"relationshipType": "reliesOn", "product": {"id": relies_on}}] if relies_on else []
    return {"id": product_id, "productRelationship": relationships}


def test_products_are_grouped_under_the_subscription_they_rely_on() -> None:
    products = [product("plan"), product("sim", "plan"), product("vas", "plan"), product("stray", "elsewhere")]
    lines, others = _lines(products, {"plan": PLAN, "sim": SIM, "vas": VAS, "stray": VAS})
    [line] = lines
    assert [item["id"] for item in line.sim] == ["sim"] and [item["id"] for item in line.services] == ["vas"]
    assert [item["id"] for item in others] == ["stray"]


def test_a_ticket_offers_only_the_moves_its_lifecycle_allows() -> None:
    assert next_statuses({"status": "resolved"}) == ["inProgress", "closed"]
    assert next_statuses({"status": "closed"}) == []


def test_the_session_cookie_is_not_the_token_and_only_the_token_opens_a_session() -> None:
    access = DashboardAccess("s3cret", "/dashboard")
    assert access.protected and access.token_matches("s3cret") and not access.token_matches("s3cre")
    assert "s3cret" not in access._session_value()
    assert not DashboardAccess(None, "/dashboard").token_matches("")


def test_a_jeopardy_alert_is_a_stage_of_its_own() -> None:
    alert = {"name": "late fulfilment", "alertDate": T2, "message": "not complete 3600 s after its expected date"}
    stages = build_timeline(order(state="inProgress", jeopardyAlert=[alert]), [])
    assert (stages[-1].title, stages[-1].state, stages[-1].detail) == (
        "Jeopardy: late fulfilment", "jeopardy", alert["message"])
