"""Who may use the dashboard (the `/admin` setting, ADMIN_TOKEN) and the live event stream, over HTTP on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from component.bootstrap.environment import settings_from_env
from tests.dashboard.support import DashboardClient, Shop, text_of
from tests.support.live_server import LiveServer

TOKEN = "dashboard-test-token"


@pytest.fixture(scope="session")
def protected_server(database_url: str) -> Iterator[LiveServer]:
    live = LiveServer(settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                         admin_token=TOKEN)).start()
    yield live
    live.stop()


@pytest.fixture
def protected(protected_server: LiveServer) -> DashboardClient:
    return DashboardClient(protected_server.root)


def test_with_an_admin_token_pages_redirect_to_the_login_and_forms_and_the_stream_are_401(
    protected: DashboardClient, protected_server: LiveServer,
) -> None:
    page = protected.get("/tickets", allow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/dashboard/login?next=/dashboard/tickets"
    assert protected.submit("/delivery/replay", {"all": "1"}).status_code == 401
    assert protected.get("/live", stream=True).status_code == 401
    admin = requests.get(f"{protected_server.root}/admin/events/dead-letters", timeout=10)
    assert admin.status_code == 401  # the same setting protects both


def test_the_bearer_token_of_the_admin_endpoints_opens_the_dashboard_too(protected: DashboardClient) -> None:
    assert protected.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert protected.get("/", headers={"Authorization": "Bearer wrong"}, allow_redirects=False).status_code == 303


def test_logging_in_with_the_token_opens_a_session_and_logging_out_ends_it(protected: DashboardClient) -> None:
    wrong = protected.submit("/login", {"token": "guess", "next": "/dashboard/delivery"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    right = protected.submit("/login", {"token": TOKEN, "next": "/dashboard/delivery"})
    assert right.status_code == 200 and right.url.endswith("/dashboard/delivery")
    session = protected.session.cookies.get("odacms_dashboard")
    assert session and TOKEN not in session
    assert protected.get("/tickets").status_code == 200
    protected.submit("/logout", {})
    assert protected.get("/tickets", allow_redirects=False).status_code == 303


def test_the_login_only_redirects_inside_the_dashboard(protected: DashboardClient) -> None:
    response = protected.submit("/login", {"token": TOKEN, "next": "https://elsewhere.example/"},
                                allow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/"


def test_without_an_admin_token_the_dashboard_is_open_like_the_admin_endpoints(
    dashboard: DashboardClient, server: LiveServer,
) -> None:
    assert server.settings.admin_token is None
    assert dashboard.get("/").status_code == 200
    assert requests.get(f"{server.root}/admin/events/dead-letters", timeout=10).status_code == 200


def test_the_live_stream_sends_each_outbox_event_after_the_given_sequence(
    dashboard: DashboardClient, shop: Shop, tag: str,
) -> None:
    after = int(dashboard.get("/").text.split('data-live-after="', 1)[1].split('"', 1)[0])
    customer: dict[str, Any] = shop.customer(tag)
    seen = None
    with dashboard.get("/live", params={"after": after}, stream=True, timeout=30) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                change = json.loads(line[len("data: "):])
                assert change["sequence"] > after
                if change["id"] == customer["id"]:
                    seen = change
                    break
    assert seen is not None and seen["kind"] == "Customer" and seen["eventType"] == "CustomerCreateEvent"


def test_the_live_stream_refuses_a_sequence_that_is_not_a_number(dashboard: DashboardClient) -> None:
    response = dashboard.get("/live", params={"after": "soon"})
    assert response.status_code == 400 and "after must be" in response.text


def test_the_dashboard_root_without_slash_redirects_and_unknown_pages_are_404(dashboard: DashboardClient) -> None:
    response = dashboard.session.get(dashboard.root, allow_redirects=False, timeout=10)
    assert response.status_code == 308 and response.headers["location"] == "/dashboard/"
    assert dashboard.get("/nothing-here").status_code == 404


def test_the_error_page_is_the_tmf_error(dashboard: DashboardClient) -> None:
    page = dashboard.get("/customers/nobody-at-all")
    assert page.status_code == 404
    assert text_of(page.text, "error-title") == "Refused: Resource not found (404)"


@pytest.fixture(scope="session")
def prefixed_server(database_url: str) -> Iterator[LiveServer]:
    live = LiveServer(settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                         admin_token=None, path_prefix="r1-oda-cms")).start()
    yield live
    live.stop()


def test_behind_a_path_prefix_the_dashboard_and_its_links_carry_the_prefix(prefixed_server: LiveServer) -> None:
    prefixed = DashboardClient(f"{prefixed_server.root}/r1-oda-cms")
    page = prefixed.get("/")
    assert page.status_code == 200
    assert 'href="/r1-oda-cms/dashboard/static/dashboard.css"' in page.text
    assert 'data-root="/r1-oda-cms/dashboard"' in page.text
    assert prefixed.get("/static/dashboard.js").status_code == 200
    assert DashboardClient(prefixed_server.root).get("/").status_code == 404
