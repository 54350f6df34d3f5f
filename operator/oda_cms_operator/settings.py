"""Operator configuration, read from environment variables (see operator/README.md for the table)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class OperatorConfig:
    """What the operator watches and how it behaves.

    ``component`` limits it to the Component whose ``oda.tmforum.org/componentName`` label has that
    value; ``None`` handles every Component. ``canvas_mode`` leaves ExposedAPI/DependentAPI children
    and the Component status to ODA Canvas operators and only writes the dependent-API ConfigMap.
    """

    component: str | None = None
    canvas_mode: bool = False
    resync_interval: float = 60.0
    cluster_domain: str = "cluster.local"
    namespaces: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OperatorConfig:
        env = os.environ if env is None else env
        component = env.get("ODA_CMS_OPERATOR_COMPONENT", "").strip()
        namespaces = env.get("ODA_CMS_OPERATOR_NAMESPACES", "")
        interval = float(env.get("ODA_CMS_OPERATOR_RESYNC_SECONDS", "60"))
        if interval <= 0:
            raise ValueError("ODA_CMS_OPERATOR_RESYNC_SECONDS must be positive")
        return cls(
            component=None if component in ("", "*") else component,
            canvas_mode=env.get("ODA_CMS_OPERATOR_CANVAS_MODE", "").strip().lower() in _TRUE,
            resync_interval=interval,
            cluster_domain=env.get("ODA_CMS_OPERATOR_CLUSTER_DOMAIN", "cluster.local").strip(),
            namespaces=tuple(ns.strip() for ns in namespaces.split(",") if ns.strip()),
        )
