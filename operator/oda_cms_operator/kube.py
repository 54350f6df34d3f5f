"""The operator's only door to the Kubernetes API: a small synchronous gateway over kubernetes-client.

Every method declares the (API group, resource, verb) it needs with ``@uses``; ``PERMISSIONS`` collects
them so the RBAC manifests can be checked against the code. Requests go through the client's generic
request path (``param_serialize`` + ``call_api``) with JSON bodies, so custom and core resources are
handled alike and merge patches are always sent as ``application/merge-patch+json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import kubernetes

from oda_cms_operator.naming import GROUP, VERSION


@dataclass(frozen=True, order=True)
class Permission:
    """One RBAC rule atom: ``verb`` on ``resource`` in API group ``group`` ("" is the core group)."""

    group: str
    resource: str
    verb: str


PERMISSIONS: set[Permission] = set()

F = TypeVar("F", bound=Callable[..., Any])


def uses(group: str, resource: str, *verbs: str) -> Callable[[F], F]:
    """Record that the decorated gateway method needs ``verbs`` on ``group/resource``."""

    def decorate(function: F) -> F:
        PERMISSIONS.update(Permission(group, resource, verb) for verb in verbs)
        return function

    return decorate


class NotFound(Exception):
    """The object does not exist (HTTP 404)."""


class Conflict(Exception):
    """The object already exists or changed meanwhile (HTTP 409)."""


def _custom_path(plural: str, namespace: str | None = None, name: str | None = None) -> str:
    path = f"/apis/{GROUP}/{VERSION}"
    if namespace:
        path += f"/namespaces/{namespace}"
    path += f"/{plural}"
    return f"{path}/{name}" if name else path


class KubeGateway:
    """Synchronous Kubernetes calls the reconciler needs; safe to share between kopf's worker threads."""

    def __init__(self, api_client: kubernetes.client.ApiClient) -> None:
        self._client = api_client

    @classmethod
    def for_server(cls, server: str) -> KubeGateway:
        """A gateway talking plain HTTP(S) to ``server`` without credentials (tests, ``kubectl proxy``)."""
        configuration = kubernetes.client.Configuration(host=server)
        return cls(kubernetes.client.ApiClient(configuration))

    @classmethod
    def from_environment(cls) -> KubeGateway:
        """In-cluster service-account credentials, else the local kubeconfig."""
        configuration = kubernetes.client.Configuration()
        try:
            kubernetes.config.load_incluster_config(client_configuration=configuration)
        except kubernetes.config.ConfigException:
            kubernetes.config.load_kube_config(client_configuration=configuration)
        return cls(kubernetes.client.ApiClient(configuration))

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Any:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        request = self._client.param_serialize(
            method=method,
            resource_path=path,
            query_params=list((query or {}).items()),
            header_params=headers,
            body=body,
            auth_settings=["BearerToken"],
        )
        response = self._client.call_api(*request)
        response.read()
        if response.status == 404:
            raise NotFound(path)
        if response.status == 409:
            raise Conflict(path)
        if not 200 <= response.status <= 299:
            raise kubernetes.client.ApiException(status=response.status, reason=response.reason)
        return json.loads(response.data) if response.data else None

    def _list(self, path: str, selector: str | None = None) -> list[dict[str, Any]]:
        query = {"labelSelector": selector} if selector else None
        return list(self._request("GET", path, query=query).get("items") or [])

    # --- oda.tmforum.org ---------------------------------------------------------------------------

    @uses(GROUP, "components", "list")
    def list_components(self) -> list[dict[str, Any]]:
        return self._list(_custom_path("components"))

    @uses(GROUP, "components", "patch")
    def patch_component(self, namespace: str, name: str, patch: dict[str, Any]) -> None:
        self._request("PATCH", _custom_path("components", namespace, name), patch, content_type=_MERGE)

    @uses(GROUP, "exposedapis", "list")
    @uses(GROUP, "dependentapis", "list")
    def list_children(self, plural: str, namespace: str, selector: str) -> list[dict[str, Any]]:
        return self._list(_custom_path(plural, namespace), selector)

    @uses(GROUP, "exposedapis", "list")
    def list_exposed_apis(self) -> list[dict[str, Any]]:
        return self._list(_custom_path("exposedapis"))

    @uses(GROUP, "exposedapis", "create")
    @uses(GROUP, "dependentapis", "create")
    def create_child(self, plural: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", _custom_path(plural, body["metadata"]["namespace"]), body)

    @uses(GROUP, "exposedapis", "patch")
    @uses(GROUP, "dependentapis", "patch")
    def patch_child(self, plural: str, namespace: str, name: str, patch: dict[str, Any]) -> dict[str, Any]:
        return self._request("PATCH", _custom_path(plural, namespace, name), patch, content_type=_MERGE)

    @uses(GROUP, "exposedapis", "delete")
    @uses(GROUP, "dependentapis", "delete")
    def delete_child(self, plural: str, namespace: str, name: str) -> None:
        try:
            self._request("DELETE", _custom_path(plural, namespace, name))
        except NotFound:
            pass

    # --- core and discovery ------------------------------------------------------------------------

    @uses("", "configmaps", "get")
    def read_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._request("GET", f"/api/v1/namespaces/{namespace}/configmaps/{name}")
        except NotFound:
            return None

    @uses("", "configmaps", "create")
    def create_configmap(self, body: dict[str, Any]) -> None:
        self._request("POST", f"/api/v1/namespaces/{body['metadata']['namespace']}/configmaps", body)

    @uses("", "configmaps", "patch")
    def patch_configmap(self, namespace: str, name: str, patch: dict[str, Any]) -> None:
        self._request("PATCH", f"/api/v1/namespaces/{namespace}/configmaps/{name}", patch, content_type=_MERGE)

    @uses("discovery.k8s.io", "endpointslices", "list")
    def endpoint_slices(self, namespace: str, service: str) -> list[dict[str, Any]]:
        path = f"/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices"
        return self._list(path, f"kubernetes.io/service-name={service}")

    @uses("", "endpoints", "get")
    def endpoints(self, namespace: str, service: str) -> dict[str, Any] | None:
        try:
            return self._request("GET", f"/api/v1/namespaces/{namespace}/endpoints/{service}")
        except NotFound:
            return None


_MERGE = "application/merge-patch+json"
