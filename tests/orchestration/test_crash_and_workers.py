"""Durability and scale: `oda-cms worker` killed with SIGKILL at arbitrary moments, again and again,
still completes every order exactly once (one service order per product order, each product created
once); two workers on PostgreSQL share the orders without doing any twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build
from component.orchestration.simulator import SimulatorConfig
from component.store.database import Database
from component.store.tables import outbox, resource
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.api.product_ordering.conftest import ORDERING_ROOT, open_account
from tests.events.support import wait_until
from tests.support.backends import BACKENDS, migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer
from tests.support.worker_threads import running

CUSTOMER_ROOT, ACCOUNT_ROOT = "/tmf-api/customerManagement/v4", "/tmf-api/accountManagement/v4"
ORDERS, KILLS = 24, 6
FINAL = ("completed", "partial", "failed", "cancelled")


@pytest.fixture(params=BACKENDS)
def fresh_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    with migrated_database(request.param, tmp_path) as url:
        live = LiveServer(settings_from_env(database_url=url, auto_migrate=False, run_workers=False,
                                            billing_listener_url=None)).start()
        yield live
        live.stop()


def place_orders(server: LiveServer, count: int, tag: str) -> list[str]:
    customer = ApiClient(server.root + CUSTOMER_ROOT).post("customer", json=new_customer(tag)).json()
    account = open_account(ApiClient(server.root + ACCOUNT_ROOT), customer, tag, "prepaid")
    ordering = ApiClient(server.root + ORDERING_ROOT)
    ids = []
    for index in range(count):
        response = ordering.post("productOrder", json=new_subscription(customer, account, *numbers(tag, str(index))))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def order_states(database: Database, ids: list[str]) -> Counter[str]:
    with database.read() as connection:
        rows = connection.execute(select(resource.c.state).where(resource.c.kind == "ProductOrder",
                                                                 resource.c.id.in_(ids)))
        return Counter(row.state for row in rows)


def assert_fulfilled_exactly_once(database: Database, ids: list[str]) -> None:
    assert order_states(database, ids) == Counter({"completed": len(ids)})
    with database.read() as connection:
        service_orders = Counter(connection.execute(
            select(resource.c.document["externalId"].as_string()).where(resource.c.kind == "ServiceOrder")).scalars())
        products = connection.execute(select(resource.c.document).where(resource.c.kind == "Product")).scalars().all()
        product_creates = connection.execute(select(outbox.c.resource_id, func.count()).where(
            outbox.c.event_type == "ProductCreateEvent").group_by(outbox.c.resource_id)).all()
        completions = Counter(connection.execute(select(outbox.c.resource_id).where(
            outbox.c.event_type == "ProductOrderStateChangeEvent",
            outbox.c.payload["event"]["productOrder"]["state"].as_string() == "completed")).scalars())
    assert {order_id: service_orders[order_id] for order_id in ids} == {order_id: 1 for order_id in ids}
    created_by = Counter((entry["productOrderId"], entry["orderItemId"]) for product in products
                         for entry in product["productOrderItem"] if entry["orderItemAction"] == "add")
    assert created_by == Counter({(order_id, item): 1 for order_id in ids for item in ("1", "2")})
    assert all(count == 1 for _, count in product_creates)
    assert completions == Counter({order_id: 1 for order_id in ids})


def start_worker(database_url: str) -> subprocess.Popen[bytes]:
    environment = {key: value for key, value in os.environ.items() if key != "BILLING_LISTENER_URL"}
    environment.update(DATABASE_URL=database_url, ORCHESTRATION_LEASE_SECONDS="1", ORCHESTRATION_BATCH="4",
                       ORCHESTRATION_RETRY_MAX_SECONDS="1", SIMULATOR_DELAY_SECONDS="0.2", LOG_LEVEL="ERROR")
    return subprocess.Popen([sys.executable, "-m", "component.cli", "worker"], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def finished(database: Database, ids: list[str]) -> bool:
    states = order_states(database, ids)
    return sum(states[state] for state in FINAL) == len(ids)


def progress(database: Database) -> int:
    """A number that grows with every committed step (resources written and changed)."""
    with database.read() as connection:
        return int(connection.execute(select(func.count()).select_from(outbox)).scalar_one())


def test_a_worker_killed_again_and_again_completes_every_order_exactly_once(fresh_server: LiveServer) -> None:
    database = fresh_server.component.database
    ids = place_orders(fresh_server, ORDERS, uuid.uuid4().hex[:10])
    url = fresh_server.settings.database_url
    killed_mid_flight = 0
    for _ in range(KILLS):
        before = progress(database)
        worker = start_worker(url)
        try:
            wait_until(lambda before=before: progress(database) > before or finished(database, ids), timeout=30,
                       interval=0.01)
            threading.Event().wait(random.uniform(0.0, 0.3))  # an arbitrary moment of the worker's work
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        states = order_states(database, ids)
        killed_mid_flight += sum(states[state] for state in FINAL) < ORDERS
        if finished(database, ids):
            break
    assert killed_mid_flight >= KILLS // 2
    worker = start_worker(url)
    try:
        wait_until(lambda: finished(database, ids), timeout=60)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert_fulfilled_exactly_once(database, ids)


def test_two_workers_on_postgresql_share_the_orders_without_doing_any_twice(tmp_path: Path) -> None:
    with migrated_database("postgresql", tmp_path) as url:
        settings = settings_from_env(database_url=url, auto_migrate=False, run_workers=False,
                                     billing_listener_url=None, orchestration_batch=3)
        server = LiveServer(settings).start()
        databases = [Database(url), Database(url)]
        workers = [build(settings, database=database).orchestrator(simulator=SimulatorConfig())
                   for database in databases]
        try:
            with running(workers, idle=0.01) as busy:
                ids = place_orders(server, 40, uuid.uuid4().hex[:10])
                wait_until(lambda: order_states(databases[0], ids)["completed"] == len(ids), timeout=60)
            assert busy[0] > 0 and busy[1] > 0
            assert_fulfilled_exactly_once(databases[0], ids)
        finally:
            for database in databases:
                database.dispose()
            server.stop()


