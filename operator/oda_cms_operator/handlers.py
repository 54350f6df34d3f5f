"""The kopf wiring: credentials, watches feeding the in-memory view, and the reconciliation worker.

Kopf logs in with its own handler for the kubernetes client's configuration (in-cluster service
account, else ``$KUBECONFIG`` / ~/.kube/config), registered on the operator's registry: a fresh
``kopf.OperatorRegistry`` carries none of kopf's default login handlers.

Kopf watches Components, ExposedAPIs, DependentAPIs, the operator's ConfigMaps (selected on the
server by the managed-by label) and EndpointSlices. Its index handlers see the initial listing and
every change and put them into the ``ClusterView``; kopf runs no other handler before every index is
complete, so the first reconciliation already sees the whole cluster. Event handlers see deletions.
Each change queues only the Components it concerns: the owner of a child, the Components consuming
APIs when an ExposedAPI changes, the Components whose implementation Service turned ready or unready.

One worker task takes Components from the queue and reconciles them one at a time, in a thread (the
gateway is synchronous). A Component that fails is retried alone with a backoff; others go on. The
periodic resync only queues every Component again: it reads nothing from the API, and a converged
Component costs no request at all.

The operator has no create/update handlers, so kopf writes nothing onto Components (no progress or
last-handled annotations, no finalizers: garbage collection through ownerReferences cleans up).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Mapping
from typing import Any

import kopf

from oda_cms_operator.kube import KubeGateway, Permission
from oda_cms_operator.naming import COMPONENT_LABEL, GROUP, MANAGED_BY_LABEL, MANAGER, VERSION, component_name
from oda_cms_operator.reconcile import Reconciler
from oda_cms_operator.settings import OperatorConfig
from oda_cms_operator.view import SERVICE_NAME_LABEL, ClusterView, Key, key_of
from oda_cms_operator.workqueue import WorkQueue

ANNOTATIONS_PREFIX = "oda-cms.tmforum.org"
logger = logging.getLogger(__name__)

WATCHED = {
    "components": (GROUP, VERSION),
    "exposedapis": (GROUP, VERSION),
    "dependentapis": (GROUP, VERSION),
    "configmaps": ("", "v1"),
    "endpointslices": ("discovery.k8s.io", "v1"),
}
"""Every resource kopf lists and watches for the operator."""

KOPF_PERMISSIONS = frozenset(
    {Permission(group, plural, verb) for plural, (group, _) in WATCHED.items() for verb in ("list", "watch")}
    | {
        # kopf watches CRDs to notice the ODA resources being installed or removed.
        Permission("apiextensions.k8s.io", "customresourcedefinitions", "list"),
        Permission("apiextensions.k8s.io", "customresourcedefinitions", "watch"),
        # kopf posts the operator's Kubernetes Events.
        Permission("", "events", "create"),
    }
)
"""What the kopf runtime itself needs (the gateway declares the rest)."""


def configure_kopf(settings: kopf.OperatorSettings) -> None:
    """Kopf settings: server-side selection of the ConfigMaps, Events, and a prefix of our own."""
    settings.watching.label_selectors[("", "v1", "configmaps")] = f"{MANAGED_BY_LABEL}={MANAGER}"
    # Should kopf ever keep state on an object, it must not use the canvas operators' prefix.
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=ANNOTATIONS_PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=ANNOTATIONS_PREFIX, key="last-handled-configuration"
    )
    settings.persistence.finalizer = f"{ANNOTATIONS_PREFIX}/operator"
    settings.posting.enabled = True
    settings.posting.level = logging.WARNING


class KopfEvents:
    """Posts Kubernetes Events through kopf's poster from the reconciler's thread.

    ``kopf.event`` finds kopf's event queue in context variables that kopf sets for its handlers;
    the context of the first handler call is kept (``capture``) and used for every Event.
    """

    def __init__(self) -> None:
        self._context: contextvars.Context | None = None

    def capture(self) -> None:
        if self._context is None:
            self._context = contextvars.copy_context()

    def __call__(self, obj: Mapping[str, Any], type_: str, reason: str, message: str) -> None:
        metadata = obj["metadata"]
        logger.log(logging.WARNING if type_ == "Warning" else logging.INFO, "%s %s/%s: %s",
                   reason, metadata.get("namespace"), metadata["name"], message)
        if self._context is not None:
            body = {"apiVersion": obj.get("apiVersion", f"{GROUP}/{VERSION}"), "kind": obj.get("kind", "Component"),
                    "metadata": {key: metadata.get(key) for key in ("name", "namespace", "uid")}}
            self._context.copy().run(kopf.event, body, type=type_, reason=reason, message=message[:1000])


class Runtime:
    """The operator's moving parts, created by the startup handler."""

    def __init__(self, config: OperatorConfig) -> None:
        self.config = config
        self.view = ClusterView()
        self.events = KopfEvents()
        self.queue: WorkQueue[Key] = WorkQueue()
        self.listed = asyncio.Event()
        self.reconciler: Reconciler | None = None
        self.tasks: list[asyncio.Task[None]] = []

    # --- which Components a change concerns ---------------------------------------------------------

    def queue_named(self, namespace: str, name: str | None) -> None:
        """Queue the in-scope Components of ``namespace`` whose ODA component name is ``name``."""
        assert self.reconciler is not None
        for component in self.reconciler.active_components():
            if component["metadata"]["namespace"] == namespace and component_name(component) == name:
                self.queue.add(key_of(component))

    def queue_consumers(self, except_namespace: str, except_component: str | None) -> None:
        """Queue every in-scope Component that declares dependent APIs (a provider changed)."""
        assert self.reconciler is not None
        for component in self.reconciler.active_components():
            own = component_name(component) == except_component
            if own and component["metadata"]["namespace"] == except_namespace:
                continue
            core = (component.get("spec") or {}).get("coreFunction")
            if isinstance(core, Mapping) and core.get("dependentAPIs"):
                self.queue.add(key_of(component))

    def queue_implementing(self, namespace: str, service: str) -> None:
        """Queue the in-scope Components of ``namespace`` whose APIs ``service`` implements."""
        assert self.reconciler is not None
        for component in self.reconciler.active_components():
            if component["metadata"]["namespace"] == namespace and _mentions(component.get("spec"), service):
                self.queue.add(key_of(component))

    # --- the worker and the resync ------------------------------------------------------------------

    async def work(self) -> None:
        """Reconcile queued Components one at a time, forever; a failing one is retried alone, later."""
        assert self.reconciler is not None
        await self.listed.wait()
        failures: dict[Key, int] = {}
        while True:
            key = await self.queue.get()
            try:
                await asyncio.to_thread(self.reconciler.reconcile_key, key)
            except Exception:
                failures[key] = failures.get(key, 0) + 1
                delay = min(self.config.resync_interval, 2.0 ** (failures[key] - 1))
                logger.exception("Reconciling %s/%s failed; retrying in %.0fs", *key, delay)
                self.queue.add(key, delay)
            else:
                failures.pop(key, None)

    async def resync(self) -> None:
        """Queue every in-scope Component each resync interval (reads nothing from the API)."""
        assert self.reconciler is not None
        while True:
            await asyncio.sleep(self.config.resync_interval)
            for component in self.reconciler.active_components():
                self.queue.add(key_of(component))


