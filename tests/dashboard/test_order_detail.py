"""The order page over HTTP, on SQLite and PostgreSQL: the timeline of stages with times and reasons, the
items and service orders, the events published with their delivery per subscriber, and the links to the
customer, billing account and installed products."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.product_ordering.conftest import Fulfil
from tests.dashboard.support import DashboardClient, Shop, element, text_of
from tests.support.live_server import ApiClient, LiveServer

PORTING = {"donorOperator": "Blue Mobile", "portingCode": "PX4711AB"}


def stage_titles(html: str) -> list[str]:
    timeline = html.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    return [part.split("</strong>", 1)[0] for part in timeline.split('class="stage-title">')[1:]]


def test_a_completed_order_shows_each_stage_in_order_with_its_service_order_and_installed_products(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    order = shop.new_line(buyer["customer"], buyer["account"], tag)
    fulfil()
    page = dashboard.get(f"/orders/{order['id']}")
    assert page.status_code == 200
    assert element(page.text, "order-state")[0]["data-state"] == "completed"
    titles = stage_titles(page.text)
    assert titles[0] == "Received and validated" and titles[-1] == "Completed"
    assert titles.index("Fulfilment started (inProgress)") < titles.index("Decomposed into a service order") \
        < titles.index("Item completed")
    done = shop.order(order["id"])
    [service_order] = done["serviceOrder"]
    assert text_of(page.text, f"so-{service_order['id']}") == f"Service order {service_order['id']} ✔ completed"
    products = text_of(page.text, "installed-products")
    assert "Prepaid" in products and products.count("active") == 2
    assert text_of(page.text, "customer-link") == buyer["customer"]["name"]
    events = text_of(page.text, "order-events")
    assert events.index("ProductOrderCreateEvent") < events.index("ServiceOrderCreateEvent")
    assert f"#account-{buyer['account']['id']}" in page.text


def test_a_port_in_waiting_for_its_porting_window_is_held_with_that_reason(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    window = datetime.now(UTC) + timedelta(days=2)
    order = shop.new_line(buyer["customer"], buyer["account"], tag, "port-in", plan_chars=PORTING,
                          requestedStartDate=window.isoformat())
    fulfil()
    page = dashboard.get(f"/orders/{order['id']}").text
    assert element(page, "order-state")[0]["data-state"] == "held"
    reason = text_of(page, "waiting-reason")
    assert reason.startswith("porting window: held until the requested start date")
    board = dashboard.get("/", params={"customer": buyer["customer"]["id"], "state": "held"}).text
    assert order["id"] in board


def test_a_port_in_without_porting_code_is_pending_with_that_reason(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    order = shop.new_line(buyer["customer"], buyer["account"], tag, "no-code",
                          plan_chars={"donorOperator": "Blue Mobile"})
    fulfil()
    page = dashboard.get(f"/orders/{order['id']}").text
    assert element(page, "order-state")[0]["data-state"] == "pending"
    assert text_of(page, "waiting-reason").startswith("missing porting code")
    assert "Information required from the customer" in stage_titles(page)


def test_the_events_of_an_order_show_their_delivery_to_each_subscriber(
    dashboard: DashboardClient, shop: Shop, server: LiveServer, buyer: dict[str, Any], tag: str,
) -> None:
    hub = ApiClient(shop.ordering.root)
    callback = f"http://127.0.0.1:9/listener-{tag}"
    subscription = hub.post("hub", json={"callback": callback, "query": f"event.productOrder.relatedParty.id="
                                                                         f"{buyer['customer']['id']}"}).json()
    try:
        order = shop.new_line(buyer["customer"], buyer["account"], tag)
        events = text_of(dashboard.get(f"/orders/{order['id']}").text, "order-events")
        assert "ProductOrderCreateEvent" in events
        assert f"{callback}: pending" in events
    finally:
        hub.delete(f"hub/{subscription['id']}")
