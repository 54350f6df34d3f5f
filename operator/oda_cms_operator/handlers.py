"""The kopf wiring: which events run the reconciler, with which kopf settings.

``build_registry`` returns a fresh ``kopf.OperatorRegistry`` instead of decorating the global one, so
the handlers carry the configured label selection and timer interval, and tests can run several
operators one after another in one process. Kopf keeps its bookkeeping in annotations under its own
prefix (not ``kopf.zalando.org``, which the canvas's kopf operators use), so the two never overwrite
each other's progress on the same Component.
"""

from __future__ import annotations

import asyncio
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
logger = logging.getLogger(__name__)

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


async def resync_forever(reconciler: Reconciler, interval: float) -> None:
    """Reconcile every in-scope Component each ``interval`` seconds, until cancelled.

    It catches what no watch reports (endpoints becoming ready, events missed while disconnected) and
    retries unresolved dependent APIs. It is a plain task rather than a ``kopf.timer`` because kopf puts a
    finalizer on every object with a timer, and a finalizer would leave Components undeletable whenever
    the operator is not running; garbage collection already cleans up everything this operator creates.
    """
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(reconciler.reconcile_all)
        except Exception:  # the next round retries; a failing cluster call must not end the loop
            logger.exception("Periodic resync failed")


def build_registry(config: OperatorConfig) -> kopf.OperatorRegistry:
    """All handlers of the operator, bound to ``config``.

    The reconciler is taken from ``memo.reconciler``; the startup handler creates one from the
    environment's credentials unless the caller supplied it in the memo.
    """
    registry = kopf.OperatorRegistry()
    labels = {COMPONENT_LABEL: config.component} if config.component else None

    @kopf.on.startup(registry=registry)
    async def start(settings: kopf.OperatorSettings, memo: kopf.Memo, **_: Any) -> None:
        configure_kopf(settings)
        if getattr(memo, "reconciler", None) is None:
            memo.reconciler = Reconciler(KubeGateway.from_environment(), config)
        memo.resync = asyncio.create_task(resync_forever(memo.reconciler, config.resync_interval))

    @kopf.on.cleanup(registry=registry)
    async def stop(memo: kopf.Memo, **_: Any) -> None:
        memo.resync.cancel()
        await asyncio.gather(memo.resync, return_exceptions=True)

    @kopf.on.resume(GROUP, VERSION, "components", labels=labels, registry=registry)
    @kopf.on.create(GROUP, VERSION, "components", labels=labels, registry=registry)
    @kopf.on.update(GROUP, VERSION, "components", labels=labels, registry=registry)
    def component_changed(body: kopf.Body, memo: kopf.Memo, logger: kopf.Logger, **_: Any) -> None:
        outcome = memo.reconciler.reconcile(_plain(body))
        logger.info("Reconciled: deployment_status=%s", outcome.deployment_status)

    @kopf.on.event(GROUP, VERSION, "exposedapis", registry=registry)
    def provider_changed(body: kopf.Body, type: str | None, memo: kopf.Memo, **_: Any) -> None:
        if type is None:  # the initial listing; resume handlers already resolve everything at start
            return
        memo.reconciler.reconcile_consumers(Provider.from_exposed_api(_plain(body), config.cluster_domain))

    @kopf.on.delete(GROUP, VERSION, "components", labels=labels, optional=True, registry=registry)
    def component_deleted(body: kopf.Body, memo: kopf.Memo, **_: Any) -> None:
        # Children and the ConfigMap carry ownerReferences: garbage collection removes them, so no
        # finalizer is needed (optional=True keeps kopf from adding one) and none is added.
        memo.reconciler.forget(body["metadata"]["namespace"], body["metadata"]["name"])

    return registry
