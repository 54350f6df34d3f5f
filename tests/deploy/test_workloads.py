"""The rendered workloads read as a cluster would run them: every container runs a real `oda-cms`
invocation, API pods bind 0.0.0.0 on the port their probes and Services use, production runs one
Deployment per API on PostgreSQL (no SQLite file per pod, no workers in API pods), the embedded pod
keeps its SQLite file on its volume, and every pod is non-root on a read-only root filesystem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from component.api.registry import APIS
from component.bootstrap.environment import settings_from_env
from component.cli.main import build_parser
from component.settings import documented_variables
from tests.deploy.manifests import (
    OVERLAYS,
    collected,
    command_line,
    containers,
    describe,
    env_of,
    named,
    of_kind,
    pod_template,
    pods_selected,
    render,
    workloads,
)

DATABASE_SECRET = {"secretKeyRef": {"name": "r1-oda-cms-database", "key": "url"}}


def parsed(container: dict[str, Any]) -> argparse.Namespace:
    """The container's command as the real CLI parses it (argparse exits on anything it refuses)."""
    command = command_line(container)
    assert command[0] == "oda-cms", f"{container['name']}: runs {command[0]!r}, not the image's CLI"
    try:
        return build_parser().parse_args(command[1:])
    except SystemExit as error:
        raise AssertionError(f"{container['name']}: {command} is not a valid oda-cms command line") from error


def all_containers() -> list[Any]:
    return [pytest.param(overlay, workload, container, id=f"{overlay}:{describe(workload)}:{container['name']}")
            for overlay in OVERLAYS for workload in workloads(collected(overlay)) for container in containers(workload)]


def api_deployments(overlay: str) -> list[dict[str, Any]]:
    return [obj for obj in of_kind(render(overlay), "Deployment")
            if parsed(obj["spec"]["template"]["spec"]["containers"][0]).command == "serve"]


@pytest.mark.parametrize(("overlay", "workload", "container"), all_containers())
def test_container_command_is_a_real_cli_invocation(overlay, workload, container):
    args = parsed(container)
    if args.command == "serve":
        assert args.host == "0.0.0.0", "a pod must listen on every interface for probes and Services"
        (http,) = [port for port in container["ports"] if port["name"] == "http"]
        assert http["containerPort"] == args.port


def test_parsing_refuses_an_unknown_api_flag_value_and_a_wrong_entrypoint():
    with pytest.raises(AssertionError):
        parsed({"name": "c", "command": ["oda-cms", "serve", "--prot", "8080"]})
    with pytest.raises(AssertionError):
        parsed({"name": "c", "command": ["python", "-m", "component.cli", "serve"]})


