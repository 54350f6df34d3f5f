"""The kopf wiring: which events run the reconciler, with which kopf settings.

``build_registry`` returns a fresh ``kopf.OperatorRegistry`` instead of decorating the global one, so
the handlers carry the configured label selection and timer interval, and tests can run several
operators one after another in one process. Kopf keeps its bookkeeping in annotations under its own
prefix (not ``kopf.zalando.org``, which the canvas's kopf operators use), so the two never overwrite
each other's progress on the same Component.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from typing import Any

import kopf

from oda_cms_operator.kube import KubeGateway, Permission
from oda_cms_operator.matching import Provider
from oda_cms_operator.naming import COMPONENT_LABEL, GROUP, VERSION
from oda_cms_operator.reconcile import Reconciler
from oda_cms_operator.settings import OperatorConfig

ANNOTATIONS_PREFIX = "oda-cms.tmforum.org"

KOPF_PERMISSIONS = frozenset(
    {
        # kopf lists and watches what it handles and patches its annotations onto the Component.
        Permission(GROUP, "components", "list"),
        Permission(GROUP, "components", "watch"),
        Permission(GROUP, "components", "patch"),
        Permission(GROUP, "exposedapis", "list"),
        Permission(GROUP, "exposedapis", "watch"),
        # kopf posts Kubernetes events about handler outcomes.
        Permission("", "events", "create"),
    }
)
"""What the kopf runtime itself needs for the handlers below (the gateway declares the rest)."""


def _plain(body: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy({key: body[key] for key in body})


def configure_kopf(settings: kopf.OperatorSettings) -> None:
    """Kopf settings that let this operator run beside the canvas's kopf operators."""
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=ANNOTATIONS_PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=ANNOTATIONS_PREFIX, key="last-handled-configuration"
    )
    settings.persistence.finalizer = f"{ANNOTATIONS_PREFIX}/operator"
    settings.posting.level = logging.WARNING


def build_registry(config: OperatorConfig) -> kopf.OperatorRegistry:
    """All handlers of the operator, bound to ``config``.

    The reconciler is taken from ``memo.reconciler``; the startup handler creates one from the
    environment's credentials unless the caller supplied it in the memo.
    """
    registry = kopf.OperatorRegistry()
    labels = {COMPONENT_LABEL: config.component} if config.component else None

    @kopf.on.startup(registry=registry)
    def start(settings: kopf.OperatorSettings, memo: kopf.Memo, **_: Any) -> None:
        configure_kopf(settings)
        if getattr(memo, "reconciler", None) is None:
            memo.reconciler = Reconciler(KubeGateway.from_environment(), config)

    @kopf.on.resume(GROUP, VERSION, "components", labels=labels, registry=registry)
    @kopf.on.create(GROUP, VERSION, "components", labels=labels, registry=registry)
    @kopf.on.update(GROUP, VERSION, "components", labels=labels, registry=registry)
    def component_changed(body: kopf.Body, memo: kopf.Memo, logger: kopf.Logger, **_: Any) -> None:
        outcome = memo.reconciler.reconcile(_plain(body))
        logger.info("Reconciled: deployment_status=%s", outcome.deployment_status)

    @kopf.timer(GROUP, VERSION, "components", labels=labels, interval=config.resync_interval, registry=registry)
    def resync(body: kopf.Body, memo: kopf.Memo, **_: Any) -> None:
        # Catches what no watch reports: endpoints becoming ready, missed events, unresolved retries.
        memo.reconciler.reconcile(_plain(body))

    @kopf.on.event(GROUP, VERSION, "exposedapis", registry=registry)
    def provider_changed(body: kopf.Body, type: str | None, memo: kopf.Memo, **_: Any) -> None:
        if type is None:  # the initial listing; resume handlers already resolve everything at start
            return
        memo.reconciler.reconcile_consumers(Provider.from_exposed_api(_plain(body), config.cluster_domain))

    @kopf.on.delete(GROUP, VERSION, "components", labels=labels, optional=True, registry=registry)
    def component_deleted(body: kopf.Body, memo: kopf.Memo, **_: Any) -> None:
        # Children and the ConfigMap carry ownerReferences: garbage collection removes them, so no
        # finalizer is needed (optional=True keeps kopf from adding one).
        memo.reconciler.forget(body["metadata"]["namespace"], body["metadata"]["name"])

    return registry
