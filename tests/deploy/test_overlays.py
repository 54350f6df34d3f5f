"""Every overlay renders with kubectl, every rendered object is a valid object of its Kubernetes API
(the kubernetes client's models: required fields and types checked, and nothing dropped on the way
back, so a misspelt field fails too), and every object carries the labels an ODA Canvas relies on."""

from __future__ import annotations

from typing import Any

import kubernetes
import pytest
from kubernetes.client import ApiClient

from component.api.registry import APIS
from tests.deploy.manifests import (
    COMPONENT_NAME,
    OVERLAYS,
    collected,
    describe,
    of_kind,
    pod_template,
    render,
    render_dir,
    require_kubectl,
)

COMMON_LABELS = {
    "oda.tmforum.org/componentName": COMPONENT_NAME,
    "app.kubernetes.io/name": "oda-cms",
    "app.kubernetes.io/instance": "r1",
    "app.kubernetes.io/part-of": "oda-cms",
}
API_COUNT = len(APIS)  # one Service, Deployment, autoscaler and budget per API the component serves


def model_class(obj: dict[str, Any]) -> type:
    version = obj["apiVersion"].rsplit("/", 1)[-1]
    return getattr(kubernetes.client, f"{version[0].upper()}{version[1:]}{obj['kind']}")


def check_with_model(obj: dict[str, Any]) -> None:
    """Raise when the kubernetes client's model of the object's kind refuses it or loses part of it."""
    model = model_class(obj).from_dict(obj)
    assert ApiClient().sanitize_for_serialization(model) == obj, f"{describe(obj)}: fields the API does not know"


def kubernetes_objects() -> list[Any]:
    return [pytest.param(overlay, obj, id=f"{overlay}:{describe(obj)}")
            for overlay in OVERLAYS for obj in collected(overlay) if obj["kind"] != "Component"]


def test_kubectl_is_available():
    require_kubectl()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_with_kubectl(overlay):
    kinds = sorted({obj["kind"] for obj in render(overlay)})
    assert {"ConfigMap", "Deployment", "Service", "ServiceAccount"} <= set(kinds)


def test_embedded_holds_one_pod_its_volume_and_the_services():
    objects = render("embedded")
    assert sorted(describe(obj) for obj in objects if obj["kind"] != "Service") == [
        "ConfigMap/r1-oda-cms-settings", "Deployment/r1-oda-cms", "PersistentVolumeClaim/r1-oda-cms-data",
        "ServiceAccount/r1-oda-cms"]
    assert len(of_kind(objects, "Service")) == API_COUNT + 1  # one per API, and metrics


def test_production_holds_a_deployment_autoscaler_and_budget_per_api_plus_workers_and_migration():
    objects = render("production")
    counts = {kind: len(of_kind(objects, kind)) for kind in
              ("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "Service", "Component")}
    assert counts == {"Deployment": API_COUNT + 1, "HorizontalPodAutoscaler": API_COUNT,
                      "PodDisruptionBudget": API_COUNT, "Job": 1, "Service": API_COUNT + 1, "Component": 0}


def test_canvas_is_production_plus_the_component_in_the_components_namespace():
    production, canvas = render("production"), render("canvas")
    assert sorted(map(describe, canvas)) == sorted([*map(describe, production), f"Component/{COMPONENT_NAME}"])
    assert {obj["metadata"].get("namespace") for obj in canvas} == {"components"}


@pytest.mark.parametrize(("overlay", "obj"), kubernetes_objects())
def test_object_is_valid_for_its_kubernetes_api(overlay, obj):
    check_with_model(obj)


def test_model_check_catches_a_misspelt_field_and_a_wrong_type():
    deployment = of_kind(render("production"), "Deployment")[0]
    misspelt = {**deployment, "spec": {**deployment["spec"], "replica": 3}}
    with pytest.raises(AssertionError, match="fields the API does not know"):
        check_with_model(misspelt)
    container = {**pod_template(deployment)["spec"]["containers"][0], "ports": [{"containerPort": "http"}]}
    wrong = {**deployment, "spec": {**deployment["spec"], "template": {
        **pod_template(deployment), "spec": {**pod_template(deployment)["spec"], "containers": [container]}}}}
    with pytest.raises(ValueError):
        check_with_model(wrong)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_and_pod_carries_the_component_labels(overlay):
    for obj in render(overlay):
        labels = obj["metadata"].get("labels", {})
        assert COMMON_LABELS.items() <= labels.items(), describe(obj)
        assert labels.get("app.kubernetes.io/component"), describe(obj)
        if "template" in obj.get("spec", {}):
            assert COMMON_LABELS.items() <= pod_template(obj)["metadata"]["labels"].items(), describe(obj)


def test_operator_manifests_render_as_one_kustomization():
    kinds = sorted(obj["kind"] for obj in render_dir("operator"))
    assert kinds == ["ClusterRole", "ClusterRoleBinding", "Deployment", "ServiceAccount"]
