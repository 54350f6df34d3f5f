"""Reading the API declarations out of a Component spec (oda.tmforum.org/v1).

Pure functions only: a Component spec in, frozen descriptions of its exposed and dependent APIs out.
Each ``specification`` entry of an exposed API becomes its own ExposedAPI, as the canvas does it; the
fields set on an entry (implementation, path, port, ...) override the ones at the API root.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from oda_cms_operator.naming import child_name

SEGMENTS = {"coreFunction": "coreAPIs", "managementFunction": "managementAPIs", "securityFunction": "securityAPIs"}
"""Component spec sections that expose APIs, mapped to the canvas's status list for each."""

GATEWAY_FIELDS = ("apiKeyVerification", "rateLimit", "quota", "OASValidation", "CORS", "template")

_API_ID = re.compile(r"TMF\d{3,4}", re.IGNORECASE)
_VERSION_MAJOR = re.compile(r"^\s*v?(\d+)")
_URL_MAJOR = re.compile(r"[-_/]v(\d+)(?:[._/-]|$)", re.IGNORECASE)


class SpecError(ValueError):
    """The Component spec cannot be turned into children (a declaration lacks a name, names clash, ...)."""


@dataclass(frozen=True)
class Specification:
    """One ``specification`` entry: where the API's contract lives and which version it is."""

    url: str | None = None
    version: str | None = None

    @property
    def major(self) -> int | None:
        return major_version(self.version, self.url)


@dataclass(frozen=True)
class ExposedApi:
    """One exposed API specification of a component: the desired content of one ExposedAPI."""

    child: str
    segment: str
    name: str
    api_id: str | None
    api_type: str
    specification: Specification
    implementation: str | None
    path: str | None
    port: int | None
    developer_ui: str | None
    extras: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DependentApi:
    """One dependent API of a component; its specifications are acceptable alternatives, in order."""

    child: str
    name: str
    api_id: str | None
    api_type: str
    specifications: tuple[Specification, ...]
    required: bool


def major_version(version: str | None, url: str | None = None) -> int | None:
    """Major version from ``version`` ("4.0.0", "v4.0.1", "v5"), else from a ``-v4.0.0``/``/v4`` in ``url``."""
    if version:
        match = _VERSION_MAJOR.match(version)
        if match:
            return int(match.group(1))
    if url:
        match = _URL_MAJOR.search(url)
        if match:
            return int(match.group(1))
    return None


def api_id(explicit: str | None, url: str | None = None) -> str | None:
    """The TM Forum API id (``TMF620``): the declared one, else the first ``TMFnnn`` in the spec URL."""
    if explicit:
        return explicit.strip().upper()
    if url:
        match = _API_ID.search(url)
        if match:
            return match.group(0).upper()
    return None


def _specifications(api: Mapping[str, Any], where: str) -> list[Mapping[str, Any]]:
    entries = api.get("specification") or []
    if isinstance(entries, Mapping | str):
        entries = [entries]
    if not isinstance(entries, list):
        raise SpecError(f"{where}.specification must be a list")
    # v1beta3 allowed plain URL strings; accept them so an older Component still works.
    result = []
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, Mapping):
            raise SpecError(f"{where}.specification[{index}] must be an object")
        result.append(entry)
    return result or [{}]


def _declarations(spec: Mapping[str, Any], segment: str, kind: str) -> list[tuple[str, Mapping[str, Any]]]:
    """``(where, declaration)`` of each ``spec.<segment>.<kind>[]`` entry; each must be an object with a name."""
    section = spec.get(segment) or {}
    if not isinstance(section, Mapping):
        raise SpecError(f"spec.{segment} must be an object")
    entries = section.get(kind) or []
    if not isinstance(entries, list):
        raise SpecError(f"spec.{segment}.{kind} must be a list")
    result = []
    for index, api in enumerate(entries):
        where = f"spec.{segment}.{kind}[{index}]"
        if not isinstance(api, Mapping):
            raise SpecError(f"{where} must be an object")
        if not isinstance(api.get("name"), str) or not api["name"].strip():
            raise SpecError(f"{where} has no name")
        result.append((where, api))
    return result


def _unique(children: list[Any]) -> None:
    seen: set[str] = set()
    for child in children:
        if child.child in seen:
            raise SpecError(f"two API declarations would both become {child.child}")
        seen.add(child.child)


def declared_api_ids(spec: Mapping[str, Any]) -> dict[str, str]:
    """Exposed API name -> declared TMF id, ignoring malformed entries (used to identify providers)."""
    ids: dict[str, str] = {}
    for segment in SEGMENTS:
        section = spec.get(segment)
        entries = section.get("exposedAPIs") if isinstance(section, Mapping) else None
        for api in entries if isinstance(entries, list) else []:
            if isinstance(api, Mapping) and isinstance(api.get("name"), str) and isinstance(api.get("id"), str):
                ids[api["name"]] = api["id"].strip().upper()
    return ids


def exposed_apis(component: str, spec: Mapping[str, Any]) -> list[ExposedApi]:
    """Every exposed API specification of the Component ``spec``, in declaration order."""
    result: list[ExposedApi] = []
    for segment in SEGMENTS:
        for where, api in _declarations(spec, segment, "exposedAPIs"):
            entries = _specifications(api, where)
            for entry in entries:
                merged: dict[str, Any] = {**api, **entry}
                specification = Specification(url=entry.get("url"), version=entry.get("version"))
                major = specification.major if len(entries) > 1 else None
                extras = {key: merged[key] for key in ("resources", "required") if key in merged}
                gateway = {**(api.get("gatewayConfiguration") or {}), **(entry.get("gatewayConfiguration") or {})}
                extras.update({key: gateway[key] for key in GATEWAY_FIELDS if key in gateway})
                result.append(
                    ExposedApi(
                        child=child_name(component, api["name"], major),
                        segment=segment,
                        name=api["name"],
                        api_id=api_id(api.get("id"), specification.url),
                        api_type=merged.get("apiType") or "openapi",
                        specification=specification,
                        implementation=merged.get("implementation"),
                        path=merged.get("path"),
                        port=merged.get("port"),
                        developer_ui=merged.get("developerUI"),
                        extras=extras,
                    )
                )
    _unique(result)
    return result


def dependent_apis(component: str, spec: Mapping[str, Any]) -> list[DependentApi]:
    """The core dependent APIs of the Component ``spec``, in declaration order."""
    result: list[DependentApi] = []
    for where, api in _declarations(spec, "coreFunction", "dependentAPIs"):
        entries = _specifications(api, where)
        specifications = tuple(Specification(url=e.get("url"), version=e.get("version")) for e in entries)
        first_url = next((s.url for s in specifications if s.url), None)
        api_type = api.get("apiType") or entries[0].get("apiType") or "openapi"
        result.append(
            DependentApi(
                child=child_name(component, api["name"]),
                name=api["name"],
                api_id=api_id(api.get("id"), first_url),
                api_type=api_type,
                specifications=specifications,
                required=bool(api.get("required", True)),
            )
        )
    _unique(result)
    return result

