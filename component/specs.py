"""Loading the component's own OpenAPI documents from `openapi/`.

Each API document refers to the shared TMF schemas in `openapi/common.yaml` with refs such as
`common.yaml#/components/schemas/RelatedParty`. `load_bundled` turns such a document into one
self-contained OpenAPI 3 document: every component a cross-file ref reaches (transitively) is copied
into the document's own `components` and the ref rewritten to a local one. Connexion, openapi-core,
schemathesis and the served `/openapi.json` all use the bundled form, so there is one resolution rule.
"""

from __future__ import annotations

import copy
import functools
import sysconfig
from pathlib import Path
from typing import Any

import yaml


def _openapi_dir() -> Path:
    """`openapi/` beside the package in a checkout; in an installed wheel (the container image) the
    documents are data files under `<prefix>/share/oda-cms/openapi` (setup.cfg `data_files`)."""
    checkout = Path(__file__).resolve().parent.parent / "openapi"
    if checkout.is_dir():
        return checkout
    return Path(sysconfig.get_path("data")) / "share" / "oda-cms" / "openapi"


OPENAPI_DIR = _openapi_dir()


@functools.cache
def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_bundled(path: Path | str) -> dict[str, Any]:
    """Return the document at `path` with every cross-file ref inlined as a local component."""
    path = Path(path).resolve()
    document = copy.deepcopy(_read_yaml(path))
    pending: list[tuple[Path, str, str]] = []  # (file, section, name) still to copy in

    def localise(node: Any, base: Path) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file_part, _, pointer = ref.partition("#")
                target = (base.parent / file_part).resolve()
                section, name = _split_pointer(pointer, ref)
                pending.append((target, section, name))
                return {**node, "$ref": f"#/components/{section}/{name}"}
            if isinstance(ref, str) and base != path:
                # A local ref inside an included file points into that file: it must come along too.
                section, name = _split_pointer(ref[1:], ref)
                pending.append((base, section, name))
                return node
            return {key: localise(value, base) for key, value in node.items()}
        if isinstance(node, list):
            return [localise(item, base) for item in node]
        return node

    for key in ("paths", "components"):
        if key in document:
            document[key] = localise(document[key], path)

    components = document.setdefault("components", {})
    copied: set[tuple[Path, str, str]] = set()
    while pending:
        target, section, name = pending.pop()
        if (target, section, name) in copied:
            continue
        copied.add((target, section, name))
        source = _read_yaml(target).get("components", {}).get(section, {})
        if name not in source:
            raise KeyError(f"{target.name}: no components/{section}/{name}")
        existing = components.setdefault(section, {})
        if name in existing and target != path:
            continue  # the API document's own definition wins over a common one of the same name
        existing[name] = localise(copy.deepcopy(source[name]), target)
    return document


def _split_pointer(pointer: str, ref: str) -> tuple[str, str]:
    parts = pointer.strip("/").split("/")
    if len(parts) != 3 or parts[0] != "components":
        raise ValueError(f"unsupported $ref {ref!r}: expected #/components/<section>/<name>")
    return parts[1], parts[2]


def document_path(file_name: str) -> Path:
    """Path of one of the component's documents in `openapi/`."""
    return OPENAPI_DIR / file_name


MERGE_PATCH_TYPES = ("application/json", "application/merge-patch+json")


def with_merge_patch_nulls(document: dict[str, Any]) -> dict[str, Any]:
    """Say in the served document what a merge patch (RFC 7386) means: a top-level `null` removes the
    attribute. Every schema a PATCH takes as a merge patch gets `nullable` top-level properties; the
    hand-written documents keep the official `*_Update` definitions unchanged."""
    schemas = document.get("components", {}).get("schemas", {})
    patched: set[str] = set()
    for path_item in document.get("paths", {}).values():
        content = path_item.get("patch", {}).get("requestBody", {}).get("content", {})
        for media_type in MERGE_PATCH_TYPES:
            ref = content.get(media_type, {}).get("schema", {}).get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if name in schemas and name not in patched:
                patched.add(name)
                schemas[name] = _nullable_properties(schemas[name])
    return document


def _nullable_properties(schema: dict[str, Any]) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    for part in [schema, *schema.get("allOf", [])]:
        for name, property_schema in part.get("properties", {}).items():
            if "$ref" in property_schema:
                part["properties"][name] = {"allOf": [property_schema], "nullable": True}
            else:
                property_schema["nullable"] = True
    return schema