@pytest.mark.parametrize(("overlay", "workload", "container"), all_containers())
def test_pod_is_non_root_and_its_root_filesystem_read_only(overlay, workload, container):
    pod = pod_template(workload)["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    context = container["securityContext"]
    assert (context["allowPrivilegeEscalation"], context["readOnlyRootFilesystem"]) == (False, True)
    assert context["capabilities"]["drop"] == ["ALL"]
    assert "/tmp" in {mount["mountPath"] for mount in container["volumeMounts"]}
    assert {"requests", "limits"} <= set(container["resources"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_sqlite_files_live_on_a_mounted_volume(overlay):
    for workload in workloads(render(overlay)):
        for container in containers(workload):
            url = env_of(container).get("DATABASE_URL")
            if isinstance(url, str) and url.startswith("sqlite:"):
                folder = str(Path(url.removeprefix("sqlite:///")).parent)
                mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
                assert folder in mounts, f"{describe(workload)}: {url} is not on a volume"
                volume = next(v for v in pod_template(workload)["spec"]["volumes"] if v["name"] == mounts[folder])
                assert "persistentVolumeClaim" in volume


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_api_pods_probe_the_health_endpoints_on_their_http_port(overlay):
    for deployment in api_deployments(overlay):
        container = pod_template(deployment)["spec"]["containers"][0]
        probes = {kind: container[kind]["httpGet"] for kind in ("startupProbe", "readinessProbe", "livenessProbe")}
        assert {kind: probe["path"] for kind, probe in probes.items()} == {
            "startupProbe": "/health/ready", "readinessProbe": "/health/ready", "livenessProbe": "/health/live"}
        port_names = {port["name"] for port in container["ports"]}
        assert {probe["port"] for probe in probes.values()} <= port_names


def test_production_runs_one_deployment_per_api_on_postgresql_without_workers():
    deployments = api_deployments("production")
    served = sorted(api for deployment in deployments
                    for api in parsed(pod_template(deployment)["spec"]["containers"][0]).api)
    assert served == sorted(APIS)
    for deployment in deployments:
        container = pod_template(deployment)["spec"]["containers"][0]
        assert len(parsed(container).api) == 1, describe(deployment)
        env = env_of(container)
        assert env["DATABASE_URL"] == DATABASE_SECRET
        assert (env["RUN_WORKERS"], env["AUTO_MIGRATE"]) == ("false", "false")
        assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"


def test_production_runs_workers_and_the_migration_on_the_same_database():
    objects = render("production")
    worker = named(objects, "Deployment", "r1-oda-cms-worker")
    migration = named(objects, "Job", "r1-oda-cms-migrate")
    for workload, command in ((worker, "worker"), (migration, "migrate")):
        (container,) = containers(workload)
        assert parsed(container).command == command
        assert env_of(container)["DATABASE_URL"] == DATABASE_SECRET
        assert container["envFrom"] == [{"configMapRef": {"name": "r1-oda-cms-settings"}}]
    assert pod_template(migration)["spec"]["restartPolicy"] == "OnFailure"
    assert pod_template(migration)["metadata"]["annotations"]["sidecar.istio.io/inject"] == "false"  # it can end


def test_each_api_deployment_has_its_autoscaler_and_disruption_budget():
    objects = render("production")
    for deployment in api_deployments("production"):
        name = deployment["metadata"]["name"]
        autoscaler = named(objects, "HorizontalPodAutoscaler", name)
        assert autoscaler["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert autoscaler["spec"]["minReplicas"] >= 2
        budget = named(objects, "PodDisruptionBudget", name)
        assert pods_selected(objects, budget["spec"]["selector"]["matchLabels"]) == [deployment]


def test_embedded_runs_every_api_and_the_workers_in_one_replaced_pod():
    (deployment,) = api_deployments("embedded")
    container = pod_template(deployment)["spec"]["containers"][0]
    assert parsed(container).api == []  # every API
    assert env_of(container)["RUN_WORKERS"] == "true"
    assert (deployment["spec"]["replicas"], deployment["spec"]["strategy"]["type"]) == (1, "Recreate")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_reaches_pods_on_a_named_port(overlay):
    objects = render(overlay)
    for service in of_kind(objects, "Service"):
        targets = pods_selected(objects, service["spec"]["selector"])
        assert targets, f"{describe(service)} selects no pod"
        for port in service["spec"]["ports"]:
            assert port["name"]
            for deployment in targets:
                names = {p["name"] for c in containers(deployment) for p in c.get("ports", [])}
                assert port["targetPort"] in names, f"{describe(service)} -> {describe(deployment)}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_config_maps_the_pods_need_are_rendered_or_optional(overlay):
    objects = render(overlay)
    rendered = {obj["metadata"]["name"] for obj in of_kind(objects, "ConfigMap")}
    for workload in workloads(objects):
        for container in containers(workload):
            for source in container.get("envFrom", []):
                assert source["configMapRef"]["name"] in rendered
        for volume in pod_template(workload)["spec"].get("volumes", []):
            if "configMap" in volume:
                assert volume["configMap"]["name"] in rendered or volume["configMap"].get("optional") is True


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_environment_gives_valid_settings(overlay):
    """The ConfigMap and the literal env of each container, read by the component's own settings reader."""
    objects = render(overlay)
    configmaps = {obj["metadata"]["name"]: obj.get("data", {}) for obj in of_kind(objects, "ConfigMap")}
    for workload in workloads(objects):
        for container in containers(workload):
            environ = {key: value for source in container.get("envFrom", [])
                       for key, value in configmaps[source["configMapRef"]["name"]].items()}
            environ.update({name: value for name, value in env_of(container).items() if isinstance(value, str)})
            assert set(environ) <= set(documented_variables()), describe(workload)
            settings = settings_from_env(environ)
            assert settings.path_prefix == "/r1-oda-cms"
            assert settings.dependent_apis_file is not None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_sqlite_is_used_only_by_one_pod_at_a_time(overlay):
    objects = render(overlay)
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in of_kind(objects, "HorizontalPodAutoscaler")}
    for deployment in of_kind(objects, "Deployment"):
        url = env_of(pod_template(deployment)["spec"]["containers"][0]).get("DATABASE_URL")
        if url is None or (isinstance(url, str) and url.startswith("sqlite")):  # the image default is SQLite
            assert deployment["spec"].get("replicas") == 1, describe(deployment)
            assert deployment["spec"]["strategy"]["type"] == "Recreate", describe(deployment)
            assert deployment["metadata"]["name"] not in scaled, describe(deployment)
