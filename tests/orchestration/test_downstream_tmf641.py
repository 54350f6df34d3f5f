"""The downstream TMF641 adapter against a second instance of the component acting as the downstream
service-order manager (its own database, HTTP server and background workers: simulator and event
delivery). Product orders of the first instance are fulfilled by service orders POSTed to the second,
followed through its hub events to our listener, or by polling when no listener can be registered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build
from component.bootstrap.watcher import DependentApisWatcher
from component.dependencies import DependentApis
from component.orchestration import Orchestrator
from component.orchestration.adapters.downstream_tmf641 import DownstreamServiceOrders
from component.store.tables import received_event
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.api.product_ordering.conftest import ORDERING_ROOT, open_account
from tests.events.support import wait_until
from tests.orchestration.conftest import SERVICE_ORDERING_ROOT
from tests.support.backends import migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer

CUSTOMER_ROOT, ACCOUNT_ROOT = "/tmf-api/customerManagement/v4", "/tmf-api/accountManagement/v4"


@dataclass
class Pair:
    upstream: LiveServer  # takes product orders; its orchestrator is driven by the test
    downstream: LiveServer  # the downstream TMF641, running its own workers
    dependent_apis: Path
    watchers: list[DependentApisWatcher] = field(default_factory=list)

    def orchestrator(self, *, listen: bool, poll: float, retry_max: float = 300.0) -> Orchestrator:
        settings = settings_from_env(
            database_url=self.upstream.settings.database_url, fulfilment_adapter="downstream",
            dependent_apis_file=self.dependent_apis, public_base_url=self.upstream.root if listen else None,
            orchestration_poll=poll, orchestration_retry_max=retry_max, run_workers=False, dependent_apis_poll=0.1)
        root = build(settings, database=self.upstream.component.database)
        root.watcher.start()  # what `oda-cms worker` starts: the operator's rewiring is seen without a restart
        self.watchers.append(root.watcher)
        return root.orchestrator()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    folder = tmp_path_factory.mktemp("downstream")
    (folder / "down").mkdir()
    (folder / "up").mkdir()
    with migrated_database("sqlite", folder / "down") as down_url, migrated_database("sqlite", folder / "up") as up_url:
        downstream = LiveServer(settings_from_env(database_url=down_url, auto_migrate=False, run_workers=True,
                                                  billing_listener_url=None, orchestration_poll=1.0)).start()
        upstream = LiveServer(settings_from_env(database_url=up_url, auto_migrate=False, run_workers=False,
                                                billing_listener_url=None)).start()
        dependent_apis = folder / "dependentApis.json"
        dependent_apis.write_text(json.dumps({"serviceOrdering": {
            "apiId": "TMF641", "version": "4.1.0", "ready": True, "url": downstream.root + SERVICE_ORDERING_ROOT}}))
        pair = Pair(upstream, downstream, dependent_apis)
        yield pair
        for watcher in pair.watchers:
            watcher.stop()
        upstream.stop()
        downstream.stop()


def place_order(server: LiveServer, tag: str) -> dict[str, Any]:
    customer = ApiClient(server.root + CUSTOMER_ROOT).post("customer", json=new_customer(tag)).json()
    account = open_account(ApiClient(server.root + ACCOUNT_ROOT), customer, tag, "prepaid")
    response = ApiClient(server.root + ORDERING_ROOT).post("productOrder", json=new_subscription(
        customer, account, *numbers(tag)))
    assert response.status_code == 201, response.text
    return response.json()


def order_state(server: LiveServer, order_id: str) -> str:
    return ApiClient(server.root + ORDERING_ROOT).get(f"productOrder/{order_id}").json()["state"]


def received(server: LiveServer) -> int:
    with server.component.database.read() as connection:
        return int(connection.execute(select(func.count()).select_from(received_event)).scalar_one())


def test_an_order_is_fulfilled_by_the_downstream_and_followed_through_its_events(pair: Pair, tag: str) -> None:
    orchestrator = pair.orchestrator(listen=True, poll=600.0)  # no polling within the test: events only
    created = place_order(pair.upstream, tag)
    wait_until(lambda: order_state(pair.upstream, created["id"]) == "completed", timeout=30,
               step=orchestrator.run_once, interval=0.05)
    done = ApiClient(pair.upstream.root + ORDERING_ROOT).get(f"productOrder/{created['id']}").json()
    [reference] = done["serviceOrder"]
    remote = ApiClient(pair.downstream.root + SERVICE_ORDERING_ROOT)
    service_order = remote.get(f"serviceOrder/{reference['id']}").json()
    assert service_order["state"] == "completed" and service_order["externalId"] == created["id"]
    assert len(remote.get("serviceOrder", params={"externalId": created["id"]}).json()) == 1
    assert received(pair.upstream) > 0  # the downstream's hub told us


def test_without_a_listener_the_order_is_followed_by_polling(pair: Pair, tag: str) -> None:
    orchestrator = pair.orchestrator(listen=False, poll=0.2)
    created = place_order(pair.upstream, tag)
    wait_until(lambda: order_state(pair.upstream, created["id"]) == "completed", timeout=30,
               step=orchestrator.run_once, interval=0.05)


def test_submitting_again_after_a_crash_finds_the_order_instead_of_posting_a_second(pair: Pair, tag: str) -> None:
    settings = settings_from_env(dependent_apis_file=pair.dependent_apis, fulfilment_adapter="downstream")
    adapter = DownstreamServiceOrders(settings, pair.upstream.component.database, DependentApis(pair.dependent_apis))
    body = {"externalId": f"crash-{tag}", "serviceOrderItem": [
        {"id": "1", "action": "add", "service": {"name": "SIM activation", "serviceType": "simActivation"}}]}
    first = adapter.prepare_submit(f"crash-{tag}", body)
    second = adapter.prepare_submit(f"crash-{tag}", body)  # the step's commit was lost: it runs again
    assert first["id"] == second["id"]
    remote = ApiClient(pair.downstream.root + SERVICE_ORDERING_ROOT)
    assert len(remote.get("serviceOrder", params={"externalId": f"crash-{tag}"}).json()) == 1


def test_an_order_waits_while_the_downstream_is_unwired_and_goes_there_once_the_operator_wires_it(
    pair: Pair, tag: str
) -> None:
    wired = pair.dependent_apis.read_text()
    unresolved = {"serviceOrdering": {"apiId": "TMF641", "version": "4.1.0", "ready": False, "url": None,
                                      "provider": None}}
    pair.dependent_apis.write_text(json.dumps(unresolved))  # what the operator writes for a missing provider
    remote = ApiClient(pair.downstream.root + SERVICE_ORDERING_ROOT)
    try:
        orchestrator = pair.orchestrator(listen=False, poll=0.2, retry_max=0.2)
        created = place_order(pair.upstream, tag)
        for _ in range(10):
            orchestrator.run_once()
        assert order_state(pair.upstream, created["id"]) != "completed"
        assert remote.get("serviceOrder", params={"externalId": created["id"]}).json() == []
    finally:
        pair.dependent_apis.write_text(wired)  # the operator resolves it: same process, no restart
    wait_until(lambda: order_state(pair.upstream, created["id"]) == "completed", timeout=30,
               step=orchestrator.run_once, interval=0.05)
    assert len(remote.get("serviceOrder", params={"externalId": created["id"]}).json()) == 1
