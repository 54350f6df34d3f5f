"""The catalogue port switching to a remote TMF620 that the operator wired (DEPENDENT_APIS_FILE), and
back, without a restart: a second instance of the component, with a catalogue holding one offering ours
does not have, acts as the remote Product Catalog."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from component.catalog.publisher import publish
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from component.config import Settings
from component.runtime import build_registry
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.support.backends import migrated_database
from tests.support.live_server import ApiClient, LiveServer

CATALOG_ROOT = "/tmf-api/productCatalogManagement/v4"
REMOTE_ONLY = "remote-only-plan"


@pytest.fixture(scope="module")
def remote_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Root URL of a second instance's TMF620, whose catalogue adds the offering REMOTE_ONLY."""
    folder = tmp_path_factory.mktemp("remote-catalog")
    raw = yaml.safe_load(Path(DEFAULT_CATALOG_FILE).read_text())
    extra = copy.deepcopy(next(entry for entry in raw["productOfferings"] if entry["id"] == "prepaid-start"))
    extra.update(id=REMOTE_ONLY, name="Prepaid plan sold by the remote catalogue only")
    raw["productOfferings"].append(extra)
    catalog_file = folder / "catalogue.yaml"
    catalog_file.write_text(yaml.safe_dump(raw))
    with migrated_database("sqlite", folder) as url:
        settings = Settings.from_env(database_url=url, auto_migrate=False, run_workers=False, catalog_file=catalog_file,
                                     billing_listener_url=None)
        remote = LiveServer(settings).start()
        publish(build_registry(settings, remote.component.database), load_catalog(str(catalog_file)))
        yield remote.root + CATALOG_ROOT
        remote.stop()


@pytest.fixture
def wiring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file the operator's ConfigMap provides, initially without a resolved catalogue."""
    path = tmp_path / "dependentApis.json"
    path.write_text(json.dumps({"remoteProductCatalog": {"apiId": "TMF620", "url": None, "ready": False}}))
    monkeypatch.setenv("DEPENDENT_APIS_FILE", str(path))
    monkeypatch.setenv("CATALOG_CACHE_SECONDS", "0")
    return path


def order_remote_plan(ordering: ApiClient, customer: dict[str, Any], account: dict[str, Any], tag: str,
                      salt: str) -> Any:
    return ordering.post("productOrder", json=new_subscription(customer, account, *numbers(tag, salt),
                                                                plan=REMOTE_ONLY))


def test_orders_follow_the_catalogue_the_operator_wires_and_unwires(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
    remote_catalog: str, wiring: Path,
) -> None:
    refused = order_remote_plan(ordering, customer, prepaid_account, tag, "local")
    assert refused.status_code == 400 and REMOTE_ONLY in refused.json()["message"]

    wiring.write_text(json.dumps({"remoteProductCatalog": {"apiId": "TMF620", "url": remote_catalog, "ready": True}}))
    accepted = order_remote_plan(ordering, customer, prepaid_account, tag, "remote")
    assert accepted.status_code == 201, accepted.text

    wiring.write_text(json.dumps({"remoteProductCatalog": {"apiId": "TMF620", "url": None, "ready": False}}))
    assert order_remote_plan(ordering, customer, prepaid_account, tag, "local-again").status_code == 400


def test_an_unreachable_remote_catalogue_is_a_503_not_a_500(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str, wiring: Path,
) -> None:
    wiring.write_text(json.dumps({"remoteProductCatalog": {"apiId": "TMF620", "ready": True,
                                                           "url": "http://127.0.0.1:9/tmf-api/productCatalogManagement/v4"}}))
    response = order_remote_plan(ordering, customer, prepaid_account, tag, "down")
    assert response.status_code == 503
    assert response.json()["code"] == "CATALOG_UNAVAILABLE"
