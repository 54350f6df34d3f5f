"""The dashboard in a real headless Chromium: following orders live, a held port-in, acting on a customer,
a refused action, dead-letter replay, keyboard-only use, a tablet's width. Every page's screenshot is
saved under tests/dashboard/artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from component.service import Registry
from tests.api.product_ordering.bodies import numbers
from tests.api.product_ordering.conftest import products_of
from tests.dashboard.browser.conftest import screenshot
from tests.dashboard.support import Shop, dead_lettering_worker
from tests.events.support import RecordingListener
from tests.support.live_server import ApiClient, LiveServer

pytestmark = pytest.mark.browser
try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture then reports it: a skip on a laptop, a failure in CI
    expect = None
PORTING = {"donorOperator": "Blue Mobile", "portingCode": "PX4711AB"}
Orchestrate = Callable[..., int]


def open_live(page: Any, url: str) -> None:
    """Open a page, wait until its event stream is connected, and mark the document so a reload shows."""
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    page.evaluate("window.sameDocument = true")


def not_reloaded(page: Any) -> bool:
    return page.evaluate("window.sameDocument === true")


def board_of(server: LiveServer, customer: dict[str, Any], **search: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"customer": customer["id"], **search}.items())
    return f"{server.root}/dashboard/?{query}"


@pytest.fixture
def buyer(ui_shop: Shop, tag: str) -> dict[str, Any]:
    customer = ui_shop.customer(tag, name=f"Grace Hopper {tag}")
    return {"customer": customer, "account": ui_shop.account(customer, tag)}


def installed_line(shop: Shop, buyer: dict[str, Any], orchestrate: Orchestrate, tag: str) -> dict[str, Any]:
    placed = shop.new_line(buyer["customer"], buyer["account"], tag)
    orchestrate()
    products = products_of(shop.inventory, placed)
    return {"plan": products["1"], "sim": products["2"]}


def test_an_order_is_followed_to_completed_on_the_board_and_in_its_timeline_without_a_reload(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    open_live(page, board_of(ui_server, buyer["customer"]))
    expect(page.locator("#no-orders")).to_be_visible()
    order = ui_shop.new_line(buyer["customer"], buyer["account"], tag)
    row = page.locator(f'tr[data-order-id="{order["id"]}"]')
    expect(row).to_have_attribute("data-state", "acknowledged")
    expect(page.locator('[data-count="acknowledged"]')).to_have_text("1")

    timeline = page.context.new_page()
    open_live(timeline, f"{ui_server.root}/dashboard/orders/{order['id']}")
    expect(timeline.locator("#order-state")).to_have_attribute("data-state", "acknowledged")
    orchestrate()
    expect(row).to_have_attribute("data-state", "completed")
    expect(page.locator('[data-count="completed"]')).to_have_text("1")
    expect(page.locator('[data-count="acknowledged"]')).to_have_text("0")
    expect(timeline.locator("#order-state")).to_have_attribute("data-state", "completed")
    expect(timeline.locator("#timeline li").last).to_contain_text("Completed")
    expect(timeline.locator("#timeline")).to_contain_text("Decomposed into a service order")
    assert not_reloaded(page) and not_reloaded(timeline)
    screenshot(page, "board")
    screenshot(timeline, "order-timeline")


def test_a_port_in_is_shown_held_with_its_porting_window_reason(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    window = datetime.now(UTC) + timedelta(days=2)
    order = ui_shop.new_line(buyer["customer"], buyer["account"], tag, "port-in", plan_chars=PORTING,
                             requestedStartDate=window.isoformat())
    orchestrate()
    page.goto(board_of(ui_server, buyer["customer"], state="held"))
    expect(page.locator(f'tr[data-order-id="{order["id"]}"]')).to_have_attribute("data-state", "held")
    expect(page.locator('[data-count="held"]')).to_have_text("1")
    page.click(f"#order-link-{order['id']}")
    expect(page.locator("#order-state")).to_have_attribute("data-state", "held")
    expect(page.locator("#waiting-reason")).to_contain_text("porting window")
    expect(page.locator("#waiting-reason")).to_contain_text("held until the requested start date")
    screenshot(page, "order-held-port-in")


def test_suspending_a_line_from_customer_360_places_the_order_and_the_line_turns_suspended_live(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    line = installed_line(ui_shop, buyer, orchestrate, tag)
    plan = line["plan"]["id"]
    page.goto(f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    expect(page.locator(f"#line-{plan} .line-status")).to_have_attribute("data-status", "active")
    screenshot(page, "customer-360")
    page.click(f"#suspend-{plan}")
    expect(page.locator("#action-done")).to_contain_text("Product order")
    order_id = page.locator("#done-link").inner_text()
    expect(page.locator(f'#customer-orders tr[data-order-id="{order_id}"]')).to_contain_text("acknowledged")
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    page.evaluate("window.sameDocument = true")
    orchestrate()
    expect(page.locator(f"#line-{plan} .line-status")).to_have_attribute("data-status", "suspended")
    expect(page.locator(f'#customer-orders tr[data-order-id="{order_id}"]')).to_contain_text("completed")
    expect(page.locator(f"#resume-{plan}")).to_be_visible()
    assert not_reloaded(page)
    screenshot(page, "customer-360-suspended")


def test_a_refused_action_shows_the_tmf_error_on_the_customer_page(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    line = installed_line(ui_shop, buyer, orchestrate, tag)
    page.goto(f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    page.fill(f"#iccid-{line['sim']['id']}", "1234")
    page.click(f"#product-{line['plan']['id']} >> text=Change SIM")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Refused: Invalid request (400)")
    expect(alert.locator(".error-code")).to_have_text("VALIDATION_FAILED")
    expect(alert.locator(".error-message")).to_contain_text("ICCID")
    expect(page.locator("h1")).to_have_text(buyer["customer"]["name"])
    screenshot(page, "customer-360-refused-action")


def test_a_dead_letter_is_replayed_from_the_delivery_panel(
    page: Any, ui_server: LiveServer, ui_registry: Registry, ui_shop: Shop, failing_listener: RecordingListener,
    tag: str,
) -> None:
    hub = ApiClient(ui_shop.customers.root)
    subscription = hub.post("hub", json={"callback": failing_listener.url,
                                         "query": f"event.customer.name=Dead letter {tag}"}).json()
    worker = dead_lettering_worker(ui_registry)
    try:
        ui_shop.customer(tag, name=f"Dead letter {tag}")
        while worker.run_once():
            pass
        page.goto(f"{ui_server.root}/dashboard/delivery")
        letter = page.locator("#dead-letters tr", has_text=failing_listener.url)
        expect(letter).to_contain_text("CustomerCreateEvent")
        expect(page.locator("#failing-subscribers")).to_contain_text(failing_listener.url)
        screenshot(page, "delivery-panel")
        letter.locator("input[type=checkbox]").check()
        failing_listener.decide = lambda _received: 201
        page.click("#replay-selected")
        expect(page.locator("#replayed")).to_have_text("1 dead letter(s) re-queued for delivery.")
        while worker.run_once():
            pass
        assert [request.body["eventType"] for request in failing_listener.delivered] == ["CustomerCreateEvent"]
        page.reload()
        expect(page.locator("#dead-letters tr", has_text=failing_listener.url)).to_have_count(0)
    finally:
        worker.close()
        hub.delete(f"hub/{subscription['id']}")


def focused_id(page: Any) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def tab_to(page: Any, element_id: str, *, backwards: bool = False, limit: int = 80) -> list[str]:
    """Press Tab (Shift+Tab) until the element with this id has the focus; the ids focused on the way, once
    each (a date field takes several presses, one per part)."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if not seen or seen[-1] != focused_id(page):
            seen.append(focused_id(page))
        if seen[-1] == element_id:
            return seen
    raise AssertionError(f"Tab never reached #{element_id}; focus went through {seen}")


