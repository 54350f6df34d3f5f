"""Deliveries check the address they actually connect to, at delivery time (DNS rebinding, parser confusion)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from component.events.callback_policy import CallbackPolicy
from component.events.guarded_http import guarded_session


class _Recorder(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Recorder.received.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.received = []
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_embedded_policy_delivers_to_a_loopback_listener(listener: int) -> None:
    response = guarded_session(CallbackPolicy()).post(f"http://127.0.0.1:{listener}/cb", json={}, timeout=5)
    assert response.status_code == 204 and _Recorder.received == ["/cb"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433"])
def test_production_policy_refuses_to_connect_to_loopback_however_named(listener: int, host: str) -> None:
    with pytest.raises(requests.ConnectionError, match="refused by the callback policy"):
        guarded_session(CallbackPolicy("production")).post(f"http://{host}:{listener}/cb", json={}, timeout=5)
    assert _Recorder.received == []


def test_a_name_that_resolved_publicly_at_registration_is_checked_again_when_delivering(listener: int) -> None:
    policy = CallbackPolicy.from_config("production", resolver=lambda _host: ["8.8.8.8"])
    policy.check(f"http://localhost:{listener}/cb")  # registration: the (stubbed) DNS answered a public address
    with pytest.raises(requests.ConnectionError, match="loopback"):
        guarded_session(policy).post(f"http://localhost:{listener}/cb", json={}, timeout=5)
    assert _Recorder.received == []


def test_the_backslash_trick_is_refused_before_any_connection(listener: int) -> None:
    policy = CallbackPolicy("production")
    with pytest.raises(Exception, match="backslash"):
        policy.check(f"http://127.0.0.1:{listener}\\@8.8.8.8/")


def test_an_allowed_host_name_is_delivered_to_whatever_it_resolves_to(listener: int) -> None:
    policy = CallbackPolicy.from_config("production", ["localhost"])
    response = guarded_session(policy).post(f"http://localhost:{listener}/cb", json={}, timeout=5)
    assert response.status_code == 204
