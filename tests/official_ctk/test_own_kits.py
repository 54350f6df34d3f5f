"""The component's own CTKs in TM Forum's v4 layout (ctk/kits/, written here, not by TM Forum), run by the same
runner: they pass against the component on both backends, and their assertions fail against a TMF621 that
gets the rules wrong (a stand-in on a real socket that ignores filters, fields and paging and accepts
anything)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ctk.oda_cms_ctk.official import run_kit
from tests.support.backends import BACKENDS

KITS = Path(__file__).resolve().parents[2] / "ctk" / "kits"
OWN = {"TMF621-oda-cms": (113, 113), "TMF641-oda-cms-extension": (84, 84)}
# Service orders must stay as the kit left them between its requests (it filters by the state it read): no
# background orchestrator here, so none of them moves on under a loaded machine (`oda-cms ctk` runs its embedded
# instance with SIMULATOR_DELAY_SECONDS=600 for the same reason: official.EMBEDDED_SETTINGS).
SETTINGS: dict[str, dict[str, object]] = {"TMF641-oda-cms-extension": {"simulator_delay": 600.0,
                                                                       "run_workers": False}}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kit", list(OWN))
def test_own_kit_passes(kit: str, backend: str, fresh_component, newman_installed, tmp_path: Path) -> None:
    server = fresh_component(backend, **SETTINGS.get(kit, {}))

    outcome = run_kit(KITS / kit, server.root, tmp_path / kit)

    assert outcome.error == "" and outcome.result is not None
    assert outcome.result.failures == []
    assert (outcome.result.passed_assertions, outcome.result.assertions) == OWN[kit]


class CarelessTickets(BaseHTTPRequestHandler):
    """A TMF621 that stores and returns tickets but ignores every query parameter and validates nothing."""

    tickets: dict[str, dict[str, Any]] = {}
    root = ""

    def _answer(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _id(self) -> str:
        return self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    def _body(self) -> dict[str, Any]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            return json.loads(raw)
        except ValueError:
            return {}

    def do_GET(self) -> None:  # noqa: N802
        if self.path.split("?")[0].endswith("/troubleTicket"):
            self._answer(200, list(self.tickets.values()))
        else:
            found = self.tickets.get(self._id())
            self._answer(200 if found else 404, found or {"code": "404", "reason": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        body["id"] = uuid.uuid4().hex
        body["href"] = f"{self.root}/troubleTicket/{body['id']}"
        self.tickets[body["id"]] = body
        self._answer(201, body, {"Location": body["href"]})

    def do_PATCH(self) -> None:  # noqa: N802
        found = self.tickets.setdefault(self._id(), {"id": self._id()})
        found.update(self._body())
        self._answer(200, found)

    def do_DELETE(self) -> None:  # noqa: N802
        self.tickets.pop(self._id(), None)
        self._answer(204)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def careless_tmf621() -> Iterator[str]:
    listener = ThreadingHTTPServer(("127.0.0.1", 0), CarelessTickets)
    CarelessTickets.root = f"http://127.0.0.1:{listener.server_address[1]}/tmf-api/troubleTicket/v4"
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{listener.server_address[1]}"
    listener.shutdown()
    listener.server_close()


def test_own_tmf621_kit_fails_where_an_implementation_breaks_the_rules(careless_tmf621: str, newman_installed,
                                                                        tmp_path: Path) -> None:
    outcome = run_kit(KITS / "TMF621-oda-cms", careless_tmf621, tmp_path / "careless")

    assert outcome.result is not None and not outcome.ok
    failed = {failure.split(": ")[1] for failure in outcome.result.failures}
    for check in ("X-Result-Count is the number of items returned", "Exactly the expected tickets are returned",
                  "Only severity, id and href are returned", "One item of two", "Status code is 400",
                  "Status code is 404", "Body is a TMF Error with code and reason",
                  "status is one of TroubleTicketStatusType"):
        assert check in failed, (check, sorted(failed))
    assert outcome.result.passed_assertions > 0  # what it does right still passes (create, read, patch)
