"""Integration: the real kopf runtime runs the operator against the emulated cluster.

Each test starts the operator (``running_operator``), acts on the cluster through its HTTP API as a
user or another controller would, and polls the cluster's state with a deadline (``eventually``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonpatch
import pytest
from operator_harness import (
    SLICES_PATH,
    component_body,
    create,
    delete,
    dependent_api,
    endpoint_slice,
    eventually,
    exposed_api,
    live,
    oda_path,
    patch,
    requests_of,
    running_operator,
)

from component.dependencies import DependentApis

pytestmark = pytest.mark.asyncio

CMS_ORDERING_URL = "http://r2-som.components.svc.cluster.local:8080/r1-serviceOrdering/tmf-api/serviceOrdering/v4"


def consumer() -> dict:
    return component_body(
        "r1-cms",
        exposed=[exposed_api("customerManagement", "TMF629", "r1-cms")],
        dependent=[dependent_api("serviceOrdering", "TMF641")],
    )


def provider() -> dict:
    return component_body("r2-som", exposed=[exposed_api("serviceOrdering", "TMF641", "r2-som")])


def dependent_apis_file(cluster) -> dict:
    configmap = live(cluster, "configmaps")["r1-cms-dependent-apis"]
    return json.loads(configmap["data"]["dependentApis.json"])


async def test_created_component_gets_exposed_apis_with_urls_and_ready_flags(cluster, config):
    await create(cluster, SLICES_PATH, endpoint_slice("r1-cms"))
    body = component_body("r1-cms", exposed=[exposed_api("customerManagement", "TMF629", "r1-cms"),
                                             exposed_api("troubleTicket", "TMF621", "r1-tickets")])
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), body)

        def registered() -> None:
            children = live(cluster, "exposedapis")
            ready = children["r1-cms-customermanagement"]["status"]
            assert ready["apiStatus"]["url"] == (
                "http://r1-cms.components.svc.cluster.local:8080/r1-customerManagement/tmf-api/customerManagement/v4")
            assert ready["implementation"]["ready"] is True
            assert children["r1-cms-troubleticket"]["status"]["implementation"]["ready"] is False

        await eventually(registered)


async def test_exposed_api_children_are_labelled_and_owned_by_the_component(cluster, config):
    async with running_operator(cluster, config):
        created = await create(cluster, oda_path("components"), consumer())
        child = await eventually(lambda: live(cluster, "exposedapis")["r1-cms-customermanagement"])
    assert child["metadata"]["labels"]["oda.tmforum.org/componentName"] == "r1-cms"
    assert child["metadata"]["ownerReferences"][0]["uid"] == created["metadata"]["uid"]


async def test_component_status_lists_apis_and_waits_for_ready_implementations(cluster, config):
    async with running_operator(cluster, dataclasses.replace(config, resync_interval=3600)):
        await create(cluster, oda_path("components"), component_body(
            "r1-cms", exposed=[exposed_api("customerManagement", "TMF629", "r1-cms")]))

        def in_progress() -> None:
            status = live(cluster, "components")["r1-cms"]["status"]
            assert status["coreAPIs"][0]["name"] == "r1-cms-customermanagement"
            assert status["coreAPIs"][0]["ready"] is False
            assert status["summary/status"]["deployment_status"] == "In-Progress-CompCon"

        await eventually(in_progress)
        await create(cluster, SLICES_PATH, endpoint_slice("r1-cms"))  # the EndpointSlice watch notices

        def complete() -> None:
            status = live(cluster, "components")["r1-cms"]["status"]
            assert status["coreAPIs"][0]["ready"] is True
            assert status["summary/status"]["deployment_status"] == "Complete"

        await eventually(complete)


async def test_dependent_api_resolves_to_another_components_exposed_api(cluster, config):
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), provider())
        await create(cluster, oda_path("components"), consumer())

        def resolved() -> None:
            child = live(cluster, "dependentapis")["r1-cms-serviceordering"]
            assert child["status"]["depapiStatus"]["url"] == CMS_ORDERING_URL
            assert child["status"]["implementation"]["ready"] is True
            assert dependent_apis_file(cluster)["serviceOrdering"] == {
                "apiId": "TMF641", "version": "4.0.0", "url": CMS_ORDERING_URL, "ready": True,
                "provider": "r2-som-serviceordering"}

        await eventually(resolved)


async def test_dependency_that_appears_later_is_wired_by_the_watch(cluster, config):
    slow_timer = dataclasses.replace(config, resync_interval=3600)
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, slow_timer):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["provider"] is None))
        await create(cluster, oda_path("components"), provider())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["url"] == CMS_ORDERING_URL))


async def test_provider_created_while_the_operator_was_down_is_wired_at_restart(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["provider"] is None))
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    await create(cluster, oda_path("components"), provider())  # nobody registers its API meanwhile
    async with running_operator(cluster, config):
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["ready"] is True))


async def test_named_specification_url_resolves_to_another_url_of_the_same_api(cluster, config):
    """The consumer names one URL of TMF641 v4, the provider declares another: id + major version match."""
    wanted = dependent_api("serviceOrdering", "TMF641")
    wanted["specification"] = [{"url": "https://raw.githubusercontent.com/tmforum-apis/TMF641_ServiceOrder/master/"
                                       "TMF641-ServiceOrdering-v4.1.0.swagger.json"}]
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), provider())  # declares .../TMF641-v4.0.0.swagger.json
        await create(cluster, oda_path("components"), component_body("r1-cms", dependent=[wanted]))
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["url"] == CMS_ORDERING_URL))


async def test_provider_id_comes_from_its_component_when_the_url_names_none(cluster, config):
    """The API server prunes ``id`` from ExposedAPIs; the provider's Component still declares it."""
    api = exposed_api("serviceOrdering", "TMF641", "r2-som")
    api["specification"] = [{"url": "https://example.org/service-ordering.json", "version": "4.0.0"}]
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), component_body("r2-som", exposed=[api]))
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["ready"] is True))
    assert "id" not in live(cluster, "exposedapis")["r2-som-serviceordering"]["spec"]


