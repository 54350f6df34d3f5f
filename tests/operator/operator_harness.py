"""Helpers for the operator's integration tests: run the operator, poll, build and send objects."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import kopf
from oda_cms_operator import KubeGateway, OperatorConfig, Reconciler, build_registry
from operator_emulator import ClusterEmulator

T = TypeVar("T")
NAMESPACE = "components"


def cluster_url(cluster: ClusterEmulator) -> str:
    return str(cluster.url).rstrip("/")


@contextlib.asynccontextmanager
async def running_operator(cluster: ClusterEmulator, config: OperatorConfig) -> AsyncIterator[Reconciler]:
    """The real kopf runtime with the operator's registry, logged in to ``cluster``, until the block ends.

    Kopf runs in its own thread and event loop, as in production: on exit it waits for every task of
    its loop, and the emulator's never-ending watch streams must not count among them.
    """
    registry = build_registry(config)

    @kopf.on.login(registry=registry)
    def login(**_: Any) -> kopf.ConnectionInfo:
        return kopf.ConnectionInfo(server=cluster_url(cluster))

    reconciler = Reconciler(KubeGateway.for_server(cluster_url(cluster)), config)
    stop, ready = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(kopf.operator(
                registry=registry,
                clusterwide=True,
                standalone=True,
                stop_flag=stop,
                ready_flag=ready,
                memo=kopf.Memo(reconciler=reconciler),
            ))
        except BaseException as error:  # reported to the test below
            failures.append(error)

    thread = threading.Thread(target=run, name="kopf-operator", daemon=True)
    thread.start()
    assert await asyncio.to_thread(ready.wait, 10), f"operator did not start: {failures}"
    try:
        yield reconciler
    finally:
        stop.set()
        await asyncio.to_thread(thread.join, 15)
        assert not thread.is_alive(), "operator did not stop within 15s"
        assert not failures, f"operator failed: {failures!r}"


async def eventually(probe: Callable[[], T | Awaitable[T]], timeout: float = 8.0, interval: float = 0.05) -> T:
    """Poll ``probe`` until it passes (its result is returned) or time runs out (its last error is raised).

    An AssertionError or a LookupError (an object not there yet) means "not yet".
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = probe()
            if asyncio.iscoroutine(result):
                result = await result
            return result  # type: ignore[return-value]
        except (AssertionError, LookupError):
            if time.monotonic() > deadline:
                raise
        await asyncio.sleep(interval)


def live(cluster: ClusterEmulator, plural: str, namespace: str | None = NAMESPACE) -> dict[str, dict[str, Any]]:
    """The live objects of a resource (by plural name) in ``namespace`` (None: all), by name."""
    return {
        name: obj.raw
        for (resource, obj_namespace, name), obj in cluster.objects.items()
        if resource.plural == plural and not obj.deleted and (namespace is None or obj_namespace == namespace)
    }


def requests_of(cluster: ClusterEmulator, method: str, plural: str) -> list[Any]:
    """Requests the cluster received with ``method`` for resource ``plural``."""
    return [
        request for request in cluster._requests
        if request.resource is not None and request.resource.plural == plural and request.method.value == method
    ]


def component_body(
    name: str,
    exposed: list[dict[str, Any]] | None = None,
    dependent: list[dict[str, Any]] | None = None,
    namespace: str = NAMESPACE,
) -> dict[str, Any]:
    """A v1 Component with the given core exposed and dependent APIs."""
    return {
        "apiVersion": "oda.tmforum.org/v1",
        "kind": "Component",
        "metadata": {"name": name, "namespace": namespace, "labels": {"oda.tmforum.org/componentName": name}},
        "spec": {
            "componentMetadata": {"id": "TMFC000", "name": name, "version": "1.0.0"},
            "coreFunction": {"exposedAPIs": exposed or [], "dependentAPIs": dependent or []},
        },
    }


def exposed_api(name: str, api_id: str, service: str, version: str = "4.0.0", port: int = 8080) -> dict[str, Any]:
    """A core exposed API declaration with one specification."""
    return {
        "name": name,
        "id": api_id,
        "apiType": "openapi",
        "specification": [{"url": f"https://example.org/{api_id}-v{version}.swagger.json", "version": version}],
        "implementation": service,
        "path": f"/r1-{name}/tmf-api/{name}/v{version.split('.')[0]}",
        "developerUI": f"/r1-{name}/tmf-api/{name}/v{version.split('.')[0]}/docs",
        "port": port,
    }


def dependent_api(name: str, api_id: str, version: str = "4.0.0", required: bool = False) -> dict[str, Any]:
    """A dependent API declaration matched by API id and major version."""
    return {"name": name, "id": api_id, "apiType": "openapi", "required": required,
            "specification": [{"version": version}]}


def endpoint_slice(service: str, ready: bool = True, namespace: str = NAMESPACE) -> dict[str, Any]:
    """An EndpointSlice of ``service`` with one endpoint."""
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": f"{service}-abcde", "namespace": namespace,
                     "labels": {"kubernetes.io/service-name": service}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.7"], "conditions": {"ready": ready}}],
        "ports": [{"port": 8080, "protocol": "TCP"}],
    }


async def create(cluster: ClusterEmulator, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST ``body`` to the collection at ``path`` through the emulated API."""
    response = await cluster.post(path, json=body)
    assert response.status == 201, await response.text()
    return await response.json()


async def patch(cluster: ClusterEmulator, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await cluster.patch(path, json=body, headers={"Content-Type": "application/merge-patch+json"})
    assert response.status == 200, await response.text()
    return await response.json()


async def delete(cluster: ClusterEmulator, path: str) -> None:
    response = await cluster.delete(path)
    assert response.status == 200, await response.text()


def oda_path(plural: str, namespace: str = NAMESPACE, name: str | None = None) -> str:
    path = f"/apis/oda.tmforum.org/v1/namespaces/{namespace}/{plural}"
    return f"{path}/{name}" if name else path


def core_path(plural: str, namespace: str = NAMESPACE, name: str | None = None) -> str:
    path = f"/api/v1/namespaces/{namespace}/{plural}"
    return f"{path}/{name}" if name else path


SLICES_PATH = f"/apis/discovery.k8s.io/v1/namespaces/{NAMESPACE}/endpointslices"
