"""AUTH_MODE=apikey over a real listener: keys hashed at rest, 401 / 403 as TMF Errors; the start-up warning
of AUTH_MODE=none beyond loopback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from component.api.security.api_keys import digest
from component.bootstrap.environment import settings_from_env
from component.cli.main import warn_if_open
from component.settings import ConfigurationError
from tests.support.api_roots import CUSTOMER_ROOT
from tests.support.backends import migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import LiveServer

WRITER_KEY, READER_KEY = "w-" + "a1" * 16, "r-" + "b2" * 16


@pytest.fixture(scope="module")
def component(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("apikey")
    keys = folder / "keys.yaml"
    keys.write_text(f"keys:\n  - name: billing\n    sha256: {digest(WRITER_KEY)}\n    roles: [oda-cms-writer]\n"
                    f"  - name: report\n    sha256: {digest(READER_KEY)}\n    roles: [oda-cms-reader]\n")
    with migrated_database("sqlite", folder) as url:
        settings = settings_from_env(database_url=url, auto_migrate=False, run_workers=False, auth_mode="apikey",
                                     api_keys_file=keys)
        live = LiveServer(settings).start()
        yield live
        live.stop()


def post_customer(component: LiveServer, headers: dict[str, str]) -> requests.Response:
    return requests.post(f"{component.root}{CUSTOMER_ROOT}/customer", json=new_customer("k"), headers=headers,
                         timeout=30)


def test_a_known_key_with_the_role_writes(component: LiveServer) -> None:
    assert post_customer(component, {"X-API-Key": WRITER_KEY}).status_code == 201
    assert post_customer(component, {"Authorization": f"ApiKey {WRITER_KEY}"}).status_code == 201


def test_unknown_or_missing_keys_are_401_and_a_reader_is_403(component: LiveServer) -> None:
    for headers in ({}, {"X-API-Key": "guess"}, {"X-API-Key": WRITER_KEY[:-1]}):
        response = post_customer(component, headers)
        assert response.status_code == 401 and response.json()["@type"] == "Error"
        assert response.headers["WWW-Authenticate"].startswith("ApiKey")
    assert post_customer(component, {"X-API-Key": READER_KEY}).status_code == 403


def test_a_keys_file_with_a_plain_key_is_a_configuration_error(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text("keys:\n  - name: x\n    sha256: not-a-digest\n    roles: [r]\n")
    from component.bootstrap.security import authenticator
    with pytest.raises(ConfigurationError, match="API_KEYS_FILE"):
        authenticator(settings_from_env({"AUTH_MODE": "apikey", "API_KEYS_FILE": str(keys)}))


def test_auth_mode_none_beyond_loopback_logs_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="oda-cms"):
        assert warn_if_open(settings_from_env({}), "0.0.0.0")
        assert not warn_if_open(settings_from_env({}), "127.0.0.1")
    assert "AUTH_MODE=none" in caplog.text