def test_the_board_is_usable_with_the_keyboard_alone(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    held = ui_shop.new_line(buyer["customer"], buyer["account"], tag, "kb-held", plan_chars=PORTING,
                            requestedStartDate=(datetime.now(UTC) + timedelta(days=2)).isoformat())
    other = ui_shop.new_line(buyer["customer"], buyer["account"], tag, "kb-other")
    orchestrate()
    page.goto(f"{ui_server.root}/dashboard/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert focused_id(page) == "main"
    visited = tab_to(page, "operation")
    fields = ["orderId", "customer", "msisdn", "from", "to", "state", "operation"]
    assert [name for name in visited if name in fields] == fields  # the search fields in reading order
    tab_to(page, "customer", backwards=True)
    page.keyboard.type(buyer["customer"]["id"])
    page.keyboard.press("Enter")
    expect(page.locator("#orders tbody tr")).to_have_count(2)
    tab_to(page, "lane-held")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("#orders tbody tr")).to_have_count(1)
    expect(page.locator("#lane-held")).to_have_attribute("aria-current", "true")
    tab_to(page, f"order-link-{held['id']}")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(held["id"])
    expect(page.locator("#waiting-reason")).to_contain_text("porting window")
    assert other["id"] not in page.url
    screenshot(page, "keyboard-order")


def test_a_service_request_raised_from_customer_360_is_worked_from_the_queue(
    page: Any, ui_server: LiveServer, buyer: dict[str, Any], tag: str,
) -> None:
    page.goto(f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    page.select_option("#ticketType", "incident")
    page.select_option("#severity", "critical")
    page.fill("#description", f"No data since noon {tag}")
    page.get_by_role("button", name="Raise service request").click()
    expect(page.locator("#action-done")).to_contain_text("Service request")
    page.get_by_role("link", name="Service requests").click()
    row = page.locator("#ticket-queue tr", has_text=f"No data since noon {tag}")
    expect(row).to_contain_text("due in")
    screenshot(page, "service-requests")
    row.locator("a").click()
    page.select_option("#new-status", "inProgress")
    page.fill("#note", "engineer assigned")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#ticket-status")).to_have_attribute("data-status", "inProgress")
    page.select_option("#new-status", "resolved")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Refused")
    page.fill("#note", "cell restarted")
    page.select_option("#new-status", "resolved")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#ticket-status")).to_have_attribute("data-status", "resolved")
    screenshot(page, "service-request")


def test_a_live_refresh_never_overwrites_a_form_being_filled_in(
    page: Any, ui_server: LiveServer, ui_shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    open_live(page, f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    page.fill("#description", f"half-typed {tag}")
    ui_shop.new_line(buyer["customer"], buyer["account"], tag)  # an event the page listens to
    page.locator("#description").blur()  # the refresh waits for the field to lose focus
    expect(page.locator("#customer-orders tbody tr[data-order-id]")).to_have_count(1)
    expect(page.locator("#description")).to_have_value("")  # the refreshed page has an empty form again
    assert not_reloaded(page)


def test_the_board_and_customer_360_fit_a_tablet_screen(
    chromium: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any],
    tag: str,
) -> None:
    installed_line(ui_shop, buyer, orchestrate, tag)
    context = chromium.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    try:
        tablet = context.new_page()
        for name, url in (("board-tablet", board_of(ui_server, buyer["customer"])),
                          ("customer-360-tablet", f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")):
            tablet.goto(url)
            overflow = tablet.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
            screenshot(tablet, name)
    finally:
        context.close()


def test_with_an_admin_token_the_browser_logs_in_and_lands_on_the_page_it_asked_for(
    page: Any, ui_server: LiveServer,
) -> None:
    protected = LiveServer(settings_from_env(database_url=ui_server.settings.database_url, auto_migrate=False,
                                             run_workers=False, admin_token="browser-token")).start()
    try:
        page.goto(f"{protected.root}/dashboard/delivery")
        expect(page.locator("h1")).to_have_text("Operations login")
        screenshot(page, "login")
        page.get_by_label("Operations token").fill("not-the-token")
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert")).to_have_text("That token is not right.")
        page.get_by_label("Operations token").fill("browser-token")
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("h1")).to_have_text("Event delivery")
        expect(page.locator("body")).to_have_attribute("data-live", "open")  # the stream accepts the session
        page.get_by_role("button", name="Log out").click()
        expect(page.locator("h1")).to_have_text("Operations login")
    finally:
        protected.stop()


def test_an_operator_goes_from_an_order_to_its_customer_adds_a_service_and_follows_that_order_to_completion(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    installed_line(ui_shop, buyer, orchestrate, tag)
    page.goto(board_of(ui_server, buyer["customer"]))
    page.locator("#orders tbody tr th a").first.click()
    page.click("#customer-link")
    expect(page.locator("h1")).to_have_text(buyer["customer"]["name"])
    line = page.locator("article.line").first
    line.get_by_label("Add service").select_option("caller-tunes")
    line.get_by_role("button", name="Add").click()
    expect(page.locator("#action-done")).to_contain_text("Product order")
    page.click("#done-link")
    expect(page.locator("#order-state")).to_have_attribute("data-state", "acknowledged")
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    page.evaluate("window.sameDocument = true")
    orchestrate()
    expect(page.locator("#order-state")).to_have_attribute("data-state", "completed")
    expect(page.locator("#installed-products")).to_contain_text("Caller tunes")
    assert not_reloaded(page)
    page.click("#customer-link")
    expect(page.locator('.vas[data-offering="caller-tunes"]')).to_contain_text("active")
    screenshot(page, "customer-360-with-service")


def test_orders_are_searched_from_the_form_by_msisdn_and_date_range(
    page: Any, ui_server: LiveServer, ui_shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    wanted = ui_shop.new_line(buyer["customer"], buyer["account"], tag, "wanted")
    ui_shop.new_line(buyer["customer"], buyer["account"], tag, "other")
    page.goto(f"{ui_server.root}/dashboard/")
    page.get_by_label("MSISDN").fill(numbers(tag, "wanted")[0])
    today = datetime.now(UTC).date().isoformat()
    page.get_by_label("Ordered from").fill(today)
    page.get_by_label("Ordered to").fill(today)
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#orders tbody tr")).to_have_count(1)
    expect(page.locator(f'tr[data-order-id="{wanted["id"]}"]')).to_be_visible()
    expect(page.get_by_label("MSISDN")).to_have_value(numbers(tag, "wanted")[0])  # the form keeps the search
    screenshot(page, "board-search")


def test_a_suspended_line_is_resumed_from_customer_360(
    page: Any, ui_server: LiveServer, ui_shop: Shop, orchestrate: Orchestrate, buyer: dict[str, Any], tag: str,
) -> None:
    line = installed_line(ui_shop, buyer, orchestrate, tag)
    plan = line["plan"]["id"]
    page.goto(f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    page.click(f"#suspend-{plan}")
    orchestrate()
    expect(page.locator(f"#line-{plan} .line-status")).to_have_attribute("data-status", "suspended")
    page.click(f"#resume-{plan}")
    expect(page.locator("#action-done")).to_contain_text("Product order")
    orchestrate()
    expect(page.locator(f"#line-{plan} .line-status")).to_have_attribute("data-status", "active")


def test_the_sla_countdown_moves_on_with_the_clock(
    page: Any, ui_server: LiveServer, buyer: dict[str, Any], tag: str,
) -> None:
    page.clock.install()
    page.goto(f"{ui_server.root}/dashboard/customers/{buyer['customer']['id']}")
    page.fill("#description", f"Countdown {tag}")
    page.get_by_role("button", name="Raise service request").click()
    page.click("#done-link")
    countdown = page.locator("#live-region .sla").first
    expect(countdown).to_contain_text("due in")
    before = countdown.inner_text()
    page.clock.run_for("02:00:00")
    expect(countdown).not_to_have_text(before)
    expect(countdown).to_contain_text("due in")
