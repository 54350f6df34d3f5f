"""Schemathesis (positive and negative generation) with authentication on: an authorised caller's
generated requests get documented answers and never a 5xx; an anonymous one gets 401 everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from component.api.registry import APIS
from component.api.security.api_keys import digest
from component.bootstrap.environment import settings_from_env
from tests.api.test_schemathesis import run_schemathesis
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow
ADMIN_KEY = "admin-" + "c3" * 16


@pytest.fixture(scope="module")
def guarded(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    keys = tmp_path_factory.mktemp("st-keys") / "keys.yaml"
    keys.write_text(f"keys:\n  - name: st\n    sha256: {digest(ADMIN_KEY)}\n    roles: [oda-cms-admin]\n")
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 page_limit_default=20, page_limit_max=50, max_body_bytes=64 * 1024,
                                 auth_mode="apikey", api_keys_file=keys)
    live = LiveServer(settings).start()
    yield live
    live.stop()


@pytest.mark.parametrize("api_name", ["customer", "partyRole"])
def test_generated_requests_with_a_key_get_documented_answers(guarded: LiveServer, api_name: str,
                                                              tmp_path: Path) -> None:
    run_schemathesis(f"{guarded.root}{APIS[api_name].base_path}", tmp_path, api_name,
                     "--header", f"X-API-Key: {ADMIN_KEY}")


def test_every_operation_refuses_an_anonymous_caller(guarded: LiveServer) -> None:
    for api in APIS.values():
        for path, item in guarded.component.documents[api.name]["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    url = f"{guarded.root}{api.base_path}{path.replace('{id}', 'x')}"
                    response = requests.request(method, url, json={}, timeout=10)
                    assert response.status_code == 401, (method, url, response.status_code)
