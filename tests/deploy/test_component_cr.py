"""The Component resource of the canvas overlay: valid against the Canvas' v1 CRD (strictly, since the
API server prunes unknown fields), and consistent with the workloads it is installed with: every
exposed API names its own Service, on the port that Service exposes, in front of the one Deployment
serving exactly that API at the path the Component publishes."""

from __future__ import annotations

from urllib.parse import urlsplit

import jsonschema
import pytest

from component.api.registry import APIS
from component.bootstrap.root import load_documents
from tests.deploy.component_cr import collected_exposed_apis, component, exposed_apis, resolve, settings_data
from tests.deploy.manifests import COMPONENT_NAME, named, render
from tests.operator.oda_reference import crd_schema


def test_component_is_valid_against_the_v1_crd_strictly():
    jsonschema.validate(component(), crd_schema("Component", "v1", strict=True))


def test_component_sections_an_oda_canvas_reads_are_all_there():
    spec = component()["spec"]
    metadata = spec["componentMetadata"]
    assert metadata["eTom"] and metadata["SID"] and metadata["functionalBlock"]
    assert {"exposedAPIs", "dependentAPIs"} <= set(spec["coreFunction"])
    assert spec["eventNotification"]["publishedEvents"] and spec["eventNotification"]["subscribedEvents"]
    assert spec["managementFunction"]["exposedAPIs"][0]["apiType"] == "prometheus"
    assert spec["securityFunction"]["canvasSystemRole"]
    assert spec["securityFunction"]["componentRole"]


def test_every_served_api_is_exposed_once():
    documents = load_documents()
    security = component()["spec"]["securityFunction"].get("exposedAPIs", [])  # TMF669 for the canvas
    exposed = sorted([entry.entry["id"] for entry in exposed_apis()] + [entry["id"] for entry in security])
    assert exposed == sorted(documents[name]["info"]["x-api-id"] for name in APIS)


@pytest.mark.parametrize("api", collected_exposed_apis(), ids=lambda api: api.entry["name"])
def test_exposed_api_names_its_own_service_port_and_the_path_its_deployment_serves(api):
    entry, prefix = api.entry, settings_data()["PATH_PREFIX"]
    (served,) = api.apis
    assert prefix == f"/{COMPONENT_NAME}"
    assert entry["path"] == f"{prefix}{APIS[served].base_path}"
    assert entry["developerUI"] == f"{entry['path']}/docs"
    assert entry["port"] in {port["port"] for port in api.service["spec"]["ports"]}
    document = load_documents()[served]
    assert (entry["id"], api.specification["version"]) == (document["info"]["x-api-id"], document["info"]["version"])


@pytest.mark.parametrize("api", collected_exposed_apis(), ids=lambda api: api.entry["name"])
def test_specification_url_is_the_document_the_component_serves_in_cluster(api):
    url = urlsplit(api.specification["url"])
    namespace = component()["metadata"]["namespace"]
    assert url.hostname == f"{api.entry['implementation']}.{namespace}.svc.cluster.local"
    assert url.port == api.entry["port"]
    assert url.path == f"{api.entry['path']}/openapi.json"


def test_published_events_name_each_api_hub_on_its_service():
    exposed = {api.entry["implementation"]: api.entry for api in exposed_apis()}
    published = component()["spec"]["eventNotification"]["publishedEvents"]
    assert len(published) == len(exposed)
    for event in published:
        (specification,) = event["specification"]
        api = exposed[specification["implementation"]]
        assert specification["hub"] == f"{api['path']}/hub"
        assert specification["port"] == api["port"]
        assert specification["url"] == api["specification"][0]["url"]


def test_subscribed_events_reach_a_service_of_the_component():
    (subscribed,) = component()["spec"]["eventNotification"]["subscribedEvents"]
    (specification,) = subscribed["specification"]
    service = named(render("canvas"), "Service", specification["implementation"])
    assert specification["port"] in {port["port"] for port in service["spec"]["ports"]}
    (api,) = [entry for entry in component()["spec"]["coreFunction"]["exposedAPIs"]
              if entry["implementation"] == specification["implementation"]]
    assert specification["callback"].startswith(f"{api['path']}/listener/")  # inside a path the gateway routes


def test_metrics_api_names_the_metrics_service():
    (metrics,) = component()["spec"]["managementFunction"]["exposedAPIs"]
    service = named(render("canvas"), "Service", metrics["implementation"])
    assert metrics["port"] in {port["port"] for port in service["spec"]["ports"]}
    assert metrics["path"] == "/metrics"


def test_dependent_apis_are_all_optional():
    dependents = component()["spec"]["coreFunction"]["dependentAPIs"]
    assert {(api["id"], api["required"]) for api in dependents} == {
        ("TMF620", False), ("TMF637", False), ("TMF641", False), ("TMF632", False)}


def test_resolution_refuses_a_service_that_selects_no_deployment():
    entry = {**component()["spec"]["coreFunction"]["exposedAPIs"][0], "implementation": "r1-oda-cms-metrics"}
    with pytest.raises(AssertionError, match="selects"):
        resolve(entry)
