"""The Kustomize overlays under manifests/ rendered the way a cluster user renders them (`kubectl
kustomize`), and small accessors over the rendered objects. Without kubectl the tests are skipped,
failed in CI (.ci/run installs Debian's kubectl)."""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.support.ci import unavailable

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = REPO_ROOT / "manifests"
OVERLAYS = ("embedded", "production", "canvas")
COMPONENT_NAME = "r1-oda-cms"
RELEASE_PREFIX = f"/{COMPONENT_NAME}"
WORKLOAD_KINDS = {"Deployment", "Job"}


def require_kubectl() -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        unavailable("kubectl not found (install Debian's kubernetes-client; .ci/run does)")
    return kubectl


@functools.cache
def _render(directory: Path) -> tuple[dict[str, Any], ...]:
    kubectl = require_kubectl()
    done = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"kubectl kustomize {directory} failed:\n{done.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def render(overlay: str) -> list[dict[str, Any]]:
    """Every object `kubectl kustomize manifests/overlays/<overlay>` prints."""
    return list(_render(MANIFESTS / "overlays" / overlay))


def collected(overlay: str) -> list[dict[str, Any]]:
    """`render` for building test parameters at collection time: nothing without kubectl (then
    test_kubectl_is_available reports it: a skip, or a failure in CI)."""
    return render(overlay) if shutil.which("kubectl") else []


def render_dir(relative: str) -> list[dict[str, Any]]:
    return list(_render(MANIFESTS / relative))


def of_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in objects if obj["kind"] == kind]


def named(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [obj for obj in objects if obj["kind"] == kind and obj["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} rendered"
    return found[0]


def pod_template(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_template(workload)["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def workloads(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (obj for obj in objects if obj["kind"] in WORKLOAD_KINDS)


def command_line(container: dict[str, Any]) -> list[str]:
    """What the container runs: its command and args (the image's entrypoint is `oda-cms`)."""
    return [*container.get("command", []), *container.get("args", [])]


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def pods_selected(objects: list[dict[str, Any]], selector: dict[str, str]) -> list[dict[str, Any]]:
    """The Deployments whose pods a Service (or PDB) selector matches."""
    return [obj for obj in of_kind(objects, "Deployment")
            if selects(selector, pod_template(obj)["metadata"].get("labels", {}))]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    """The container's env entries by name: a literal value or the valueFrom source."""
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container.get("env", [])}


def describe(obj: dict[str, Any]) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"
