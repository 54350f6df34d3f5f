"""Fixtures of the event tests: a component per backend on its own database, a delivery worker the test
drives (`run_once`) on a movable clock, recording listeners, and hub subscriptions removed afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from component.events.delivery import DeliveryWorker
from component.store.work_queue import Backoff
from tests.events.support import MovableClock, RecordingListener, wait_until
from tests.support.backends import BACKENDS, migrated_database
from tests.support.live_server import ApiClient, LiveServer

CUSTOMER_ROOT = "/tmf-api/customerManagement/v4"
ACCOUNT_ROOT = "/tmf-api/accountManagement/v4"


@pytest.fixture(scope="session", params=BACKENDS)
def events_database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with migrated_database(request.param, tmp_path_factory.mktemp(f"events-{request.param}")) as url:
        yield url


@pytest.fixture(scope="session")
def events_server(events_database_url: str) -> Iterator[LiveServer]:
    settings = settings_from_env(database_url=events_database_url, auto_migrate=False, run_workers=False,
                                 billing_listener_url=None, admin_token=None, callback_policy="embedded")
    live = LiveServer(settings).start()
    yield live
    live.stop()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def make_worker(events_server: LiveServer, clock: MovableClock) -> Iterator[Callable[..., DeliveryWorker]]:
    made: list[DeliveryWorker] = []

    def make(*, base: float = 1.0, maximum: float = 60.0, horizon: float = 3600.0, timeout: float = 2.0,
             lease: float = 30.0, batch: int = 50) -> DeliveryWorker:
        worker = DeliveryWorker(events_server.component.database, clock,
                                retry=Backoff(base, maximum, horizon, jitter=lambda: 1.0),
                                timeout=timeout, lease=lease, batch=batch, concurrency=4,
                                public_base_url=events_server.root)  # as PUBLIC_BASE_URL would be
        made.append(worker)
        return worker

    yield make
    for worker in made:
        worker.close()


@pytest.fixture
def worker(make_worker: Callable[..., DeliveryWorker]) -> DeliveryWorker:
    return make_worker()


@pytest.fixture
def listener() -> Iterator[RecordingListener]:
    recording = RecordingListener()
    yield recording
    recording.stop()


@pytest.fixture
def customers(events_server: LiveServer) -> ApiClient:
    return ApiClient(events_server.root + CUSTOMER_ROOT)


@pytest.fixture
def accounts(events_server: LiveServer) -> ApiClient:
    return ApiClient(events_server.root + ACCOUNT_ROOT)


class Hubs:
    """Registers hub subscriptions through the API and removes them when the test ends."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.created: list[tuple[str, str]] = []

    def subscribe(self, api_root: str, callback: str, query: str | None = None, **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"callback": callback, **extra}
        if query is not None:
            body["query"] = query
        response = ApiClient(self.server.root + api_root).post("hub", json=body)
        assert response.status_code == 201, response.text
        subscription = response.json()
        self.created.append((api_root, subscription["id"]))
        return subscription

    def remove_all(self) -> None:
        for api_root, identifier in self.created:
            ApiClient(self.server.root + api_root).delete(f"hub/{identifier}")


@pytest.fixture
def hubs(events_server: LiveServer) -> Iterator[Hubs]:
    registered = Hubs(events_server)
    yield registered
    registered.remove_all()


def deliver_until(worker: DeliveryWorker, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Run the worker until `condition` holds."""
    wait_until(condition, timeout=timeout, step=worker.run_once, interval=0.005)
