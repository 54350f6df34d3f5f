"""Fixtures shared by the whole suite: the database backends and the component served over HTTP.

Every test that uses `server` (or a client built on it) runs once per backend: SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from component.catalog.publisher import publish
from component.service import Registry
from tests.support.api_roots import ACCOUNT_ROOT, CUSTOMER_ROOT, ORDERING_ROOT
from tests.support.backends import BACKENDS, migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient, LiveServer


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with migrated_database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[LiveServer]:
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 page_limit_default=20, page_limit_max=50, max_body_bytes=64 * 1024)
    live = LiveServer(settings).start()
    yield live
    live.stop()


@pytest.fixture
def customers(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + CUSTOMER_ROOT)


@pytest.fixture(scope="session")
def registry(server: LiveServer) -> Registry:
    """The component's registry over the live server's database, with the catalogue seeded (the composition
    root seeds it when the server starts; seeding again changes nothing)."""
    built = server.component.root.registry
    publish(built, server.component.root.catalogue.local)
    return built


@pytest.fixture
def ordering(server: LiveServer, registry: Registry) -> ApiClient:
    return ApiClient(server.root + ORDERING_ROOT)


@pytest.fixture
def accounts(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + ACCOUNT_ROOT)


@pytest.fixture
def customer(customers: ApiClient, tag: str) -> dict[str, Any]:
    """A Customer of this component, created for one test (its accounts, orders, tickets)."""
    response = customers.post("customer", json=new_customer(tag))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def tag() -> str:
    """A value unique to one test, to tell its resources apart from every other test's."""
    return uuid.uuid4().hex[:10]

