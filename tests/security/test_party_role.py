"""TMF669 Party Role for the canvas: roles created through the API take effect in the permission mapping
without a restart, and the hub delivers the notifications the canvas identity listener acts on, with an
absolute href whose first path segment is the component's name; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from component.bootstrap.environment import settings_from_env
from tests.security.identity_provider import IdentityProvider, KeyPair
from tests.support.api_roots import CUSTOMER_ROOT
from tests.support.factories import new_customer
from tests.support.live_server import LiveServer

PREFIX = "/r1-oda-cms"
PUBLIC = "https://oda.example.net"
PARTY_ROLE_ROOT = f"{PREFIX}/tmf-api/partyRoleManagement/v4"
KEY = KeyPair("party-role-key")


@pytest.fixture(scope="module")
def idp() -> Iterator[IdentityProvider]:
    provider = IdentityProvider().start()
    provider.published = [KEY]
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def component(database_url: str, idp: IdentityProvider) -> Iterator[LiveServer]:
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 path_prefix=PREFIX, public_base_url=PUBLIC, auth_mode="oidc",
                                 oidc_issuer=idp.issuer, oidc_audience="oda-cms")
    live = LiveServer(settings).start()
    yield live
    live.stop()


class _Listener(BaseHTTPRequestHandler):
    events: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        _Listener.events.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def canvas_listener() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Listener.events = []
    yield f"http://127.0.0.1:{server.server_address[1]}/listener"
    server.shutdown()
    server.server_close()


def call(component: LiveServer, method: str, path: str, token: str, **kwargs: Any) -> requests.Response:
    return requests.request(method, component.root + path, headers={"Authorization": f"Bearer {token}"},
                            timeout=30, **kwargs)


def deliver_all(component: LiveServer) -> None:
    worker = next(worker for worker in component.component.root.workers() if worker.name == "event-delivery")
    while worker.run_once():
        pass
    worker.close()


def test_a_role_created_through_tmf669_grants_its_permissions_at_once(component: LiveServer, idp: IdentityProvider,
                                                                      tag: str) -> None:
    role = f"clerk-{tag}"
    clerk = idp.token(KEY, [role])
    identity = idp.token(KEY, client_roles=["oda-canvas-identity"])
    customer_path = f"{PREFIX}{CUSTOMER_ROOT}/customer"
    assert call(component, "POST", customer_path, clerk, json=new_customer(tag)).status_code == 403
    created = call(component, "POST", f"{PARTY_ROLE_ROOT}/partyRole", identity, json={
        "name": role, "characteristic": [{"name": "permission", "value": "customer:write"}]})
    assert created.status_code == 201, created.text
    assert call(component, "POST", customer_path, clerk, json=new_customer(tag)).status_code == 201
    assert call(component, "GET", f"{PREFIX}/tmf-api/accountManagement/v4/billingAccount", clerk).status_code == 403
    deleted = call(component, "DELETE", f"{PARTY_ROLE_ROOT}/partyRole/{created.json()['id']}", identity)
    assert deleted.status_code == 204
    assert call(component, "POST", customer_path, clerk, json=new_customer(tag)).status_code == 403


def test_party_role_management_itself_needs_its_permission(component: LiveServer, idp: IdentityProvider) -> None:
    writer = idp.token(KEY, ["oda-cms-reader"])
    response = call(component, "POST", f"{PARTY_ROLE_ROOT}/partyRole", writer, json={"name": "x"})
    assert response.status_code == 403


def test_the_canvas_receives_its_notifications_with_absolute_component_hrefs(
        component: LiveServer, idp: IdentityProvider, canvas_listener: str, tag: str) -> None:
    identity = idp.token(KEY, client_roles=["oda-canvas-identity"])
    hub = call(component, "POST", f"{PARTY_ROLE_ROOT}/hub", identity, json={"callback": canvas_listener})
    assert hub.status_code == 201, hub.text
    try:
        created = call(component, "POST", f"{PARTY_ROLE_ROOT}/partyRole", identity, json={"name": f"r-{tag}"})
        assert created.status_code == 201
        role = created.json()
        assert role["href"] == f"{PUBLIC}{PARTY_ROLE_ROOT}/partyRole/{role['id']}"
        assert role["@baseType"] == "PartyRole"
        patched = call(component, "PATCH", f"{PARTY_ROLE_ROOT}/partyRole/{role['id']}", identity,
                       json={"name": f"s-{tag}"})
        assert patched.status_code == 200, patched.text
        assert call(component, "DELETE", f"{PARTY_ROLE_ROOT}/partyRole/{role['id']}", identity).status_code == 204
        deliver_all(component)
    finally:
        call(component, "DELETE", f"{PARTY_ROLE_ROOT}/hub/{hub.json()['id']}", identity)
    mine = [event for event in _Listener.events if event["event"]["partyRole"]["id"] == role["id"]]
    assert [event["eventType"] for event in mine] == [
        "PartyRoleCreationNotification", "PartyRoleAttributeValueChangeNotification", "PartyRoleRemoveNotification"]
    for event in mine:
        party_role = event["event"]["partyRole"]
        assert party_role["@baseType"] == "PartyRole"
        assert party_role["href"] == role["href"]
        assert party_role["href"].split("/")[3] == PREFIX.strip("/")  # the canvas reads the component's name here
    assert [event["event"]["partyRole"]["name"] for event in mine] == [f"r-{tag}", f"s-{tag}", f"s-{tag}"]


def test_the_official_ctk_flow_answers_what_it_expects(server: LiveServer) -> None:
    """The requests of ../shared/tmf/ctk-official/TMF669-v4 (N1, N2, E1) and the statuses and attributes
    it checks, with its payloads as shipped (`roleType: {}` included)."""
    root = f"{server.root}/tmf-api/partyRoleManagement/v4/partyRole"
    created = requests.post(root, json={"name": "qqymucymyd", "roleType": {}}, timeout=30)
    assert created.status_code == 201, created.text
    role = created.json()
    assert isinstance(role, dict) and {"id", "href", "name"} <= set(role) and role["name"] == "qqymucymyd"
    for query in ({}, {"name": "qqymucymyd"}, {"id": role["id"]}):
        listed = requests.get(root, params=query, timeout=30)
        assert listed.status_code == 200
        assert role["id"] in [item["id"] for item in listed.json()]
        assert all({"id", "href", "name"} <= set(item) for item in listed.json())
    for field in ("name", "href", "id"):
        assert requests.get(root, params={"fields": field}, timeout=30).status_code == 200
    assert requests.get(f"{root}/{role['id']}", timeout=30).json()["href"] == role["href"]
    patched = requests.patch(f"{root}/{role['id']}", data='{\r\n    "name": "new name",\r\n    "roleType":{}\r\n}',
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert patched.status_code == 200, patched.text
    assert requests.get(f"{root}/{role['id']}", timeout=30).json()["name"] == "new name"
    assert requests.delete(f"{root}/{role['id']}", timeout=30).status_code == 204
    assert requests.get(f"{root}/{role['id']}", timeout=30).status_code == 404
    assert requests.get(f"{root}/b00cb440-e863-440b-a36f-74a296e06578", timeout=30).status_code == 404
