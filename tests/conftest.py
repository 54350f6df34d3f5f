"""Fixtures shared by the whole suite: the database backends and the component served over HTTP.

Every test that uses `server` (or a client built on it) runs once per backend: SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from component.config import Settings
from component.store.migrations import upgrade_to_head
from tests.support.backends import postgres_database, sqlite_database
from tests.support.live_server import ApiClient, LiveServer

CUSTOMER_ROOT = "/tmf-api/customerManagement/v4"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        context = sqlite_database(tmp_path_factory.mktemp("sqlite"))
    else:
        context = postgres_database()
    with context as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[LiveServer]:
    settings = Settings.from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 page_limit_default=20, page_limit_max=50, max_body_bytes=64 * 1024)
    live = LiveServer(settings).start()
    yield live
    live.stop()


@pytest.fixture
def customers(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + CUSTOMER_ROOT)


@pytest.fixture
def tag() -> str:
    """A value unique to one test, to tell its resources apart from every other test's."""
    return uuid.uuid4().hex[:10]

