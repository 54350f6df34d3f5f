"""oda-cms operator: registers the oda-cms ODA Component's APIs and wires its dependent APIs.

A kopf operator for ``Component`` resources (oda.tmforum.org/v1). Modules, by concern:
``specs`` (reading a Component spec), ``naming``, ``urls``, ``readiness``, ``matching`` (dependent
API resolution), ``children`` (desired children and the plan to reach them), ``status``,
``configmap`` (the contract with the component process), ``kube`` (the Kubernetes gateway),
``reconcile`` (one Component end to end), ``handlers`` (kopf wiring), ``settings``.
It must not import the component's own package.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "PERMISSIONS": "kube",
    "KubeGateway": "kube",
    "Permission": "kube",
    "OperatorConfig": "settings",
    "Outcome": "reconcile",
    "Reconciler": "reconcile",
    "build_registry": "handlers",
    "configure_kopf": "handlers",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Exports load their module on first use, so ``oda-cms-operator --help`` does not import kopf."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
