"""The ConfigMap through which the component learns its resolved dependent APIs.

Contract (documented in operator/README.md): name ``<component>-dependent-apis``, label
``oda.tmforum.org/componentName``, one key ``dependentApis.json`` holding
``{"<dependentApiName>": {"apiId", "version", "url", "ready", "provider"}}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from oda_cms_operator.matching import Resolution
from oda_cms_operator.naming import child_labels, configmap_name, owner_reference
from oda_cms_operator.specs import DependentApi

DATA_KEY = "dependentApis.json"


def dependent_apis_document(resolved: Sequence[tuple[DependentApi, Resolution]]) -> dict[str, dict[str, Any]]:
    """The JSON document of the contract, keyed by dependent API name."""
    return {
        api.name: {
            "apiId": api.api_id,
            "version": api.specifications[0].version,
            "url": resolution.url,
            "ready": resolution.resolved and resolution.ready,
            "provider": resolution.provider,
        }
        for api, resolution in resolved
    }


def render(document: Mapping[str, Any]) -> str:
    """Stable text of the document, so an unchanged resolution never rewrites the ConfigMap."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def configmap_body(
    component: Mapping[str, Any], component_name: str, document: Mapping[str, Any]
) -> dict[str, Any]:
    """The ConfigMap object owned by the Component."""
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": configmap_name(component_name),
            "namespace": component["metadata"]["namespace"],
            "labels": child_labels(component_name),
            "ownerReferences": [owner_reference(component)],
        },
        "data": {DATA_KEY: render(document)},
    }
