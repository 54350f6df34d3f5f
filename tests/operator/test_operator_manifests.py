"""Manifests and resources checked against the ODA Canvas CRDs (v1) and against the operator's code.

The CRD schemas are read from the shared canvas chart at run time (skipped without it, failed in CI).
They are applied strictly (unknown fields rejected) because the API server would silently prune them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from oda_cms_operator import PERMISSIONS, Permission
from oda_cms_operator.children import dependent_api_body, exposed_api_body
from oda_cms_operator.configmap import DATA_KEY
from oda_cms_operator.handlers import KOPF_PERMISSIONS
from oda_cms_operator.naming import configmap_name
from oda_cms_operator.specs import dependent_apis, exposed_apis
from oda_reference import REPO_ROOT, crd_schema, storage_version
from operator_harness import component_body, dependent_api, exposed_api

OPERATOR_MANIFESTS = REPO_ROOT / "manifests" / "operator"
COMPONENT_CR = REPO_ROOT / "manifests" / "overlays" / "canvas" / "component.yaml"
API_SERVER = REPO_ROOT / "manifests" / "workloads" / "api-server" / "deployment.yaml"


def documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def operator_documents() -> list[dict[str, Any]]:
    return [doc for path in sorted(OPERATOR_MANIFESTS.glob("*.yaml")) if path.name != "kustomization.yaml"
            for doc in documents(path)]


def granted(kind: str) -> set[Permission]:
    return {
        Permission(group, resource, verb)
        for doc in operator_documents() if doc["kind"] == kind
        for rule in doc["rules"]
        for group in rule["apiGroups"] for resource in rule["resources"] for verb in rule["verbs"]
    }


def validate(kind: str, obj: dict[str, Any]) -> None:
    jsonschema.validate(obj, crd_schema(kind, "v1", strict=True))


def test_v1_is_the_storage_version_the_operator_writes():
    assert {storage_version(kind) for kind in ("Component", "ExposedAPI", "DependentAPI")} == {"v1"}


def test_operator_manifests_hold_the_expected_kinds():
    assert sorted(doc["kind"] for doc in operator_documents()) == [
        "ClusterRole", "ClusterRoleBinding", "Deployment", "ServiceAccount"]


def test_cluster_role_grants_every_permission_the_code_uses():
    assert PERMISSIONS | KOPF_PERMISSIONS <= granted("ClusterRole")


def test_cluster_role_grants_nothing_the_code_does_not_use():
    assert granted("ClusterRole") <= PERMISSIONS | KOPF_PERMISSIONS


def test_binding_and_deployment_use_the_operator_service_account():
    docs = {doc["kind"]: doc for doc in operator_documents()}
    account = docs["ServiceAccount"]["metadata"]
    assert docs["ClusterRoleBinding"]["subjects"] == [
        {"kind": "ServiceAccount", "name": account["name"], "namespace": account["namespace"]}]
    assert docs["ClusterRoleBinding"]["roleRef"]["name"] == docs["ClusterRole"]["metadata"]["name"]
    assert docs["Deployment"]["spec"]["template"]["spec"]["serviceAccountName"] == account["name"]


def test_deployment_runs_a_single_instance_at_a_time():
    deployment = next(doc for doc in operator_documents() if doc["kind"] == "Deployment")
    assert (deployment["spec"]["replicas"], deployment["spec"]["strategy"]["type"]) == (1, "Recreate")


def test_oda_cms_component_is_valid_against_the_v1_schema():
    (component,) = documents(COMPONENT_CR)
    validate("Component", component)


def test_oda_cms_component_satisfies_the_exposed_api_cel_rule():
    (component,) = documents(COMPONENT_CR)
    for section in ("coreFunction", "managementFunction"):
        for api in component["spec"][section]["exposedAPIs"]:
            first = api["specification"][0]
            at_root = all(key in api for key in ("apiType", "implementation", "path", "port"))
            in_first = all(key in first for key in ("apiType", "implementation", "path", "port"))
            assert at_root or in_first, api["name"]


def test_oda_cms_component_exposes_the_apis_the_component_serves():
    (component,) = documents(COMPONENT_CR)
    exposed = {(api["id"], api["path"]) for api in component["spec"]["coreFunction"]["exposedAPIs"]}
    assert {api_id for api_id, _ in exposed} == {"TMF629", "TMF666", "TMF622", "TMF641", "TMF621", "TMF620", "TMF637"}
    assert all(path.startswith("/r1-oda-cms/tmf-api/") and path.endswith("/v4") for _, path in exposed)


def test_oda_cms_component_dependencies_are_optional_and_resolvable_by_id():
    (component,) = documents(COMPONENT_CR)
    dependents = dependent_apis("r1-oda-cms", component["spec"])
    assert {(d.api_id, d.specifications[0].major, d.required) for d in dependents} == {
        ("TMF641", 4, False), ("TMF620", 4, False), ("TMF637", 4, False), ("TMF632", 4, False)}


@pytest.mark.parametrize("body", [
    component_body("r1-cms", exposed=[exposed_api("customerManagement", "TMF629", "r1-cms")],
                   dependent=[dependent_api("serviceOrdering", "TMF641")]),
    component_body("r2-som", exposed=[exposed_api("serviceOrdering", "TMF641", "r2-som")]),
], ids=["consumer", "provider"])
def test_test_fixtures_are_valid_components(body):
    validate("Component", body)


def test_children_the_operator_creates_are_valid_v1_objects():
    (component,) = documents(COMPONENT_CR)
    component["metadata"].update(namespace="components", uid="uid-1")
    for api in exposed_apis("r1-oda-cms", component["spec"]):
        jsonschema.validate(exposed_api_body(api, component, "r1-oda-cms"), crd_schema("ExposedAPI"))
    for api in dependent_apis("r1-oda-cms", component["spec"]):
        jsonschema.validate(dependent_api_body(api, component, "r1-oda-cms"), crd_schema("DependentAPI"))


def test_unknown_spec_fields_are_caught_by_the_strict_schema():
    body = component_body("r1-cms")
    body["spec"]["coreFunction"]["exposedAPIs"] = [{**exposed_api("a", "TMF629", "s"), "prot": 8080}]
    with pytest.raises(jsonschema.ValidationError):
        validate("Component", body)


def test_api_server_pods_mount_the_dependent_api_configmap_where_the_settings_point():
    (deployment,) = documents(API_SERVER)
    settings = yaml.safe_load((REPO_ROOT / "manifests" / "base" / "settings.yaml").read_text())
    (component,) = documents(COMPONENT_CR)
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    mount = next(m for m in container["volumeMounts"] if m["name"] == "dependent-apis")
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["configMap"]["name"] == configmap_name(component["metadata"]["name"])
    assert container["envFrom"] == [{"configMapRef": {"name": settings["metadata"]["name"]}}]
    assert settings["data"]["DEPENDENT_APIS_FILE"] == f"{mount['mountPath']}/{DATA_KEY}"