async def test_deleted_provider_leaves_the_dependency_unresolved_in_the_configmap(cluster, config):
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, dataclasses.replace(config, resync_interval=3600)):
        await create(cluster, oda_path("components"), provider())
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["ready"] is True))
        await delete(cluster, oda_path("components", name="r2-som"))

        def unresolved() -> None:
            assert "r2-som-serviceordering" not in live(cluster, "exposedapis")
            assert dependent_apis_file(cluster)["serviceOrdering"] == {
                "apiId": "TMF641", "version": "4.0.0", "url": None, "ready": False, "provider": None}
            child = live(cluster, "dependentapis")["r1-cms-serviceordering"]
            assert child["status"]["implementation"]["ready"] is False

        await eventually(unresolved)


async def test_spec_change_creates_added_and_deletes_removed_children(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion("r1-cms-customermanagement" in live(cluster, "exposedapis")))
        changed = consumer()["spec"]
        changed["coreFunction"]["exposedAPIs"] = [exposed_api("accountManagement", "TMF666", "r1-cms")]
        changed["coreFunction"]["dependentAPIs"] = []
        await patch(cluster, oda_path("components", name="r1-cms"), {"spec": changed})

        def diffed() -> None:
            assert set(live(cluster, "exposedapis")) == {"r1-cms-accountmanagement"}
            assert live(cluster, "dependentapis") == {}
            assert dependent_apis_file(cluster) == {}

        await eventually(diffed)


async def test_changed_api_declaration_patches_the_existing_child(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion("r1-cms-customermanagement" in live(cluster, "exposedapis")))
        changed = consumer()["spec"]
        changed["coreFunction"]["exposedAPIs"][0]["port"] = 9090
        await patch(cluster, oda_path("components", name="r1-cms"), {"spec": changed})
        await eventually(lambda: assertion(
            live(cluster, "exposedapis")["r1-cms-customermanagement"]["spec"]["port"] == 9090))
    assert len(requests_of(cluster, "POST", "exposedapis")) == 1


async def test_restarted_operator_repairs_drift_without_duplicates(cluster, config):
    body = component_body("r1-cms", exposed=[exposed_api("customerManagement", "TMF629", "r1-cms"),
                                             exposed_api("accountManagement", "TMF666", "r1-cms")],
                          dependent=[dependent_api("serviceOrdering", "TMF641")])
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), body)
        await eventually(lambda: assertion(len(live(cluster, "exposedapis")) == 2 and live(cluster, "dependentapis")))
    await delete(cluster, oda_path("exposedapis", name="r1-cms-accountmanagement"))  # while the operator is down
    before = len(cluster._requests)
    async with running_operator(cluster, config):
        await eventually(lambda: assertion("r1-cms-accountmanagement" in live(cluster, "exposedapis")))
    after = cluster._requests[before:]
    creations = [r for r in after if r.method.value == "POST" and r.resource and r.resource.plural != "events"]
    assert [r.data["metadata"]["name"] for r in creations] == ["r1-cms-accountmanagement"]
    assert set(live(cluster, "exposedapis")) == {"r1-cms-customermanagement", "r1-cms-accountmanagement"}
    assert set(live(cluster, "dependentapis")) == {"r1-cms-serviceordering"}


