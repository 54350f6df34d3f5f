"""Billing replication: start-up registration, the reference sink, and reconciliation after an outage."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from component.billing.reconcile import reconcile
from component.billing.registration import ensure_billing_subscriptions, subscription_id, wanted_subscriptions
from component.billing.sink import BillingSink
from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build_registry
from component.events.delivery import DeliveryWorker
from component.events.fanout import PENDING
from component.settings import Settings
from component.store.database import Database
from component.store.tables import delivery, hub_subscription
from component.store.work_queue import Backoff
from tests.api.account.bodies import new_billing_account
from tests.events.conftest import ACCOUNT_ROOT, CUSTOMER_ROOT
from tests.events.support import MovableClock, wait_until
from tests.support.backends import BACKENDS, migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer, free_port


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with migrated_database(request.param, tmp_path) as url:
        yield url


def billing_settings(database_url: str, listener_url: str | None) -> Settings:
    return settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                             billing_listener_url=listener_url, billing_secret="billing-key")


def pending(database: Database) -> int:
    with database.read() as connection:
        return connection.execute(
            select(func.count()).select_from(delivery).where(delivery.c.state == PENDING)).scalar_one()


def test_start_up_registration_is_idempotent_and_follows_the_configured_url(fresh_database_url: str) -> None:
    database = Database(fresh_database_url)
    try:
        registry = build_registry(billing_settings(fresh_database_url, "http://127.0.0.1:9/billing"), database)
        first = ensure_billing_subscriptions(billing_settings(fresh_database_url, "http://127.0.0.1:9/billing"),
                                             registry)
        again = ensure_billing_subscriptions(billing_settings(fresh_database_url, "http://127.0.0.1:9/other"),
                                             registry)
        apis = set(wanted_subscriptions(registry))
        assert {"customer", "account"} <= apis
        assert first == again == [subscription_id(api) for api in wanted_subscriptions(registry)]
        with database.read() as connection:
            callbacks = connection.execute(select(hub_subscription.c.callback)).scalars().all()
        assert callbacks == ["http://127.0.0.1:9/other"] * len(apis)
        ensure_billing_subscriptions(billing_settings(fresh_database_url, None), registry)
        with database.read() as connection:
            assert connection.execute(select(func.count()).select_from(hub_subscription)).scalar_one() == 0
    finally:
        database.dispose()


def test_replica_reconciles_to_zero_differences_after_the_sink_was_down_during_a_burst(
    fresh_database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    sink = BillingSink(tmp_path / "replica.db", port=port, secret="billing-key").start()
    server = LiveServer(billing_settings(fresh_database_url, f"{sink.url}/listener")).start()
    database = server.component.database
    clock = MovableClock()
    worker = DeliveryWorker(database, clock, retry=Backoff(1.0, 60.0, 3600.0), timeout=2.0)
    customers = ApiClient(server.root + CUSTOMER_ROOT)
    accounts = ApiClient(server.root + ACCOUNT_ROOT)
    try:
        first = customers.post("customer", json=new_customer("before")).json()
        wait_until(lambda: pending(database) == 0, step=worker.run_once)

        sink.stop()
        made = [customers.post("customer", json=new_customer(f"burst-{n}", status="Initialized")).json()
                for n in range(8)]
        for customer in made[:4]:
            customers.patch(f"customer/{customer['id']}", json={"status": "Approved"})
            assert accounts.post("billingAccount", json=new_billing_account(customer, customer["id"][:8])).ok
        customers.patch(f"customer/{first['id']}", json={"name": "Renamed during the outage"})
        customers.delete(f"customer/{made[-1]['id']}")
        worker.run_once()  # the sink is down: everything backs off
        assert pending(database) > 0

        sink = BillingSink(tmp_path / "replica.db", port=port, secret="billing-key").start()
        clock.advance(60.0)
        wait_until(lambda: pending(database) == 0, step=worker.run_once, timeout=30)
        assert reconcile(database, sink.url) == []
        assert run_reconcile(fresh_database_url, sink.url).returncode == 0
    finally:
        worker.close()
        server.stop()
        sink.stop()


def test_reconcile_reports_what_the_replica_misses_and_exits_1(fresh_database_url: str, tmp_path: Path) -> None:
    sink = BillingSink(tmp_path / "empty-replica.db").start()
    server = LiveServer(billing_settings(fresh_database_url, None)).start()
    try:
        created = ApiClient(server.root + CUSTOMER_ROOT).post("customer", json=new_customer("unreplicated")).json()
        result = run_reconcile(fresh_database_url, sink.url)
        assert result.returncode == 1
        assert f"Customer {created['id']}: missing in billing" in result.stdout
    finally:
        server.stop()
        sink.stop()


def run_reconcile(database_url: str, billing_url: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "component.cli", "reconcile", "--billing", billing_url],
                          env=environment, capture_output=True, text=True, timeout=60)
