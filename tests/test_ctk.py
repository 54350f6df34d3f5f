"""The conformance kit in ctk/ run against the component: every API conforms, and the kit can tell when not.

The suite's session server runs no workers: the catalogue is published here as `serve` would, and the kit's
TMF637 "products of a completed order" part is not exercised on it; a server of its own with its workers
running exercises that part.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from component.bootstrap.environment import settings_from_env
from component.service import Registry
from ctk.oda_cms_ctk import Config, Report, run
from ctk.oda_cms_ctk.checks import CollectionChecks
from ctk.oda_cms_ctk.client import ApiClient
from ctk.oda_cms_ctk.config import BASE_PATHS
from ctk.oda_cms_ctk.report import FAIL, PASS
from ctk.oda_cms_ctk.resources import CUSTOMER, Collection
from tests.support.backends import BACKENDS, migrated_database
from tests.support.live_server import LiveServer

REPO = Path(__file__).resolve().parents[1]


def kit_config(server: LiveServer, *apis: str, wait: float = 0) -> Config:
    return Config(url=server.root, prefix=server.settings.path_prefix, apis=apis, fulfilment_timeout_seconds=wait)


def failed_checks(report: Report) -> set[str]:
    return {outcome.check for outcome in report.failures()}


def assert_every_check_passed(report: Report) -> None:
    assert report.passed > 0, report.render()
    assert failed_checks(report) == set(), report.render()


@pytest.fixture(scope="module", params=BACKENDS)
def working_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own (own database) running its workers, as `oda-cms serve` does."""
    with migrated_database(request.param, tmp_path_factory.mktemp(f"ctk-{request.param}")) as url:
        live = LiveServer(settings_from_env(database_url=url, auto_migrate=False, run_workers=True)).start()
        yield live
        live.stop()


@pytest.mark.parametrize("api", list(BASE_PATHS))
def test_every_ctk_check_passes_against_the_component(server: LiveServer, registry: Registry, api: str) -> None:
    report = run(kit_config(server, api))

    assert_every_check_passed(report)


def test_with_workers_running_orders_are_fulfilled_and_their_products_checked(working_server: LiveServer) -> None:
    apis = ("productCatalog", "productOrdering", "serviceOrdering", "productInventory")
    report = run(kit_config(working_server, *apis, wait=30))

    assert_every_check_passed(report)
    fulfilled = [outcome for outcome in report.outcomes if outcome.check == "product: products of a completed order"]
    assert [outcome.status for outcome in fulfilled] == [PASS], report.render()
    deleted = [outcome.status for outcome in report.outcomes if outcome.check == "productOrder: DELETE 204"]
    assert deleted == [PASS], report.render()


def test_the_kit_follows_an_oda_path_prefix(database_url: str) -> None:
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 path_prefix="/r1-oda-cms")
    prefixed = LiveServer(settings).start()
    try:
        report = run(kit_config(prefixed, "customer", "troubleTicket"))
    finally:
        prefixed.stop()

    assert report.ok, report.render()
    assert all("/r1-oda-cms/tmf-api/" in outcome.request for outcome in report.outcomes)


def test_the_command_line_exits_0_and_ends_with_the_totals(server: LiveServer) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ctk.oda_cms_ctk", "--config", "ctk/config.json", "--url", server.root,
         "--api", "troubleTicket"], cwd=REPO, capture_output=True, text=True, timeout=120)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.rstrip().splitlines()[-1].endswith("passed, 0 failed")


def test_the_command_line_exits_1_when_a_check_fails(wrong_api: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ctk.oda_cms_ctk", "--url", wrong_api, "--api", "customer"],
        cwd=REPO, capture_output=True, text=True, timeout=120)

    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "FAIL [customer]" in completed.stdout


def test_fields_on_a_collection_the_component_does_not_have_is_a_failure(server: LiveServer) -> None:
    report = Report()
    client = ApiClient(server.root + BASE_PATHS["customer"])
    checks = CollectionChecks("customer", client, Collection("noSuchCollection", ("id", "href")), report)

    assert checks.fields({"id": "42"}) is False
    assert [outcome.status for outcome in report.outcomes] == [FAIL]
    assert "got 404" in report.outcomes[0].detail


