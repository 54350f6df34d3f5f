"""`oda-cms worker` killed mid-delivery loses nothing; two workers on PostgreSQL do not double-deliver."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from component.bootstrap.environment import settings_from_env
from component.events.delivery import DeliveryWorker
from component.store.database import Database
from component.store.migrations import upgrade_to_head
from component.store.tables import outbox
from component.store.work_queue import Backoff
from tests.events.conftest import CUSTOMER_ROOT
from tests.events.support import Received, RecordingListener, wait_until
from tests.support.backends import BACKENDS, migrated_database, postgres_database
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer
from tests.support.worker_threads import running

CUSTOMERS, CHANGES_EACH = 15, 3


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with migrated_database(request.param, tmp_path) as url:
        yield url


def slow_listener() -> RecordingListener:
    listener = RecordingListener()

    def decide(_received: Received) -> int:
        time.sleep(0.03)  # slow enough for the kill to land mid-burst
        return 201

    listener.decide = decide
    return listener


def burst(server: LiveServer, listener: RecordingListener) -> list[dict]:
    """Subscribe the listener, then create and change customers; the outbox rows of the burst."""
    customers = ApiClient(server.root + CUSTOMER_ROOT)
    assert customers.post("hub", json={"callback": listener.url}).status_code == 201
    for index in range(CUSTOMERS):
        created = customers.post("customer", json=new_customer(f"crash-{index}")).json()
        for change in range(CHANGES_EACH):
            customers.patch(f"customer/{created['id']}", json={"statusReason": f"change {change}"})
    with server.component.database.read() as connection:
        # the customer events of the burst (the catalogue seeded at start raised events of its own)
        return [dict(row._mapping) for row in connection.execute(
            select(outbox).where(outbox.c.resource_kind == "Customer").order_by(outbox.c.sequence))]


def start_worker(database_url: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DATABASE_URL": database_url, "DELIVERY_LEASE_SECONDS": "1",
                   "DELIVERY_RETRY_BASE_SECONDS": "0.1", "DELIVERY_BATCH": "10", "DELIVERY_CONCURRENCY": "2",
                   "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "component.cli", "worker"], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def assert_in_order_per_resource(listener: RecordingListener, events: list[dict]) -> None:
    first_receipts: dict[str, list[str]] = {}
    seen: set[str] = set()
    for received in listener.delivered:
        if received.event_id not in seen:
            seen.add(received.event_id)
            first_receipts.setdefault(received.resource_id, []).append(received.event_id)
    expected: dict[str, list[str]] = {}
    for event in events:
        expected.setdefault(event["resource_id"], []).append(event["event_id"])
    assert first_receipts == expected


def test_a_worker_killed_mid_burst_loses_no_event_and_keeps_order_per_resource(fresh_database_url: str) -> None:
    listener = slow_listener()
    server = LiveServer(settings_from_env(database_url=fresh_database_url, auto_migrate=False, run_workers=False,
                                          billing_listener_url=None)).start()
    worker = start_worker(fresh_database_url)
    killed_at: list[int] = []

    def kill_mid_burst() -> None:
        wait_until(lambda: len(listener.delivered) >= 10, timeout=30)
        worker.send_signal(signal.SIGKILL)
        killed_at.append(len(set(listener.delivered_ids())))

    killer = threading.Thread(target=kill_mid_burst, daemon=True)
    killer.start()
    try:
        events = burst(server, listener)
        killer.join(30)
        worker.wait(10)
        assert killed_at and killed_at[0] < len(events)  # killed before the end of the burst
        worker = start_worker(fresh_database_url)
        wanted = {event["event_id"] for event in events}
        wait_until(lambda: wanted <= set(listener.delivered_ids()), timeout=45)
        assert_in_order_per_resource(listener, events)
    finally:
        worker.kill()
        worker.wait(10)
        server.stop()
        listener.stop()


def test_two_workers_on_postgresql_share_the_work_without_delivering_twice() -> None:
    with postgres_database() as url:
        upgrade_to_head(url)
        listener = RecordingListener()
        server = LiveServer(settings_from_env(database_url=url, auto_migrate=False, run_workers=False,
                                              billing_listener_url=None)).start()
        databases = [Database(url), Database(url)]
        workers = [DeliveryWorker(database, retry=Backoff(), batch=5, concurrency=4)
                   for database in databases]
        try:
            with running(workers) as busy:
                events = burst(server, listener)
                wanted = {event["event_id"] for event in events}
                wait_until(lambda: wanted <= set(listener.delivered_ids()), timeout=30)
                time.sleep(0.2)  # nothing to poll for: a double delivery would arrive right after the first
            counts = Counter(listener.delivered_ids())
            assert max(counts.values()) == 1
            assert busy[0] > 0 and busy[1] > 0
            assert_in_order_per_resource(listener, events)
        finally:
            for worker in workers:
                worker.close()
            for database in databases:
                database.dispose()
            server.stop()
            listener.stop()
