"""Desired ExposedAPI / DependentAPI children of a Component and the plan to get there.

The plan compares the desired children with the children that exist in the cluster (not merely the
old spec with the new one): that covers spec updates, operator restarts and children deleted by hand
with the same code, and re-running it against an unchanged cluster plans nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oda_cms_operator.naming import API_VERSION, child_labels, owner_reference
from oda_cms_operator.specs import DependentApi, ExposedApi


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _metadata(name: str, component: Mapping[str, Any], component_name: str) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": component["metadata"]["namespace"],
        "labels": child_labels(component_name),
        "ownerReferences": [owner_reference(component)],
    }


def exposed_api_body(api: ExposedApi, component: Mapping[str, Any], component_name: str) -> dict[str, Any]:
    """The ExposedAPI (oda.tmforum.org/v1) that registers ``api``.

    Only fields of the v1 ExposedAPI schema: the API server prunes any other (the TMF ``id`` included),
    and a field it prunes would differ from the desired spec forever. Providers' ids are read from the
    specification URL or from the owning Component (``matching.Provider``).
    """
    spec = _without_none(
        {
            "name": api.name,
            "specification": _without_none({"url": api.specification.url, "version": api.specification.version}),
            "apiType": api.api_type,
            "implementation": api.implementation,
            "path": api.path,
            "port": api.port,
            "developerUI": api.developer_ui,
            "segment": api.segment,
        }
    )
    spec.update(api.extras)
    return {
        "apiVersion": API_VERSION,
        "kind": "ExposedAPI",
        "metadata": _metadata(api.child, component, component_name),
        "spec": spec,
    }


def dependent_api_body(api: DependentApi, component: Mapping[str, Any], component_name: str) -> dict[str, Any]:
    """The DependentAPI (oda.tmforum.org/v1) for ``api``; v1 holds one specification, the preferred one.

    Like the ExposedAPI, only fields of the v1 schema (it has no ``id``: the Component spec keeps it).
    """
    first = api.specifications[0]
    spec = _without_none(
        {
            "name": api.name,
            "apiType": api.api_type,
            "specification": _without_none({"url": first.url, "version": first.version}),
            "required": api.required,
            "segment": "coreFunction",
        }
    )
    return {
        "apiVersion": API_VERSION,
        "kind": "DependentAPI",
        "metadata": _metadata(api.child, component, component_name),
        "spec": spec,
    }


def merge_patch(current: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON merge patch (RFC 7386) that turns ``current`` into ``desired``; empty when they are equal."""
    patch: dict[str, Any] = {}
    for key in current.keys() - desired.keys():
        patch[key] = None
    for key, value in desired.items():
        old = current.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            nested = merge_patch(old, value)
            if nested:
                patch[key] = nested
        elif key not in current or old != value:
            patch[key] = value
    return patch


@dataclass(frozen=True)
class ChildrenPlan:
    """What to do so the cluster holds exactly the desired children."""

    create: list[dict[str, Any]] = field(default_factory=list)
    patch: dict[str, dict[str, Any]] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.create or self.patch or self.delete)


def plan_children(desired: Sequence[Mapping[str, Any]], existing: Sequence[Mapping[str, Any]]) -> ChildrenPlan:
    """Create what is missing, patch the spec/labels/owners that drifted, delete what is no longer declared."""
    current = {child["metadata"]["name"]: child for child in existing}
    wanted = {child["metadata"]["name"]: child for child in desired}
    plan = ChildrenPlan(delete=sorted(current.keys() - wanted.keys()))
    for name, body in wanted.items():
        if name not in current:
            plan.create.append(dict(body))
            continue
        have = current[name]
        patch: dict[str, Any] = {}
        spec_patch = merge_patch(have.get("spec") or {}, body["spec"])
        if spec_patch:
            patch["spec"] = spec_patch
        have_meta = have.get("metadata", {})
        labels = {k: v for k, v in body["metadata"]["labels"].items() if (have_meta.get("labels") or {}).get(k) != v}
        if labels:
            patch.setdefault("metadata", {})["labels"] = labels
        if have_meta.get("ownerReferences") != body["metadata"]["ownerReferences"]:
            patch.setdefault("metadata", {})["ownerReferences"] = body["metadata"]["ownerReferences"]
        if patch:
            plan.patch[name] = patch
    return plan