def _mentions(value: Any, service: str) -> bool:
    """Whether some ``implementation`` anywhere in ``value`` (a Component spec) is ``service``."""
    if isinstance(value, Mapping):
        return value.get("implementation") == service or any(_mentions(item, service) for item in value.values())
    if isinstance(value, list):
        return any(_mentions(item, service) for item in value)
    return False


def _labels(body: Mapping[str, Any]) -> Mapping[str, str]:
    return (body.get("metadata") or {}).get("labels") or {}


def build_registry(config: OperatorConfig, gateway: KubeGateway | None = None) -> kopf.OperatorRegistry:
    """All handlers of the operator, bound to ``config``.

    ``gateway`` is for embedding; by default it is built from the same credentials kopf uses.
    """
    registry = kopf.OperatorRegistry()
    runtime = Runtime(config)

    kopf.on.login(registry=registry)(kopf.login_via_client)

    @kopf.on.startup(registry=registry, id="start")
    async def start(settings: kopf.OperatorSettings, **_: Any) -> None:
        configure_kopf(settings)
        kube = gateway if gateway is not None else KubeGateway.from_environment()
        runtime.reconciler = Reconciler(kube, config, runtime.view, runtime.events)
        runtime.tasks = [asyncio.create_task(runtime.work()), asyncio.create_task(runtime.resync())]

    @kopf.on.cleanup(registry=registry, id="stop")
    async def stop(**_: Any) -> None:
        for task in runtime.tasks:
            task.cancel()
        await asyncio.gather(*runtime.tasks, return_exceptions=True)

    def listed(**_: Any) -> None:
        """Every event handler runs only after kopf listed all watched resources."""
        runtime.events.capture()
        runtime.listed.set()

    # --- Components ---------------------------------------------------------------------------------

    @kopf.index(GROUP, VERSION, "components", registry=registry, id="index_component")
    async def index_component(body: kopf.Body, **_: Any) -> None:
        component = {"apiVersion": f"{GROUP}/{VERSION}", "kind": "Component", **body}
        runtime.view.put("components", component)
        if runtime.reconciler is not None and runtime.reconciler.in_scope(component):
            runtime.queue.add(key_of(component))

    @kopf.on.event(GROUP, VERSION, "components", registry=registry, id="component_event")
    async def component_event(body: kopf.Body, type: str | None, **_: Any) -> None:
        listed()
        if type == "DELETED":
            namespace, name = key_of(body)
            runtime.view.remove("components", namespace, name)
            runtime.queue.discard((namespace, name))
            if runtime.reconciler is not None:
                runtime.reconciler.forget(namespace, name)

    # --- ExposedAPIs and DependentAPIs --------------------------------------------------------------

    def child_changed(plural: str, body: Mapping[str, Any], deleted: bool) -> None:
        namespace, name = key_of(body)
        if deleted:
            runtime.view.remove(plural, namespace, name)
        else:
            runtime.view.put(plural, body)
        if runtime.reconciler is None:
            return
        runtime.reconciler.child_changed(plural, namespace, name)
        owner = _labels(body).get(COMPONENT_LABEL)
        runtime.queue_named(namespace, owner)
        if plural == "exposedapis":
            runtime.queue_consumers(namespace, owner)

    @kopf.index(GROUP, VERSION, "exposedapis", registry=registry, id="index_exposed_api")
    async def index_exposed_api(body: kopf.Body, **_: Any) -> None:
        child_changed("exposedapis", body, deleted=False)

    @kopf.on.event(GROUP, VERSION, "exposedapis", registry=registry, id="exposed_api_event")
    async def exposed_api_event(body: kopf.Body, type: str | None, **_: Any) -> None:
        listed()
        if type == "DELETED":
            child_changed("exposedapis", body, deleted=True)

    @kopf.index(GROUP, VERSION, "dependentapis", registry=registry, id="index_dependent_api")
    async def index_dependent_api(body: kopf.Body, **_: Any) -> None:
        child_changed("dependentapis", body, deleted=False)

    @kopf.on.event(GROUP, VERSION, "dependentapis", registry=registry, id="dependent_api_event")
    async def dependent_api_event(body: kopf.Body, type: str | None, **_: Any) -> None:
        listed()
        if type == "DELETED":
            child_changed("dependentapis", body, deleted=True)

    # --- the operator's ConfigMaps (selected on the server by the managed-by label) -----------------

    def configmap_changed(body: Mapping[str, Any], deleted: bool) -> None:
        if _labels(body).get(MANAGED_BY_LABEL) != MANAGER:
            return
        namespace, name = key_of(body)
        if deleted:
            runtime.view.remove("configmaps", namespace, name)
        else:
            runtime.view.put("configmaps", body)
        if runtime.reconciler is not None:
            runtime.queue_named(namespace, _labels(body).get(COMPONENT_LABEL))

    @kopf.index("", "v1", "configmaps", registry=registry, id="index_configmap")
    async def index_configmap(body: kopf.Body, **_: Any) -> None:
        configmap_changed(body, deleted=False)

    @kopf.on.event("", "v1", "configmaps", registry=registry, id="configmap_event")
    async def configmap_event(body: kopf.Body, type: str | None, **_: Any) -> None:
        listed()
        if type == "DELETED":
            configmap_changed(body, deleted=True)

    # --- Service readiness --------------------------------------------------------------------------

    def readiness_changed(changed: Key | None) -> None:
        if changed is not None and runtime.reconciler is not None:
            runtime.queue_implementing(*changed)

    @kopf.index("discovery.k8s.io", "v1", "endpointslices", registry=registry, id="index_endpoint_slice")
    async def index_endpoint_slice(body: kopf.Body, **_: Any) -> None:
        readiness_changed(runtime.view.put_slice(body))

    @kopf.on.event("discovery.k8s.io", "v1", "endpointslices", registry=registry, id="endpoint_slice_event")
    async def endpoint_slice_event(body: kopf.Body, type: str | None, **_: Any) -> None:
        listed()
        if type == "DELETED" and _labels(body).get(SERVICE_NAME_LABEL):
            readiness_changed(runtime.view.remove_slice(*key_of(body)))

    return registry
