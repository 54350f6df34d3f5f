"""Bringing one Component's children, statuses and dependent-API ConfigMap in line with its spec.

``Reconciler.reconcile`` is level-based and idempotent: it reads what exists from the in-memory
``ClusterView`` (never from a list request), computes what should exist with the pure functions of the
sibling modules and writes only differences, so reconciling a converged Component sends no request.
Each answer to a write goes back into the view.

Failures stay with their Component. A spec that cannot be read, or a child the API server rejects
(400/422), is recorded in the Component's ``status.summary/status.errorSummary`` and in a Warning
Event; the same rejected body is not sent again until the spec changes. Any other failure (server
errors, a lost connection) propagates to the caller, which retries that Component alone.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from oda_cms_operator import children, configmap, specs, status
from oda_cms_operator.kube import ApiError, Conflict, Foreign, KubeGateway, NotFound
from oda_cms_operator.matching import Provider, Resolution, resolve
from oda_cms_operator.naming import COMPONENT_LABEL, component_name, configmap_name
from oda_cms_operator.settings import OperatorConfig
from oda_cms_operator.urls import service_url
from oda_cms_operator.view import ClusterView, Key

logger = logging.getLogger(__name__)

EventSink = Callable[[Mapping[str, Any], str, str, str], None]
"""``(object, type, reason, message)``: posts a Kubernetes Event about ``object``."""


def _no_events(obj: Mapping[str, Any], type_: str, reason: str, message: str) -> None:
    logger.log(logging.WARNING if type_ == "Warning" else logging.INFO, "%s %s/%s: %s: %s", type_,
               obj["metadata"].get("namespace"), obj["metadata"]["name"], reason, message)


@dataclass(frozen=True)
class Outcome:
    """What one reconciliation concluded, for logs and tests."""

    deployment_status: str | None
    resolutions: Mapping[str, Resolution]
    problems: tuple[str, ...] = field(default=())


def _subset_patch(current: Mapping[str, Any] | None, desired: Mapping[str, Any]) -> dict[str, Any]:
    """A merge patch turning the ``desired`` keys of ``current`` into ``desired`` (other keys untouched)."""
    current = current or {}
    return children.merge_patch({key: current[key] for key in desired if key in current}, desired)


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class Reconciler:
    """Reconciles Components through a ``KubeGateway`` according to an ``OperatorConfig``.

    Not re-entrant: the operator runs one reconciliation at a time (``handlers.Worker``).
    """

    def __init__(
        self,
        kube: KubeGateway,
        config: OperatorConfig,
        view: ClusterView | None = None,
        events: EventSink = _no_events,
    ) -> None:
        self.kube = kube
        self.config = config
        self.view = view if view is not None else ClusterView()
        self.events = events
        # Touched by the worker thread and by kopf's handlers (child_changed, forget): one lock.
        self._lock = threading.Lock()
        self._rejected: dict[tuple[str, str, str], tuple[str, str]] = {}  # child -> (body sent, refusal)
        self._reported: dict[Key, str] = {}  # Component -> problems last posted as an Event

    # --- selection ----------------------------------------------------------------------------------

    def in_scope(self, component: Mapping[str, Any]) -> bool:
        """Whether the configured selection covers ``component``."""
        metadata = component.get("metadata", {})
        if self.config.namespaces and metadata.get("namespace") not in self.config.namespaces:
            return False
        if self.config.component is None:
            return True
        return (metadata.get("labels") or {}).get(COMPONENT_LABEL) == self.config.component

    def active_components(self) -> list[dict[str, Any]]:
        """Every in-scope Component not being deleted."""
        return [c for c in self.view.all("components")
                if self.in_scope(c) and not c["metadata"].get("deletionTimestamp")]

    def child_changed(self, plural: str, namespace: str, name: str) -> None:
        """Someone changed or removed a child: a body refused for it may be accepted now."""
        with self._lock:
            self._rejected.pop((plural, namespace, name), None)

    def forget(self, namespace: str, name: str) -> None:
        """Drop per-Component bookkeeping once the Component is gone."""
        with self._lock:
            self._reported.pop((namespace, name), None)
            for child in [k for k in self._rejected if k[1] == namespace and k[2].startswith(f"{name}-")]:
                self._rejected.pop(child, None)

    # --- entry points -------------------------------------------------------------------------------

    def reconcile_key(self, key: Key) -> Outcome | None:
        """Reconcile the Component ``key`` as the view holds it; None when it is gone or out of scope.

        A failure that is not the Component's own fault is recorded in its status and re-raised.
        """
        component = self.view.get("components", *key)
        if component is None or not self.in_scope(component) or component["metadata"].get("deletionTimestamp"):
            return None
        try:
            return self.reconcile(component)
        except NotFound:  # something vanished since the view saw it: the retry sees the news
            raise
        except Exception as error:
            self._report_failure(component, f"reconciliation failed, will retry: {error}")
            raise

    def reconcile(self, component: Mapping[str, Any]) -> Outcome:
        name = component_name(component)
        namespace = component["metadata"]["namespace"]
        spec = component.get("spec") or {}
        try:
            exposed = specs.exposed_apis(name, spec)
            dependents = specs.dependent_apis(name, spec)
        except specs.SpecError as error:
            problem = f"invalid spec: {error}"
            self._report_problems(component, [problem], reason="InvalidSpec")
            return Outcome(status.IN_PROGRESS_EXPOSED, {}, (problem,))

        providers = self.providers()
        resolutions = [resolve(api, namespace, name, providers) for api in dependents]
        resolved = list(zip(dependents, resolutions, strict=True))
        problems: list[str] = []
        self._write_configmap(component, name, resolved, problems)

        outcome_status: str | None = None
        if not self.config.canvas_mode:
            wanted = [children.exposed_api_body(api, component, name) for api in exposed]
            exposed_children = self._sync_children("exposedapis", namespace, name, wanted, problems)
            exposed_pairs = [
                (api, self._update_exposed_status(api, namespace, exposed_children.get(api.child, {})))
                for api in exposed
            ]
            wanted = [children.dependent_api_body(api, component, name) for api in dependents]
            dependent_children = self._sync_children("dependentapis", namespace, name, wanted, problems)
            dependent_triples = []
            for api, resolution in resolved:
                desired_status = status.dependent_api_status(resolution)
                child = self._patch_status("dependentapis", dependent_children.get(api.child, {}), desired_status)
                dependent_triples.append((api, child, resolution))
            desired = status.component_status(exposed_pairs, dependent_triples, "; ".join(problems) or None)
            self._patch_component_status(component, desired)
            outcome_status = desired[status.SUMMARY_KEY]["deployment_status"]
        self._post_problems(component, problems, reason="ChildRejected")
        return Outcome(outcome_status, {api.name: res for api, res in resolved}, tuple(problems))

    def providers(self) -> list[Provider]:
        """Every ExposedAPI in the view as a provider, with the id its Component declares for it."""
        declared: dict[tuple[str, str, str], str] = {}
        for component in self.view.all("components"):
            namespace, owner = component["metadata"].get("namespace", ""), component_name(component)
            for api_name, api_id in specs.declared_api_ids(component.get("spec") or {}).items():
                declared[namespace, owner, api_name] = api_id
        result = []
        for obj in self.view.all("exposedapis"):
            metadata = obj.get("metadata", {})
            owner = (metadata.get("labels") or {}).get(COMPONENT_LABEL, "")
            api_name = (obj.get("spec") or {}).get("name", "")
            declared_id = declared.get((metadata.get("namespace", ""), owner, api_name))
            result.append(Provider.from_exposed_api(obj, self.config.cluster_domain, declared_id))
        return result

    # --- problems -----------------------------------------------------------------------------------

    def _post_problems(self, component: Mapping[str, Any], problems: list[str], reason: str) -> None:
        """Post a Warning Event when the Component's problems changed (not again for the same ones)."""
        key = (component["metadata"]["namespace"], component["metadata"]["name"])
        text = "; ".join(problems)
        stored = ((component.get("status") or {}).get(status.SUMMARY_KEY) or {}).get(status.ERROR_KEY, "")
        with self._lock:
            previous = self._reported.get(key, stored)
            self._reported[key] = text
        if text and text != previous:
            self.events(component, "Warning", reason, text)
        elif previous and not text:
            self.events(component, "Normal", "Reconciled", "the earlier problems are gone")

    def _report_problems(self, component: Mapping[str, Any], problems: list[str], reason: str) -> None:
        """Record problems that stop the whole Component in its status summary, and post them."""
        text = "; ".join(problems)
        if not self.config.canvas_mode:
            current = (component.get("status") or {}).get(status.SUMMARY_KEY) or {}
            desired = {**current, status.ERROR_KEY: text, "deployment_status": status.IN_PROGRESS_EXPOSED}
            self._patch_component_status(component, {status.SUMMARY_KEY: desired})
        self._post_problems(component, problems, reason)

    def _report_failure(self, component: Mapping[str, Any], problem: str) -> None:
        try:
            self._report_problems(component, [problem], reason="ReconcileFailed")
        except Exception:  # the API is failing anyway; the log has it and the retry will try again
            logger.exception("Could not record the failure of %s/%s", component["metadata"].get("namespace"),
                             component["metadata"]["name"])

    # --- steps --------------------------------------------------------------------------------------

    def _patch_component_status(self, component: Mapping[str, Any], desired: Mapping[str, Any]) -> None:
        patch = _subset_patch(component.get("status"), desired)
        if patch:
            metadata = component["metadata"]
            self.view.put("components", self.kube.patch_component(metadata["namespace"], metadata["name"],
                                                                   {"status": patch}))

    def _attempt(self, plural: str, name: str, namespace: str, sent: Any, problems: list[str],
                 write: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        """Run ``write`` unless the same ``sent`` body was refused before; record a refusal as a problem."""
        key = (plural, namespace, name)
        fingerprint = _fingerprint(sent)
        with self._lock:
            refused = self._rejected.get(key)
        if refused is not None and refused[0] == fingerprint:
            problems.append(refused[1])
            return None
        try:
            result = write()
        except ApiError as error:
            if not error.rejected:
                raise
            problem = f"{plural} {name} rejected: {error.message}"
            with self._lock:
                self._rejected[key] = (fingerprint, problem)
            problems.append(problem)
            logger.warning("The API server rejected %s %s/%s: %s", plural, namespace, name, error.message)
            return None
        with self._lock:
            self._rejected.pop(key, None)
        return result

    def _sync_children(
        self, plural: str, namespace: str, name: str, desired: list[dict[str, Any]], problems: list[str]
    ) -> dict[str, dict[str, Any]]:
        existing = self.view.owned(plural, namespace, name)
        current = {child["metadata"]["name"]: child for child in existing}
        plan = children.plan_children(desired, existing)
        for body in plan.create:
            child_name = body["metadata"]["name"]
            created = self._attempt(plural, child_name, namespace, body, problems,
                                    lambda body=body: self._create_child(plural, body))
            if created is not None:
                current[child_name] = created
        for child_name, patch in plan.patch.items():
            patched = self._attempt(plural, child_name, namespace, patch, problems,
                                    lambda child_name=child_name, patch=patch: self.kube.patch_child(
                                        plural, namespace, child_name, patch))
            if patched is not None:
                current[child_name] = patched
                self.view.put(plural, patched)
                logger.info("Updated %s %s/%s", plural, namespace, child_name)
        for child_name in plan.delete:
            self.kube.delete_child(plural, namespace, child_name)
            self.view.remove(plural, namespace, child_name)
            current.pop(child_name, None)
            logger.info("Deleted %s %s/%s", plural, namespace, child_name)
        return current

    def _create_child(self, plural: str, body: dict[str, Any]) -> dict[str, Any] | None:
        namespace, child_name = body["metadata"]["namespace"], body["metadata"]["name"]
        try:
            created = self.kube.create_child(plural, body)
        except Conflict:
            existing = self.kube.read_child(plural, namespace, child_name)
            labels = ((existing or {}).get("metadata") or {}).get("labels") or {}
            if existing is None or labels != {**labels, **body["metadata"]["labels"]}:
                # Someone else (a canvas operator, a person) owns an object of that name: leave it be.
                raise Foreign(f"{plural}/{namespace}/{child_name}") from None
            self.view.put(plural, existing)  # ours, and the watch has not told yet: plan again next time
            return existing
        self.view.put(plural, created)
        logger.info("Created %s %s/%s", plural, namespace, child_name)
        return created

    def _patch_status(self, plural: str, child: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        patch = _subset_patch(child.get("status"), desired)
        if not patch or "uid" not in child.get("metadata", {}):  # not created: nothing to patch
            return child
        metadata = child["metadata"]
        patched = self.kube.patch_child(plural, metadata["namespace"], metadata["name"], {"status": patch})
        self.view.put(plural, patched)
        return patched

    def _update_exposed_status(self, api: specs.ExposedApi, namespace: str, child: dict[str, Any]) -> dict[str, Any]:
        if not api.implementation or not child:
            return child
        domain = self.config.cluster_domain
        url = service_url(api.implementation, namespace, api.port, api.path, domain)
        developer_ui = (
            service_url(api.implementation, namespace, api.port, api.developer_ui, domain) if api.developer_ui else None
        )
        ready = self.view.service_ready(namespace, api.implementation)
        return self._patch_status("exposedapis", child, status.exposed_api_status(url, developer_ui, ready))

    def _write_configmap(
        self,
        component: Mapping[str, Any],
        name: str,
        resolved: list[tuple[specs.DependentApi, Resolution]],
        problems: list[str],
    ) -> None:
        namespace = component["metadata"]["namespace"]
        cm_name = configmap_name(name)
        body = configmap.configmap_body(component, name, configmap.dependent_apis_document(resolved))
        existing = self.view.get("configmaps", namespace, cm_name)
        if existing is None:
            try:
                created = self._attempt("configmaps", cm_name, namespace, body, problems,
                                        lambda: self.kube.create_configmap(body))
                if created is not None:
                    self.view.put("configmaps", created)
                return
            except Conflict:  # exists without our label (made by hand), or the watch has not told yet
                existing = self.kube.read_configmap(namespace, cm_name) or {}
        patch = _subset_patch(existing, {"data": body["data"]})
        existing_meta = existing.get("metadata", {})
        labels = body["metadata"]["labels"]
        if any((existing_meta.get("labels") or {}).get(k) != v for k, v in labels.items()):
            patch.setdefault("metadata", {})["labels"] = labels
        if not existing_meta.get("ownerReferences"):
            patch.setdefault("metadata", {})["ownerReferences"] = body["metadata"]["ownerReferences"]
        if patch:
            patched = self._attempt("configmaps", cm_name, namespace, patch, problems,
                                    lambda: self.kube.patch_configmap(namespace, cm_name, patch))
            if patched is not None:
                self.view.put("configmaps", patched)
