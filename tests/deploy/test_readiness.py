"""Pods start before the migration Job has run, so readiness must mean "database reachable and schema
at head", and nothing at start-up may need the schema: the component starts on an empty database
(both backends), is live but not ready, becomes ready once `oda-cms migrate` has run, and registers
the billing subscriptions it could not register at start-up by itself."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select

from component.billing.registration import subscription_id
from component.bootstrap.environment import settings_from_env
from component.store.migrations import upgrade_to_head
from component.store.tables import hub_subscription
from tests.support.backends import BACKENDS, postgres_database, sqlite_database
from tests.support.live_server import LiveServer

BILLING_LISTENER = "http://127.0.0.1:9/billing"


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, as a new cluster's PostgreSQL before the migration Job."""
    context = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
    with context as url:
        yield url


@contextlib.contextmanager
def serving(database_url: str) -> Iterator[LiveServer]:
    settings = settings_from_env(database_url=database_url, path_prefix="/r1-oda-cms", auto_migrate=False,
                                 run_workers=False, billing_listener_url=BILLING_LISTENER)
    server = LiveServer(settings).start()
    try:
        yield server
    finally:
        server.stop()


def status(server: LiveServer, path: str) -> int:
    return requests.get(f"{server.root}{path}", timeout=30).status_code


def billing_subscriptions(database_url: str) -> set[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(select(hub_subscription.c.id)).scalars())
    finally:
        engine.dispose()


def wait_for(condition, deadline_seconds: float = 60.0) -> bool:  # noqa: ANN001 - a callable
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_not_ready_before_the_migration_ready_after_it(empty_database):
    with serving(empty_database) as server:
        assert status(server, "/health/live") == 200
        response = requests.get(f"{server.root}/health/ready", timeout=30)
        assert response.status_code == 503
        assert response.json()["status"] == "down"
        upgrade_to_head(empty_database)  # what the migration Job's `oda-cms migrate` does
        assert status(server, "/health/ready") == 200


def test_billing_subscriptions_are_registered_once_the_schema_exists(empty_database):
    with serving(empty_database):
        upgrade_to_head(empty_database)
        expected = {subscription_id(api) for api in ("customer", "account", "productOrdering", "productInventory")}
        assert wait_for(lambda: expected <= billing_subscriptions(empty_database))


def test_not_ready_when_the_database_is_unreachable(tmp_path):
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2"
    settings = settings_from_env(database_url=unreachable, auto_migrate=False, run_workers=False)
    server = LiveServer(settings).start()
    try:
        assert status(server, "/health/live") == 200
        assert status(server, "/health/ready") == 503
    finally:
        server.stop()
