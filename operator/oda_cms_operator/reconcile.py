"""Bringing one Component's children, statuses and dependent-API ConfigMap in line with its spec.

``Reconciler.reconcile`` is level-based and idempotent: it reads what exists, computes what should
exist with the pure functions of the sibling modules, and writes only differences. Every trigger
(create, update, resume, timer, a provider ExposedAPI changing) calls the same code, serialised per
Component so that concurrent triggers never race each other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oda_cms_operator import children, configmap, specs, status
from oda_cms_operator.kube import Conflict, KubeGateway
from oda_cms_operator.matching import Provider, Resolution, resolve
from oda_cms_operator.naming import COMPONENT_LABEL, component_name, configmap_name, owned_children_selector
from oda_cms_operator.readiness import endpoint_slices_ready, endpoints_ready
from oda_cms_operator.settings import OperatorConfig
from oda_cms_operator.urls import service_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What one reconciliation concluded, for logs and tests."""

    deployment_status: str | None
    resolutions: Mapping[str, Resolution]


def _subset_patch(current: Mapping[str, Any] | None, desired: Mapping[str, Any]) -> dict[str, Any]:
    current = current or {}
    return children.merge_patch({key: current[key] for key in desired if key in current}, desired)


class Reconciler:
    """Reconciles Components through a ``KubeGateway`` according to an ``OperatorConfig``."""

    def __init__(self, kube: KubeGateway, config: OperatorConfig) -> None:
        self.kube = kube
        self.config = config
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def in_scope(self, component: Mapping[str, Any]) -> bool:
        """Whether the configured selection covers ``component``."""
        if self.config.component is None:
            namespaces = self.config.namespaces
            return not namespaces or component["metadata"].get("namespace") in namespaces
        labels = component.get("metadata", {}).get("labels") or {}
        return labels.get(COMPONENT_LABEL) == self.config.component

    def _lock(self, namespace: str, name: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault((namespace, name), threading.Lock())

    def forget(self, namespace: str, name: str) -> None:
        """Drop per-Component bookkeeping once the Component is gone."""
        with self._locks_guard:
            self._locks.pop((namespace, name), None)

    def reconcile(self, component: Mapping[str, Any]) -> Outcome:
        metadata = component["metadata"]
        with self._lock(metadata["namespace"], metadata["name"]):
            return self._reconcile(component)

    def reconcile_all(self) -> int:
        """Reconcile every in-scope Component that is not being deleted; failures are logged per Component.

        Returns how many Components were reconciled successfully.
        """
        count = 0
        for component in self.kube.list_components():
            if not self.in_scope(component) or component["metadata"].get("deletionTimestamp"):
                continue
            try:
                self.reconcile(component)
                count += 1
            except Exception:
                logger.exception("Reconciling %s/%s failed", component["metadata"].get("namespace"),
                                 component["metadata"]["name"])
        return count

    def reconcile_consumers(self, changed: Provider) -> int:
        """Re-resolve every in-scope Component that has dependent APIs, except the provider's own one.

        Returns how many Components were reconciled.
        """
        count = 0
        for component in self.kube.list_components():
            if not self.in_scope(component) or component["metadata"].get("deletionTimestamp"):
                continue
            spec = component.get("spec") or {}
            if not (spec.get("coreFunction") or {}).get("dependentAPIs"):
                continue
            own = component_name(component) == changed.component
            if own and component["metadata"]["namespace"] == changed.namespace:
                continue
            self.reconcile(component)
            count += 1
        return count

    # --- steps -------------------------------------------------------------------------------------

    def _reconcile(self, component: Mapping[str, Any]) -> Outcome:
        name = component_name(component)
        namespace = component["metadata"]["namespace"]
        spec = component.get("spec") or {}
        exposed = specs.exposed_apis(name, spec)
        dependents = specs.dependent_apis(name, spec)

        domain = self.config.cluster_domain
        providers = [Provider.from_exposed_api(obj, domain) for obj in self.kube.list_exposed_apis()]
        resolutions = [resolve(api, namespace, name, providers) for api in dependents]
        self._write_configmap(component, name, list(zip(dependents, resolutions, strict=True)))

        outcome_status: str | None = None
        if not self.config.canvas_mode:
            wanted = [children.exposed_api_body(api, component, name) for api in exposed]
            exposed_children = self._sync_children("exposedapis", namespace, name, wanted)
            exposed_pairs = [
                (api, self._update_exposed_status(api, namespace, exposed_children[api.child])) for api in exposed
            ]
            wanted = [children.dependent_api_body(api, component, name) for api in dependents]
            dependent_children = self._sync_children("dependentapis", namespace, name, wanted)
            dependent_triples = []
            for api, resolution in zip(dependents, resolutions, strict=True):
                desired_status = status.dependent_api_status(resolution)
                child = self._patch_status("dependentapis", dependent_children[api.child], desired_status)
                dependent_triples.append((api, child, resolution))
            desired = status.component_status(exposed_pairs, dependent_triples)
            patch = _subset_patch(component.get("status"), desired)
            if patch:
                self.kube.patch_component(namespace, component["metadata"]["name"], {"status": patch})
            outcome_status = desired[status.SUMMARY_KEY]["deployment_status"]
        return Outcome(outcome_status, {api.name: res for api, res in zip(dependents, resolutions, strict=True)})

    def _sync_children(
        self, plural: str, namespace: str, name: str, desired: list[dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        existing = self.kube.list_children(plural, namespace, owned_children_selector(name))
        current = {child["metadata"]["name"]: child for child in existing}
        plan = children.plan_children(desired, existing)
        for body in plan.create:
            child_name = body["metadata"]["name"]
            try:
                current[child_name] = self.kube.create_child(plural, body)
                logger.info("Created %s %s/%s", plural, namespace, child_name)
            except Conflict:
                # Someone else (a canvas operator, a person) owns an object of that name: leave it be.
                logger.warning("Not creating %s %s/%s: it exists and is not ours", plural, namespace, child_name)
                current[child_name] = body
        for child_name, patch in plan.patch.items():
            current[child_name] = self.kube.patch_child(plural, namespace, child_name, patch)
            logger.info("Updated %s %s/%s", plural, namespace, child_name)
        for child_name in plan.delete:
            self.kube.delete_child(plural, namespace, child_name)
            current.pop(child_name, None)
            logger.info("Deleted %s %s/%s", plural, namespace, child_name)
        return current

    def _patch_status(self, plural: str, child: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        patch = _subset_patch(child.get("status"), desired)
        if not patch or "uid" not in child.get("metadata", {}):  # not ours or not created: nothing to patch
            return child
        metadata = child["metadata"]
        return self.kube.patch_child(plural, metadata["namespace"], metadata["name"], {"status": patch})

    def _service_ready(self, namespace: str, service: str) -> bool:
        slices = self.kube.endpoint_slices(namespace, service)
        if slices:
            return endpoint_slices_ready(slices)
        return endpoints_ready(self.kube.endpoints(namespace, service))

    def _update_exposed_status(self, api: specs.ExposedApi, namespace: str, child: dict[str, Any]) -> dict[str, Any]:
        if not api.implementation:
            return child
        domain = self.config.cluster_domain
        url = service_url(api.implementation, namespace, api.port, api.path, domain)
        developer_ui = (
            service_url(api.implementation, namespace, api.port, api.developer_ui, domain) if api.developer_ui else None
        )
        ready = self._service_ready(namespace, api.implementation)
        return self._patch_status("exposedapis", child, status.exposed_api_status(url, developer_ui, ready))

    def _write_configmap(
        self, component: Mapping[str, Any], name: str, resolved: list[tuple[specs.DependentApi, Resolution]]
    ) -> None:
        namespace = component["metadata"]["namespace"]
        body = configmap.configmap_body(component, name, configmap.dependent_apis_document(resolved))
        existing = self.kube.read_configmap(namespace, configmap_name(name))
        if existing is None:
            try:
                self.kube.create_configmap(body)
                return
            except Conflict:
                existing = self.kube.read_configmap(namespace, configmap_name(name)) or {}
        patch = _subset_patch(existing, {"data": body["data"]})
        existing_meta = existing.get("metadata", {})
        labels = body["metadata"]["labels"]
        if any((existing_meta.get("labels") or {}).get(k) != v for k, v in labels.items()):
            patch.setdefault("metadata", {})["labels"] = labels
        if not existing_meta.get("ownerReferences"):
            patch.setdefault("metadata", {})["ownerReferences"] = body["metadata"]["ownerReferences"]
        if patch:
            self.kube.patch_configmap(namespace, configmap_name(name), patch)
