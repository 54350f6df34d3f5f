"""The landing page lists what the component serves (HTML for a browser, JSON on request), and CORS is
answered for configured origins only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from component.api.registry import APIS
from component.bootstrap.environment import settings_from_env
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def prefixed(database_url: str) -> Iterator[LiveServer]:
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 path_prefix="/r1-oda-cms", cors_origins=("https://portal.example",),
                                 billing_listener_url=None)
    server = LiveServer(settings).start()
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/r1-oda-cms/", "/r1-oda-cms", "/r1-oda-cms/tmf-api", "/r1-oda-cms/docs"])
def test_the_landing_page_lists_every_served_api_as_json(prefixed: LiveServer, path: str) -> None:
    response = requests.get(prefixed.root + path, headers={"Accept": "application/json"}, timeout=10)
    assert response.status_code == 200
    listed = {api["name"]: api for api in response.json()["apis"]}
    assert set(listed) == set(APIS)
    ordering = listed["productOrdering"]
    assert ordering["id"] == "TMF622" and ordering["basePath"] == "/r1-oda-cms/tmf-api/productOrderingManagement/v4"
    for api in listed.values():  # every link it gives works
        assert requests.get(prefixed.root + api["openapi"], timeout=10).status_code == 200
        assert requests.get(prefixed.root + api["swaggerUi"], timeout=10).status_code == 200


def test_a_browser_gets_the_landing_page_as_html(prefixed: LiveServer) -> None:
    response = requests.get(prefixed.root + "/r1-oda-cms/", headers={"Accept": "text/html,*/*"}, timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "TMF629 Customer Management" in response.text and "/r1-oda-cms/dashboard/" in response.text


def test_cors_preflight_and_headers_for_a_configured_origin_only(prefixed: LiveServer) -> None:
    url = prefixed.root + "/r1-oda-cms/tmf-api/customerManagement/v4/customer"
    preflight = requests.options(url, headers={"Origin": "https://portal.example",
                                               "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "content-type"}, timeout=10)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://portal.example"
    listed = requests.get(url, headers={"Origin": "https://portal.example"}, timeout=10)
    assert listed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "X-Total-Count" in listed.headers["access-control-expose-headers"]
    stranger = requests.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert "access-control-allow-origin" not in stranger.headers


def test_without_configured_origins_no_cors_headers(server: LiveServer) -> None:
    response = requests.get(server.root + "/tmf-api/customerManagement/v4/customer",
                            headers={"Origin": "https://portal.example"}, timeout=10)
    assert "access-control-allow-origin" not in response.headers
