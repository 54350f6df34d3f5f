"""The ODA Canvas reference material in the shared folder beside the repository, as test inputs.

``require_shared`` skips a test when the folder is missing, but fails it when ``CI=true``, so schema
checks can never vanish silently in CI. ``crd_schema`` loads a CRD from the canvas Helm chart,
resolves the ``{{ }}`` template bits in memory and returns one version's OpenAPI schema, optionally
made strict (unknown fields rejected, as the API server would prune them silently).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests.support import shared_reference

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CRD_FILES = {
    "Component": "oda-component-crd.yaml",
    "ExposedAPI": "oda-exposedapi-crd.yaml",
    "DependentAPI": "oda-dependentapi-crd.yaml",
}


def require_shared(relative: str = "") -> Path:
    """``<repo>/../shared/<relative>``; skip when absent, fail instead when env ``CI=true``."""
    return shared_reference.require_shared(relative, shared=SHARED)


@cache
def _crd(kind: str) -> dict[str, Any]:
    text = (require_shared("oda/crds") / CRD_FILES[kind]).read_text()
    text = re.sub(r"\{\{.*?\}\}", "resolved", text)  # Helm bits only appear in annotations/webhook config
    return yaml.safe_load(text)


def crd_versions(kind: str) -> list[str]:
    return [version["name"] for version in _crd(kind)["spec"]["versions"]]


def _strict(schema: Any) -> Any:
    if isinstance(schema, dict):
        result = {key: _strict(value) for key, value in schema.items()}
        if "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
            result.setdefault("additionalProperties", False)
        return result
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def crd_schema(kind: str, version: str = "v1", strict: bool = False) -> dict[str, Any]:
    """The openAPIV3Schema of ``kind`` at ``version`` (metadata accepted as any object)."""
    for entry in _crd(kind)["spec"]["versions"]:
        if entry["name"] == version:
            schema = copy.deepcopy(entry["schema"]["openAPIV3Schema"])
            schema.setdefault("properties", {})["metadata"] = {"type": "object"}
            schema["properties"]["apiVersion"] = {"type": "string"}
            schema["properties"]["kind"] = {"type": "string"}
            return _strict(schema) if strict else schema
    raise LookupError(f"{kind} has no version {version}")


def storage_version(kind: str) -> str:
    return next(entry["name"] for entry in _crd(kind)["spec"]["versions"] if entry.get("storage"))
