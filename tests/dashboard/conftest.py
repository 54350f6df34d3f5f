"""Fixtures of the dashboard's server-side tests: the suite's live component (once per backend), a
dashboard client with cookies and CSRF, API shortcuts, and a synchronous orchestrator run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.product_ordering.conftest import fulfil  # noqa: F401 - the orchestrator run, shared
from tests.dashboard.support import DashboardClient, Shop
from tests.events.support import RecordingListener
from tests.support.live_server import LiveServer


@pytest.fixture
def dashboard(server: LiveServer, registry: Any) -> DashboardClient:
    return DashboardClient(server.root)


@pytest.fixture
def shop(server: LiveServer) -> Shop:
    return Shop(server.root)


@pytest.fixture
def buyer(shop: Shop, tag: str) -> dict[str, Any]:
    """A customer with a prepaid billing account: {"customer": ..., "account": ...}."""
    customer = shop.customer(tag, name=f"Ada Lovelace {tag}")
    return {"customer": customer, "account": shop.account(customer, tag)}


@pytest.fixture
def failing_listener() -> Iterator[RecordingListener]:
    """A hub callback answering 500 until the test changes its `decide`."""
    listener = RecordingListener()
    listener.decide = lambda _received: 500
    yield listener
    listener.stop()
