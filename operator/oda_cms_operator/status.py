"""Status written to ExposedAPI, DependentAPI and Component objects, in the shapes canvas tooling reads.

``status.summary/status.deployment_status`` follows the canvas progression, minus the stages that
belong to canvas operators this one does not replace (identity config, secrets management):
``In-Progress-CompCon`` until every exposed API has a URL and a ready implementation, then
``In-Progress-DepApi`` until every *required* dependent API is resolved to a ready provider (optional
ones do not hold the component back), then ``Complete``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from oda_cms_operator.matching import Resolution
from oda_cms_operator.specs import SEGMENTS, DependentApi, ExposedApi

IN_PROGRESS_EXPOSED = "In-Progress-CompCon"
IN_PROGRESS_DEPENDENT = "In-Progress-DepApi"
COMPLETE = "Complete"
SUMMARY_KEY = "summary/status"


def exposed_api_status(url: str, developer_ui: str | None, ready: bool) -> dict[str, Any]:
    """``status`` of an ExposedAPI: the API operator's ``apiStatus`` and ``implementation`` shapes."""
    api_status: dict[str, Any] = {"url": url}
    if developer_ui:
        api_status["developerUI"] = developer_ui
    return {"apiStatus": api_status, "implementation": {"ready": ready}}


def dependent_api_status(resolution: Resolution) -> dict[str, Any]:
    """``status`` of a DependentAPI; ready only when resolved to a ready provider."""
    return {
        "depapiStatus": {"url": resolution.url, "provider": resolution.provider},
        "implementation": {"ready": resolution.resolved and resolution.ready},
    }


def deployment_status(exposed: Sequence[Mapping[str, Any]], dependent: Sequence[Mapping[str, Any]]) -> str:
    """Canvas ``deployment_status`` from the Component's status entries (see the module docstring)."""
    if not all(entry.get("url") and entry.get("ready") for entry in exposed):
        return IN_PROGRESS_EXPOSED
    if not all(entry.get("ready") for entry in dependent if entry.get("required", True)):
        return IN_PROGRESS_DEPENDENT
    return COMPLETE


def component_status(
    exposed: Sequence[tuple[ExposedApi, Mapping[str, Any]]],
    dependent: Sequence[tuple[DependentApi, Mapping[str, Any], Resolution]],
) -> dict[str, Any]:
    """The Component ``status`` lists (coreAPIs, managementAPIs, securityAPIs, coreDependentAPIs) and summary.

    ``exposed`` pairs each API with its ExposedAPI object as it is in the cluster; ``dependent`` pairs
    each dependent API with its DependentAPI object and its resolution.
    """
    lists: dict[str, list[dict[str, Any]]] = {key: [] for key in SEGMENTS.values()}
    for api, child in exposed:
        api_status = (child.get("status") or {}).get("apiStatus") or {}
        lists[SEGMENTS[api.segment]].append(
            {
                "name": api.child,
                "uid": child.get("metadata", {}).get("uid"),
                "url": api_status.get("url"),
                "developerUI": api_status.get("developerUI"),
                "ready": bool(((child.get("status") or {}).get("implementation") or {}).get("ready")),
            }
        )
    dependents = [
        {
            "name": api.child,
            "uid": child.get("metadata", {}).get("uid"),
            "url": resolution.url,
            "provider": resolution.provider,
            "ready": resolution.resolved and resolution.ready,
            "required": api.required,
        }
        for api, child, resolution in dependent
    ]
    every_exposed = [entry for entries in lists.values() for entry in entries]
    return {
        **lists,
        "coreDependentAPIs": dependents,
        SUMMARY_KEY: {"deployment_status": deployment_status(every_exposed, dependents)},
    }
