"""The catalogue port switching to a remote TMF620 that the operator wired (DEPENDENT_APIS_FILE), and
back, without a restart: a second instance of the component, with a catalogue holding one offering ours
does not have, acts as the remote Product Catalog."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build_registry
from component.catalog.publisher import publish
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.events.support import wait_until
from tests.support.api_roots import ORDERING_ROOT
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
        settings = settings_from_env(database_url=url, auto_migrate=False, run_workers=False, catalog_file=catalog_file,
                                     billing_listener_url=None)
        remote = LiveServer(settings).start()
        publish(build_registry(settings, remote.component.database), load_catalog(str(catalog_file)))
        yield remote.root + CATALOG_ROOT
        remote.stop()


UNWIRED = {"remoteProductCatalog": {"apiId": "TMF620", "url": None, "ready": False}}


@dataclass
class Wiring:
    """The file the operator's ConfigMap provides to an instance started with DEPENDENT_APIS_FILE naming it."""

    path: Path
    server: LiveServer

    def write(self, document: dict[str, Any]) -> None:
        """Rewrite the file as the operator does, and wait until the instance's watcher has read it."""
        self.path.write_text(json.dumps(document))
        dependencies = self.server.component.root.dependencies
        wait_until(lambda: dependencies.all() == document, timeout=10)


@pytest.fixture(scope="module")
def wired_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wiring]:
    """An instance over the suite's database whose settings name a dependent-API file, initially unresolved."""
    path = tmp_path_factory.mktemp("wiring") / "dependentApis.json"
    path.write_text(json.dumps(UNWIRED))
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 billing_listener_url=None, dependent_apis_file=path, dependent_apis_poll=0.05,
                                 catalog_cache_seconds=0)
    server = LiveServer(settings).start()
    yield Wiring(path, server)
    server.stop()


@pytest.fixture
def wiring(wired_server: Wiring) -> Wiring:
    wired_server.write(UNWIRED)
    return wired_server


@pytest.fixture
def ordering(wiring: Wiring) -> ApiClient:
    return ApiClient(wiring.server.root + ORDERING_ROOT)


def order_remote_plan(ordering: ApiClient, customer: dict[str, Any], account: dict[str, Any], tag: str,
                      salt: str) -> Any:
    return ordering.post("productOrder", json=new_subscription(customer, account, *numbers(tag, salt),
                                                                plan=REMOTE_ONLY))


def test_orders_follow_the_catalogue_the_operator_wires_and_unwires(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
    remote_catalog: str, wiring: Wiring,
) -> None:
    refused = order_remote_plan(ordering, customer, prepaid_account, tag, "local")
    assert refused.status_code == 400 and REMOTE_ONLY in refused.json()["message"]

    wiring.write({"remoteProductCatalog": {"apiId": "TMF620", "url": remote_catalog, "ready": True}})
    accepted = order_remote_plan(ordering, customer, prepaid_account, tag, "remote")
    assert accepted.status_code == 201, accepted.text

    wiring.write({"remoteProductCatalog": {"apiId": "TMF620", "url": None, "ready": False}})
    assert order_remote_plan(ordering, customer, prepaid_account, tag, "local-again").status_code == 400


def test_an_unreachable_remote_catalogue_is_a_503_not_a_500(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str, wiring: Wiring,
) -> None:
    wiring.write({"remoteProductCatalog": {"apiId": "TMF620", "ready": True,
                                           "url": "http://127.0.0.1:9/tmf-api/productCatalogManagement/v4"}})
    response = order_remote_plan(ordering, customer, prepaid_account, tag, "down")
    assert response.status_code == 503
    assert response.json()["code"] == "CATALOG_UNAVAILABLE"


def test_while_a_remote_catalogue_is_wired_local_writes_are_405_naming_it(
    remote_catalog: str, wiring: Wiring, tag: str,
) -> None:
    local = ApiClient(wiring.server.root + CATALOG_ROOT)
    wiring.write({"remoteProductCatalog": {"apiId": "TMF620", "url": remote_catalog, "ready": True}})
    refused = local.post("productOffering", json={"name": f"local {tag}"})
    assert refused.status_code == 405 and remote_catalog in refused.json()["message"]
    assert local.patch("productOffering/prepaid-start", json={"description": tag}).status_code == 405

    wiring.write(UNWIRED)
    assert local.post("productOffering", json={"name": f"local {tag}"}).status_code == 201


def test_the_remote_catalogues_lifecycle_governs_orders(
    ordering: ApiClient, customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
    remote_catalog: str, wiring: Wiring,
) -> None:
    remote = ApiClient(remote_catalog)
    plan = remote.post("productOffering", json={
        "name": f"Remote plan {tag}", "lifecycleStatus": "Launched",
        "productSpecification": {"id": "prepaid-plan"}}).json()
    wiring.write({"remoteProductCatalog": {"apiId": "TMF620", "url": remote_catalog, "ready": True}})
    body = new_subscription(customer, prepaid_account, *numbers(tag, "launched"), plan=plan["id"])
    assert ordering.post("productOrder", json=body).status_code == 201

    assert remote.patch(f"productOffering/{plan['id']}", json={"lifecycleStatus": "Retired"}).status_code == 200
    body = new_subscription(customer, prepaid_account, *numbers(tag, "retired"), plan=plan["id"])
    refused = ordering.post("productOrder", json=body)
    assert refused.status_code == 400 and "Retired" in refused.json()["message"]