# --- a deliberately wrong TMF629: what the kit must report -------------------------------------------------------

WRONG_CUSTOMER = {"id": "c1", "href": "http://elsewhere/customer/c1", "name": "Wrong", "status": "Approved"}


class WrongTmf629(BaseHTTPRequestHandler):
    """Answers like a careless implementation: no paging headers, no engagedParty, fields ignored, filters
    ignored, 200 for any id, Location not the href."""

    def _answer(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path.split("?")[0].endswith("/customer"):
            self._answer(200, [WRONG_CUSTOMER, {**WRONG_CUSTOMER, "id": "c2", "status": "Initialized"}])
        else:
            self._answer(200, WRONG_CUSTOMER)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(201, WRONG_CUSTOMER, {"Location": "http://elsewhere/other"})

    def do_PATCH(self) -> None:  # noqa: N802
        self._answer(200, WRONG_CUSTOMER)

    def do_DELETE(self) -> None:  # noqa: N802
        self._answer(200, {})

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence the stub
        pass


@pytest.fixture(scope="module")
def wrong_api() -> Iterator[str]:
    stub = ThreadingHTTPServer(("127.0.0.1", 0), WrongTmf629)
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{stub.server_address[1]}"
    stub.shutdown()
    thread.join(10)
    stub.server_close()


@pytest.fixture
def wrong_customers(wrong_api: str) -> tuple[CollectionChecks, Report]:
    report = Report()
    return CollectionChecks("customer", ApiClient(wrong_api + BASE_PATHS["customer"]), CUSTOMER, report), report


def only_outcome(report: Report) -> tuple[str, str]:
    assert len(report.outcomes) == 1, report.render()
    return report.outcomes[0].status, report.outcomes[0].detail


def test_a_create_whose_location_is_not_the_href_and_lacks_mandatory_attributes_fails(wrong_customers) -> None:
    checks, report = wrong_customers
    assert checks.create({"name": "x", "engagedParty": {"id": "p"}}) is None
    status, detail = only_outcome(report)
    assert status == FAIL
    assert "Location" in detail and "engagedParty" in detail


def test_a_list_without_paging_headers_and_mandatory_attributes_fails(wrong_customers) -> None:
    checks, report = wrong_customers
    checks.list()
    status, detail = only_outcome(report)
    assert status == FAIL
    assert "X-Total-Count" in detail and "lacks engagedParty" in detail


@pytest.mark.parametrize("check", ["filter_by_id", "filter_by_state", "fields"])
def test_filters_and_fields_that_are_ignored_fail(wrong_customers, check: str) -> None:
    checks, report = wrong_customers
    getattr(checks, check)(WRONG_CUSTOMER)
    status, _ = only_outcome(report)
    assert status == FAIL


def test_a_delete_answered_200_and_an_unknown_id_answered_200_fail(wrong_customers) -> None:
    checks, report = wrong_customers
    checks.delete(WRONG_CUSTOMER)
    checks.unknown_id()
    assert [outcome.status for outcome in report.outcomes] == [FAIL, FAIL], report.render()


def test_a_patch_that_does_not_change_the_value_fails(wrong_customers) -> None:
    checks, report = wrong_customers
    checks.patch(WRONG_CUSTOMER, {"name": "Changed"})
    status, detail = only_outcome(report)
    assert status == FAIL and "name" in detail


def test_a_whole_run_against_a_wrong_implementation_is_not_ok(wrong_api: str) -> None:
    report = run(Config(url=wrong_api, apis=("customer",), fulfilment_timeout_seconds=0))

    assert not report.ok
    assert report.render().splitlines()[-1] == f"{report.passed} passed, {report.failed} failed"
    assert report.failed > 0


def test_the_api_root_joins_url_prefix_and_base_path() -> None:
    config = Config(url="http://cluster.example/", prefix="r1-oda-cms/")

    assert config.api_root("customer") == "http://cluster.example/r1-oda-cms/tmf-api/customerManagement/v4"
    assert Config(url="http://host:8080").api_root("productInventory") == "http://host:8080/tmf-api/productInventory/v4"
