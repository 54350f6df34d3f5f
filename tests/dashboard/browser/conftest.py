"""Fixtures of the browser tests: one component on its own SQLite database (no background workers: a
test runs the orchestrator or the delivery worker itself when it wants orders or events to move), one
headless Debian Chromium for the whole session driven by Playwright, a fresh browser context per test,
and screenshots saved under tests/dashboard/artifacts/ (git-ignored)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from component.catalog.publisher import publish
from component.orchestration import run_until_idle
from component.service import Registry
from tests.dashboard.support import Shop
from tests.support.backends import migrated_database
from tests.support.ci import unavailable
from tests.support.live_server import LiveServer

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = Path(os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium"))
LAPTOP = {"width": 1366, "height": 900}



@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with migrated_database("sqlite", tmp_path_factory.mktemp("dashboard-browser")) as url:
        live = LiveServer(settings_from_env(database_url=url, auto_migrate=False, run_workers=False,
                                            admin_token=None)).start()
        yield live
        live.stop()


@pytest.fixture(scope="session")
def ui_registry(ui_server: LiveServer) -> Registry:
    registry = ui_server.component.root.registry
    publish(registry, ui_server.component.root.catalogue.local)
    return registry


@pytest.fixture
def orchestrate(ui_server: LiveServer, ui_registry: Registry) -> Callable[..., int]:
    return lambda now=None: run_until_idle(ui_server.component.root.orchestrator(), now)


@pytest.fixture
def ui_shop(ui_server: LiveServer, ui_registry: Registry) -> Shop:
    return Shop(ui_server.root)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DASHBOARD_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=LAPTOP)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page as tests/dashboard/artifacts/<name>.png (the issue's test artifacts)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
