"""The orders board over HTTP, on SQLite and PostgreSQL: state counts, each search field, paging, and
bad input answered with the TMF error (4xx), never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from component.dashboard.board import PAGE_SIZE
from tests.api.product_ordering.bodies import numbers
from tests.api.product_ordering.conftest import Fulfil
from tests.dashboard.support import DashboardClient, Shop, element, rows_with, text_of


def count(html: str, state: str) -> int:
    return int(element(html, f"lane-{state}")[1].split()[-1])


def test_the_board_counts_a_customers_orders_by_state_as_they_move(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    first = shop.new_line(buyer["customer"], buyer["account"], tag, "first")
    search = {"customer": buyer["customer"]["id"]}
    before = dashboard.get("/", params=search).text
    assert count(before, "acknowledged") == 1 and count(before, "completed") == 0
    fulfil()
    second = shop.new_line(buyer["customer"], buyer["account"], tag, "second")
    after = dashboard.get("/", params=search).text
    assert count(after, "acknowledged") == 1 and count(after, "completed") == 1
    assert rows_with(after, "data-order-id") == [second["id"], first["id"]]  # newest first
    completed = dashboard.get("/", params={**search, "state": "completed"}).text
    assert rows_with(completed, "data-order-id") == [first["id"]]
    assert count(completed, "acknowledged") == 1  # the counts ignore the state filter, so every lane stays


def test_a_customer_is_found_by_id_and_by_any_part_of_the_name_in_any_case(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    order = shop.new_line(buyer["customer"], buyer["account"], tag)
    for text in (buyer["customer"]["id"], f"lovelace {tag}".upper()):
        page = dashboard.get("/", params={"customer": text})
        assert page.status_code == 200
        assert rows_with(page.text, "data-order-id") == [order["id"]], text
    nobody = dashboard.get("/", params={"customer": f"nobody-{tag}"})
    assert nobody.status_code == 200 and text_of(nobody.text, "no-orders") == "No orders match."


def test_orders_are_found_by_order_id_msisdn_operation_and_date_range(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    order = shop.new_line(buyer["customer"], buyer["account"], tag)
    msisdn = numbers(tag)[0]
    today = datetime.now(UTC).date()
    assert rows_with(dashboard.get("/", params={"orderId": order["id"]}).text, "data-order-id") == [order["id"]]
    assert rows_with(dashboard.get("/", params={"msisdn": msisdn}).text, "data-order-id") == [order["id"]]
    mine = {"customer": buyer["customer"]["id"]}
    assert rows_with(dashboard.get("/", params={**mine, "operation": "add"}).text, "data-order-id") == [order["id"]]
    assert rows_with(dashboard.get("/", params={**mine, "operation": "delete"}).text, "data-order-id") == []
    window = {**mine, "from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}
    assert rows_with(dashboard.get("/", params=window).text, "data-order-id") == [order["id"]]
    tomorrow = {**mine, "from": (today + timedelta(days=1)).isoformat()}
    assert rows_with(dashboard.get("/", params=tomorrow).text, "data-order-id") == []


def test_the_board_pages_with_links_that_keep_the_search(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    placed = [shop.new_line(buyer["customer"], buyer["account"], tag, str(index))["id"] for index in range(3)]
    search = {"customer": buyer["customer"]["id"]}
    assert PAGE_SIZE >= 3
    first = dashboard.get("/", params=search).text
    assert "Page 1 of 1 (3 orders)" in first
    beyond = dashboard.get("/", params={**search, "page": "2"}).text
    assert rows_with(beyond, "data-order-id") == [] and set(rows_with(first, "data-order-id")) == set(placed)
    assert f'customer={buyer["customer"]["id"]}' in first.split('id="lane-held"')[0].rsplit("href=", 1)[-1]


def test_bad_search_input_is_a_tmf_error_page_with_a_4xx_status(dashboard: DashboardClient) -> None:
    for params, fragment in (({"state": "lost"}, "state must be one of"),
                             ({"operation": "move"}, "operation must be one of"),
                             ({"from": "yesterday"}, "from must be a date"),
                             ({"page": "0"}, "page must be a positive integer")):
        response = dashboard.get("/", params=params)
        assert response.status_code == 400, params
        assert text_of(response.text, "error-title") == "Refused: Invalid query (400)"
        assert fragment in response.text


def test_search_text_with_pattern_characters_is_taken_literally(dashboard: DashboardClient) -> None:
    for text in ("[unclosed", "a.*b(", "\\"):
        response = dashboard.get("/", params={"customer": text})
        assert response.status_code == 200, text
        assert text_of(response.text, "no-orders") == "No orders match."


def test_an_unknown_order_is_a_404_page_naming_it(dashboard: DashboardClient) -> None:
    response = dashboard.get("/orders/no-such-order")
    assert response.status_code == 404
    assert "no-such-order" in response.text and "NOT_FOUND" in response.text
