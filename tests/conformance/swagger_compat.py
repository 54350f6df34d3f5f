"""Compare one of the component's OpenAPI 3 documents with the official TMF Swagger 2.0 document.

The official v4 documents are the reference for every *fact* of an API: paths, operationIds, parameters,
schema names, attributes, types and formats, enums and required lists, success status codes. Our
documents are OAS 3.0.3, written by hand, with the shared schemas defined once in `common.yaml`; this
module checks that no fact got lost or changed on the way. Every check returns a list of human-readable
mismatches (empty = conformant), so a failing test lists all problems at once.

Rules beyond a plain comparison, each deliberate:

* `/listener/*` (notification endpoints on the *client* side) are not served and are not compared.
* A Swagger 2.0 `in: body` parameter corresponds to the OAS3 `requestBody` (same `required`, and the
  `application/json` schema names the same definition).
* `*_Update` schemas must carry NO required list (a merge patch is partial; see NOTES).
* Schemas shared through `common.yaml` are compared with the *merge* of every official variant of that
  name across the reference documents: all properties of every variant present, each property
  compatible with at least one variant, the union of enum values, and the intersection of the required
  lists. A definition an API document defines itself is compared with that API's variant only.
* Extra paths, operations, parameters, properties and error responses in our documents are allowed
  (e.g. `GET /hub/{id}`, `sort`, ETag/304/412/413/415).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OFFICIAL_DEFINITIONS = "#/definitions/"
OUR_SCHEMAS = "#/components/schemas/"

JsonObject = dict[str, Any]


# ---------------------------------------------------------------------------------------------- loading


@cache
def load_swagger(path: Path) -> JsonObject:
    """Read an official Swagger 2.0 document (cached: the reference documents never change in a run)."""
    with Path(path).open(encoding="utf-8") as handle:
        return json.load(handle)


def normalise_version(version: str) -> str:
    """`4.0` -> `4.0.0` (the TMF629 v4 document says 4.0, its file name 4.0.0)."""
    parts = str(version).split(".")
    return ".".join(parts + ["0"] * (3 - len(parts)))


def base_path(swagger: JsonObject) -> str:
    """The official basePath without trailing slash."""
    return str(swagger.get("basePath", "")).rstrip("/")


# ---------------------------------------------------------------------------------------------- refs


def resolve(document: JsonObject, node: JsonObject) -> JsonObject:
    """Follow local `$ref`s (`#/...`) until a node without `$ref` is reached."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise ValueError(f"cannot resolve $ref {ref!r} (not local, or cyclic)")
        seen.add(ref)
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def ref_name(node: Any) -> str | None:
    """The definition name a `$ref` node points to (`#/definitions/X` or `#/components/schemas/X`)."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return node["$ref"].rsplit("/", 1)[-1]
    return None


@dataclass
class FlatSchema:
    """A schema with `$ref` and `allOf` resolved: its own properties, required names, type and enum."""

    properties: dict[str, JsonObject] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    type: str | None = None
    enum: list[Any] | None = None
    has_required_keyword: bool = False


def flatten(document: JsonObject, schema: JsonObject) -> FlatSchema:
    """Resolve refs and merge `allOf` parts (depth first) into one FlatSchema."""
    schema = resolve(document, schema)
    flat = FlatSchema(type=schema.get("type"), enum=schema.get("enum"))
    for part in schema.get("allOf", []):
        inner = flatten(document, part)
        flat.properties.update(inner.properties)
        flat.required |= inner.required
        flat.has_required_keyword |= inner.has_required_keyword
        flat.type = flat.type or inner.type
        flat.enum = flat.enum if flat.enum is not None else inner.enum
    flat.properties.update(schema.get("properties") or {})
    if "required" in schema:
        flat.has_required_keyword = True
        flat.required |= set(schema["required"])
    if flat.type is None and flat.properties:
        flat.type = "object"
    return flat


def shape(node: Any) -> tuple[Any, ...]:
    """A comparable description of a property: ('ref', Name) | ('array', <items>) | (type, format).

    Swagger 2.0 and OAS 3.0 share JSON Schema types and formats, so the mapping is the identity; only
    the location of named definitions differs, which `ref_name` hides.
    """
    if not isinstance(node, dict):
        return ("any", None)
    name = ref_name(node)
    if name is not None:
        return ("ref", name)
    if len(node.get("allOf", [])) == 1:  # `allOf: [$ref]`, a common way to put a description on a ref
        return shape(node["allOf"][0])
    if node.get("type") == "array":
        return ("array", shape(node.get("items")))
    return (node.get("type"), node.get("format"))


def describe(node_shape: tuple[Any, ...]) -> str:
    """Human-readable form of a `shape`."""
    kind, detail = node_shape
    if kind == "ref":
        return f"$ref {detail}"
    if kind == "array":
        return f"array of {describe(detail)}"
    return f"{kind}/{detail}" if detail else str(kind)


def reachable_definitions(document: JsonObject, roots: Iterable[Any], prefix: str) -> set[str]:
    """Names of the definitions reachable (transitively) from the given nodes."""
    found: set[str] = set()
    stack: list[Any] = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                name = ref[len(prefix) :]
                if name not in found:
                    found.add(name)
                    stack.append(resolve(document, node))
            stack.extend(value for key, value in node.items() if key != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return found


# ---------------------------------------------------------------------------------------------- operations


@dataclass(frozen=True)
class Operation:
    """One operation of a document, with its path-level parameters merged in."""

    path: str
    method: str
    spec: JsonObject
    parameters: tuple[JsonObject, ...]

    @property
    def operation_id(self) -> str | None:
        return self.spec.get("operationId")

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.operation_id})"


def operations(document: JsonObject, include: Callable[[Operation], bool] = lambda op: True) -> list[Operation]:
    """All operations of a document (Swagger 2.0 or OAS 3), parameters resolved, filtered by `include`."""
    result = []
    for path, item in document.get("paths", {}).items():
        shared = [resolve(document, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            spec = item[method]
            own = [resolve(document, p) for p in spec.get("parameters", [])]
            merged = {(p["name"], p["in"]): p for p in [*shared, *own]}
            operation = Operation(path, method, spec, tuple(merged.values()))
            if include(operation):
                result.append(operation)
    return result


def is_listener(operation: Operation) -> bool:
    """Client-side notification endpoints, which the component does not serve."""
    return operation.path.startswith("/listener/") or operation.path == "/listener"


@dataclass(frozen=True)
class Scope:
    """Which official operations a comparison covers: all but /listener/*, optionally only some ids."""

    operation_ids: frozenset[str] | None = None

    def __call__(self, operation: Operation) -> bool:
        if is_listener(operation):
            return False
        return self.operation_ids is None or operation.operation_id in self.operation_ids


def _our_operation(ours: JsonObject, official: Operation) -> JsonObject | None:
    return ours.get("paths", {}).get(official.path, {}).get(official.method)


def check_operations(official: JsonObject, ours: JsonObject, scope: Scope) -> list[str]:
    """Every official path and operation (in scope) exists in ours with the same operationId."""
    problems = []
    selected = operations(official, scope)
    if scope.operation_ids is not None:
        missing_ids = scope.operation_ids - {op.operation_id for op in selected}
        problems += [f"scope names operationId {oid!r}, which the official document lacks" for oid in missing_ids]
    for op in selected:
        mine = _our_operation(ours, op)
        if mine is None:
            problems.append(f"{op.label}: operation missing")
        elif mine.get("operationId") != op.operation_id:
            problems.append(f"{op.label}: operationId is {mine.get('operationId')!r}")
    return problems


def _schema_of_parameter(parameter: JsonObject) -> JsonObject:
    return parameter.get("schema", parameter)  # OAS3 nests the type under `schema`, Swagger 2.0 does not


def check_parameters(official: JsonObject, ours: JsonObject, scope: Scope) -> list[str]:
    """Every official parameter exists with the same name, location, required flag and type.

    A Swagger 2.0 body parameter must appear as a requestBody whose `application/json` schema names the
    same definition.
    """
    problems = []
    our_ops = {(op.path, op.method): op for op in operations(ours)}
    for op in operations(official, scope):
        mine = our_ops.get((op.path, op.method))
        if mine is None:
            continue  # reported by check_operations
        declared = {(p["name"], p["in"]): p for p in mine.parameters}
        for parameter in op.parameters:
            where = f"{op.label}: parameter {parameter['name']!r} ({parameter['in']})"
            if parameter["in"] == "body":
                problems += _check_body(where, parameter, mine.spec)
                continue
            counterpart = declared.get((parameter["name"], parameter["in"]))
            if counterpart is None:
                problems.append(f"{where}: missing")
                continue
            if bool(counterpart.get("required")) != bool(parameter.get("required")):
                problems.append(
                    f"{where}: required is {bool(counterpart.get('required'))}, "
                    f"official {bool(parameter.get('required'))}"
                )
            theirs, own = shape(_schema_of_parameter(parameter)), shape(_schema_of_parameter(counterpart))
            if theirs != own:
                problems.append(f"{where}: type {describe(own)}, official {describe(theirs)}")
    return problems


def _check_body(where: str, parameter: JsonObject, our_operation: JsonObject) -> list[str]:
    body = our_operation.get("requestBody")
    if body is None:
        return [f"{where}: no requestBody"]
    problems = []
    if bool(body.get("required")) != bool(parameter.get("required")):
        problems.append(f"{where}: requestBody.required is {bool(body.get('required'))}")
    json_content = body.get("content", {}).get("application/json")
    if json_content is None:
        return [*problems, f"{where}: requestBody has no application/json content"]
    theirs, own = shape(parameter.get("schema")), shape(json_content.get("schema"))
    if theirs != own:
        problems.append(f"{where}: application/json schema is {describe(own)}, official {describe(theirs)}")
    return problems


def _success_codes(responses: JsonObject) -> set[str]:
    return {str(code) for code in responses if str(code).startswith("2")}


def check_responses(official: JsonObject, ours: JsonObject, scope: Scope) -> list[str]:
    """Success codes equal, success bodies name the same definition, headers and error codes kept."""
    problems = []
    for op in operations(official, scope):
        mine = _our_operation(ours, op)
        if mine is None:
            continue
        theirs_responses, our_responses = op.spec.get("responses", {}), mine.get("responses", {})
        if _success_codes(theirs_responses) != _success_codes(our_responses):
            problems.append(
                f"{op.label}: success codes {sorted(_success_codes(our_responses))}, "
                f"official {sorted(_success_codes(theirs_responses))}"
            )
        for code, response in theirs_responses.items():
            code = str(code)
            if code not in our_responses:
                problems.append(f"{op.label}: response {code} missing")
                continue
            if not code.startswith("2"):
                continue
            counterpart = resolve(ours, our_responses[code])
            if "schema" in response:
                body = counterpart.get("content", {}).get("application/json", {}).get("schema")
                if shape(response["schema"]) != shape(body):
                    problems.append(
                        f"{op.label}: {code} body is {describe(shape(body))}, "
                        f"official {describe(shape(response['schema']))}"
                    )
            elif counterpart.get("content"):
                problems.append(f"{op.label}: {code} has a body, the official response has none")
            for header in response.get("headers", {}) or {}:
                if header not in (counterpart.get("headers") or {}):
                    problems.append(f"{op.label}: {code} header {header} missing")
    return problems


# ---------------------------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class Variant:
    """One official definition of a schema name, with the document its refs resolve in."""

    source: str
    document: JsonObject
    name: str

    @property
    def flat(self) -> FlatSchema:
        return flatten(self.document, {"$ref": OFFICIAL_DEFINITIONS + self.name})


def official_definitions_in_scope(official: JsonObject, scope: Scope) -> set[str]:
    """All definitions for a full comparison; for a restricted scope, those its operations reach."""
    if scope.operation_ids is None:
        return set(official.get("definitions", {}))
    roots = [op.spec for op in operations(official, scope)] + [
        {"parameters": list(op.parameters)} for op in operations(official, scope)
    ]
    return reachable_definitions(official, roots, OFFICIAL_DEFINITIONS)


def check_definitions(
    official: JsonObject,
    ours: JsonObject,
    scope: Scope,
    own_schema_names: Iterable[str],
    references: dict[str, JsonObject],
    label: str = "official",
    tolerated_enum_additions: dict[str, set[Any]] | None = None,
) -> list[str]:
    """Every official definition in scope exists in `ours` (bundled) with compatible content.

    `own_schema_names` are the schemas the API document defines itself (compared with this API's variant
    only); every other schema came from common.yaml and is compared with the merge of the variants of
    that name found in `references` (source label -> official document). `tolerated_enum_additions`
    names enum values ours may add (key: definition name, or "Definition.property").
    """
    own = set(own_schema_names)
    schemas = ours.get("components", {}).get("schemas", {})
    problems = []
    for name in sorted(official_definitions_in_scope(official, scope)):
        if name not in schemas:
            problems.append(f"definition {name}: missing")
            continue
        this_api = Variant(label, official, name)
        if name in own:
            variants = [this_api]
        else:
            variants = [
                Variant(source, document, name)
                for source, document in references.items()
                if name in document.get("definitions", {})
            ] or [this_api]
        # required lists, of nested schemas too, are this API's own: what it accepts and returns must
        # validate against its official document (e.g. TMF629's ContactMedium requires characteristic)
        problems += compare_definition(name, variants, flatten(ours, schemas[name]), tolerated_enum_additions or {},
                                       required_from=this_api.flat)
    return problems


def compare_definition(
    name: str, variants: list[Variant], mine: FlatSchema, tolerated: dict[str, set[Any]] | None = None,
    required_from: FlatSchema | None = None,
) -> list[str]:
    """Compare our flattened schema with the merge of the official variants of that name; its required list
    with `required_from` (one API's variant) when given, else with what every variant requires."""
    where = f"definition {name}"
    tolerated = tolerated or {}
    flats = [variant.flat for variant in variants]
    sources = ", ".join(variant.source for variant in variants)
    problems = []

    official_types = {flat.type for flat in flats}
    if mine.type not in official_types:
        problems.append(f"{where}: type {mine.type!r}, official {sorted(map(str, official_types))} ({sources})")

    official_enums = [flat.enum for flat in flats if flat.enum is not None]
    if official_enums:
        expected = set().union(*map(set, official_enums))
        own = set(mine.enum or []) - tolerated.get(name, set())
        if own != expected:
            problems.append(_set_difference(f"{where}: enum", own, expected))

    if name.endswith("_Update"):
        if mine.required or mine.has_required_keyword:
            problems.append(f"{where}: must have no required list (merge patch), has {sorted(mine.required)}")
    else:
        expected_required = (set(required_from.required) if required_from is not None
                             else set.intersection(*(flat.required for flat in flats)))
        if mine.required != expected_required:
            problems.append(_set_difference(f"{where}: required", mine.required, expected_required))

    for property_name in sorted(set().union(*(flat.properties for flat in flats))):
        candidates = [flat.properties[property_name] for flat in flats if property_name in flat.properties]
        counterpart = mine.properties.get(property_name)
        if counterpart is None:
            problems.append(f"{where}.{property_name}: missing")
            continue
        problems += _compare_property(
            f"{where}.{property_name}", candidates, counterpart, tolerated.get(f"{name}.{property_name}", set())
        )
    return problems


def _compare_property(
    where: str, candidates: list[JsonObject], mine: JsonObject, tolerated: set[Any] = frozenset()
) -> list[str]:
    own_shape = shape(mine)
    shapes = {shape(candidate) for candidate in candidates}
    problems = []
    if own_shape not in shapes:
        wanted = " or ".join(sorted(describe(s) for s in shapes))
        problems.append(f"{where}: {describe(own_shape)}, official {wanted}")
    enums = [candidate["enum"] for candidate in candidates if "enum" in candidate]
    if enums:
        expected = set().union(*map(set, enums))
        own = set(mine.get("enum", [])) - tolerated
        if own != expected:
            problems.append(_set_difference(f"{where}: enum", own, expected))
    elif "enum" in mine:
        problems.append(f"{where}: enum {mine['enum']} where the official property has none")
    return problems


def _set_difference(where: str, mine: set[Any], expected: set[Any]) -> str:
    details = []
    if missing := expected - mine:
        details.append(f"missing {sorted(map(str, missing))}")
    if extra := mine - expected:
        details.append(f"unexpected {sorted(map(str, extra))}")
    return f"{where}: " + "; ".join(details)


# ---------------------------------------------------------------------------------------------- document level


def check_document_header(official: JsonObject, ours: JsonObject) -> list[str]:
    """OAS version, info.version (normalised) and the server URL = official basePath."""
    problems = []
    if ours.get("openapi") != "3.0.3":
        problems.append(f"openapi is {ours.get('openapi')!r}, expected '3.0.3'")
    expected_version = normalise_version(official["info"]["version"])
    if str(ours.get("info", {}).get("version")) != expected_version:
        problems.append(f"info.version is {ours.get('info', {}).get('version')!r}, official {expected_version!r}")
    servers = [server.get("url") for server in ours.get("servers", [])]
    if servers != [base_path(official)]:
        problems.append(f"servers are {servers}, expected [{base_path(official)!r}]")
    return problems


def iter_media_types(document: JsonObject) -> Iterator[tuple[str, str]]:
    """(operation label, media type) for every request body media type of a document."""
    for op in operations(document):
        for media_type in op.spec.get("requestBody", {}).get("content", {}):
            yield op.label, media_type


def check_media_types(ours: JsonObject) -> list[str]:
    """No request media type with parameters (connexion 3 would answer 415 to every request)."""
    return [
        f"{label}: request media type {media_type!r} carries parameters"
        for label, media_type in iter_media_types(ours)
        if ";" in media_type
    ]
