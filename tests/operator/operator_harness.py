"""Helpers for the operator's integration tests: run the operator as it ships, poll, build and send objects.

``running_operator`` starts the installed ``oda-cms-operator`` console script as its own process, with
only what a cluster would give it: a kubeconfig (pointing at the emulated API server, with a bearer
token) and the documented ``ODA_CMS_OPERATOR_*`` environment variables. Nothing is injected: kopf logs
in through the operator's own login handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from oda_cms_operator import OperatorConfig
from operator_emulator import ClusterEmulator

T = TypeVar("T")
NAMESPACE = "components"
SCRIPT = Path(sys.executable).with_name("oda-cms-operator")
TOKEN = "operator-test-token"


def cluster_url(cluster: ClusterEmulator) -> str:
    return str(cluster.url).rstrip("/")


def kubeconfig(server: str, token: str = TOKEN) -> str:
    """A kubeconfig with one context: ``server`` and a bearer token."""
    return (
        "apiVersion: v1\nkind: Config\ncurrent-context: emulated\n"
        f"clusters:\n- name: emulated\n  cluster:\n    server: {server}\n"
        f"users:\n- name: operator\n  user:\n    token: {token}\n"
        "contexts:\n- name: emulated\n  context:\n    cluster: emulated\n    user: operator\n"
    )


def config_environment(config: OperatorConfig) -> dict[str, str]:
    """The documented environment variables expressing ``config``."""
    return {
        "ODA_CMS_OPERATOR_COMPONENT": config.component or "*",
        "ODA_CMS_OPERATOR_CANVAS_MODE": "true" if config.canvas_mode else "false",
        "ODA_CMS_OPERATOR_RESYNC_SECONDS": str(config.resync_interval),
        "ODA_CMS_OPERATOR_CLUSTER_DOMAIN": config.cluster_domain,
        "ODA_CMS_OPERATOR_NAMESPACES": ",".join(config.namespaces),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(home: Path) -> dict[str, str]:
    """The test process's environment without anything that would point a client at another cluster."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("KUBE", "ODA_CMS_OPERATOR_")) and key not in ("HOME",)}
    return {**env, "HOME": str(home), "PYTHONUNBUFFERED": "1"}


@dataclass
class OperatorProcess:
    process: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


async def start_operator(
    env: dict[str, str], args: tuple[str, ...], log: Path
) -> asyncio.subprocess.Process:
    with log.open("wb") as sink:
        return await asyncio.create_subprocess_exec(
            str(SCRIPT), *args, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=sink, stderr=sink)


async def wait_alive(process: asyncio.subprocess.Process, port: int, log: Path, timeout: float = 20.0) -> None:
    """Wait until the operator's liveness endpoint answers (kopf has started); fail if the process ends."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            if process.returncode is not None:
                raise AssertionError(f"operator exited with {process.returncode}:\n{log.read_text()}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            if time.monotonic() > deadline:
                raise AssertionError(f"operator not alive within {timeout}s:\n{log.read_text()}")
            await asyncio.sleep(0.1)


async def stop_operator(process: asyncio.subprocess.Process, log: Path) -> None:
    """SIGTERM, as Kubernetes stops a pod; the operator must exit cleanly within 10 s."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"operator did not stop within 10s:\n{log.read_text()}") from None
    assert process.returncode == 0, f"operator exited with {process.returncode}:\n{log.read_text()}"


@contextlib.asynccontextmanager
async def running_operator(
    cluster: ClusterEmulator, config: OperatorConfig, extra_env: dict[str, str] | None = None
) -> AsyncIterator[OperatorProcess]:
    """The shipped ``oda-cms-operator`` command logged in to ``cluster`` by a kubeconfig, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="oda-cms-operator-") as tmp:
        home = Path(tmp)
        (home / "kubeconfig").write_text(kubeconfig(cluster_url(cluster)))
        port = free_port()
        env = {**clean_environment(home), **config_environment(config), "KUBECONFIG": str(home / "kubeconfig"),
               "ODA_CMS_OPERATOR_LIVENESS": f"http://127.0.0.1:{port}/healthz", **(extra_env or {})}
        log = home / "operator.log"
        process = await start_operator(env, ("--wait-for-cluster", "10"), log)
        running = OperatorProcess(process, log)
        try:
            await wait_alive(process, port, log)
            yield running
        except BaseException:
            sys.stderr.write(f"--- operator log ---\n{log.read_text(errors='replace')}\n")
            raise
        finally:
            await stop_operator(process, log)


def operator_requests(cluster: ClusterEmulator, since: int = 0) -> list[Any]:
    """Requests sent by the operator (kopf or the kubernetes client), not by the test itself."""
    return [request for request in cluster._requests[since:]
            if request.headers.get("User-Agent", "").startswith(("kopf/", "OpenAPI-Generator/"))]


WRITES = ("POST", "PATCH", "PUT", "DELETE")


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
