"""A fresh component per kit run (own database, workers running as under `oda-cms serve`): the official kits
count an assertion per listed item, so their totals are exact only against a database the kit alone uses."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from component.bootstrap.environment import settings_from_env
from ctk.oda_cms_ctk import newman
from tests.support.backends import migrated_database
from tests.support.ci import unavailable
from tests.support.live_server import LiveServer
from tests.support.shared_reference import require_shared

OFFICIAL = "tmf/ctk-official"


def official_kit(name: str) -> Path:
    """An official kit's folder in ../shared (read in place, never copied into the repository)."""
    return require_shared(f"{OFFICIAL}/{name}")


@pytest.fixture(scope="session")
def newman_installed() -> Path:
    if shutil.which("npm") is None:
        unavailable("npm is not installed (.ci/run installs nodejs and npm)")
    return newman.ensure_installed()


@pytest.fixture
def fresh_component(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """fresh_component(backend, **settings) -> a started LiveServer with a database of its own, stopped after
    the test."""
    with ExitStack() as stack:

        def start(backend: str, **settings: object) -> LiveServer:
            url = stack.enter_context(migrated_database(backend, tmp_path))
            live = LiveServer(settings_from_env(database_url=url, auto_migrate=False,
                                                **{"run_workers": True, **settings})).start()
            stack.callback(live.stop)
            return live

        yield start
