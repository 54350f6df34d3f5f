"""Names, labels and owner references of the resources the operator creates.

Canvas tooling finds children by the label ``oda.tmforum.org/componentName``; the extra
``app.kubernetes.io/managed-by`` label marks what this operator owns, so it never deletes
children that a canvas operator (or a human) created.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

GROUP = "oda.tmforum.org"
VERSION = "v1"
API_VERSION = f"{GROUP}/{VERSION}"

COMPONENT_LABEL = "oda.tmforum.org/componentName"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGER = "oda-cms-operator"

_NOT_DNS = re.compile(r"[^a-z0-9-]+")


def dns_label(text: str) -> str:
    """Lower-case ``text`` and squeeze everything that is not allowed in a DNS label into ``-``."""
    return _NOT_DNS.sub("-", text.lower()).strip("-")


def child_name(component: str, api: str, major: int | None = None) -> str:
    """Canvas naming of an API child: ``<component>-<api>[-v<major>]``."""
    name = f"{component}-{dns_label(api)}"
    return f"{name}-v{major}" if major is not None else name


def configmap_name(component: str) -> str:
    """Name of the ConfigMap holding a component's resolved dependent APIs."""
    return f"{component}-dependent-apis"


def component_name(component: Mapping[str, Any]) -> str:
    """The ODA component name: the ``componentName`` label, falling back to ``metadata.name``."""
    metadata = component.get("metadata", {})
    return (metadata.get("labels") or {}).get(COMPONENT_LABEL) or metadata["name"]


def child_labels(component: str) -> dict[str, str]:
    """Labels carried by every child: the canvas's component label plus our ownership mark."""
    return {COMPONENT_LABEL: component, MANAGED_BY_LABEL: MANAGER}


def owned_children_selector(component: str) -> str:
    """Label selector matching the children this operator made for ``component``."""
    return f"{COMPONENT_LABEL}={component},{MANAGED_BY_LABEL}={MANAGER}"


def owner_reference(component: Mapping[str, Any]) -> dict[str, Any]:
    """A controller ownerReference to the Component, so garbage collection removes the child."""
    metadata = component["metadata"]
    return {
        "apiVersion": component.get("apiVersion", API_VERSION),
        "kind": "Component",
        "name": metadata["name"],
        "uid": metadata["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }
