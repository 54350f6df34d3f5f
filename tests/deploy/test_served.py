"""What the Component publishes is what the pods serve. For every exposed API, the component is run
as the Deployment behind that API's Service runs it (its `--api`, the ConfigMap's PATH_PREFIX, a real
HTTP listener, each backend), and every path the Component names is asked for: the specification
document (with the info.version and info.x-api-id the ODA component CTK checks), the developer UI,
a collection, the hub, the probes, the metrics, the downstream events listener."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from component.api.registry import APIS
from component.bootstrap.environment import settings_from_env
from tests.deploy.component_cr import ExposedApi, collected_exposed_apis, component, settings_data
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module", params=collected_exposed_apis(), ids=lambda api: api.entry["name"])
def deployed(request: pytest.FixtureRequest, database_url: str) -> Iterator[tuple[ExposedApi, LiveServer]]:
    api: ExposedApi = request.param
    server = serve_like_its_deployment(api, database_url)
    yield api, server
    server.stop()


def serve_like_its_deployment(api: ExposedApi, database_url: str) -> LiveServer:
    """The component as the API's Deployment runs it: its `--api` and the ConfigMap's PATH_PREFIX."""
    settings = settings_from_env(database_url=database_url, path_prefix=settings_data()["PATH_PREFIX"],
                                 apis=api.apis, run_workers=False, auto_migrate=False)
    return LiveServer(settings).start()


def get(server: LiveServer, path: str) -> requests.Response:
    return requests.get(f"{server.root}{path}", timeout=30)


def test_specification_document_is_served_with_version_and_api_id(deployed):
    api, server = deployed
    response = get(server, urlsplit(api.specification["url"]).path)
    assert response.status_code == 200
    info = response.json()["info"]
    assert (info["version"], info["x-api-id"]) == (api.specification["version"], api.entry["id"])


def test_developer_ui_and_a_collection_are_served_under_the_published_path(deployed):
    api, server = deployed
    assert get(server, api.entry["developerUI"]).status_code == 200
    (served,) = api.apis
    collection = next(resource.collection for resource in APIS[served].resources)
    response = get(server, f"{api.entry['path']}/{collection}")
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)


def test_hub_of_the_published_events_is_served(deployed):
    api, server = deployed
    hubs = [spec["hub"] for event in component()["spec"]["eventNotification"]["publishedEvents"]
            for spec in event["specification"] if spec["implementation"] == api.entry["implementation"]]
    (hub,) = hubs
    response = requests.post(f"{server.root}{hub}", json={}, timeout=30)
    assert response.status_code == 400, response.text  # the hub exists and refuses a body without callback


def test_only_its_own_api_is_served(deployed):
    api, server = deployed
    others = [entry for entry in component()["spec"]["coreFunction"]["exposedAPIs"]
              if entry["implementation"] != api.entry["implementation"]]
    for other in others:
        assert get(server, f"{other['path']}/openapi.json").status_code == 404, other["name"]


def test_probes_of_its_deployment_and_the_metrics_answer(deployed):
    api, server = deployed
    container = api.deployment["spec"]["template"]["spec"]["containers"][0]
    probes = {container[kind]["httpGet"]["path"] for kind in ("startupProbe", "readinessProbe", "livenessProbe")}
    (metrics,) = component()["spec"]["managementFunction"]["exposedAPIs"]
    for path in sorted(probes | {metrics["path"]}):
        assert get(server, path).status_code == 200, path


def test_downstream_events_listener_is_served_by_its_service(database_url):
    (subscribed,) = component()["spec"]["eventNotification"]["subscribedEvents"]
    (specification,) = subscribed["specification"]
    (api,) = [api for api in collected_exposed_apis()
              if api.entry["implementation"] == specification["implementation"]]
    server = serve_like_its_deployment(api, database_url)
    try:
        response = requests.post(f"{server.root}{specification['callback']}", json={"malformed": True}, timeout=30)
    finally:
        server.stop()
    assert response.status_code == 400, response.text  # the route exists and validates the envelope
