"""The reconciler's only door to the Kubernetes API: a small synchronous gateway over kubernetes-client.

It only writes (and reads single objects after a conflict): everything else the operator knows comes
from kopf's watch streams (``view.ClusterView``). Every method declares the (API group, resource,
verb) it needs with ``@uses``; ``PERMISSIONS`` collects them so the RBAC manifests can be checked
against the code. Requests go through the client's generic request path (``param_serialize`` +
``call_api``) with JSON bodies, so custom and core resources are handled alike and merge patches are
always sent as ``application/merge-patch+json``.
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

OWNER_FINALIZERS = Permission(GROUP, "components/finalizers", "update")
"""Setting ``blockOwnerDeletion`` on a child needs this where OwnerReferencesPermissionEnforcement runs."""


def uses(group: str, resource: str, *verbs: str) -> Callable[[F], F]:
    """Record that the decorated gateway method needs ``verbs`` on ``group/resource``."""

    def decorate(function: F) -> F:
        PERMISSIONS.update(Permission(group, resource, verb) for verb in verbs)
        return function

    return decorate


class ApiError(Exception):
    """The API server refused a request; ``status`` is the HTTP status, ``message`` the server's reason."""

    def __init__(self, status: int, message: str, path: str = "") -> None:
        super().__init__(f"{status} {message}" + (f" ({path})" if path else ""))
        self.status = status
        self.message = message
        self.path = path

    @property
    def rejected(self) -> bool:
        """The object itself is unacceptable (invalid, malformed): sending it again cannot succeed."""
        return self.status in (400, 422)


class Foreign(ApiError):
    """An object of the wanted name exists and is not this operator's: creating it cannot succeed."""

    def __init__(self, path: str) -> None:
        super().__init__(409, "exists and is not managed by oda-cms-operator", path)

    @property
    def rejected(self) -> bool:
        return True


class NotFound(ApiError):
    """The object does not exist (HTTP 404)."""


class Conflict(ApiError):
    """The object already exists or changed meanwhile (HTTP 409)."""


def _custom_path(plural: str, namespace: str | None = None, name: str | None = None) -> str:
    path = f"/apis/{GROUP}/{VERSION}"
    if namespace:
        path += f"/namespaces/{namespace}"
    path += f"/{plural}"
    return f"{path}/{name}" if name else path


def _message(data: bytes | str | None, reason: str | None) -> str:
    try:
        return str(json.loads(data or b"{}").get("message") or reason or "")
    except (ValueError, AttributeError):
        return str(reason or "")


class KubeGateway:
    """Synchronous Kubernetes calls the reconciler needs; safe to share between threads."""

    def __init__(self, api_client: kubernetes.client.ApiClient, timeout: float = 30.0) -> None:
        self._client = api_client
        self._timeout = timeout

    @classmethod
    def for_server(cls, server: str) -> KubeGateway:
        """A gateway talking plain HTTP(S) to ``server`` without credentials (``kubectl proxy``)."""
        configuration = kubernetes.client.Configuration(host=server)
        return cls(kubernetes.client.ApiClient(configuration))

    @classmethod
    def from_environment(cls) -> KubeGateway:
        """In-cluster service-account credentials, else the kubeconfig (``$KUBECONFIG`` or ~/.kube/config)."""
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
        content_type: str = "application/json",
    ) -> Any:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        request = self._client.param_serialize(
            method=method,
            resource_path=path,
            header_params=headers,
            body=body,
            auth_settings=["BearerToken"],
        )
        response = self._client.call_api(*request, _request_timeout=self._timeout)
        response.read()
        if not 200 <= response.status <= 299:
            error = {404: NotFound, 409: Conflict}.get(response.status, ApiError)
            raise error(response.status, _message(response.data, response.reason), path)
        return json.loads(response.data) if response.data else None

    # --- discovery ----------------------------------------------------------------------------------

    def oda_api_served(self) -> bool:
        """Whether the API server answers and serves oda.tmforum.org/v1 (the ODA CRDs are installed)."""
        try:
            self._request("GET", f"/apis/{GROUP}/{VERSION}")
        except ApiError:
            return False
        return True

    # --- oda.tmforum.org ---------------------------------------------------------------------------

    @uses(GROUP, "components", "patch")
    def patch_component(self, namespace: str, name: str, patch: dict[str, Any]) -> dict[str, Any]:
        return self._request("PATCH", _custom_path("components", namespace, name), patch, content_type=_MERGE)

    @uses(GROUP, "exposedapis", "get")
    @uses(GROUP, "dependentapis", "get")
    def read_child(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._request("GET", _custom_path(plural, namespace, name))
        except NotFound:
            return None

    @uses(GROUP, "exposedapis", "create")
    @uses(GROUP, "dependentapis", "create")
    @uses(OWNER_FINALIZERS.group, OWNER_FINALIZERS.resource, OWNER_FINALIZERS.verb)
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

    # --- core ----------------------------------------------------------------------------------------

    @uses("", "configmaps", "get")
    def read_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._request("GET", f"/api/v1/namespaces/{namespace}/configmaps/{name}")
        except NotFound:
            return None

    @uses("", "configmaps", "create")
    def create_configmap(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", f"/api/v1/namespaces/{body['metadata']['namespace']}/configmaps", body)

    @uses("", "configmaps", "patch")
    def patch_configmap(self, namespace: str, name: str, patch: dict[str, Any]) -> dict[str, Any]:
        return self._request(
            "PATCH", f"/api/v1/namespaces/{namespace}/configmaps/{name}", patch, content_type=_MERGE
        )


_MERGE = "application/merge-patch+json"
