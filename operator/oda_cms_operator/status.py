"""Status written to ExposedAPI, DependentAPI and Component objects, in the shapes canvas tooling reads.

``status.summary/status`` is what the canvas's component operator writes there (the summary fields
``coreAPIsummary``, ``developerUIsummary``, ... and ``deployment_status``), with the same progression
minus the stages that belong to canvas operators this one does not replace (identity config,
secrets management): ``In-Progress-CompCon`` until every exposed API has a URL and a ready
implementation, then ``In-Progress-DepApi`` until every dependent API (required or not, as in the
canvas) is resolved to a ready provider, then ``Complete``. When something could not be done,
``errorSummary`` says what (an addition: the canvas only logs).

Nothing desired here holds a null inside an object: a merge patch stores a null as "no such key",
so a desired null would differ from the stored object forever and be written again at every pass.
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
ERROR_KEY = "errorSummary"


def without_none(value: Any) -> Any:
    """``value`` with every null member of every object removed (lists keep their length)."""
    if isinstance(value, Mapping):
        return {key: without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_none(item) for item in value]
    return value


def exposed_api_status(url: str, developer_ui: str | None, ready: bool) -> dict[str, Any]:
    """``status`` of an ExposedAPI: the API operator's ``apiStatus`` and ``implementation`` shapes."""
    return without_none({"apiStatus": {"url": url, "developerUI": developer_ui}, "implementation": {"ready": ready}})


def dependent_api_status(resolution: Resolution) -> dict[str, Any]:
    """``status`` of a DependentAPI; ready only when resolved to a ready provider."""
    return without_none({
        "depapiStatus": {"url": resolution.url, "provider": resolution.provider},
        "implementation": {"ready": resolution.resolved and resolution.ready},
    })


def deployment_status(exposed: Sequence[Mapping[str, Any]], dependent: Sequence[Mapping[str, Any]]) -> str:
    """Canvas ``deployment_status`` from the Component's status entries (see the module docstring)."""
    if not all(entry.get("url") and entry.get("ready") for entry in exposed):
        return IN_PROGRESS_EXPOSED
    if not all(entry.get("url") and entry.get("ready") for entry in dependent):
        return IN_PROGRESS_DEPENDENT
    return COMPLETE


def _urls(entries: Sequence[Mapping[str, Any]], key: str = "url") -> str:
    """The canvas's summary strings: each URL followed by one space."""
    return "".join(f"{entry[key]} " for entry in entries if entry.get("url") and entry.get(key))


def summary(lists: Mapping[str, Sequence[Mapping[str, Any]]], error: str | None = None) -> dict[str, Any]:
    """``status.summary/status`` from the status lists, field for field as the canvas fills it."""
    exposed = [entry for key in SEGMENTS.values() for entry in lists.get(key, [])]
    dependent = lists.get("coreDependentAPIs", [])
    result = {
        "coreAPIsummary": _urls(lists.get("coreAPIs", [])),
        "coreDependentAPIsummary": _urls(dependent),
        "managementDependentAPIsummary": "",
        "securityDependentAPIsummary": "",
        "securitySecretsManagementSummary": "",
        "managementAPIsummary": _urls(lists.get("managementAPIs", [])),
        "securityAPIsummary": _urls(lists.get("securityAPIs", [])),
        "developerUIsummary": "".join(_urls(lists.get(key, []), "developerUI") for key in SEGMENTS.values()),
        "deployment_status": deployment_status(exposed, dependent),
    }
    if error:
        result[ERROR_KEY] = error
    return result


def component_status(
    exposed: Sequence[tuple[ExposedApi, Mapping[str, Any]]],
    dependent: Sequence[tuple[DependentApi, Mapping[str, Any], Resolution]],
    error: str | None = None,
) -> dict[str, Any]:
    """The Component ``status`` lists (coreAPIs, managementAPIs, securityAPIs, coreDependentAPIs) and summary.

    ``exposed`` pairs each API with its ExposedAPI object as it is in the cluster (``{}`` when it could
    not be created); ``dependent`` pairs each dependent API with its DependentAPI object and resolution.
    """
    lists: dict[str, list[dict[str, Any]]] = {key: [] for key in SEGMENTS.values()}
    for api, child in exposed:
        child_status = child.get("status") or {}
        api_status = child_status.get("apiStatus") or {}
        lists[SEGMENTS[api.segment]].append(
            {
                "name": api.child,
                "uid": child.get("metadata", {}).get("uid"),
                "url": api_status.get("url"),
                "developerUI": api_status.get("developerUI"),
                "ready": bool((child_status.get("implementation") or {}).get("ready")),
            }
        )
    lists["coreDependentAPIs"] = [
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
    lists = without_none(lists)
    return {**lists, SUMMARY_KEY: summary(lists, error)}