async def test_deleted_component_leaves_nothing_behind_and_carries_no_finalizer(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(live(cluster, "dependentapis") and live(cluster, "configmaps")))
        assert not live(cluster, "components")["r1-cms"]["metadata"].get("finalizers")
        await delete(cluster, oda_path("components", name="r1-cms"))
        await eventually(lambda: assertion(
            not live(cluster, "exposedapis") and not live(cluster, "dependentapis")
            and "r1-cms-dependent-apis" not in live(cluster, "configmaps")))


async def test_component_process_sees_the_new_url_without_restart(cluster, config, tmp_path):
    volume = tmp_path / "dependencies"
    volume.mkdir()
    generation = 0

    def kubelet_sync() -> Path:
        """Project the ConfigMap into the volume like kubelet: a new data dir and a ``..data`` swap."""
        nonlocal generation
        generation += 1
        data_dir = volume / f"..data-{generation}"
        data_dir.mkdir()
        configmap = live(cluster, "configmaps")["r1-cms-dependent-apis"]
        (data_dir / "dependentApis.json").write_text(configmap["data"]["dependentApis.json"])
        (volume / "..data_tmp").symlink_to(data_dir.name)
        (volume / "..data_tmp").replace(volume / "..data")
        if not (volume / "dependentApis.json").is_symlink():
            (volume / "dependentApis.json").symlink_to("..data/dependentApis.json")
        return volume / "dependentApis.json"

    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: live(cluster, "configmaps")["r1-cms-dependent-apis"])
        apis = DependentApis(kubelet_sync())
        assert apis.url("serviceOrdering") is None
        await create(cluster, oda_path("components"), provider())

        def wired() -> None:
            kubelet_sync()
            apis.refresh()  # what the component's watcher does every DEPENDENT_APIS_POLL_SECONDS
            assert apis.url("TMF641") == CMS_ORDERING_URL

        await eventually(wired)


async def test_canvas_mode_only_writes_the_configmap(cluster, config):
    canvas = dataclasses.replace(config, canvas_mode=True)
    canvas_made = {  # an ExposedAPI as the canvas's API operator leaves it
        "apiVersion": "oda.tmforum.org/v1", "kind": "ExposedAPI",
        "metadata": {"name": "r2-som-serviceordering", "labels": {"oda.tmforum.org/componentName": "r2-som"}},
        "spec": {"name": "serviceOrdering", "apiType": "openapi", "implementation": "r2-som", "port": 8080,
                 "path": "/r2-som/tmf-api/serviceOrdering/v4",
                 "specification": {"url": "https://example.org/TMF641-v4.0.0.swagger.json", "version": "v4.0.0"}},
        "status": {"apiStatus": {"url": "https://gateway.example/r2-som/tmf-api/serviceOrdering/v4"},
                   "implementation": {"ready": True}},
    }
    async with running_operator(cluster, canvas):
        await create(cluster, oda_path("exposedapis"), canvas_made)
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(
            dependent_apis_file(cluster)["serviceOrdering"]["url"]
            == "https://gateway.example/r2-som/tmf-api/serviceOrdering/v4"))
    assert set(live(cluster, "exposedapis")) == {"r2-som-serviceordering"}
    assert live(cluster, "dependentapis") == {}
    assert "status" not in live(cluster, "components")["r1-cms"]


async def test_component_selection_leaves_other_components_alone(cluster, config):
    only_cms = dataclasses.replace(config, component="r1-cms")
    async with running_operator(cluster, only_cms):
        await create(cluster, oda_path("components"), provider())
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion("r1-cms-customermanagement" in live(cluster, "exposedapis")))
    assert "r2-som-serviceordering" not in live(cluster, "exposedapis")
    assert "r2-som-dependent-apis" not in live(cluster, "configmaps")


async def test_operator_causes_no_conflicts_or_server_errors(cluster, config):
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), provider())
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: assertion(dependent_apis_file(cluster)["serviceOrdering"]["ready"] is True))
    # Expected: 404 for reads of objects not created yet, 422 for kopf's optimistic-concurrency retries.
    unexpected = [e for e in cluster.errors if getattr(e, "status", None) != 404
                  and not isinstance(e, jsonpatch.JsonPatchTestFailed)]
    assert unexpected == []


def assertion(condition: object) -> None:
    """Turn a condition into an assertion for ``eventually`` probes written as lambdas."""
    assert condition



async def test_hand_edited_configmap_is_restored_by_the_watch(cluster, config):
    async with running_operator(cluster, dataclasses.replace(config, resync_interval=3600)):
        await create(cluster, oda_path("components"), consumer())
        await eventually(lambda: live(cluster, "configmaps")["r1-cms-dependent-apis"])
        await patch(cluster, "/api/v1/namespaces/components/configmaps/r1-cms-dependent-apis",
                    {"data": {"dependentApis.json": "{}"}})
        await eventually(lambda: assertion("serviceOrdering" in dependent_apis_file(cluster)), timeout=5)
