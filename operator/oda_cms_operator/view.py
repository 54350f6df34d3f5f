"""The operator's in-memory view of the cluster, fed by kopf's watch streams and by its own writes.

Every object the reconciler reads comes from here, never from a list request: Components,
ExposedAPIs, DependentAPIs, the operator's ConfigMaps and the readiness of Services (from
EndpointSlices). Kopf fills it (its index handlers see the initial listing and every change; its
event handlers see deletions), and the reconciler puts the answer of each of its own writes, so the
next reconciliation does not act on a watch event that has not arrived yet.

An event older than what the view holds is ignored: resourceVersions are compared as integers when
both are integers (as etcd-backed API servers issue them), otherwise the newest arrival wins.
The view is shared between kopf's event loop and the reconciler's thread; one lock guards it, and
stored objects are never mutated, only replaced.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Mapping
from typing import Any

from oda_cms_operator.naming import COMPONENT_LABEL, MANAGED_BY_LABEL, MANAGER
from oda_cms_operator.readiness import endpoint_slices_ready

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
KINDS = ("components", "exposedapis", "dependentapis", "configmaps")

Key = tuple[str, str]
"""(namespace, name) of an object."""


def key_of(obj: Mapping[str, Any]) -> Key:
    metadata = obj.get("metadata") or {}
    return metadata.get("namespace") or "", metadata["name"]


def _version(obj: Mapping[str, Any]) -> int | None:
    value = (obj.get("metadata") or {}).get("resourceVersion")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plain(obj: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy({key: obj[key] for key in obj})


class ClusterView:
    """Objects by kind (plural) and (namespace, name), plus the readiness of every Service."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._objects: dict[str, dict[Key, dict[str, Any]]] = {kind: {} for kind in KINDS}
        self._slice_service: dict[Key, str] = {}  # EndpointSlice (namespace, name) -> its Service
        self._services: dict[Key, dict[str, bool]] = {}  # Service (namespace, name) -> {slice name: ready}

    # --- updates ------------------------------------------------------------------------------------

    def put(self, plural: str, obj: Mapping[str, Any]) -> bool:
        """Store ``obj`` unless the view already holds a newer version; True when it was stored."""
        key = key_of(obj)
        with self._lock:
            held = self._objects[plural].get(key)
            if held is not None:
                old, new = _version(held), _version(obj)
                if old is not None and new is not None and new < old:
                    return False
            self._objects[plural][key] = _plain(obj)
            return True

    def remove(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self._objects[plural].pop((namespace, name), None)

    def put_slice(self, endpoint_slice: Mapping[str, Any]) -> Key | None:
        """Record an EndpointSlice; returns its Service's (namespace, name) when the Service's readiness changed."""
        namespace, name = key_of(endpoint_slice)
        service = ((endpoint_slice.get("metadata") or {}).get("labels") or {}).get(SERVICE_NAME_LABEL)
        if not service:
            return None
        with self._lock:
            before = self.service_ready(namespace, service)
            self._slice_service[namespace, name] = service
            self._services.setdefault((namespace, service), {})[name] = endpoint_slices_ready([endpoint_slice])
            return (namespace, service) if self.service_ready(namespace, service) != before else None

    def remove_slice(self, namespace: str, name: str) -> Key | None:
        """Forget an EndpointSlice; returns its Service's key when the Service's readiness changed."""
        with self._lock:
            service = self._slice_service.pop((namespace, name), None)
            if service is None:
                return None
            before = self.service_ready(namespace, service)
            slices = self._services.get((namespace, service), {})
            slices.pop(name, None)
            if not slices:
                self._services.pop((namespace, service), None)
            return (namespace, service) if self.service_ready(namespace, service) != before else None

    # --- reads --------------------------------------------------------------------------------------

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self._objects[plural].get((namespace, name))

    def all(self, plural: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._objects[plural].values())

    def owned(self, plural: str, namespace: str, component: str) -> list[dict[str, Any]]:
        """Children of ``component`` in ``namespace`` that carry this operator's managed-by label."""
        with self._lock:
            return [
                obj for (obj_namespace, _), obj in self._objects[plural].items()
                if obj_namespace == namespace
                and (labels := obj.get("metadata", {}).get("labels") or {}).get(COMPONENT_LABEL) == component
                and labels.get(MANAGED_BY_LABEL) == MANAGER
            ]

    def service_ready(self, namespace: str, service: str) -> bool:
        """True when some EndpointSlice of the Service has a ready endpoint."""
        with self._lock:
            return any(self._services.get((namespace, service), {}).values())
