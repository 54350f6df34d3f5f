"""oda-cms operator: registers the oda-cms ODA Component's APIs and wires its dependent APIs.

A kopf operator for ``Component`` resources (oda.tmforum.org/v1). Modules, by concern:
``specs`` (reading a Component spec), ``naming``, ``urls``, ``readiness``, ``matching`` (dependent
API resolution), ``children`` (desired children and the plan to reach them), ``status``,
``configmap`` (the contract with the component process), ``kube`` (the Kubernetes gateway),
``reconcile`` (one Component end to end), ``handlers`` (kopf wiring), ``settings``.
It must not import the component's own package.
"""

from oda_cms_operator.handlers import build_registry, configure_kopf
from oda_cms_operator.kube import PERMISSIONS, KubeGateway, Permission
from oda_cms_operator.reconcile import Outcome, Reconciler
from oda_cms_operator.settings import OperatorConfig

__all__ = [
    "PERMISSIONS",
    "KubeGateway",
    "OperatorConfig",
    "Outcome",
    "Permission",
    "Reconciler",
    "build_registry",
    "configure_kopf",
]
